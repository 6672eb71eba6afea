"""Hostile addresses and forms get a 2xx, 3xx or 4xx answer, never a 5xx, from anyone.

The table below is what a tester threw at the production-like server (issue 10) and more: NUL
bytes and broken UTF-8 in every filter and lookup, over-long and huge values, bad pages and
sorts, download formats nobody offered, junk in the admin's imports, exports, history and
actions. It runs anonymously, as a superuser and as each role, on SQLite and on PostgreSQL
(which refuses NUL and over-long varchar values where SQLite does not).
"""

import json

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.admin import SimpleListFilter
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import resolve

from hightech_zone.models import (
    ErrorReport,
    ImportRecord,
    Indicator,
    IndicatorValue,
    PolicyDocument,
    Project,
    WorkReport,
)
from tests.conftest import user_in_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_records")]

NUL = "%00"
SURROGATE = "%ED%A0%80"  # U+D800 as UTF-8: half a surrogate pair, not text
HUGE = "99999999999999999999"
LONG = "长" * 3000
JUNK = [NUL, SURROGATE, HUGE, "-1", LONG]

# Every parameter each list reads, as its view declares them (a new filter is swept at once).
PORTAL_FILTERS = {
    page: [p for p in resolve(page).func.view_class.cache_parameters() if p != "_export"]
    for page in ["/indicators/", "/projects/", "/policies/", "/platforms/"]
}


def portal_requests():
    requests = []
    for query in [NUL, "a%00b", SURROGATE, "%FF%FE", "%C0%80", LONG, "%25_%5C", "a&q=b"]:
        requests += [("get", f"/search/?q={query}"), ("get", f"/en/search/?q={query}")]
    for page, params in PORTAL_FILTERS.items():
        for param in params:
            for value in JUNK:
                requests.append(("get", f"{page}?{param}={value}"))
        for fmt in ["yaml", "ods", "xls", "json", "tsv", "latex", "html", "", NUL, "CSV"]:
            requests.append(("get", f"{page}?_export={fmt}"))
        requests += [
            ("get", f"{page}?{NUL}=1"),
            ("get", f"{page}?_export=csv&sort={NUL}"),
            ("get", f"{page}?_export=xlsx&year={HUGE}&sort=nope"),
            ("get", f"{page}?page=0&per_page=0"),
            ("get", f"{page}?sort=" + "x," * 500),
            ("head", f"{page}?_export=csv"),
            ("options", page),
            ("post", page),
        ]
    for year in ["1e400", "NaN", "Infinity", "-99999999999999999999", "0x10"]:
        requests.append(("get", f"/indicators/?year={year}"))
    for kind in ["reports", "projects", "policies", "platforms"]:
        requests += [("get", f"/{kind}/{HUGE}/"), ("get", f"/{kind}/{NUL}/")]
    requests += [
        ("get", f"/policies/{HUGE}/attachment/"),
        ("get", f"/indicators/{NUL}/"),
        ("get", f"/indicators/{SURROGATE}/"),
        ("get", f"/indicators/{'x' * 3000}/"),
        ("get", f"/{NUL}"),
        ("get", f"/en/{NUL}/"),
        ("get", f"/healthz?{NUL}"),
        ("get", "/media/policies/2017/x.pdf"),
        ("get", f"/i18n/setlang/?next={NUL}"),
        ("post", "/i18n/setlang/", {"language": "\x00", "next": "\x00"}),
        ("post", "/i18n/setlang/", {"language": "en", "next": "/" + "x" * 5000}),
    ]
    for value in [*JUNK, "http://[::1", "%5C%5Cevil.example", "javascript:alert(1)"]:
        requests += [
            ("get", f"/report-error/?page={value}"),
            ("get", f"/en/report-error/thanks/?page={value}"),
        ]
    requests += [
        ("post", "/report-error/", {"page": "\x00", "description": "\x00", "token": "\x00"}),
        ("post", "/report-error/", b"page=%ED%A0%80&description=%ED%A0%80&contact=%00"),
        ("post", "/report-error/", {"page": LONG, "description": LONG * 2, "contact": LONG}),
        ("post", "/en/report-error/", {"page": "http://[::1", "token": HUGE, "website": LONG}),
        ("post", "/report-error/thanks/"),
    ]
    return requests


