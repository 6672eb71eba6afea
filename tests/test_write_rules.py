"""Every write path obeys the roles: 只读 never writes, 编辑 never makes anything public,
审核发布 publishes. Each path is posted as a browser posts it (the page's own form, CSRF token
and version included); the database and the public pages are checked afterwards."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hightech_zone.models import (
    IndicatorValue,
    Project,
    ProjectProgress,
    PublicationStatus,
    ReportSection,
)
from tests import factories
from tests.forms import (
    admin_url,
    browser,
    form_data,
    post_blind,
    public_text,
    read_form,
    reload,
    submit,
)
from tests.test_import_admin import xlsx_bytes

pytestmark = pytest.mark.django_db

PUBLISHED, DRAFT = PublicationStatus.PUBLISHED, PublicationStatus.DRAFT


def change_url(record):
    return admin_url(record, "change", record.pk)


def revert_url(record, version):
    return admin_url(record, "simple_history", record.pk, version.history_id)


def reported(value):
    """A published report whose text cites ``value``; returns its public address."""
    report = factories.report(year=value.year)
    factories.section(report=report, body=f"本年实现[[{value.indicator.code}]]。")
    return report.get_absolute_url()


def changed_by(client_user, record, **fields):
    """Change ``record`` through its own admin page, as ``client_user`` (a publisher)."""
    response = submit(browser(client_user), change_url(record), fields)
    assert response.status_code == 302, response.content.decode()[-3000:]
    return reload(record)


# --- The change form ------------------------------------------------------------------------


def test_a_viewer_cannot_change_a_record_even_with_a_complete_form(viewer, publisher):
    value = factories.value(value=100)
    url = reported(value)
    data = form_data(browser(publisher), change_url(value)) | {"value": ["999"]}
    response = post_blind(browser(viewer), change_url(value), data)
    assert response.status_code == 403
    assert reload(value).value == 100
    assert "999" not in public_text(url) and "100亿元" in public_text(url)


def test_an_editor_changes_a_draft_and_it_stays_off_the_portal(editor):
    value = factories.value(status=DRAFT, value=100)
    response = submit(browser(editor), change_url(value), {"value": "120"})
    assert response.status_code == 302
    assert reload(value).value == 120 and reload(value).status == DRAFT
    assert "120" not in public_text(value.indicator.get_absolute_url())


def test_an_editor_cannot_change_a_published_record(editor, publisher):
    value = factories.value(value=100)
    url = reported(value)
    data = form_data(browser(publisher), change_url(value)) | {"value": ["999"]}
    assert post_blind(browser(editor), change_url(value), data).status_code == 403
    assert reload(value).value == 100
    assert "100亿元" in public_text(url)


def test_an_editor_cannot_publish_by_adding_a_status_to_the_form(editor):
    value = factories.value(status=DRAFT, value=100)
    url = reported(value)
    response = submit(browser(editor), change_url(value), {"value": "130"})
    assert response.status_code == 302
    data = form_data(browser(editor), change_url(value)) | {"status": ["published"]}
    assert post_blind(browser(editor), change_url(value), data).status_code == 302
    assert reload(value).status == DRAFT
    assert "130" not in public_text(url)


def test_a_publisher_changes_a_published_figure_and_the_report_shows_it(publisher):
    value = factories.value(value=100)
    url = reported(value)
    assert changed_by(publisher, value, value="105.5").value == Decimal("105.5")
    assert "105.5亿元" in public_text(url)


def test_a_save_without_the_version_it_was_opened_at_is_refused(publisher):
    value = factories.value(value=100)
    data = form_data(browser(publisher), change_url(value)) | {"value": ["150"]}
    data.pop("loaded_version")
    response = post_blind(browser(publisher), change_url(value), data)
    assert response.status_code == 200
    assert "没有注明是在哪个版本上修改的" in response.content.decode()
    assert reload(value).value == 100


def test_a_publication_through_the_form_records_who_published(publisher):
    value = factories.value(status=DRAFT)
    saved = changed_by(publisher, value, status="published")
    assert saved.status == PUBLISHED
    assert saved.published_by == publisher and saved.published_at is not None


# --- The add form ---------------------------------------------------------------------------


def test_an_editor_adds_drafts_only_whatever_the_post_says(editor):
    client = browser(editor)
    url = admin_url(Project, "add")
    data = form_data(client, url) | {"name": ["测试编辑新增的项目"], "status": ["published"]}
    data["_save"] = [""]
    assert client.post(url, data).status_code == 302
    project = Project.objects.get(name="测试编辑新增的项目")
    assert project.status == DRAFT and project.published_by is None
    assert "测试编辑新增的项目" not in public_text("/projects/")


def test_a_viewer_cannot_add(viewer, publisher):
    url = admin_url(Project, "add")
    data = form_data(browser(publisher), url) | {"name": ["测试只读新增的项目"]}
    assert post_blind(browser(viewer), url, data).status_code == 403
    assert not Project.objects.filter(name="测试只读新增的项目").exists()


# --- Inline rows ----------------------------------------------------------------------------


def inline_value_changes(indicator, row, **fields):
    """Changes to row ``row`` of an indicator's inline values, as field names of the page."""
    return {f"values-{row}-{name}": value for name, value in fields.items()}


