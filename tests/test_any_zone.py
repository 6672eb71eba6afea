"""Nothing about any one zone in the product: every page reads right for a zone built from
factories, for an empty zone, and for the made-up demo zone, which says that it is made up."""

import io
import re
import time
import zipfile

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from hightech_zone import demo
from hightech_zone.models import Indicator, WorkReport, ZoneProfile
from tests import factories
from tests.conftest import public_pages

pytestmark = pytest.mark.django_db

# Words that belong to the zone the project was first built for, never to the product.
ZONE_WORDS = ("锦州", "辽宁", "凌海", "松山", "辽ICP", "辽公网安备", "Jinzhou", "Liaoning")


def zone_words_in(text):
    return sorted(word for word in ZONE_WORDS if word in text)


def response_text(response):
    """What a reader gets: a page, a CSV, or the text inside an XLSX."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return "".join(book.read(name).decode(errors="replace") for name in book.namelist())
    return content.decode("utf-8-sig")


def records_of(zone):
    """whole_zone()'s records by model, the first of each kind."""
    records = {}
    for value in vars(zone).values():
        for record in value if isinstance(value, list) else [value]:
            records.setdefault(type(record), record)
    records[Group] = Group.objects.order_by("pk").first()
    return records


def admin_urls(zone, user):
    """The admin's index and own pages; for every registered model its list, add form, import
    and download pages, and one record's change form and history."""
    records = records_of(zone)
    urls = [
        reverse("admin:index"),
        reverse("admin_consistency"),
        reverse("admin_site_check"),
        reverse("admin_workbook"),
        reverse("admin:password_change"),
        reverse("admin:hightech_zone_workreport_preview", args=[zone.report.pk]),
    ]
    request = RequestFactory().get("/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse("admin:app_list", args=[model._meta.app_label]))
        urls.append(reverse(f"{prefix}_changelist"))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{prefix}_add"))
        for page in ("import", "deleted", "import_template", "export", "export_by_year"):
            try:
                urls.append(reverse(f"{prefix}_{page}"))
            except NoReverseMatch:
                continue
        record = records.get(model) or model.objects.order_by("pk").first()
        if record is not None:
            urls.append(reverse(f"{prefix}_change", args=[record.pk]))
            urls.append(reverse(f"{prefix}_history", args=[record.pk]))
    return sorted(set(urls))


@pytest.fixture
def other_zone(db):
    """A zone unlike the one the project was first built for, in every figure."""
    zone = factories.whole_zone()
    zone.zone.name = "测试高新技术产业开发区"
    zone.zone.management_body = "测试高新技术产业开发区管理委员会"
    zone.zone.save()
    return zone


def test_no_public_page_download_or_error_page_names_another_zone(client, other_zone):
    pages = [
        *public_pages(query="测试"),
        "/indicators/?_export=csv",
        "/indicators/?_export=xlsx",
        "/projects/?_export=csv",
        "/policies/?_export=csv",
        "/platforms/?_export=xlsx",
        "/search/?q=高新区",
        "/en/",
        "/en/indicators/",
    ]
    found = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = zone_words_in(response_text(response))
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    found["404"] = zone_words_in(response_text(missing))
    assert {url: words for url, words in found.items() if words} == {}


def test_the_report_pdf_names_no_other_zone(client, other_zone, monkeypatch):
    """The PDF's document, before WeasyPrint turns it into a PDF."""
    monkeypatch.setattr("portal.views.cached_pdf", lambda html: html.encode())
    response = client.get(f"{other_zone.report.get_absolute_url()}pdf/")
    assert response.status_code == 200
    text = response.content.decode()
    assert other_zone.report.title in text
    assert zone_words_in(text) == []


def test_no_admin_page_names_another_zone(client, other_zone):
    user = factories.superuser()
    client.force_login(user)
    found = {}
    for url in admin_urls(other_zone, user):
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = zone_words_in(response_text(response))
    assert len(found) > 60
    assert {url: words for url, words in found.items() if words} == {}


# --- The site's identity in the footer -------------------------------------------------------


def footer_of(html):
    return html.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]