def login_requests():
    return [
        ("post", "/admin/login/", {"username": "x" * 256, "password": "wrong"}),
        ("post", "/admin/login/", {"username": "x" * 10000, "password": "wrong"}),
        ("post", "/admin/login/", {"username": "a\x00b", "password": "\x00"}),
        ("post", "/admin/login/", b"username=%ED%A0%80&password=%ED%A0%80"),
        ("post", "/admin/login/", b"username=" + b"%00" * 300 + b"&password=x"),
        ("get", f"/admin/login/?next={NUL}"),
        ("get", "/admin/login/?next=//evil.example/"),
    ]


def header_requests():
    """NUL in a cookie (Django decodes "\\000" to NUL) or in a header axes records."""
    cookie = {"HTTP_COOKIE": 'sessionid="' + "\\000" * 32 + '"'}
    return [
        ("get", "/admin/", None, cookie),
        ("get", "/admin/login/", None, cookie),
        ("get", "/", None, cookie),
        ("post", "/admin/login/", {"username": "u", "password": "p"}, {"HTTP_USER_AGENT": "\x00"}),
        ("post", "/admin/login/", {"username": "u", "password": "p"}, {"HTTP_ACCEPT": "a\x00"}),
        ("get", "/", None, {"HTTP_ACCEPT_LANGUAGE": "\x00"}),
        ("get", "/report-error/", None, {"HTTP_REFERER": "http://[::1"}),
        ("get", "/report-error/", None, {"HTTP_REFERER": "\x00"}),
    ]


def admin_lookups(model_admin):
    """Every query-string lookup of an admin list: its filters and its date hierarchy."""
    lookups = ["q", "o", "p", "e", "_to_field"]
    for entry in model_admin.list_filter:
        if isinstance(entry, type) and issubclass(entry, SimpleListFilter):
            lookups.append(entry.parameter_name)
        else:
            lookups += [f"{entry}__exact", f"{entry}__gte", f"{entry}__isnull"]
    if model_admin.date_hierarchy:
        lookups += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    return lookups


