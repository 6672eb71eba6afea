"""Every change is recorded, any version restores, deleted records come back, no edit is lost."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from hightech_zone import publishing
from hightech_zone.models import IndicatorValue, Project
from tests import factories
from tests.forms import form_data

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def value_form(record, **overrides):
    data = {
        "indicator": record.indicator_id,
        "year": record.year,
        "value": str(record.value),
        "qualifier": record.qualifier,
        "baseline_qualifier": "",
        "growth_pct": str(record.growth_pct),
        "rank": record.rank,
        "rank_scope": record.rank_scope,
        "rank_basis": record.rank_basis,
        "status": record.status,
        "withdrawn_reason": "",
        "note": record.note,
        "source": record.source,
        "loaded_version": record.version,
    }
    data.update(overrides)
    return data


def change_url(record):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


@pytest.fixture
def figure(db):
    """A published figure, read afresh from the database at each call."""
    value = factories.value(value="72.6", growth_pct="15.8", rank=2, rank_scope="全市")
    return lambda: IndicatorValue.objects.get(pk=value.pk)


def test_admin_change_is_recorded_with_who_when_and_what(publisher, figure):
    client = client_for(publisher)
    assert client.post(change_url(figure()), value_form(figure(), value="80.1")).status_code == 302
    latest = figure().history.first()
    assert latest.history_user == publisher
    assert latest.history_type == "~"
    history_page = client.get(
        reverse("admin:hightech_zone_indicatorvalue_history", args=[figure().pk])
    ).content.decode()
    assert "publisher" in history_page
    assert "72.6" in history_page and "80.1" in history_page
    assert "72.6000" not in history_page  # figures as everywhere, not padded


def test_changes_outside_the_admin_are_recorded_too(figure):
    value = figure()
    value.value = 70
    value.save()
    assert value.history.count() == 2  # the version as created, then this one
    assert value.history.first().value == 70


def test_any_version_can_be_restored_from_the_admin(publisher, figure):
    client = client_for(publisher)
    client.post(change_url(figure()), value_form(figure(), value="80.1"))
    client.post(change_url(figure()), value_form(figure(), value="90.2"))
    first = figure().history.get(value=Decimal("80.1"))
    revert_url = reverse(
        "admin:hightech_zone_indicatorvalue_simple_history", args=[figure().pk, first.history_id]
    )
    form = client.get(revert_url).content.decode()
    assert 'value="80.1"' in form
    response = client.post(revert_url, value_form(first.instance, loaded_version=figure().version))
    assert response.status_code == 302
    assert str(figure().value) == "80.1000"


def test_a_deleted_record_is_listed_and_can_be_recovered(publisher):
    client = client_for(publisher)
    project = factories.project(name="测试万达广场")
    pk = project.pk
    delete = reverse("admin:hightech_zone_project_delete", args=[pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Project.objects.filter(pk=pk).exists()

    listing = client.get(reverse("admin:hightech_zone_project_deleted")).content.decode()
    assert "测试万达广场" in listing
    record = Project.history.filter(id=pk, history_type="-").get()
    restore = reverse("admin:hightech_zone_project_simple_history", args=[pk, record.history_id])
    assert restore in listing
    data = form_data(client, restore) | {"_save": [""]}
    assert data["loaded_version"] == ["0"]  # the record did not exist when the form was opened
    response = client.post(restore, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Project.objects.get(pk=pk).name == "测试万达广场"
    listing = client.get(reverse("admin:hightech_zone_project_deleted")).content.decode()
    assert "没有已删除的记录" in listing


def test_second_of_two_concurrent_edits_is_refused_and_shown_what_changed(publisher, editor):
    policy = factories.policy(
        title="测试并发编辑的政策",
        kind="notice",
        category="other",
        year=2090,
        status=factories.DRAFT,
    )
    first, second = client_for(editor), client_for(publisher)
    url = change_url(policy)
    opened = policy.version

    def form(**overrides):
        data = {
            "title": policy.title,
            "index_number": "",
            "doc_number": "",
            "issuing_body": "",
            "kind": "notice",
            "category": "other",
            "validity": "effective",
            "year": 2090,
            "summary": "",
            "body": "",
            "status": "draft",
            "withdrawn_reason": "",
            "loaded_version": opened,
        }
        data.update(overrides)
        return data

    assert first.post(url, form(summary="第一位的修改")).status_code == 302
    response = second.post(url, form(summary="第二位的修改"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "保存失败" in html and "editor" in html
    assert "摘要:— → 第一位的修改" in html
    policy.refresh_from_db()
    assert policy.summary == "第一位的修改"


def test_saving_from_a_fresh_form_after_someone_else_works(publisher, figure):
    value = figure()
    client = client_for(publisher)
    assert client.post(change_url(value), value_form(value, value="75")).status_code == 302
    fresh = figure()
    assert client.post(change_url(fresh), value_form(fresh, value="76")).status_code == 302
    assert str(figure().value) == "76.0000"


def test_history_shows_status_changes_by_their_labels_and_no_none(publisher):
    record = factories.platform(status=factories.PUBLISHED)
    publishing.withdraw(record=record, user=publisher, reason="数据有误")
    record.history.update(history_change_reason=None)
    html = (
        client_for(publisher)
        .get(reverse("admin:hightech_zone_innovationplatform_history", args=[record.pk]))
        .content.decode()
    )
    assert "已发布" in html and "已撤回" in html and "数据有误" in html
    assert "published" not in html and "withdrawn" not in html
    assert "None" not in html
