"""Roles, and the draft -> published -> withdrawn workflow, enforced on the server."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from hightech_zone import publishing
from hightech_zone.models import (
    IndicatorValue,
    PolicyDocument,
    Project,
    PublicationStatus,
    WorkReport,
    zone_data_models,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("seed"),  # not yet on factories (issue 12)
]

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
    return PolicyDocument.objects.get_or_create(
        title="草稿政策", defaults={"kind": "notice", "category": "other", "year": 2017}
    )[0]


# --- The permission matrix ----------------------------------------------------------------


def matrix_cases():
    """(description, method, url builder, expected status per role)."""
    published = lambda: PolicyDocument.objects.get(title="锦州大学科技园优惠政策")  # noqa: E731
    return [
        ("admin index", "get", lambda: reverse("admin:index"), (302, 200, 200, 200)),
        *[
            (
                f"{m.__name__} changelist",
                "get",
                lambda m=m: admin_url(m, "changelist"),
                (302, 200, 200, 200),
            )
            for m in zone_data_models()
        ],
        ("add policy page", "get", lambda: admin_url(PolicyDocument, "add"), (302, 403, 200, 200)),
        (
            "change draft policy page",
            "get",
            lambda: admin_url(PolicyDocument, "change", draft_policy().pk),
            (302, 200, 200, 200),  # viewers see a read-only page
        ),
        (
            "history of a policy",
            "get",
            lambda: admin_url(PolicyDocument, "history", published().pk),
            (302, 200, 200, 200),
        ),
        (
            "delete published policy",
            "get",
            lambda: admin_url(PolicyDocument, "delete", published().pk),
            (302, 403, 403, 200),
        ),
        (
            "consistency check",
            "get",
            lambda: reverse("admin_consistency"),
            (302, 200, 200, 200),
        ),
        ("public home", "get", lambda: "/", (200, 200, 200, 200)),
        ("public report", "get", lambda: "/reports/2017/", (200, 200, 200, 200)),
        ("public list", "get", lambda: "/policies/", (200, 200, 200, 200)),
        ("public search", "get", lambda: "/search/?q=科技", (200, 200, 200, 200)),
        (
            "draft policy in public",
            "get",
            lambda: draft_policy().get_absolute_url(),
            (404, 404, 404, 404),
        ),
    ]


@pytest.mark.parametrize("case", range(len(matrix_cases())))
def test_permission_matrix_for_every_role(case, viewer, editor, publisher):
    name, method, url, expected = matrix_cases()[case]
    for user, status in zip([None, viewer, editor, publisher], expected, strict=True):
        response = getattr(client_for(user), method)(url())
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
    policy = PolicyDocument.objects.get(title="锦州大学科技园优惠政策")
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
    assert policy.title == "锦州大学科技园优惠政策"


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
        publishing.withdraw(record=PolicyDocument.objects.first(), user=editor, reason="x")
    publishing.publish(record=policy, user=publisher)
    assert policy.status == PUBLISHED


def test_withdrawal_needs_a_reason(publisher):
    policy = PolicyDocument.objects.get(title="锦州大学科技园优惠政策")
    with pytest.raises(ValidationError):
        publishing.withdraw(record=policy, user=publisher, reason="  ")
    response = client_for(publisher).post(
        admin_url(PolicyDocument, "change", policy.pk), change_form(policy, status=WITHDRAWN)
    )
    assert response.status_code == 200
    assert "撤回时必须填写撤回理由" in response.content.decode()


@pytest.mark.parametrize(
    ("model", "lookup", "list_url"),
    [
        (PolicyDocument, {"title": "锦州大学科技园优惠政策"}, "/policies/"),
        (Project, {"name": "万达广场"}, "/projects/"),
        (WorkReport, {"year": 2017}, "/reports/"),
    ],
)
def test_withdrawn_record_stays_reachable_with_notice_and_reason(
    publisher, model, lookup, list_url
):
    record = model.objects.get(**lookup)
    publishing.withdraw(record=record, user=publisher, reason="已被新政策替代")
    client = Client()
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "本内容已于" in html and "撤回理由:已被新政策替代" in html
    assert record.get_absolute_url() not in client.get(list_url).content.decode()
    assert record.get_absolute_url() not in client.get("/").content.decode()


def test_withdrawn_value_is_not_shown_as_a_figure(publisher):
    value = IndicatorValue.objects.get(indicator__code="gdp", year=2017)
    publishing.withdraw(record=value, user=publisher, reason="数据有误")
    assert "72.6亿元" not in Client().get("/reports/2017/").content.decode()


def test_validity_is_separate_from_publication_state(publisher):
    policy = PolicyDocument.objects.get(validity="for_comment", title__contains="人才")
    assert policy.status == PUBLISHED
    publishing.withdraw(record=policy, user=publisher, reason="征求意见结束")
    policy.refresh_from_db()
    assert policy.validity == "for_comment" and policy.status == WITHDRAWN


def test_editor_cannot_change_a_published_value_through_its_indicator(editor):
    from hightech_zone.models import Indicator

    Indicator.objects.filter(code="gdp").update(status=DRAFT)
    indicator = Indicator.objects.get(code="gdp")
    value = indicator.values.get(year=2017)
    url = admin_url(Indicator, "change", indicator.pk)
    data = {
        "code": "gdp",
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
        "values-0-year": 2017,
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
    from hightech_zone.models import ProjectProgress, ReportSection, ZoneProfile

    section = ReportSection.objects.get(report__year=2017, order=1)
    progress = ProjectProgress.objects.get(project__name="万达广场")
    profile = ZoneProfile.objects.get()
    for record in (section, progress, profile):
        url = admin_url(type(record), "change", record.pk)
        assert client_for(editor).post(url, {}).status_code == 403, type(record).__name__
        assert client_for(publisher).get(url).status_code == 200