def admin_requests(*, every_lookup=True):
    requests = []
    for model, model_admin in admin.site._registry.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for lookup in admin_lookups(model_admin):
            requests.append(("get", f"{base}?{lookup}={NUL}"))
            if every_lookup and not lookup.endswith(("__gte", "__isnull")):
                requests += [("get", f"{base}?{lookup}={HUGE}"), ("get", f"{base}?{lookup}=abc")]
        record = model.objects.order_by("pk").first()
        requests += [
            ("get", f"{base}{HUGE}/change/"),
            ("get", f"{base}abc/change/"),
            ("get", f"{base}{NUL}/history/"),
            ("post", base, {"action": "delete_selected", "_selected_action": ["\x00"]}),
            ("post", base, {"action": "delete_selected", "_selected_action": ["abc", HUGE]}),
            ("post", base, {"action": "\x00", "_selected_action": ["1"], "index": "x"}),
            ("get", f"{base}deleted/?p=-1&q={NUL}"),
        ]
        if record is not None:
            requests += [
                ("get", f"{base}{record.pk}/history/abc/"),
                ("get", f"{base}{record.pk}/history/{HUGE}/"),
                ("get", f"{base}{record.pk}/history/?p={NUL}"),
            ]
        if hasattr(model_admin, "export_action"):
            requests += [
                ("get", f"{base}export/?format=x"),
                ("get", f"{base}export/?status__exact=nope&year__exact=abc"),
                ("post", f"{base}export/", {"format": "99", "resource": "99"}),
                ("get", f"{base}import-template/?{NUL}"),
                ("post", f"{base}import/", {"format": "99", "resource": "x"}),
                *[("post", f"{base}import/", {"format": "0", "import_file": f}) for f in files()],
                (
                    "post",
                    f"{base}process_import/",
                    {"import_file_name": "x", "original_file_name": "x", "format": "99"},
                ),
                (
                    "post",
                    f"{base}process_import/",
                    {"import_file_name": "x" * 300, "original_file_name": "x", "format": "abc"},
                ),
                (
                    "post",
                    f"{base}process_import/",
                    {"import_file_name": "a", "original_file_name": "b", "resource": "-5"},
                ),
            ]
    values = "/admin/hightech_zone/indicatorvalue/export-by-year/"
    report = WorkReport.objects.order_by("pk").first()  # a real report's preview, not pk 1
    requests += [
        ("get", f"{values}?year__exact=abc"),
        ("get", f"{values}?year__exact={HUGE}&q={LONG}"),
        ("get", f"{values}?nope=1"),
        ("get", f"/admin/hightech_zone/policydocument/?published_on__year={HUGE}"),
        ("get", "/admin/hightech_zone/policydocument/?published_on__year=9999"),
        (
            "get",
            "/admin/hightech_zone/policydocument/?published_on__year=9999&published_on__month=12",
        ),
        ("get", "/admin/hightech_zone/importrecord/?created_at__year=9999&created_at__month=12"),
        ("get", f"/admin/workbook/?download={NUL}"),
        ("post", "/admin/workbook/", {"pending": "\x00", "file_name": "x"}),
        ("post", "/admin/workbook/", {"pending": "x" * 300, "file_name": "\x00" + "x" * 300}),
        ("post", "/admin/workbook/", {"workbook": SimpleUploadedFile("x.xlsx", b"PK\x03\x04")}),
        ("get", f"/admin/hightech_zone/workreport/{HUGE}/preview/"),
        ("get", f"/admin/hightech_zone/workreport/{report.pk}/preview/?drafts={NUL}"),
        ("get", f"/admin/consistency/?{NUL}"),
        ("get", f"/admin/autocomplete/?term={NUL}&app_label=hightech_zone"),
        (
            "get",
            f"/admin/autocomplete/?term=x&app_label=hightech_zone&model_name=project"
            f"&field_name=platform&page={HUGE}",
        ),
        ("get", f"/admin/r/{HUGE}/{HUGE}/"),
        ("get", "/admin/media/../../settings.py"),
        ("get", f"/admin/media/policies/{NUL}.pdf"),
        ("get", f"/admin/media/{'x' * 3000}.pdf"),
    ]
    return requests


def files():
    """Import files whose text no database holds, or that are no spreadsheet at all."""
    code, name = "指标代码", "指标名称"
    return [
        SimpleUploadedFile("nul.json", json.dumps([{code: "a\u0000", name: "x"}]).encode()),
        SimpleUploadedFile("half.json", f'[{{"{code}": "\\ud800", "{name}": "x"}}]'.encode()),
        SimpleUploadedFile("key.json", b'[{"\\ud800\\u0000": "x"}]'),
        SimpleUploadedFile("nul.csv", f"{code},{name}\r\na\x00,b\r\n".encode()),
        SimpleUploadedFile("x" * 300 + ".csv", f"{code},{name}\r\n{'x' * 300},b\r\n".encode()),
        SimpleUploadedFile("deep.json", b"[" * 100000),
    ]


def hostile_requests(*, everything=True):
    """The whole table; without ``everything``, the part whose answer depends on the role:
    the admin, with only NULs in its list lookups (the lists filter alike for every role
    allowed to see them), and not the portal, which answers everyone alike."""
    portal = portal_requests() if everything else []
    admin_ = admin_requests(every_lookup=everything)
    return [*portal, *login_requests(), *header_requests(), *admin_]


ROLES = ["anonymous", "superuser", "编辑", "审核发布", "只读"]


def client_as(role):
    client = Client(raise_request_exception=False)
    if role == "superuser":
        client.force_login(User.objects.create_superuser("root", "", "不易猜到的密码-2017"))
    elif role != "anonymous":
        client.force_login(user_in_role(role))
    return client