def test_the_footer_shows_the_site_s_sponsor_code_and_record_numbers(client):
    factories.zone(
        management_body="测试管理委员会",
        site_sponsor="测试主办单位",
        site_code="0000000001",
        icp_number="京ICP备00000001号",
        police_record_number="京公网安备 00000000000001号",
    )
    footer = footer_of(client.get("/").content.decode())
    assert "主办单位:测试主办单位" in footer and "测试管理委员会" not in footer
    assert "网站标识码:0000000001" in footer
    assert '<a href="https://beian.miit.gov.cn/">京ICP备00000001号</a>' in footer
    assert "京公网安备 00000000000001号" in footer


def test_the_sponsor_is_the_management_body_when_none_is_set(client):
    factories.zone(management_body="测试管理委员会")
    footer = footer_of(client.get("/policies/").content.decode())
    assert "主办单位:测试管理委员会" in footer


def test_a_footer_without_identity_shows_no_empty_labels(client):
    factories.zone()
    footer = footer_of(client.get("/").content.decode())
    assert "本站数据由园区管委会发布。" in footer
    for absent in ("主办单位", "网站标识码", "beian", "site-records", "None"):
        assert absent not in footer


def test_a_cached_page_shows_the_changed_identity_at_once(client, django_assert_num_queries):
    zone = factories.zone(icp_number="京ICP备00000001号")
    assert "京ICP备00000001号" in client.get("/").content.decode()
    with django_assert_num_queries(0):  # served from the page cache
        assert "京ICP备00000001号" in client.get("/").content.decode()
    zone.icp_number = "京ICP备00000002号"
    zone.save()
    footer = footer_of(client.get("/").content.decode())
    assert "京ICP备00000002号" in footer and "京ICP备00000001号" not in footer


def test_the_404_page_carries_the_footer(client):
    factories.zone(site_code="0000000001")
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "网站标识码:0000000001" in footer_of(response.content.decode())


# --- The demo zone says that it is made up ---------------------------------------------------

BANNER = "本站数据为随机生成的示例,不代表任何园区。"
BANNER_EN = "this site's data is randomly generated and represents no real zone"


def demo_queries_in(queries):
    """The queries that ask whether demo data is present."""
    return [q["sql"] for q in queries if "'demo-%'" in q["sql"]]


@pytest.fixture
def demo_zone(db):
    return demo.generate(scale=0.01)


def test_demo_data_puts_the_banner_on_every_public_and_admin_page(client, demo_zone):
    user = factories.superuser()
    report = WorkReport.objects.order_by("-year").first()
    pages = [*public_pages(query="示范"), "/no-such-page/", "/en/"]
    admin_pages = [
        "/admin/",
        "/admin/hightech_zone/indicator/",
        "/admin/hightech_zone/indicator/add/",
        f"/admin/hightech_zone/workreport/{report.pk}/change/",
        reverse("admin_consistency"),
        reverse("admin_workbook"),
    ]
    for url in pages:
        banner = BANNER_EN if url.startswith("/en/") else BANNER
        assert banner in client.get(url).content.decode().replace("&#x27;", "'"), url
    client.force_login(user)
    for url in admin_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert BANNER in response.content.decode(), url


def test_the_demo_banner_is_on_the_report_pdf_too(client, demo_zone, monkeypatch):
    monkeypatch.setattr("portal.views.cached_pdf", lambda html: html.encode())
    assert BANNER in client.get("/reports/2020/pdf/").content.decode()


def test_a_zone_of_its_own_shows_no_demo_banner(client, other_zone):
    client.force_login(factories.superuser())
    for url in (
        "/",
        "/indicators/",
        "/no-such-page/",
        "/admin/",
        "/admin/hightech_zone/indicator/",
    ):
        assert BANNER not in client.get(url).content.decode(), url


def test_the_demo_question_is_asked_again_only_after_a_write_to_the_indicators(client, demo_zone):
    client.force_login(factories.superuser())

    def asked(urls):
        """How often pages asked whether demo data is present (Django's query log is reset
        at every request, so each request is captured alone)."""
        count = 0
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert BANNER in client.get(url).content.decode(), url
            count += len(demo_queries_in(queries.captured_queries))
        return count

    assert (
        asked(["/", "/reports/", "/indicators/", "/admin/", "/admin/hightech_zone/project/"]) == 1
    )
    factories.policy()  # the answer reads only the indicators
    assert asked(["/policies/", "/admin/"]) == 0
    factories.indicator()
    assert asked(["/policies/", "/admin/"]) == 1


