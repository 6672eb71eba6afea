"""我为政府网站找错: a visitor's report is stored, floods and hostile input are refused, staff
answer and close, and the answer times inspections score are reported."""

import datetime
import re
import time
from urllib.parse import quote

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hightech_zone import error_reports
from hightech_zone.models import ErrorReport, ErrorReportState
from portal.middleware import cache_parameters
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/report-error/"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def filled(**fields):
    """A post as a person makes it: a form served ten seconds ago, the honeypot left empty."""
    return {
        "page": "/reports/",
        "description": "第二段的数字与表格不一致。",
        "contact": "",
        "website": "",
        "token": error_reports.form_token(now=time.time() - 10),
        **fields,
    }


def change_url(report):
    return reverse("admin:hightech_zone_errorreport_change", args=[report.pk])


def test_the_form_is_filled_with_the_page_from_the_query(client):
    response = client.get(URL, {"page": "/policies/?year=2091"})
    assert response.status_code == 200
    assert 'value="/policies/?year=2091"' in response.text
    assert "csrfmiddlewaretoken" in response.text
    assert "no-cache" in response["Cache-Control"]


def test_the_form_falls_back_to_the_referer_on_this_site(client):
    response = client.get(URL, headers={"referer": "http://testserver/projects/?stage=a"})
    assert 'value="/projects/?stage=a"' in response.text


def test_the_form_leaves_out_a_page_elsewhere(client):
    response = client.get(URL, {"page": "https://elsewhere.example/x"})
    assert response.status_code == 200
    field = re.search(r'<input[^>]*name="page"[^>]*>', response.text).group(0)
    assert "value=" not in field


def test_the_form_page_is_never_kept_in_the_page_cache():
    assert cache_parameters(URL, "zh-hans") is None
    assert cache_parameters("/en" + URL, "en") is None


def test_every_public_page_links_to_the_form_with_its_own_address(client):
    factories.zone()
    html = client.get("/policies/?year=2091").text
    assert f'href="{URL}?page={quote("/policies/?year=2091", safe="")}"' in html
    assert "我为政府网站找错" in html
    english = client.get("/en/policies/").text
    assert f'href="/en{URL}?page={quote("/en/policies/", safe="")}"' in english
    assert "Report an error" in english


def test_a_report_is_stored_and_the_visitor_thanked(client):
    response = client.post(URL, filled(contact="zhang@example.cn"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:report_error_thanks"))
    report = ErrorReport.objects.get()
    assert (report.page, report.contact, report.state) == (
        "/reports/",
        "zhang@example.cn",
        ErrorReportState.OPEN,
    )
    thanks = client.get(response["Location"])
    assert "感谢您的反馈" in thanks.text and 'href="/reports/"' in thanks.text


def test_an_absolute_address_on_this_site_is_stored_as_its_path(client):
    client.post(URL, filled(page="http://testserver/indicators/t_gdp/"))
    assert ErrorReport.objects.get().page == "/indicators/t_gdp/"


def test_the_english_form_thanks_in_english(client):
    response = client.post("/en" + URL, filled(page="/en/"), follow=True)
    assert "Thank you" in response.text
    assert not CHINESE.search(response.text.replace(">中文<", ""))


def test_a_flood_from_one_address_gets_429_and_stores_nothing_more(client, settings):
    settings.ERROR_REPORTS_PER_ADDRESS = 5
    for n in range(5):
        assert client.post(URL, filled(description=f"第{n}处错误的说明")).status_code == 302
    flooded = client.post(URL, filled(description="第六处错误的说明"))
    assert flooded.status_code == 429
    assert "提交过于频繁" in flooded.text
    assert int(flooded["Retry-After"]) > 0
    assert ErrorReport.objects.count() == 5


def test_another_address_is_not_held_back_by_a_flood(client, settings):
    settings.ERROR_REPORTS_PER_ADDRESS = 1
    client.post(URL, filled())
    assert client.post(URL, filled()).status_code == 429
    elsewhere = client.post(URL, filled(), REMOTE_ADDR="2001:db8::7")
    assert elsewhere.status_code == 302


def test_behind_a_proxy_the_address_the_proxy_saw_is_counted(client, settings):
    settings.PROXY_COUNT = 1
    settings.ERROR_REPORTS_PER_ADDRESS = 1
    # The visitor forges the first entry; the proxy appends the address it saw.
    first = client.post(URL, filled(), headers={"x-forwarded-for": "1.1.1.1, 203.0.113.9"})
    second = client.post(URL, filled(), headers={"x-forwarded-for": "2.2.2.2, 203.0.113.9"})
    assert (first.status_code, second.status_code) == (302, 429)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"description": "错" * 2001}, "2000"),
        ({"description": ""}, "该字段是必填项"),
        ({"description": "数字\x00有误的地方"}, ""),
        ({"description": "数字有误\x07的地方"}, "控制字符"),
        ({"description": "<script>alert(1)</script>数字"}, "网页代码"),
        ({"description": '数字有误<img src=x onerror="alert(1)">'}, "网页代码"),
        ({"page": "https://elsewhere.example/"}, "本网站的页面路径"),
        ({"page": "//elsewhere.example/x"}, "本网站的页面路径"),
        ({"page": "javascript:alert(1)"}, "本网站的页面路径"),
        ({"page": "/" + "a" * 600}, "500"),
        ({"contact": "请打电话给我"}, "电话号码或电子邮箱"),
        ({"token": ""}, "表单已失效"),
        ({"token": "forged:value"}, "表单已失效"),
        ({"token": lambda: error_reports.form_token(now=time.time())}, "提交过快"),
        ({"token": lambda: error_reports.form_token(now=time.time() - 3 * 3600)}, "表单已过期"),
        ({"website": "http://spam.example"}, "提交未被接受"),
    ],
    ids=[
        "oversized",
        "empty",
        "nul",
        "control",
        "script",
        "html",
        "offsite",
        "protocol-relative",
        "javascript",
        "long-page",
        "bad-contact",
        "no-token",
        "forged-token",
        "too-fast",
        "expired",
        "honeypot",
    ],
)
def test_hostile_or_bad_input_is_refused_in_chinese_and_nothing_stored(client, fields, message):
    fields = {name: value() if callable(value) else value for name, value in fields.items()}
    response = client.post(URL, filled(**fields))
    assert 400 <= response.status_code < 500
    assert CHINESE.search(response.text)
    assert message in response.text
    assert ErrorReport.objects.count() == 0