def send(client, method, url, data=None, headers=None):
    if isinstance(data, bytes):
        kind = "application/x-www-form-urlencoded"
        return getattr(client, method)(url, data, content_type=kind, **(headers or {}))
    return getattr(client, method)(url, data or {}, **(headers or {}))


RECORDS = (Indicator, IndicatorValue, PolicyDocument, Project, WorkReport, ErrorReport)


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_no_hostile_request_gets_a_server_error_or_changes_a_record(role):
    client = client_as(role)
    before = [model.objects.count() for model in RECORDS]
    failures = []
    for method, url, *data in hostile_requests(everything=role in ("anonymous", "superuser")):
        # A savepoint each: on PostgreSQL a failed statement would abort every later one.
        with transaction.atomic():
            status = send(client, method, url, *data).status_code
        if status >= 500:
            failures.append((status, method, url[:120]))
    assert failures == []
    assert [model.objects.count() for model in RECORDS] == before


def test_the_table_holds_every_item_the_tester_reported():
    table = {(method, url) for method, url, *_ in hostile_requests()}
    assert ("get", "/search/?q=%00") in table
    for fmt in ["yaml", "ods", "xls", "json", "tsv", "latex"]:
        assert ("get", f"/projects/?_export={fmt}") in table
    assert ("get", "/admin/hightech_zone/policydocument/?status__exact=%00") in table
    logins = [data for method, url, *data in hostile_requests() if url == "/admin/login/"]
    assert [{"username": "x" * 256, "password": "wrong"}] in logins
    filters = {url for _m, url, *_ in hostile_requests() if url.endswith("=%00")}
    for page, params in PORTAL_FILTERS.items():
        assert {f"{page}?{p}=%00" for p in params} <= filters


def test_a_nul_in_the_address_is_a_400_page_in_the_readers_language(client):
    for url in ["/search/?q=%00", "/projects/?stage=%00", "/indicators/%00/"]:
        response = client.get(url)
        assert response.status_code == 400, url
        page = response.content.decode()
        assert "请求无效" in page and "网址中含有不允许的字符(空字符)。" in page
        assert response["Content-Security-Policy"] and response["X-Frame-Options"] == "DENY"
    english = client.get("/en/search/?q=%00").content.decode()
    assert "The address holds a character that is not allowed (a NUL)." in english


def test_a_nul_in_a_cookie_or_header_is_a_400_asking_to_clear_the_cookies(client):
    cookie = 'sessionid="' + "\\000" * 32 + '"'
    response = client.get("/admin/", HTTP_COOKIE=cookie)
    assert response.status_code == 400
    assert "请清除本站的 Cookie 后再试" in response.content.decode()
    login = client.post("/admin/login/", {"username": "u", "password": "p"}, HTTP_USER_AGENT="\x00")
    assert login.status_code == 400
    assert not AccessAttempt.objects.exists()