def test_a_cached_demo_page_runs_no_query_and_an_uncached_one_asks_once_per_version(
    client, demo_zone, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as cold:
        assert BANNER in client.get("/").content.decode()
    cold = list(cold.captured_queries)  # the next request resets Django's query log
    with django_assert_num_queries(0):  # from the page cache
        assert BANNER in client.get("/").content.decode()
    rendered_whole = override_settings(PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0)
    with rendered_whole, CaptureQueriesContext(connection) as uncached:
        assert BANNER in client.get("/").content.decode()
    uncached = list(uncached.captured_queries)
    # The first render after a write asks once; later ones, the answer known, never ask.
    assert len(demo_queries_in(cold)) == 1 and demo_queries_in(uncached) == []
    assert len(uncached) == len(cold) - 1 <= 10


def test_a_small_demo_is_made_in_seconds_with_its_own_made_up_profile_and_many_years(client):
    started = time.monotonic()
    counts = demo.generate(scale=0.02)
    assert time.monotonic() - started < 10
    assert counts["profile"] == 1 and counts["indicators"] == 6 and counts["reports"] == 20
    profile = ZoneProfile.objects.get()
    assert profile.name == "示例高新技术产业开发区" and "不代表任何真实园区" in profile.overview
    indicator = Indicator.objects.filter(code__startswith="demo-").first()
    html = client.get(indicator.get_absolute_url()).content.decode()
    years = [year for year in demo.YEARS if f'<th scope="row">{year}</th>' in html]
    assert years == list(demo.YEARS) and len(years) >= 20
    home = client.get("/").content.decode()
    assert f"{demo.YEARS[-1]}年主要指标" in home and "示例高新技术产业开发区" in home


def test_demo_data_keeps_a_zone_s_own_profile():
    zone = factories.zone()
    assert demo.generate(scale=0.01)["profile"] == 0
    assert list(ZoneProfile.objects.all()) == [zone]


# --- The empty zone --------------------------------------------------------------------------

EMPTY_PAGES = [
    "/",
    "/reports/",
    "/indicators/",
    "/projects/",
    "/policies/",
    "/platforms/",
    "/search/",
    "/search/?q=科技",
]


def main_of(html):
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def headings_without_content(html):
    """Headings followed by nothing before their section, column or page ends."""
    return re.findall(r"<h[1-3][^>]*>[^<]*</h[1-3]>\s*(?=</(?:section|div|main)>)", html)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_public_page_of_an_empty_zone_answers_and_reads_well(client, prefix):
    assert not ZoneProfile.objects.exists()
    for url in EMPTY_PAGES:
        response = client.get(prefix + url)
        assert response.status_code == 200, url
        html = response.content.decode()
        main = main_of(html)
        assert "None" not in html and "<h1></h1>" not in html, url
        assert headings_without_content(main) == [], url
        assert BANNER not in html
        assert zone_words_in(html) == []


def test_the_empty_zone_s_home_page_says_nothing_is_published_yet(client):
    main = main_of(client.get("/").content.decode())
    assert "<h1>高新区门户</h1>" in main
    assert "本站尚未发布数据" in main
    assert "<h2" not in main  # no section heading over nothing
    assert 'class="two-columns"' not in main


def test_an_empty_list_says_so_instead_of_showing_an_empty_table(client):
    for url in ("/indicators/", "/projects/", "/policies/", "/platforms/"):
        main = main_of(client.get(url).content.decode())
        assert "本栏目尚未发布数据。" in main, url
        assert "<table" not in main and "共 0 条" not in main, url
    filtered = main_of(client.get("/policies/?category=sci_tech").content.decode())
    assert "没有符合筛选条件的记录" in filtered


def test_a_zone_with_only_its_name_shows_no_empty_profile_heading(client):
    factories.zone(founded_year=None, area_km2=None, overview="")
    main = main_of(client.get("/").content.decode())
    assert "<h1>测试高新技术产业开发区</h1>" in main
    assert "园区概况" not in main and "本站尚未发布数据" in main


def test_a_described_zone_shows_its_profile_and_no_empty_data_note(client, other_zone):
    main = main_of(client.get("/").content.decode())
    assert "园区概况" in main and "本站尚未发布数据" not in main
    assert headings_without_content(main) == []


def test_the_empty_zone_s_pages_run_few_queries(client, django_assert_max_num_queries):
    for url in EMPTY_PAGES:
        with django_assert_max_num_queries(12):  # search asks each kind of record
            assert client.get(url).status_code == 200
        with django_assert_max_num_queries(0):
            assert client.get(url).status_code == 200
