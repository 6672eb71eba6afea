"""The site check: column freshness and its states, links in published texts, attachments,
policy metadata, and the 网站检查 page for each role."""

import datetime
import http.server
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hightech_zone.models import ColumnSchedule, PolicyDocument, Project
from hightech_zone.site_check import links
from hightech_zone.site_check.columns import (
    DUE_SOON,
    EMPTY,
    OK,
    OVERDUE,
    column_states,
    state_for,
)
from hightech_zone.site_check.content import incomplete_policies, missing_attachments
from hightech_zone.site_check.findings import BROKEN_LINK, EXTERNAL_LINK
from hightech_zone.site_check.runs import run_site_check, store_run
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2091, 6, 1)


def days_ago(days):
    return timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(12))) - (
        datetime.timedelta(days=days)
    )


def age(record, days):
    """Make ``record`` last published and edited ``days`` before TODAY."""
    type(record).objects.filter(pk=record.pk).update(
        updated_at=days_ago(days), published_at=days_ago(days)
    )


def healthy_site():
    """A small zone whose every column is fresh and whose every policy is complete."""
    factories.ZoneFactory()
    records = [
        factories.ReportFactory(),
        factories.ValueFactory(),
        factories.ProjectFactory(),
        factories.PolicyFactory(
            index_number="T-2091-001",
            doc_number="测试发〔2091〕1号",
            issuing_body="测试管委会",
            written_on=datetime.date(2091, 5, 1),
            published_on=datetime.date(2091, 5, 2),
        ),
        factories.PlatformFactory(),
        factories.disclosure(),
    ]
    records.append(records[1].indicator)
    for record in records:
        age(record, 1)
    return records


def state_of(column, category=""):
    return next(
        c for c in column_states(today=TODAY) if c.column == column and c.category == category
    )


# --- Freshness ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("interval", "age_days", "state", "days_left"),
    [
        (183, 168, OK, 15),
        (183, 169, DUE_SOON, 14),  # 14 days, smaller than a fifth of 183
        (183, 183, DUE_SOON, 0),
        (183, 184, OVERDUE, -1),
        (14, 11, OK, 3),
        (14, 12, DUE_SOON, 2),  # a fifth of 14 is 2.8, smaller than 14
        (365, 351, DUE_SOON, 14),
        (365, 350, OK, 15),
    ],
)
def test_a_column_is_due_soon_within_a_fifth_of_its_interval_or_14_days(
    interval, age_days, state, days_left
):
    found = state_for(last_update=days_ago(age_days), interval_days=interval, today=TODAY)
    assert found == (state, days_left)


def test_a_column_with_no_published_record_is_a_blank_column():
    factories.PolicyFactory(status=factories.DRAFT)
    policies = state_of("policies")
    assert policies.state == EMPTY and policies.last_update is None
    assert str(policies.state_label) == "空白栏目"


def test_a_policy_column_unchanged_for_six_months_is_overdue_and_its_category_too():
    policy = factories.PolicyFactory(category="talent")
    age(policy, 200)
    assert state_of("policies").state == OVERDUE
    talent = state_of("policies", "talent")
    assert (talent.state, talent.days_left, talent.category_label) == (OVERDUE, -17, "人才")


def test_the_last_update_is_the_newest_published_record_not_a_draft():
    old = factories.PolicyFactory()
    age(old, 200)
    factories.PolicyFactory(status=factories.DRAFT)  # edited today, but nobody sees it
    assert state_of("policies").state == OVERDUE
    fresh = factories.PolicyFactory()
    age(fresh, 3)
    policies = state_of("policies")
    assert (policies.state, policies.days_left, policies.records) == (OK, 180, 2)


def test_indicator_values_keep_the_indicator_column_fresh():
    value = factories.ValueFactory(indicator__category="innovation")
    age(value.indicator, 400)
    age(value, 10)
    assert state_of("indicators").state == OK
    assert state_of("indicators", "innovation").days_left == 355


def test_a_projects_new_progress_keeps_its_column_fresh_though_the_project_is_unchanged():
    project = factories.ProjectFactory(industry="biomedicine")
    draft = factories.ProjectFactory(industry="biomedicine", status=factories.DRAFT)
    long_ago = timezone.now() - datetime.timedelta(days=200)
    Project.objects.update(updated_at=long_ago, published_at=long_ago)

    def projects():
        return next(c for c in column_states() if c.column == "projects" and not c.category)

    factories.ProgressFactory(project=draft)  # nobody sees it
    assert (projects().state, projects().records) == (OVERDUE, 1)
    factories.ProgressFactory(project=project)  # as an import writes it: the project unsaved
    assert (projects().state, projects().records) == (OK, 1)
    assert projects().last_update > long_ago