def test_an_editor_cannot_change_a_published_value_through_a_draft_indicators_inline(
    editor,
):
    indicator = factories.indicator(status=DRAFT)
    factories.value(indicator=indicator, value=100, status=PUBLISHED)
    changes = inline_value_changes(indicator, 0, value="999")
    response = submit(browser(editor), change_url(indicator), changes)
    assert response.status_code == 200
    assert "已公开,只有审核发布人员可以修改或删除" in response.content.decode()
    assert indicator.values.get().value == 100


def test_an_editor_adds_inline_values_as_drafts(editor):
    indicator = factories.indicator(status=DRAFT)
    page = browser(editor).get(change_url(indicator)).content.decode()
    assert 'name="values-0-status"' not in page  # the state is not the editor's to set
    client = browser(editor)
    data = form_data(client, change_url(indicator))
    data |= {
        "values-TOTAL_FORMS": ["1"],
        "values-0-year": ["2091"],
        "values-0-value": ["7"],
        "values-0-status": ["published"],
        "_save": [""],
    }
    assert client.post(change_url(indicator), data).status_code == 302
    assert indicator.values.get().status == DRAFT


def test_a_publisher_publishes_through_an_inline_and_is_recorded_as_publisher(publisher):
    indicator = factories.indicator()
    value = factories.value(indicator=indicator, status=DRAFT)
    response = submit(browser(publisher), change_url(indicator), {"values-0-status": "published"})
    assert response.status_code == 302
    value = reload(value)
    assert value.status == PUBLISHED and value.published_by == publisher


def test_an_editor_cannot_add_a_section_to_a_published_report_through_its_page(editor):
    report = factories.report()
    data = form_data(browser(editor), change_url(report))
    data |= {"sections-TOTAL_FORMS": ["1"], "sections-0-order": ["1"]}
    data |= {"sections-0-heading": ["偷偷加的"], "sections-0-body": ["正文"]}
    assert post_blind(browser(editor), change_url(report), data).status_code == 403
    assert not report.sections.exists()


# --- Revert to a version (the history form) -------------------------------------------------


def versions(record):
    return list(record.history.order_by("history_date", "history_id"))


def test_a_viewer_cannot_revert_a_record(viewer, publisher):
    value = factories.value(value=100)
    url = reported(value)
    first = versions(value)[0]
    value = changed_by(publisher, value, value="120")
    page = browser(viewer).get(revert_url(value, first))
    assert page.status_code == 200  # a viewer may look at old versions
    assert 'name="_save"' not in page.content.decode()
    data = form_data(browser(publisher), revert_url(value, first))
    assert post_blind(browser(viewer), revert_url(value, first), data).status_code == 403
    assert reload(value).value == 120 and "120亿元" in public_text(url)