def test_a_form_post_holding_nul_is_refused_by_the_form_not_the_database(staff_client):
    from hightech_zone.models import Designation

    count = Designation.objects.count()
    data = {"name": "称号\x00", "granting_body": "\x00", "year": "2017\x00", "display_order": "0"}
    response = staff_client.post("/admin/hightech_zone/designation/add/", data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert {"name", "granting_body", "year"} <= set(errors)
    assert Designation.objects.count() == count


def test_broken_utf8_in_a_search_finds_nothing_rather_than_failing(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # %FF%FE and %C0%80 are the same page: two U+FFFD
    for query in [SURROGATE, "%FF%FE", "%C0%80"]:
        response = client.get(f"/search/?q={query}")
        assert response.status_code == 200
        assert "没有找到相关内容" in response.content.decode()


def test_a_page_size_from_the_address_stays_between_one_and_two_hundred(client, site_records):
    for asked, shown in [("-1", 1), ("0", 50), ("99999999999", 200), ("7", 7)]:
        response = client.get("/indicators/", {"year": site_records.value.year, "per_page": asked})
        assert response.status_code == 200
        assert response.context["table"].paginator.per_page == shown, asked


@pytest.mark.slow
def test_an_over_long_username_gets_the_ordinary_login_error_and_is_still_locked_out(settings):
    ordinary = Client().post("/admin/login/", {"username": "nobody", "password": "wrong"})
    error = ordinary.context["form"].non_field_errors()[0]
    assert "请输入一个正确的工作人员账户" in error
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/admin/login/", {"username": "x" * 256, "password": "wrong"})
        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [error]
    locked = client.post("/admin/login/", {"username": "x" * 256, "password": "wrong"})
    assert locked.status_code == 429
    attempt = AccessAttempt.objects.get(username__startswith="x")
    assert attempt.username == "x" * 255
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT


def test_a_refused_next_lands_on_the_admin_index(staff_user):
    client = Client()
    response = client.post(
        "/admin/login/?next=//evil.example/",
        {"username": "staff", "password": "不易猜到的密码-2017", "next": "//evil.example/"},
    )
    assert response.status_code == 302 and response.url == "/admin/"


def test_junk_in_admin_selections_and_history_is_answered_without_a_500(staff_client):
    listing = "/admin/hightech_zone/indicator/"
    response = staff_client.post(
        listing, {"action": "publish_selected", "_selected_action": ["abc"]}, follow=True
    )
    assert response.status_code == 200
    assert "所选的记录无效,请重新选择。" in response.content.decode()
    indicator = Indicator.objects.first()
    assert staff_client.get(f"{listing}{indicator.pk}/history/abc/").status_code == 404
    late = staff_client.get("/admin/hightech_zone/policydocument/?published_on__year=9999")
    assert late.status_code == 302 and late.url.endswith("?e=1")


def test_a_bad_export_filter_is_a_400_saying_so(staff_client):
    for url in [
        "/admin/hightech_zone/indicatorvalue/export/?year__exact=abc",
        "/admin/hightech_zone/indicatorvalue/export-by-year/?year__exact=abc",
    ]:
        response = staff_client.get(url)
        assert response.status_code == 400, url
        assert "导出的筛选条件无效" in response.content.decode()


def test_a_tampered_import_confirmation_is_refused_in_chinese(staff_client):
    url = "/admin/hightech_zone/indicatorvalue/process_import/"
    data = {"import_file_name": "x", "original_file_name": "x.csv", "format": "99"}
    response = staff_client.post(url, data, follow=True)
    assert "确认导入的表单已损坏,请重新上传文件。" in response.content.decode()
    workbook = staff_client.post("/admin/workbook/", {"pending": "\x00", "file_name": "x"})
    assert "待确认的文件已导入或已过期" in workbook.content.decode()
    assert not ImportRecord.objects.exists()


@pytest.mark.parametrize(
    "value",
    ["\x00", "9" * 40, "-1", "abc", "１２", "x" * 100_000],
    ids=["nul", "huge", "negative", "word", "full-width", "long"],
)
def test_the_inspection_forms_refuse_hostile_values_and_write_nothing(client, publisher, value):
    from hightech_zone.models import ColumnSchedule, DisclosureReport
    from tests import factories

    client.force_login(publisher)
    disclosures = DisclosureReport.objects.count()
    schedule = client.post(
        "/admin/hightech_zone/columnschedule/add/",
        {"column": "policies", "category": value, "interval_days": value},
    )
    disclosure = client.post(
        "/admin/hightech_zone/disclosurereport/add/",
        {"year": value, "title": value, "issuing_body": "测试", "penalty_decisions": value},
    )
    report = factories.error_report()
    answer = client.post(f"/admin/hightech_zone/errorreport/{report.pk}/change/", {"answer": value})
    for response in (schedule, disclosure, answer):
        assert response.status_code < 500
    assert not ColumnSchedule.objects.exists()
    assert DisclosureReport.objects.count() == disclosures
    report.refresh_from_db()
    if value in ("\x00", "x" * 100_000):
        assert report.answer == "", "a NUL or an over-long answer is refused"