def test_staff_set_a_columns_interval_and_a_categorys_own():
    talent = factories.PolicyFactory(category="talent")
    other = factories.PolicyFactory(category="industry")
    age(talent, 40)
    age(other, 40)
    assert state_of("policies", "talent").state == OK
    ColumnSchedule.objects.create(column="policies", interval_days=30)
    assert state_of("policies", "talent").state == OVERDUE
    assert state_of("policies", "industry").interval_days == 30
    ColumnSchedule.objects.create(column="policies", category="talent", interval_days=60)
    assert (state_of("policies", "talent").state, state_of("policies", "talent").days_left) == (
        OK,
        20,
    )
    assert state_of("policies", "industry").state == OVERDUE


def test_a_category_staff_watch_that_holds_nothing_is_a_blank_column():
    age(factories.PolicyFactory(category="talent"), 1)
    assert not [c for c in column_states(today=TODAY) if c.category == "reform"]
    ColumnSchedule.objects.create(column="policies", category="reform", interval_days=90)
    assert state_of("policies", "reform").state == EMPTY


@pytest.mark.parametrize("days", [0, -5, 3651])
def test_an_interval_out_of_range_is_refused_by_the_database(days):
    with pytest.raises(IntegrityError), transaction.atomic():
        ColumnSchedule.objects.create(column="policies", interval_days=days)


def test_an_interval_is_set_once_per_column_and_category():
    ColumnSchedule.objects.create(column="policies", category="talent", interval_days=90)
    with pytest.raises(IntegrityError), transaction.atomic():
        ColumnSchedule.objects.create(column="policies", category="talent", interval_days=30)


def test_a_category_of_another_column_is_refused_in_chinese():
    schedule = ColumnSchedule(column="reports", category="talent", interval_days=30)
    with pytest.raises(ValidationError) as refused:
        schedule.full_clean()
    assert "“工作报告”栏目没有分类“talent”" in str(refused.value)


def test_the_freshness_watch_costs_the_same_queries_for_many_records(
    django_assert_max_num_queries,
):
    healthy_site()
    with django_assert_max_num_queries(10):
        column_states(today=TODAY)
    for n in range(30):
        factories.PolicyFactory(category=["talent", "reform", "industry"][n % 3])
        factories.ValueFactory(indicator__category=["economy", "innovation"][n % 2])
        factories.ProjectFactory(industry="biomedicine")
        factories.PlatformFactory(kind="makerspace")
    with django_assert_max_num_queries(10):
        column_states(today=TODAY)


# --- Links ----------------------------------------------------------------------------------


def test_links_are_found_in_hrefs_and_bare_addresses_without_chinese_punctuation():
    text = '见<a href="/policies/3/">通知</a>,详见https://example.org/a?b=1。另见 http://x.test/p).'
    assert links.links_in(text) == [
        "/policies/3/",
        "https://example.org/a?b=1",
        "http://x.test/p",
    ]


def broken(report):
    return [f for f in report.findings if f.check == BROKEN_LINK]


def test_links_to_published_pages_in_either_language_and_on_our_host_are_fine():
    records = healthy_site()
    policy = records[3]
    indicator = records[-1]
    factories.ProjectFactory(
        summary=(
            f'<a href="{policy.get_absolute_url()}">政策</a> '
            f"http://testserver/en/indicators/{indicator.code}/ "
            f'<a href="/en/reports/{records[0].year}/">报告</a> <a href="/policies/">列表</a> '
            '<a href="mailto:office@example.org">邮件</a> <a href="#top">顶部</a> '
            f'<a href="/policies/{policy.pk}?from=home">无斜杠</a>'
        )
    )
    assert broken(run_site_check(today=TODAY)) == []


def test_a_link_to_a_draft_a_missing_record_or_no_page_is_broken():
    draft = factories.PolicyFactory(status=factories.DRAFT)
    text = (
        f'<a href="/policies/{draft.pk}/">草稿</a> <a href="/projects/999999/">已删</a> '
        '<a href="/no-such-page/">无此页</a> <a href="/admin/">后台</a>'
    )
    factories.PlatformFactory(description=text)
    found = broken(run_site_check(today=TODAY))
    reasons = {f.link: f.message for f in found}
    assert set(reasons) == {
        f"/policies/{draft.pk}/",
        "/projects/999999/",
        "/no-such-page/",
        "/admin/",
    }
    assert "指向的政策文件不存在或未发布" in reasons[f"/policies/{draft.pk}/"]
    assert "页面不存在" in reasons["/no-such-page/"]
    assert "管理后台" in reasons["/admin/"]
    assert all(f.admin_url.startswith("/admin/hightech_zone/innovationplatform/") for f in found)


