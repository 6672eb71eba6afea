"""Subscriptions and discovery: the Atom feeds, sitemap.xml and robots.txt list only what is
published, newest first, in a bounded number of queries."""

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest

from hightech_zone.models import PolicyDocument
from tests import factories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
FEEDS = {
    "/feeds/policies/": factories.policy,
    "/feeds/reports/": factories.report,
    "/feeds/projects/": factories.project,
}
SECTIONS = {
    "policies": factories.policy,
    "reports": factories.report,
    "projects": factories.project,
    "platforms": factories.platform,
    "indicators": factories.indicator,
    "disclosure": factories.disclosure,
}


def unpublished(make):
    """A draft and a withdrawn record, named so that a listing would show them."""
    return [
        make(status="draft", **name_of(make, "草稿记录")),
        make(status="withdrawn", withdrawn_reason="测试撤回。", **name_of(make, "已撤回记录")),
    ]


def name_of(make, text):
    titled = (factories.policy, factories.report, factories.disclosure)
    return {"title": text} if make in titled else {"name": text}


def feed_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    return [
        (entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}link").get("href"))
        for entry in root.iter(f"{ATOM}entry")
    ]


def sitemap_urls(client, url):
    response = client.get(url)
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    return {
        u.find(f"{SITEMAP}loc").text: {
            link.get("hreflang"): link.get("href") for link in u.iter(f"{XHTML}link")
        }
        for u in root.iter(f"{SITEMAP}url")
    }


# --- Feeds ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "make"), FEEDS.items())
def test_a_feed_lists_published_records_only(client, url, make):
    factories.zone()
    published = make()
    hidden = unpublished(make)
    entries = feed_entries(client, url)
    links = [link for _title, link in entries]
    assert links == [f"http://testserver{published.get_absolute_url()}"]
    titles = " ".join(title for title, _link in entries)
    assert not any(name in titles for name in ("草稿记录", "已撤回记录")), hidden


def test_the_policy_feed_is_newest_first_with_its_issuing_body(client):
    factories.zone()
    now = datetime(2031, 5, 1, tzinfo=UTC)
    older = factories.policy(title="较早的政策", issuing_body="测试一局")
    newer = factories.policy(title="较新的政策", issuing_body="测试二局")
    PolicyDocument.objects.filter(pk=older.pk).update(published_at=now - timedelta(days=3))
    PolicyDocument.objects.filter(pk=newer.pk).update(published_at=now)
    assert [title for title, _link in feed_entries(client, "/feeds/policies/")] == [
        "较新的政策",
        "较早的政策",
    ]
    body = client.get("/feeds/policies/").content.decode()
    assert "<name>测试二局</name>" in body and "<published>2031-05-01T00:00:00+00:00" in body


def test_the_english_feed_is_titled_in_english_and_links_english_pages(client):
    factories.zone()
    page = factories.policy().get_absolute_url()
    response = client.get("/en/feeds/policies/")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    assert root.find(f"{ATOM}title").text.endswith("Policy documents")
    assert [link for _t, link in feed_entries(client, "/en/feeds/policies/")] == [
        f"http://testserver/en{page}"
    ]


@pytest.mark.parametrize(("url", "make"), FEEDS.items())
def test_a_feed_costs_the_same_queries_for_three_records_or_sixty(
    client, url, make, django_assert_max_num_queries
):
    factories.zone()
    for _ in range(3):
        make()
    with django_assert_max_num_queries(2):
        assert len(feed_entries(client, url)) == 3
    for _ in range(57):
        make()
    with django_assert_max_num_queries(2):
        assert len(feed_entries(client, url)) == 50  # the newest fifty


def test_every_page_names_the_feeds_in_its_head(client, site_records):
    html = client.get("/projects/").content.decode()
    head = html.split("</head>", 1)[0]
    for feed in FEEDS:
        assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in head


# --- sitemap.xml ----------------------------------------------------------------------------------


def test_the_sitemap_index_names_every_section(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    sections = {loc.text for loc in root.iter(f"{SITEMAP}loc")}
    expected = {"pages", *SECTIONS}
    assert sections == {f"http://testserver/sitemap-{name}.xml" for name in expected}


@pytest.mark.parametrize(("section", "make"), SECTIONS.items())
def test_a_sitemap_section_lists_published_records_only_in_both_languages(client, section, make):
    published = make()
    hidden = unpublished(make)
    urls = sitemap_urls(client, f"/sitemap-{section}.xml")
    page = published.get_absolute_url()
    assert set(urls) == {f"http://testserver{page}", f"http://testserver/en{page}"}
    assert urls[f"http://testserver{page}"] == {
        "zh-hans": f"http://testserver{page}",
        "en": f"http://testserver/en{page}",
        "x-default": f"http://testserver{page}",
    }
    for record in hidden:
        assert not any(record.get_absolute_url() in url for url in urls)


def test_a_record_s_lastmod_is_its_last_change(client):
    policy = factories.policy()
    body = client.get("/sitemap-policies.xml").content.decode()
    assert f"<lastmod>{policy.updated_at.date().isoformat()}" in body


def test_the_pages_section_lists_every_public_list_page(client):
    urls = sitemap_urls(client, "/sitemap-pages.xml")
    for page in ("/", "/reports/", "/indicators/", "/projects/", "/policies/", "/platforms/"):
        assert f"http://testserver{page}" in urls and f"http://testserver/en{page}" in urls
    assert "http://testserver/data/" in urls and "http://testserver/disclosure/" in urls
    assert not any("/search/" in url for url in urls)


def test_the_sitemap_costs_the_same_queries_for_three_records_or_sixty(
    client, django_assert_max_num_queries
):
    def read_all():
        client.get("/sitemap.xml")
        for section in ("pages", *SECTIONS):
            client.get(f"/sitemap-{section}.xml")

    for _ in range(3):
        factories.project()
    with django_assert_max_num_queries(30) as few:
        read_all()
    for _ in range(57):
        factories.project()
    with django_assert_max_num_queries(len(few.captured_queries)):
        read_all()


# --- robots.txt -----------------------------------------------------------------------------------


def test_robots_allows_the_site_and_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    assert "Disallow: /api/" in lines
    assert {"Disallow: /accessibility/", "Disallow: /report-error/"} <= set(lines)
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_robots_keeps_crawlers_out_of_the_admin_at_its_default_address(client, settings):
    settings.ADMIN_URL = "admin/"
    assert "Disallow: /admin/" in client.get("/robots.txt").content.decode().splitlines()


def test_robots_does_not_reveal_the_admin_s_own_address(client, settings):
    settings.ADMIN_URL = "staff-only-9f3a/"
    text = client.get("/robots.txt").content.decode()
    assert "staff-only" not in text and "admin" not in text


def test_robots_refuses_other_methods_and_other_spellings(client):
    assert client.post("/robots.txt").status_code == 405
    assert client.get("/robots.txt/").status_code == 404


@pytest.mark.parametrize(
    "url", ["/sitemap-policies.xml?p=x", "/sitemap-policies.xml?p=99", "/sitemap-nope.xml"]
)
def test_a_sitemap_page_or_section_that_is_not_one_answers_404(client, url):
    factories.policy()
    assert client.get(url).status_code == 404
