"""Editors propose changes to public records; the public sees them only once a publisher
has compared and published them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hightech_zone.models import IndicatorValue, Revision, RevisionState
from tests import factories
from tests.forms import admin_url, browser, form_data, post_blind, public_text, reload, submit

pytestmark = pytest.mark.django_db

PUBLISHED, DRAFT = factories.PUBLISHED, factories.DRAFT


def propose_url(record):
    return admin_url(record, "propose", record.pk)


def review_url(revision):
    return reverse("admin:hightech_zone_revision_change", args=[revision.pk])


def reported(value):
    report = factories.report(year=value.year)
    factories.section(report=report, body=f"本年实现[[{value.indicator.code}]]。")
    return report.get_absolute_url()


def proposed(user, record, note="依据统计局年报更正", **changes):
    response = submit(
        browser(user),
        propose_url(record),
        {**changes, "revision_note": note},
        button=("_propose", ""),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    return Revision.objects.latest("proposed_at")


def test_an_editors_proposal_stays_invisible_until_a_publisher_publishes_it(editor, publisher):
    value = factories.value(value=100)
    url = reported(value)
    revision = proposed(editor, value, value="120")
    assert revision.state == RevisionState.PENDING and revision.proposed_by == editor
    assert reload(value).value == 100 and reload(value).version == value.version
    assert "100亿元" in public_text(url) and "120亿元" not in public_text(url)

    page = browser(publisher).get(review_url(revision)).content.decode()
    assert "依据统计局年报更正" in page
    assert "<del>100</del>" in page and "<ins>120</ins>" in page
    response = submit(browser(publisher), review_url(revision), button=("_publish", ""))
    assert response.status_code == 302
    value = reload(value)
    assert value.value == 120 and value.status == PUBLISHED
    assert "120亿元" in public_text(url)
    latest = value.history.first()
    assert latest.history_user == publisher
    assert latest.history_change_reason == f"发布修订草稿 #{revision.pk}(由editor提出)"
    revision = reload(revision)
    assert revision.state == RevisionState.PUBLISHED and revision.reviewed_by == publisher


def test_the_change_page_offers_a_proposal_only_to_those_who_cannot_change_it(
    editor, publisher, viewer
):
    value = factories.value()
    url = admin_url(value, "change", value.pk)
    assert propose_url(value) in browser(editor).get(url).content.decode()
    assert propose_url(value) not in browser(publisher).get(url).content.decode()
    assert propose_url(value) not in browser(viewer).get(url).content.decode()
    draft = factories.value(status=DRAFT, year=2091, indicator=value.indicator)
    assert (
        propose_url(draft)
        not in browser(editor).get(admin_url(draft, "change", draft.pk)).content.decode()
    )


def test_a_viewer_cannot_propose(viewer, editor):
    value = factories.value()
    assert browser(viewer).get(propose_url(value)).status_code == 403
    data = form_data(browser(editor), propose_url(value)) | {"value": ["1"], "_propose": [""]}
    assert post_blind(browser(viewer), propose_url(value), data).status_code == 403
    assert not Revision.objects.exists()


def test_a_draft_is_changed_not_proposed(editor):
    draft = factories.value(status=DRAFT)
    assert browser(editor).get(propose_url(draft)).status_code == 403


def test_an_editor_cannot_publish_or_reject_a_revision(editor):
    value = factories.value(value=100)
    revision = proposed(editor, value, value="120")
    page = browser(editor).get(review_url(revision)).content.decode()
    assert 'name="_publish"' not in page and 'name="_reject"' not in page
    for button in ("_publish", "_reject"):
        response = post_blind(
            browser(editor), review_url(revision), {button: [""], "review_note": ["x"]}
        )
        assert response.status_code == 403
    assert reload(value).value == 100 and reload(revision).state == RevisionState.PENDING


def test_a_revision_made_before_a_newer_change_cannot_be_published(editor, publisher):
    value = factories.value(value=100)
    revision = proposed(editor, value, value="120")
    submit(browser(publisher), admin_url(value, "change", value.pk), {"note": "改了备注"})
    page = browser(publisher).get(review_url(revision)).content.decode()
    assert "不能直接发布" in page and 'name="_publish"' not in page
    response = post_blind(browser(publisher), review_url(revision), {"_publish": [""]})
    assert response.status_code == 200 and "覆盖那些修改" in response.content.decode()
    assert reload(value).value == 100 and reload(revision).state == RevisionState.PENDING


def test_a_rejection_needs_a_reason_and_leaves_the_record_as_it_is(editor, publisher):
    value = factories.value(value=100)
    revision = proposed(editor, value, value="120")
    client = browser(publisher)
    response = submit(client, review_url(revision), {"review_note": ""}, button=("_reject", ""))
    assert response.status_code == 200 and "必须填写审核意见" in response.content.decode()
    assert reload(revision).state == RevisionState.PENDING
    response = submit(
        client, review_url(revision), {"review_note": "数据来源不明"}, button=("_reject", "")
    )
    assert response.status_code == 302
    revision = reload(revision)
    assert revision.state == RevisionState.REJECTED and revision.review_note == "数据来源不明"
    assert reload(value).value == 100
    page = client.get(review_url(revision)).content.decode()
    assert 'name="_publish"' not in page and "数据来源不明" in page


def test_only_the_proposer_takes_a_revision_back(editor, publisher):
    from tests.conftest import user_in_role

    other = user_in_role("编辑", "another-editor")
    value = factories.value()
    revision = proposed(editor, value, value="120")
    assert 'name="_cancel"' not in browser(other).get(review_url(revision)).content.decode()
    assert post_blind(browser(other), review_url(revision), {"_cancel": [""]}).status_code == 403
    assert submit(browser(editor), review_url(revision), button=("_cancel", "")).status_code == 302
    assert reload(revision).state == RevisionState.CANCELLED


def test_a_proposal_that_changes_nothing_is_refused(editor):
    value = factories.value()
    response = submit(browser(editor), propose_url(value), button=("_propose", ""))
    assert response.status_code == 200 and "没有任何修改" in response.content.decode()
    assert not Revision.objects.exists()


def test_a_proposal_is_validated_like_a_save(editor):
    value = factories.value()
    response = submit(browser(editor), propose_url(value), {"value": "-5"}, button=("_propose", ""))
    assert response.status_code == 200
    assert not Revision.objects.exists()


def test_a_section_of_a_published_report_is_revised_relations_included(editor, publisher):
    report = factories.report()
    first, second = factories.indicator(name="第一个指标"), factories.indicator(name="第二个指标")
    part = factories.section(report=report, body="旧的段落。")
    part.indicators.set([first])
    revision = proposed(editor, reload(part), body="新的段落。", indicators=[str(second.pk)])
    assert "旧的段落" in public_text(report.get_absolute_url())
    page = browser(publisher).get(review_url(revision)).content.decode()
    assert "<del>第一个指标" in page and "<ins>第二个指标" in page
    assert (
        submit(browser(publisher), review_url(revision), button=("_publish", "")).status_code == 302
    )
    part = reload(part)
    assert part.body == "新的段落。" and list(part.indicators.all()) == [second]
    assert "新的段落" in public_text(report.get_absolute_url())


def test_a_decided_revision_cannot_be_decided_again(editor, publisher):
    value = factories.value(value=100)
    revision = proposed(editor, value, value="120")
    submit(browser(publisher), review_url(revision), button=("_publish", ""))
    response = post_blind(
        browser(publisher), review_url(revision), {"_reject": [""], "review_note": ["x"]}
    )
    assert response.status_code == 403
    assert reload(revision).state == RevisionState.PUBLISHED


def test_a_publisher_sees_pending_revisions_on_the_records_page(editor, publisher):
    value = factories.value()
    proposed(editor, value, value="120")
    page = browser(publisher).get(admin_url(value, "change", value.pk)).content.decode()
    assert "待审核的修订草稿(1)" in page
    listing = browser(publisher).get(
        reverse("admin:hightech_zone_revision_changelist"),
        {"object_id": value.pk, "state__exact": "pending"},
    )
    assert listing.status_code == 200 and str(value) in listing.content.decode()


def test_a_published_revision_keeps_the_figure_exact(editor, publisher):
    value = factories.value(value="100.5")
    revision = proposed(editor, value, value="100.25")
    submit(browser(publisher), review_url(revision), button=("_publish", ""))
    assert IndicatorValue.objects.get(pk=value.pk).value == Decimal("100.25")