def test_a_malformed_address_is_a_broken_link_not_an_error():
    factories.PolicyFactory(body='<a href="http://[不是地址/">坏</a>')
    [found] = broken(run_site_check())
    assert "地址格式错误" in found.message


def test_an_attachment_named_outside_the_storage_is_missing_not_an_error(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    policy = factories.PolicyFactory()
    PolicyDocument.objects.filter(pk=policy.pk).update(attachment="../../etc/passwd")
    [found] = missing_attachments()
    assert "../../etc/passwd" in found.message


def test_links_in_a_draft_are_not_checked():
    factories.PolicyFactory(status=factories.DRAFT, body='<a href="/no-such-page/">x</a>')
    assert broken(run_site_check(today=TODAY)) == []


def test_a_report_sections_link_is_checked_while_its_report_is_published():
    section = factories.SectionFactory(body="见 http://testserver/no-such-page/")
    assert [f.link for f in broken(run_site_check())] == ["http://testserver/no-such-page/"]
    section.report.status = factories.DRAFT
    section.report.save()
    assert broken(run_site_check()) == []


def test_the_link_check_costs_one_query_per_kind_of_page(django_assert_max_num_queries):
    policies = [factories.PolicyFactory() for _ in range(20)]
    body = " ".join(f'<a href="/policies/{p.pk}/">{p.pk}</a>' for p in policies)
    factories.ProjectFactory(summary=body)
    with django_assert_max_num_queries(20):
        assert links.link_findings() == []


@pytest.fixture
def web_server():
    """A local web server: / answers, /gone is 404, /no-head refuses HEAD but answers GET."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self):
            self.send_response(405 if self.path == "/no-head" else self.status())
            self.end_headers()

        def do_GET(self):
            self.send_response(self.status())
            self.end_headers()
            self.wfile.write(b"ok")

        def status(self):
            return 404 if self.path == "/gone" else 200

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_external_links_are_fetched_only_when_asked(web_server, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    factories.PolicyFactory(body=f"{web_server}/ {web_server}/gone {web_server}/no-head")
    assert [f for f in run_site_check().findings if f.check == EXTERNAL_LINK] == []
    found = [f for f in run_site_check(external=True).findings if f.check == EXTERNAL_LINK]
    assert [f.link for f in found] == [f"{web_server}/gone"]
    assert "服务器回答 404" in found[0].message


def test_an_external_link_that_does_not_answer_in_time_is_broken(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    silent = http.server.socketserver.TCPServer(("127.0.0.1", 0), None, bind_and_activate=True)
    try:
        address = f"http://127.0.0.1:{silent.server_address[1]}/slow"
        factories.PolicyFactory(body=address)
        found = run_site_check(external=True, timeout=0.3).findings
        assert [f.link for f in found if f.check == EXTERNAL_LINK] == [address]
    finally:
        silent.server_close()


# --- Attachments and policy metadata --------------------------------------------------------


def test_a_public_policys_attachment_missing_from_storage_is_found(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    policy = factories.PolicyFactory()
    PolicyDocument.objects.filter(pk=policy.pk).update(attachment="policies/2091/gone.pdf")
    draft = factories.PolicyFactory(status=factories.DRAFT)
    PolicyDocument.objects.filter(pk=draft.pk).update(attachment="policies/2091/draft.pdf")
    (tmp_path / "policies/2091").mkdir(parents=True)
    found = missing_attachments()
    assert len(found) == 1 and "policies/2091/gone.pdf" in found[0].message
    (tmp_path / "policies/2091/gone.pdf").write_bytes(b"%PDF-1.4")
    assert missing_attachments() == []


def test_a_published_policy_lacking_its_required_elements_is_named_with_them():
    factories.PolicyFactory(title="测试缺要素的文件", issuing_body="测试管委会")
    factories.PolicyFactory(status=factories.DRAFT)
    factories.PolicyFactory(kind="research")  # a study, not a policy document
    [found] = incomplete_policies()
    assert "测试缺要素的文件" in found.message
    assert "索引号、发文字号、成文日期、发布日期" in found.message
    assert "发文机关" not in found.message


# --- The 网站检查 page ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_every_role_reads_the_site_check_page_in_chinese(client, request, role):
    healthy_site()
    stale = factories.PolicyFactory(category="talent")
    long_ago = timezone.now() - datetime.timedelta(days=400)
    PolicyDocument.objects.filter(pk=stale.pk).update(updated_at=long_ago, published_at=long_ago)
    client.force_login(request.getfixturevalue(role))
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin_site_check") in index
    page = client.get(reverse("admin_site_check"))
    text = page.content.decode()
    assert page.status_code == 200
    for words in ("网站检查", "栏目", "分类", "最近更新", "更新周期", "剩余天数", "状态"):
        assert words in text
    assert "已超期" in text and "人才" in text  # the state in words, not colour alone
    assert "尚未运行过检查" in text


def test_the_page_shows_the_last_runs_findings_and_its_button_runs_the_check(client, editor):
    factories.PlatformFactory(description='<a href="/no-such-page/">坏链接</a>')
    client.force_login(editor)
    assert "立即检查" in client.get(reverse("admin_site_check")).content.decode()
    response = client.post(reverse("admin_site_check"))
    assert response.status_code == 302
    text = client.get(reverse("admin_site_check")).content.decode()
    assert "/no-such-page/" in text and "页面不存在" in text
    assert "外部链接尚未检查" in text


def test_a_read_only_user_reads_the_page_but_cannot_run_the_check(client, viewer):
    from hightech_zone.models import SiteCheckRun

    client.force_login(viewer)
    page = client.get(reverse("admin_site_check"))
    assert page.status_code == 200 and "立即检查" not in page.content.decode()
    assert client.post(reverse("admin_site_check")).status_code == 403
    assert not SiteCheckRun.objects.exists()


def test_the_page_keeps_the_external_findings_of_the_last_run_that_checked_them(client, viewer):
    factories.PlatformFactory()
    report = run_site_check()
    report.findings.append(
        links.Finding(check=EXTERNAL_LINK, message="外部链接 http://gone.test/ 失效", link="x")
    )
    report.external = True
    store_run(report)
    store_run(run_site_check())
    store_run(run_site_check())
    client.force_login(viewer)
    text = client.get(reverse("admin_site_check")).content.decode()
    assert "外部链接 http://gone.test/ 失效" in text and "外部链接的结果来自" in text


def test_the_page_lists_the_first_hundred_of_a_kind_and_counts_the_rest(client, viewer):
    for n in range(103):
        factories.PolicyFactory(title=f"测试缺要素{n:03}")
    store_run(run_site_check())
    client.force_login(viewer)
    text = client.get(reverse("admin_site_check")).content.decode()
    assert "政策文件缺少政务公开要素(103)" in text
    assert "测试缺要素099" in text and "测试缺要素100" not in text
    assert "另有 3 项未列出" in text


def test_the_page_costs_the_same_queries_for_many_records(
    client, viewer, django_assert_max_num_queries
):
    healthy_site()
    client.force_login(viewer)
    store_run(run_site_check())
    # 16 for the columns and the findings, 1 for the 找错 answer times.
    with django_assert_max_num_queries(17):
        page = client.get(reverse("admin_site_check"))
    assert "网站纠错答复情况" in page.content.decode()
    for _ in range(20):
        factories.PolicyFactory(category="reform")
        factories.ProjectFactory(industry="new_energy")
    with django_assert_max_num_queries(17):
        client.get(reverse("admin_site_check"))


def test_each_columns_link_opens_its_records_filtered_to_its_category(client, viewer):
    healthy_site()
    factories.PolicyFactory(category="talent")
    factories.ProjectFactory(industry="biomedicine")
    factories.PlatformFactory(kind="makerspace")
    client.force_login(viewer)
    states = column_states()
    assert {c.column for c in states if c.category} == {
        "indicators",
        "policies",
        "projects",
        "platforms",
    }
    for column in states:
        response = client.get(column.admin_url)
        assert response.status_code == 200, column.admin_url
        assert "?e=" not in response.get("Location", ""), column.admin_url


def test_someone_without_the_roles_is_refused_the_page(client):
    user = factories.UserFactory(is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin_site_check")).status_code == 403


def test_only_a_publisher_sets_intervals(client, editor, publisher):
    url = reverse("admin:hightech_zone_columnschedule_add")
    form = {"column": "policies", "category": "talent", "interval_days": "90"}
    client.force_login(editor)
    assert client.post(url, form).status_code == 403
    client.force_login(publisher)
    assert client.post(url, form).status_code == 302
    schedule = ColumnSchedule.objects.get()
    assert (schedule.category, schedule.interval_days) == ("talent", 90)
    refused = client.post(url, {**form, "interval_days": "0"})
    assert refused.status_code == 200 and "1至3650天" in refused.content.decode()
    assert Project.objects.count() == 0


def test_every_role_reads_the_intervals_list_and_form(client, viewer, publisher):
    schedule = ColumnSchedule.objects.create(column="policies", category="talent", interval_days=9)
    for user in (viewer, publisher):
        client.force_login(user)
        listed = client.get(reverse("admin:hightech_zone_columnschedule_changelist"))
        assert listed.status_code == 200 and "人才" in listed.content.decode()
        form = client.get(reverse("admin:hightech_zone_columnschedule_change", args=[schedule.pk]))
        assert form.status_code == 200