def test_a_refused_form_keeps_what_was_typed_with_a_fresh_time(client):
    response = client.post(URL, filled(contact="不是联系方式"))
    assert "第二段的数字与表格不一致。" in response.text
    token = re.search(r'name="token" value="([^"]+)"', response.text).group(1)
    with pytest.raises(Exception, match="提交过快"):
        error_reports.check_form_token(token)


def test_the_database_refuses_an_answered_report_without_an_answer():
    report = factories.error_report()
    report.state = ErrorReportState.ANSWERED
    report.answered_at = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        report.save()


# --- The admin -------------------------------------------------------------------------------


def test_an_editor_answers_then_closes_a_report(client, editor):
    report = factories.error_report()
    client.force_login(editor)
    page = client.get(change_url(report))
    assert page.status_code == 200 and "保存答复" in page.text
    assert client.post(change_url(report), {"answer": "已更正,谢谢。"}).status_code == 302
    report.refresh_from_db()
    assert report.state == ErrorReportState.ANSWERED
    assert report.answered_by == editor and report.answered_at is not None
    assert client.post(change_url(report), {"answer": "", "_close": "1"}).status_code == 302
    report.refresh_from_db()
    assert report.state == ErrorReportState.CLOSED and report.closed_at is not None
    assert report.history.count() == 3
    closed = client.get(change_url(report))
    assert "保存答复" not in closed.text and "已更正,谢谢。" in closed.text


def test_an_empty_answer_is_refused_in_chinese(client, editor):
    report = factories.error_report()
    client.force_login(editor)
    response = client.post(change_url(report), {"answer": "  "})
    assert response.status_code == 200 and "请填写答复内容" in response.text
    report.refresh_from_db()
    assert report.state == ErrorReportState.OPEN


def test_an_unanswered_report_cannot_be_closed(client, editor):
    report = factories.error_report()
    client.force_login(editor)
    response = client.post(change_url(report), {"_close": "1"})
    assert "请先答复" in response.text
    report.refresh_from_db()
    assert report.state == ErrorReportState.OPEN