def test_an_editors_revert_to_a_published_version_leaves_the_record_a_draft(editor, publisher):
    value = factories.value(value=100, status=PUBLISHED)
    url = reported(value)
    published_version = versions(value)[0]
    submit(browser(publisher), change_url(value), {"status": "draft"})
    value = changed_by(editor, value, value="110")
    response = submit(browser(editor), revert_url(value, published_version))
    assert response.status_code == 302
    value = reload(value)
    assert value.value == 100 and value.status == DRAFT
    assert "100亿元" not in public_text(url)


def test_an_editor_cannot_revert_a_published_record(editor, publisher):
    value = factories.value(value=100)
    first = versions(value)[0]
    value = changed_by(publisher, value, value="120")
    data = form_data(browser(publisher), revert_url(value, first))
    assert post_blind(browser(editor), revert_url(value, first), data).status_code == 403
    assert reload(value).value == 120


def test_a_publishers_revert_restores_the_old_figure_as_a_new_version(publisher):
    value = factories.value(value=100)
    url = reported(value)
    first = versions(value)[0]
    value = changed_by(publisher, value, value="120")
    before = value.version
    response = submit(browser(publisher), revert_url(value, first))
    assert response.status_code == 302, response.content.decode()[-2000:]
    value = reload(value)
    assert value.value == 100 and value.status == PUBLISHED
    assert value.version == before + 1
    latest = value.history.first()
    assert latest.history_user == publisher
    assert latest.history_change_reason.startswith(f"恢复为第{first.version}版")
    assert "100亿元" in public_text(url)
    history = browser(publisher).get(admin_url(value, "history", value.pk)).content.decode()
    assert f"恢复为第{first.version}版" in history


def test_a_publishers_revert_to_a_draft_version_keeps_the_record_published(publisher):
    value = factories.value(value=100, status=DRAFT)
    draft_version = versions(value)[0]
    value = changed_by(publisher, value, value="120", status="published")
    url = reported(value)
    assert submit(browser(publisher), revert_url(value, draft_version)).status_code == 302
    value = reload(value)
    assert value.status == PUBLISHED and value.value == 100
    assert "100亿元" in public_text(url)


def test_a_revert_over_a_newer_change_is_refused(publisher, editor):
    value = factories.value(value=100, status=DRAFT)
    first = versions(value)[0]
    value = changed_by(publisher, value, value="120")
    client = browser(publisher)
    data = form_data(client, revert_url(value, first))
    changed_by(editor, value, value="130")
    data["_save"] = [""]
    response = client.post(revert_url(value, first), data)
    assert response.status_code == 200
    assert "保存失败" in response.content.decode() and "editor" in response.content.decode()
    assert reload(value).value == 130


def test_a_revert_brings_back_a_sections_relations(publisher):
    report = factories.report(status=DRAFT)
    first_indicator, second_indicator = factories.indicator(), factories.indicator()
    part = factories.section(report=report)
    part.indicators.set([first_indicator])
    linked = part.history.order_by("-history_id").first()  # the version holding the relation
    part.indicators.set([second_indicator])
    part = reload(part)
    response = submit(browser(publisher), revert_url(part, linked))
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert list(reload(part).indicators.all()) == [first_indicator]


def test_a_revert_of_a_junk_address_is_not_found(publisher):
    client = browser(publisher)
    value = factories.value()
    listing = admin_url(value, "changelist")
    assert client.get(f"{listing}{value.pk}/history/abc/").status_code == 404
    assert client.get(f"{listing}{value.pk}/history/99999999999999999999/").status_code == 404
    assert client.get(f"{listing}abc/history/1/").status_code == 404


# --- Restore of a deleted record ------------------------------------------------------------


def deleted(record, user):
    client = browser(user)
    response = submit(client, admin_url(record, "delete", record.pk), button=None)
    assert response.status_code == 302
    deletions = record._meta.model.history.filter(id=record.pk, history_type="-")
    return deletions.order_by("-history_id").first()


def last_version_before_deletion(record):
    return record._meta.model.history.filter(id=record.pk).exclude(history_type="-").first()


def test_a_viewer_cannot_restore_a_deleted_record(viewer, publisher):
    project = factories.project(name="测试删除后恢复的项目")
    version = deleted(project, publisher)
    restore = revert_url(project, version)
    data = form_data(browser(publisher), restore)
    assert post_blind(browser(viewer), restore, data).status_code == 403
    assert not Project.objects.filter(pk=project.pk).exists()


