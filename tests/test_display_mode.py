"""The 适老化 mode: set by a plain link (no JavaScript), remembered, never an open redirect, and
never served from the page cache to a reader of the other mode."""

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.display_mode import COOKIE, COOKIE_MAX_AGE, ELDER
from tests.conftest import public_pages
from tests.test_accessibility import contrast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_records")]

ELDER_HTML = re.compile(r'<html lang="[^"]+" class="elder">')


def switch_link(html):
    """The header's switch: its address and its words."""
    found = re.search(r'<a class="mode-switch" href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert found, "no mode switch on the page"
    return found.group(1).replace("&amp;", "&"), found.group(2)


def test_the_switch_on_a_page_sets_the_cookie_without_javascript_and_comes_back(client):
    html = client.get("/policies/?year=2017&utm_source=x").content.decode()
    assert not ELDER_HTML.search(html)
    href, words = switch_link(html)
    assert words == "适老化模式"
    assert parse_qs(urlsplit(href).query) == {"mode": ["elder"], "next": ["/policies/?year=2017"]}

    response = client.get(href)
    assert response.status_code == 302
    assert response["Location"] == "/policies/?year=2017"
    cookie = response.cookies[COOKIE]
    assert cookie.value == ELDER and cookie["max-age"] == COOKIE_MAX_AGE
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert "no-store" in response["Cache-Control"]

    html = client.get(response["Location"]).content.decode()
    assert ELDER_HTML.search(html)
    assert switch_link(html)[1] == "标准模式"


def test_the_mode_is_remembered_on_every_page_and_in_english(client):
    client.get("/accessibility/", {"mode": "elder", "next": "/"})
    for url in ("/", "/reports/", "/projects/", "/data/", "/en/", "/en/indicators/"):
        html = client.get(url).content.decode()
        assert ELDER_HTML.search(html), url
    english = client.get("/en/policies/").content.decode()
    assert switch_link(english)[1] == "Standard mode"
    assert "/en/accessibility/?mode=standard" in switch_link(english)[0]


def test_the_standard_switch_clears_the_cookie(client):
    client.get("/accessibility/", {"mode": "elder", "next": "/"})
    response = client.get("/accessibility/", {"mode": "standard", "next": "/reports/"})
    assert response.status_code == 302 and response["Location"] == "/reports/"
    assert response.cookies[COOKIE]["max-age"] == 0
    assert not ELDER_HTML.search(client.get("/reports/").content.decode())


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "reports/",
        "",
    ],
)
def test_next_never_leaves_the_site(client, target):
    response = client.get("/accessibility/", {"mode": "elder", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"
    english = client.get("/en/accessibility/", {"mode": "elder", "next": target})
    assert english["Location"] == "/en/"


@pytest.mark.parametrize(
    "query", [{"mode": "big"}, {}, {"mode": "ELDER"}, {"mode": ["elder", "x"]}]
)
def test_an_unknown_mode_is_refused_with_a_chinese_reason_and_sets_nothing(client, query):
    response = client.get("/accessibility/", {**query, "next": "/"})
    assert response.status_code == 400
    assert "显示模式" in response.content.decode()
    assert COOKIE not in response.cookies


def test_a_post_to_the_switch_is_refused(client):
    assert client.post("/accessibility/?mode=elder&next=/").status_code == 405


def test_a_cached_page_of_one_mode_is_never_served_for_the_other(client):
    elder = Client()
    elder.cookies[COOKIE] = ELDER
    for url in ("/", "/policies/", "/en/projects/"):
        # Standard first, then elder, then both again from the cache: each gets its own.
        assert not ELDER_HTML.search(client.get(url).content.decode()), url
        assert ELDER_HTML.search(elder.get(url).content.decode()), url
        for reader, wanted in ((client, False), (elder, True)):
            with CaptureQueriesContext(connection) as queries:
                response = reader.get(url)
            assert len(queries) == 0, url  # both modes are served from the cache
            assert bool(ELDER_HTML.search(response.content.decode())) == wanted, url
            assert "Cookie" in response["Vary"], url


def test_any_other_cookie_value_is_the_standard_page_from_the_same_cache_entry(client):
    client.get("/policies/")
    other = Client()
    other.cookies[COOKIE] = "huge"
    with CaptureQueriesContext(connection) as queries:
        html = other.get("/policies/").content.decode()
    assert len(queries) == 0 and not ELDER_HTML.search(html)


def test_every_public_page_and_the_404_page_carry_the_switch_back_to_themselves(client):
    for url in [*public_pages(), "/en/", "/en/data/", "/no-such-page/"]:
        response = client.get(url)
        href, _ = switch_link(response.content.decode())
        assert [unquote(n) for n in parse_qs(urlsplit(href).query)["next"]] == [url], url


def elder_rules():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/portal.css")).read_text(encoding="utf-8")
    return {
        selector.strip(): {
            name.strip(): value.strip()
            for name, _, value in (d.partition(":") for d in body.split(";") if ":" in d)
        }
        for selector, body in re.findall(r"(html\.elder[^{]*)\{([^}]*)\}", css)
    }


def test_the_elder_stylesheet_meets_the_ageing_rules():
    rules = elder_rules()
    root = rules["html.elder"]
    assert root["font-size"] == "150%"
    line_height = float(rules["html.elder body"]["line-height"])
    assert line_height >= 1.3
    paragraph = float(rules["html.elder p"]["margin"].split()[2].removesuffix("em"))
    assert paragraph >= 1.3 * line_height
    for colour in ("--ink", "--muted", "--brand"):
        assert contrast(root[colour], "#ffffff") >= 7, colour
    navigation = rules["html.elder .site-nav"]["background"]
    assert contrast("#ffffff", navigation) >= 7
    assert contrast("#ffffff", root["--brand"]) >= 7
