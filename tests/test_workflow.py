"""Roles, and the draft -> published -> withdrawn workflow, enforced on the server."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from hightech_zone import publishing
from hightech_zone.models import PolicyDocument, PublicationStatus, zone_data_models
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED, WITHDRAWN = (
    PublicationStatus.DRAFT,
    PublicationStatus.PUBLISHED,
    PublicationStatus.WITHDRAWN,
)


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def admin_url(model, action, *args):
    return reverse(f"admin:hightech_zone_{model._meta.model_name}_{action}", args=args)


def draft_policy():
    return factories.policy(title="测试草稿政策", status=DRAFT, category="other")


@pytest.fixture
def site(db):
    """A zone with a published report and policy, and a draft policy."""
    report = factories.report()
    factories.section(report=report, body="测试科技创新。")
    return {
        "zone": factories.zone(),
        "report": report,
        "published": factories.policy(title="测试科技园优惠政策"),
        "draft": draft_policy(),
    }


# --- The permission matrix ----------------------------------------------------------------


def matrix_cases():
    """(description, method, url builder given the site's records, expected status per role)."""
    return [
        ("admin index", "get", lambda s: reverse("admin:index"), (302, 200, 200, 200)),
        *[
            (
                f"{m.__name__} changelist",
                "get",
                lambda s, m=m: admin_url(m, "changelist"),
                (302, 200, 200, 200),
            )
            for m in zone_data_models()
        ],
        (
            "add policy page",
            "get",
            lambda s: admin_url(PolicyDocument, "add"),
            (302, 403, 200, 200),
        ),
        (
            "change draft policy page",
            "get",
            lambda s: admin_url(PolicyDocument, "change", s["draft"].pk),
            (302, 200, 200, 200),  # viewers see a read-only page
        ),
        (
            "history of a policy",
            "get",
            lambda s: admin_url(PolicyDocument, "history", s["published"].pk),
            (302, 200, 200, 200),
        ),
        (
            "delete published policy",
            "get",
            lambda s: admin_url(PolicyDocument, "delete", s["published"].pk),
            (302, 403, 403, 200),
        ),
        (
            "consistency check",
            "get",
            lambda s: reverse("admin_consistency"),
            (302, 200, 200, 200),
        ),
        (
            "site check",
            "get",
            lambda s: reverse("admin_site_check"),
            (302, 200, 200, 200),
        ),
        ("public home", "get", lambda s: "/", (200, 200, 200, 200)),
        ("public report", "get", lambda s: s["report"].get_absolute_url(), (200, 200, 200, 200)),
        ("public list", "get", lambda s: "/policies/", (200, 200, 200, 200)),
        ("public search", "get", lambda s: "/search/?q=科技", (200, 200, 200, 200)),
        (
            "draft policy in public",
            "get",
            lambda s: s["draft"].get_absolute_url(),
            (404, 404, 404, 404),
        ),
    ]


@pytest.mark.parametrize("case", range(len(matrix_cases())))
def test_permission_matrix_for_every_role(case, site, viewer, editor, publisher):
    name, method, url, expected = matrix_cases()[case]
    for user, status in zip([None, viewer, editor, publisher], expected, strict=True):
        response = getattr(client_for(user), method)(url(site))
        who = user.username if user else "anonymous"
        assert response.status_code == status, (name, who)


def test_roles_are_created_by_migration_with_the_right_permissions():
    from django.contrib.auth.models import Group

    def codes(name):
        return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))

    assert {c for c in codes("只读") if not c.startswith("view_")} == set()
    assert "change_policydocument" in codes("编辑")
    assert not any(c.startswith(("publish_", "delete_")) for c in codes("编辑"))
    assert {"publish_policydocument", "publish_workreport", "delete_project"} <= codes("审核发布")


def test_the_roles_come_back_whole_after_a_flush_empties_them(db):
    from django.contrib.auth.models import Group

    from tests.conftest import restore_roles

    def roles():
        return {
            group.name: set(group.permissions.values_list("codename", flat=True))
            for group in Group.objects.all()
        }

    migrated = roles()
    assert {"add_sitecheckrun", "view_disclosurereport"} <= migrated["编辑"]
    Group.objects.all().delete()  # as a transactional test's flush leaves them
    restore_roles()
    assert roles() == migrated


# --- Publishing ----------------------------------------------------------------------------


def change_form(record, **overrides):
    data = {
        "title": record.title,
        "index_number": "",
        "doc_number": "",
        "issuing_body": record.issuing_body,
        "kind": record.kind,
        "category": record.category,
        "validity": record.validity,
        "year": record.year,
        "summary": record.summary,
        "body": "",
        "status": record.status,
        "withdrawn_reason": "",
        "loaded_version": record.version,
    }
    data.update(overrides)
    return data