def test_an_editor_restores_a_deleted_published_record_as_a_draft(editor, publisher):
    project = factories.project(name="测试编辑恢复的项目")
    version = deleted(project, publisher)
    response = submit(browser(editor), revert_url(project, version))
    assert response.status_code == 302, response.content.decode()[-2000:]
    restored = Project.objects.get(pk=project.pk)
    assert restored.status == DRAFT and restored.published_by is None
    assert "测试编辑恢复的项目" not in public_text("/projects/")


def test_a_publisher_restores_a_deleted_record_published_with_a_newer_version(publisher):
    project = factories.project(name="测试审核恢复的项目")
    project = changed_by(publisher, project, summary="改过一次")
    last = project.version
    version = deleted(project, publisher)
    response = submit(browser(publisher), revert_url(project, version))
    assert response.status_code == 302, response.content.decode()[-2000:]
    restored = Project.objects.get(pk=project.pk)
    assert restored.status == PUBLISHED and restored.published_by == publisher
    assert restored.summary == "改过一次" and restored.version > last
    assert "测试审核恢复的项目" in public_text("/projects/")


def test_a_second_restore_of_the_same_record_is_refused(publisher):
    project = factories.project(name="测试恢复两次的项目")
    version = deleted(project, publisher)
    first, second = browser(publisher), browser(publisher)
    data = form_data(second, revert_url(project, version)) | {"_save": [""]}
    assert submit(first, revert_url(project, version)).status_code == 302
    response = second.post(revert_url(project, version), data)
    assert response.status_code == 200 and "保存失败" in response.content.decode()
    assert Project.objects.filter(pk=project.pk).count() == 1


def test_an_editor_cannot_restore_a_section_into_a_published_report(editor, publisher):
    report = factories.report()
    part = factories.section(report=report, heading="被删除的章节")
    version = deleted(part, publisher)
    response = submit(browser(editor), revert_url(part, version))
    assert response.status_code == 200
    assert "只有审核发布人员可以新增、修改或删除" in response.content.decode()
    assert not ReportSection.objects.filter(pk=part.pk).exists()


# --- Actions of the list --------------------------------------------------------------------


def act(user, model, action, records):
    client = browser(user)
    url = admin_url(model, "changelist")
    changes = {"action": action, "_selected_action": [r.pk for r in records]}
    page = client.get(url)
    if page.status_code != 200:
        return page
    form = read_form(page.content.decode(), "changelist-form")
    data = form.data(changes) | {"index": ["0"]}
    if "action" not in form.names:  # the page offers no actions: post them anyway
        data["action"] = [action]
    return client.post(url, data)


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_only_publishers_publish_by_action(role, request, publisher):
    user = request.getfixturevalue(role)
    project = factories.project(name="测试等待发布的项目", status=DRAFT)
    act(user, Project, "publish_selected", [project])
    assert reload(project).status == DRAFT
    assert "测试等待发布的项目" not in public_text("/projects/")
    act(publisher, Project, "publish_selected", [project])
    assert reload(project).status == PUBLISHED
    assert "测试等待发布的项目" in public_text("/projects/")


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_only_publishers_delete_by_action(role, request):
    user = request.getfixturevalue(role)
    project = factories.project(name="测试不该被删的项目")
    act(user, Project, "delete_selected", [project])
    client = browser(user)
    url = admin_url(Project, "changelist")
    post_blind(
        client,
        url,
        {"action": ["delete_selected"], "_selected_action": [project.pk], "post": ["yes"]},
    )
    assert Project.objects.filter(pk=project.pk).exists()


# --- Imports --------------------------------------------------------------------------------


def import_values(user, rows):
    """Preview and confirm an import of indicator values, as the admin's pages do."""
    client = browser(user)
    url = admin_url(IndicatorValue, "import")
    text = "指标,年度,数值\r\n" + "".join(f"{c},{y},{v}\r\n" for c, y, v in rows)
    upload = SimpleUploadedFile("数值.csv", text.encode("gbk"), content_type="text/csv")
    page = submit(client, url, {"format": "0"}, button=None, files={"import_file": upload})
    if page.status_code != 200 or "process_import" not in page.content.decode():
        return page
    return confirm_on(client, page, url)