def test_a_viewer_reads_reports_but_cannot_answer(client, viewer):
    report = factories.error_report()
    client.force_login(viewer)
    listing = client.get(reverse("admin:hightech_zone_errorreport_changelist"))
    assert listing.status_code == 200 and report.description[:10] in listing.text
    page = client.get(change_url(report))
    assert page.status_code == 200 and "保存答复" not in page.text
    assert client.post(change_url(report), {"answer": "不该保存"}).status_code == 403
    report.refresh_from_db()
    assert report.state == ErrorReportState.OPEN and report.answer == ""


def test_the_visitors_words_cannot_be_changed_in_the_admin(client, editor):
    report = factories.error_report(description="测试:原来的描述文字")
    client.force_login(editor)
    client.post(change_url(report), {"answer": "收到", "description": "改过", "page": "/x/"})
    report.refresh_from_db()
    assert (report.description, report.page) == ("测试:原来的描述文字", "/reports/")


def test_no_one_adds_a_report_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:hightech_zone_errorreport_add")).status_code == 403


# --- Answer times ----------------------------------------------------------------------------

NOW = datetime.datetime(2091, 3, 9, 10, tzinfo=datetime.UTC)  # a Friday


def answered(hours, *, state=ErrorReportState.ANSWERED):
    created = NOW - datetime.timedelta(days=30)
    return factories.error_report(
        created_at=created,
        state=state,
        answer="已处理",
        answered_at=created + datetime.timedelta(hours=hours),
        closed_at=NOW if state == ErrorReportState.CLOSED else None,
    )


def test_the_summary_counts_states_and_the_median_and_longest_answer_time():
    answered(2)
    answered(4, state=ErrorReportState.CLOSED)
    answered(30)
    factories.error_report(created_at=NOW - datetime.timedelta(days=1))
    times = error_reports.answer_times(now=NOW)
    assert (times.open, times.answered, times.closed) == (1, 2, 1)
    assert (times.median_hours, times.max_hours) == (4, 30)
    assert times.overdue == 0


def test_a_report_unanswered_after_five_working_days_is_overdue():
    friday = NOW - datetime.timedelta(days=7)
    factories.error_report(created_at=friday)  # 5 working days ago: due today
    factories.error_report(created_at=friday - datetime.timedelta(days=1))  # a Thursday
    assert error_reports.answer_times(now=NOW).overdue == 1


def test_weekends_are_no_working_days():
    friday = datetime.datetime(2091, 3, 2, 10, tzinfo=datetime.UTC)
    assert error_reports.working_days_after(friday, friday + datetime.timedelta(days=3)) == 1
    assert error_reports.working_days_after(friday, friday + datetime.timedelta(days=7)) == 5


def test_the_summary_without_reports_shows_dashes():
    times = error_reports.answer_times()
    assert times.total == 0 and times.median_hours is None


def test_the_list_in_the_admin_opens_with_the_summary(
    client, viewer, django_assert_max_num_queries
):
    answered(2)
    answered(6)
    factories.error_report(created_at=timezone.now() - datetime.timedelta(days=10))
    client.force_login(viewer)
    with django_assert_max_num_queries(20):
        html = client.get(reverse("admin:hightech_zone_errorreport_changelist")).text
    assert "网站纠错答复情况" in html and "4 小时" in html and "5个工作日" in html
    assert "个工作日(已超期)" in html


def test_any_admin_page_can_show_the_summary_through_its_tag():
    from django.template import Context, Template

    answered(3)
    html = Template("{% load error_reports %}{% error_report_summary %}").render(Context())
    assert "网站纠错答复情况" in html and "3 小时" in html


def test_staff_read_a_reports_history(client, editor):
    report = factories.error_report()
    client.force_login(editor)
    client.post(change_url(report), {"answer": "已更正"})
    history = client.get(reverse("admin:hightech_zone_errorreport_history", args=[report.pk]))
    assert history.status_code == 200 and "答复" in history.text


def test_a_publisher_answers_too_and_alone_deletes_a_report(client, editor, publisher):
    report = factories.error_report()
    spam = factories.error_report(description="测试:广告广告广告")
    client.force_login(publisher)
    assert client.post(change_url(report), {"answer": "已核实并更正。"}).status_code == 302
    report.refresh_from_db()
    assert report.state == ErrorReportState.ANSWERED and report.answered_by == publisher
    delete = reverse("admin:hightech_zone_errorreport_delete", args=[spam.pk])
    client.force_login(editor)
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ErrorReport.objects.filter(pk=spam.pk).exists()
    client.force_login(publisher)
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not ErrorReport.objects.filter(pk=spam.pk).exists()