def test_editor_cannot_publish_even_by_posting_the_status(editor):
    policy = draft_policy()
    response = client_for(editor).post(
        admin_url(PolicyDocument, "change", policy.pk), change_form(policy, status=PUBLISHED)
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.status == DRAFT
    assert policy.published_by is None


def test_editor_has_no_publish_action(editor):
    html = client_for(editor).get(admin_url(PolicyDocument, "changelist")).content.decode()
    assert "publish_selected" not in html


def test_editor_cannot_change_or_delete_a_published_record(editor):
    policy = factories.policy(title="测试科技园优惠政策")
    client = client_for(editor)
    response = client.post(
        admin_url(PolicyDocument, "change", policy.pk), change_form(policy, title="改了")
    )
    assert response.status_code == 403
    assert (
        client.post(admin_url(PolicyDocument, "delete", policy.pk), {"post": "yes"}).status_code
        == 403
    )
    policy.refresh_from_db()
    assert policy.title == "测试科技园优惠政策"


def test_publisher_publishes_and_it_is_recorded(publisher):
    policy = draft_policy()
    response = client_for(publisher).post(
        admin_url(PolicyDocument, "change", policy.pk), change_form(policy, status=PUBLISHED)
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.status == PUBLISHED
    assert policy.published_by == publisher and policy.published_at is not None
    assert Client().get(policy.get_absolute_url()).status_code == 200


def test_publish_action_publishes_selected_drafts(publisher):
    policy = draft_policy()
    response = client_for(publisher).post(
        admin_url(PolicyDocument, "changelist"),
        {"action": "publish_selected", "_selected_action": [policy.pk]},
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.status, policy.published_by) == (PUBLISHED, publisher)


def test_service_refuses_a_user_without_the_publish_permission(editor, publisher):
    policy = draft_policy()
    with pytest.raises(PermissionDenied):
        publishing.publish(record=policy, user=editor)
    with pytest.raises(PermissionDenied):
        publishing.withdraw(record=factories.policy(), user=editor, reason="x")
    assert PolicyDocument.objects.get(pk=policy.pk).status == DRAFT
    publishing.publish(record=policy, user=publisher)
    assert policy.status == PUBLISHED


def test_withdrawal_needs_a_reason(publisher):
    policy = factories.policy()
    with pytest.raises(ValidationError):
        publishing.withdraw(record=policy, user=publisher, reason="  ")
    response = client_for(publisher).post(
        admin_url(PolicyDocument, "change", policy.pk), change_form(policy, status=WITHDRAWN)
    )
    assert response.status_code == 200
    assert "撤回时必须填写撤回理由" in response.content.decode()
    assert PolicyDocument.objects.get(pk=policy.pk).status == PUBLISHED


@pytest.mark.parametrize(
    ("make", "list_url"),
    [
        (factories.policy, "/policies/"),
        (lambda: factories.project(is_key=True), "/projects/"),
        (factories.report, "/reports/"),
    ],
    ids=["PolicyDocument", "Project", "WorkReport"],
)
def test_withdrawn_record_stays_reachable_with_notice_and_reason(publisher, make, list_url):
    factories.zone()
    record = make()
    client = Client()
    for page in (list_url, "/"):  # listed until it is withdrawn
        assert record.get_absolute_url() in client.get(page).content.decode(), page
    publishing.withdraw(record=record, user=publisher, reason="已被新政策替代")
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "本内容已于" in html and "撤回理由:已被新政策替代" in html
    assert record.get_absolute_url() not in client.get(list_url).content.decode()
    assert record.get_absolute_url() not in client.get("/").content.decode()


def test_withdrawn_value_is_not_shown_as_a_figure(publisher):
    value = factories.value(value="72.6", year=2090)
    report = factories.report(year=2090)
    factories.section(report=report, body=f"实现[[{value.indicator.code}]]。")
    assert "72.6亿元" in Client().get(report.get_absolute_url()).content.decode()
    publishing.withdraw(record=value, user=publisher, reason="数据有误")
    assert "72.6亿元" not in Client().get(report.get_absolute_url()).content.decode()


def test_validity_is_separate_from_publication_state(publisher):
    policy = factories.policy(validity="for_comment", category="talent")
    publishing.withdraw(record=policy, user=publisher, reason="征求意见结束")
    policy.refresh_from_db()
    assert policy.validity == "for_comment" and policy.status == WITHDRAWN


def test_editor_cannot_change_a_published_value_through_its_indicator(editor):
    from hightech_zone.models import Indicator

    indicator = factories.indicator(status=DRAFT)
    value = factories.value(
        indicator=indicator, value="72.6", growth_pct="15.8", rank=2, rank_scope="全市"
    )
    url = admin_url(Indicator, "change", indicator.pk)
    data = {
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "category": indicator.category,
        "kind": indicator.kind,
        "display_order": indicator.display_order,
        "loaded_version": indicator.version,
        "values-TOTAL_FORMS": "1",
        "values-INITIAL_FORMS": "1",
        "values-0-id": value.pk,
        "values-0-indicator": indicator.pk,
        "values-0-year": value.year,
        "values-0-value": "1.0",
        "values-0-qualifier": "",
        "values-0-growth_pct": "15.8",
        "values-0-rank": 2,
        "values-0-rank_scope": "全市",
        "values-0-rank_basis": "growth",
        "values-0-loaded_version": value.version,
        "components-TOTAL_FORMS": "0",
        "components-INITIAL_FORMS": "0",
    }
    response = client_for(editor).post(url, data)
    assert response.status_code == 200
    assert "已公开,只有审核发布人员可以修改或删除" in response.content.decode()
    value.refresh_from_db()
    assert str(value.value) == "72.6000"


def test_editor_cannot_change_parts_of_a_public_record_or_the_zone_profile(editor, publisher):
    section = factories.section(report=factories.report(), heading="测试公开章节")
    progress = factories.progress(project=factories.project())
    profile = factories.zone()
    for record in (section, progress, profile):
        url = admin_url(type(record), "change", record.pk)
        assert client_for(editor).post(url, {}).status_code == 403, type(record).__name__
        assert client_for(publisher).get(url).status_code == 200
        assert type(record).objects.get(pk=record.pk).version == record.version