def confirm_on(client, page, url):
    """Send the confirmation form of a preview page (its first form), as the button does."""
    form = read_form(page.content.decode())
    return client.post(form.action or url, form.data())


def test_a_viewer_cannot_import(viewer):
    assert browser(viewer).get(admin_url(IndicatorValue, "import")).status_code == 403


def test_an_editors_import_that_changes_a_published_figure_is_refused_whole(editor):
    public = factories.value(value=100)
    draft = factories.value(value=5, status=DRAFT)
    url = reported(public)
    rows = [(draft.indicator.code, 2090, 6), (public.indicator.code, 2090, 999)]
    page = import_values(editor, rows).content.decode()
    assert "已公开,只有审核发布人员可以通过导入修改" in page
    assert reload(public).value == 100 and reload(draft).value == 5
    assert "999" not in public_text(url)


def test_an_editors_import_creates_drafts_only(editor):
    indicator = factories.indicator()
    response = import_values(editor, [(indicator.code, 2091, 42)])
    assert response.status_code == 302
    assert indicator.values.get(year=2091).status == DRAFT


def test_a_publishers_import_changes_a_published_figure_on_the_portal(publisher):
    public = factories.value(value=100)
    url = reported(public)
    assert import_values(publisher, [(public.indicator.code, 2090, 101)]).status_code == 302
    assert reload(public).value == 101 and "101亿元" in public_text(url)


def workbook_import(user, sheets):
    client = browser(user)
    upload = SimpleUploadedFile("全部.xlsx", xlsx_bytes(sheets))
    page = submit(client, "/admin/workbook/", button=None, files={"workbook": upload})
    if page.status_code != 200 or 'name="pending"' not in page.content.decode():
        return page
    return confirm_on(client, page, "/admin/workbook/")


def test_an_editors_workbook_that_changes_a_published_figure_is_refused_whole(editor):
    public = factories.value(value=100)
    sheets = {"指标数值": [["指标", "年度", "数值"], [public.indicator.code, 2090, 999]]}
    page = workbook_import(editor, sheets).content.decode()
    assert "已公开" in page
    assert reload(public).value == 100


def test_a_viewer_cannot_import_a_workbook(viewer, publisher):
    public = factories.value(value=100)
    sheets = {"指标数值": [["指标", "年度", "数值"], [public.indicator.code, 2090, 999]]}
    data = {"workbook": SimpleUploadedFile("全部.xlsx", xlsx_bytes(sheets))}
    response = post_blind(browser(viewer), "/admin/workbook/", data)
    assert response.status_code == 200
    assert "您没有导入以下记录的权限:指标数值" in response.content.decode()
    assert reload(public).value == 100


def test_a_viewer_cannot_confirm_an_import_someone_else_previewed(viewer, publisher):
    public = factories.value(value=100)
    client = browser(publisher)
    upload = SimpleUploadedFile(
        "数值.csv", f"指标,年度,数值\r\n{public.indicator.code},2090,5\r\n".encode("gbk")
    )
    url = admin_url(IndicatorValue, "import")
    page = submit(client, url, {"format": "0"}, button=None, files={"import_file": upload})
    confirmation = read_form(page.content.decode())
    response = post_blind(browser(viewer), confirmation.action, confirmation.data())
    assert response.status_code == 403
    assert reload(public).value == 100


def test_a_publishers_workbook_changes_a_published_figure(publisher):
    public = factories.value(value=100)
    url = reported(public)
    sheets = {"指标数值": [["指标", "年度", "数值"], [public.indicator.code, 2090, 77]]}
    assert workbook_import(publisher, sheets).status_code == 302
    assert reload(public).value == 77 and "77亿元" in public_text(url)


# --- The admins of parts: report sections and project progress -----------------------------


def test_an_editor_cannot_add_a_section_to_a_published_report(editor):
    report = factories.report()
    url = admin_url(ReportSection, "add")
    data = form_data(browser(editor), url)
    data |= {"report": [report.pk], "order": ["1"], "heading": ["编辑加的章节"]}
    data |= {"body": ["不该公开的段落"], "_save": [""]}
    client = browser(editor)
    client.get(url)
    data["csrfmiddlewaretoken"] = [client.cookies["csrftoken"].value]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "只有审核发布人员可以新增、修改或删除" in response.content.decode()
    assert not report.sections.exists()
    assert "不该公开的段落" not in public_text(report.get_absolute_url())


def test_an_editor_cannot_move_a_draft_section_into_a_published_report(editor):
    public, draft = factories.report(), factories.report(status=DRAFT)
    part = factories.section(report=draft, body="草稿段落")
    response = submit(browser(editor), change_url(part), {"report": str(public.pk)})
    assert response.status_code == 200
    assert reload(part).report == draft
    assert "草稿段落" not in public_text(public.get_absolute_url())


def test_an_editor_cannot_change_or_add_progress_of_a_published_project(editor, publisher):
    project = factories.project()
    row = factories.progress(project=project, progress="原进展")
    data = form_data(browser(publisher), change_url(row)) | {"progress": ["改了的进展"]}
    assert post_blind(browser(editor), change_url(row), data).status_code == 403
    assert reload(row).progress == "原进展"
    url = admin_url(ProjectProgress, "add")
    response = submit(
        browser(editor),
        url,
        {"project": str(project.pk), "year": "2091", "stage": "signed", "progress": "新进展"},
    )
    assert response.status_code == 200
    assert not project.progress.filter(year=2091).exists()
    assert "新进展" not in public_text(project.get_absolute_url())


def test_an_editor_works_freely_on_the_sections_of_a_draft_report(editor):
    report = factories.report(status=DRAFT)
    part = factories.section(report=report)
    response = submit(browser(editor), change_url(part), {"body": "编辑修改的正文"})
    assert response.status_code == 302
    assert reload(part).body == "编辑修改的正文"


def test_a_publisher_adds_a_section_to_a_published_report_and_it_shows(publisher):
    report = factories.report()
    response = submit(
        browser(publisher),
        admin_url(ReportSection, "add"),
        {"report": str(report.pk), "order": "1", "heading": "新章节", "body": "审核通过的段落"},
    )
    assert response.status_code == 302
    assert "审核通过的段落" in public_text(report.get_absolute_url())


def test_an_editor_cannot_revert_a_section_of_a_published_report(editor, publisher):
    report = factories.report()
    part = factories.section(report=report, body="第一版")
    first = versions(part)[0]
    part = changed_by(publisher, part, body="第二版")
    data = form_data(browser(publisher), revert_url(part, first))
    assert post_blind(browser(editor), revert_url(part, first), data).status_code == 403
    assert reload(part).body == "第二版"


def test_every_change_form_carries_the_version_it_was_opened_at(publisher):
    """A form without it could never be saved: each admin must show the hidden field."""
    records = [
        factories.value(),
        factories.indicator(),
        factories.platform(),
        factories.project(),
        factories.report(),
    ]
    part = factories.section(report=records[-1])
    row = factories.progress(project=records[3])
    for record in [*records, part, row]:
        page = browser(publisher).get(change_url(record)).content.decode()
        assert 'name="loaded_version"' in page, type(record).__name__


@pytest.mark.django_db(transaction=True)
def test_a_publishers_revert_and_restore_work_with_each_request_its_own_transaction():
    """As on a server: no test transaction around the request (PostgreSQL's row lock, which
    the staleness check takes, needs the view's own transaction)."""
    from django.contrib.auth.models import Permission, User

    user = User.objects.create_user(username="txn-publisher", password="x-不易猜到-2017")
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="hightech_zone"))
    value = factories.value(value=100)
    url = reported(value)
    first = versions(value)[0]
    value = changed_by(user, value, value="120")
    assert submit(browser(user), revert_url(value, first)).status_code == 302
    assert reload(value).value == 100 and "100亿元" in public_text(url)

    project = factories.project(name="测试事务中恢复的项目")
    version = deleted(project, user)
    assert submit(browser(user), revert_url(project, version)).status_code == 302
    assert Project.objects.filter(pk=project.pk).exists()


def test_a_refusal_is_explained_in_chinese(viewer, publisher):
    value = factories.value()
    data = form_data(browser(publisher), change_url(value))
    response = post_blind(browser(viewer), change_url(value), data)
    assert response.status_code == 403
    assert (
        "没有权限" in response.content.decode()
        and "没有任何内容被修改" in response.content.decode()
    )


def test_a_form_sent_without_its_csrf_token_is_refused_in_chinese(publisher):
    value = factories.value(value=100)
    data = form_data(browser(publisher), change_url(value)) | {"value": ["1"]}
    data.pop("csrfmiddlewaretoken")
    client = browser(publisher)
    response = client.post(change_url(value), data)
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()
    assert reload(value).value == 100


def test_a_record_deleted_twice_is_listed_once_and_restores_its_last_version(publisher):
    project = factories.project(name="测试删除两次的项目")
    deleted(project, publisher)
    submit(browser(publisher), revert_url(project, last_version_before_deletion(project)))
    project = changed_by(publisher, Project.objects.get(pk=project.pk), summary="第二次的内容")
    last = deleted(project, publisher)
    listing = browser(publisher).get(admin_url(Project, "deleted")).content.decode()
    assert listing.count("测试删除两次的项目") == 1
    assert revert_url(project, last) in listing
    assert submit(browser(publisher), revert_url(project, last)).status_code == 302
    assert Project.objects.get(pk=project.pk).summary == "第二次的内容"


@pytest.mark.parametrize(
    "junk",
    [
        {"loaded_version": "abc"},
        {"loaded_version": "-1"},
        {"loaded_version": "99999999999999999999"},
        {"status": "bogus"},
        {"indicator": "abc"},
        {"year": "99999999999999999999"},
        {"value": "NaN"},
    ],
)
def test_junk_posted_to_a_revert_is_refused_and_changes_nothing(junk, publisher):
    value = factories.value(value=100)
    first = versions(value)[0]
    value = changed_by(publisher, value, value="120")
    client = browser(publisher)
    data = form_data(client, revert_url(value, first)) | {k: [v] for k, v in junk.items()}
    data["_save"] = [""]
    response = client.post(revert_url(value, first), data)
    assert response.status_code == 200
    assert reload(value).value == 120 and reload(value).version == value.version


def test_junk_posted_to_a_restore_is_refused_and_restores_nothing(publisher):
    part = factories.section(report=factories.report(status=DRAFT))
    version = deleted(part, publisher)
    client = browser(publisher)
    data = form_data(client, revert_url(part, version))
    data |= {"indicators": ["abc", "99999999999999999999"], "report": ["-5"], "_save": [""]}
    response = client.post(revert_url(part, version), data)
    assert response.status_code == 200
    assert not ReportSection.objects.filter(pk=part.pk).exists()


def records_with_relation_fields():
    report, project = factories.report(status=DRAFT), factories.project(status=DRAFT)
    factories.section(report=report)
    return [
        (factories.value(status=DRAFT), ["indicator"]),
        (factories.indicator(status=DRAFT), ["parent"]),
        (factories.project(status=DRAFT), ["platform"]),
        (factories.section(report=report), ["report", "indicators", "projects", "policies"]),
        (factories.progress(project=project), ["project"]),
        (report, ["sections-0-indicators", "sections-0-platforms"]),
    ]


@pytest.mark.slow
@pytest.mark.parametrize("junk", ["abc", "-1", "99999999999999999999", "1.5"])
def test_junk_ids_in_relation_fields_are_a_form_error_not_a_500(junk, publisher):
    for record, fields in records_with_relation_fields():
        for field in fields:
            client = browser(publisher)
            data = form_data(client, change_url(record)) | {field: [junk], "_save": [""]}
            response = client.post(change_url(record), data)
            assert response.status_code == 200, (type(record).__name__, field)
            assert reload(record).version == record.version
