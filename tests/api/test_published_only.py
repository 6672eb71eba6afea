"""The API shows published records only: never a draft or withdrawn one, nor a published one
hanging off a draft or withdrawn parent."""

import pytest

from hightech_zone.models import PublicationStatus
from tests.factories import (
    DRAFT,
    DesignationFactory,
    IndicatorFactory,
    PlatformFactory,
    PolicyFactory,
    ProgressFactory,
    ProjectFactory,
    ReportFactory,
    SectionFactory,
    ValueFactory,
    ZoneFactory,
)

WITHDRAWN = PublicationStatus.WITHDRAWN
HIDDEN = [DRAFT, WITHDRAWN]


def listed(api, path, key):
    response = api(path)
    assert response.status_code == 200
    return {row[key] for row in response.json()["results"]}


@pytest.mark.parametrize("status", HIDDEN)
def test_a_hidden_indicator_is_neither_listed_nor_found(api, status):
    shown = IndicatorFactory(code="t_shown")
    IndicatorFactory(code="t_hidden", status=status, withdrawn_reason="测试撤回")
    assert listed(api, "/api/v1/indicators/", "code") == {shown.code}
    assert api("/api/v1/indicators/t_hidden/").status_code == 404
    assert api("/api/v1/indicators/t_shown/").status_code == 200


@pytest.mark.parametrize("status", HIDDEN)
def test_a_hidden_observation_and_a_published_one_of_a_hidden_indicator_are_absent(api, status):
    shown = ValueFactory(year=2090)
    hidden = ValueFactory(year=2091, status=status, withdrawn_reason="测试撤回")
    orphan = ValueFactory(
        indicator=IndicatorFactory(status=status, withdrawn_reason="测试撤回"), year=2090
    )
    assert listed(api, "/api/v1/observations/", "id") == {shown.pk}
    for value in (hidden, orphan):
        assert api(f"/api/v1/observations/{value.pk}/").status_code == 404
    assert api(f"/api/v1/observations/{shown.pk}/").status_code == 200


@pytest.mark.parametrize("status", HIDDEN)
def test_a_hidden_project_is_absent_and_a_hidden_platform_is_not_named(api, status):
    platform = PlatformFactory(status=status, withdrawn_reason="测试撤回")
    shown = ProjectFactory(platform=platform)
    ProgressFactory(project=shown, year=2090)
    hidden = ProjectFactory(status=status, withdrawn_reason="测试撤回")
    rows = api("/api/v1/projects/").json()["results"]
    assert [row["id"] for row in rows] == [shown.pk]
    assert rows[0]["platform"] is None
    assert [p["year"] for p in rows[0]["progress"]] == [2090]
    assert api(f"/api/v1/projects/{hidden.pk}/").status_code == 404
    assert api(f"/api/v1/platforms/{platform.pk}/").status_code == 404
    assert listed(api, "/api/v1/platforms/", "id") == set()


@pytest.mark.parametrize("status", HIDDEN)
def test_a_hidden_policy_is_neither_listed_nor_found(api, status):
    shown = PolicyFactory()
    hidden = PolicyFactory(status=status, withdrawn_reason="测试撤回")
    assert listed(api, "/api/v1/policies/", "id") == {shown.pk}
    assert listed(api, "/api/v1/policies/?kind=notice", "id") == {shown.pk}
    assert api(f"/api/v1/policies/{hidden.pk}/").status_code == 404


@pytest.mark.parametrize("status", HIDDEN)
def test_a_hidden_report_is_neither_listed_nor_found(api, status):
    shown = ReportFactory(year=2091)
    ReportFactory(year=2092, status=status, withdrawn_reason="测试撤回")
    assert listed(api, "/api/v1/reports/", "year") == {shown.year}
    assert api("/api/v1/reports/2092/").status_code == 404
    assert api("/api/v1/reports/2091/").status_code == 200


@pytest.mark.parametrize("status", HIDDEN)
def test_a_report_binds_and_cites_only_published_records(api, status):
    report = ReportFactory(year=2091)
    shown = ValueFactory(year=2091, value=12)
    hidden_indicator = IndicatorFactory(status=status, withdrawn_reason="测试撤回")
    ValueFactory(indicator=hidden_indicator, year=2091, value=99)
    hidden_project = ProjectFactory(status=status, withdrawn_reason="测试撤回")
    section = SectionFactory(
        report=report, body=f"测试甲[[{shown.indicator.code}]];测试乙[[{hidden_indicator.code}]]。"
    )
    section.indicators.add(shown.indicator, hidden_indicator)
    section.projects.add(hidden_project)
    [body] = api("/api/v1/reports/2091/").json()["sections"]
    assert [figure["indicator"] for figure in body["figures"]] == [shown.indicator.code]
    assert body["projects"] == []
    assert "12亿元" in body["text"]
    assert "99" not in body["text"]
    assert "—" in body["text"]


@pytest.mark.parametrize("status", HIDDEN)
def test_the_zone_names_only_published_designations(api, status):
    ZoneFactory()
    shown = DesignationFactory()
    DesignationFactory(status=status, withdrawn_reason="测试撤回")
    zone = api("/api/v1/zone/").json()
    assert [d["name"] for d in zone["designations"]] == [shown.name]


def test_there_is_no_zone_until_its_profile_is_written(api):
    response = api("/api/v1/zone/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("status", HIDDEN)
def test_a_part_of_a_hidden_ratio_does_not_name_it(api, status):
    ratio = IndicatorFactory(kind="ratio", unit="", status=status, withdrawn_reason="测试撤回")
    part = IndicatorFactory(parent=ratio)
    assert api(f"/api/v1/indicators/{part.code}/").json()["parent"] is None
    ratio.status = "published"
    ratio.save()
    assert api(f"/api/v1/indicators/{part.code}/").json()["parent"] == ratio.code


def test_a_policy_links_its_attachment_at_the_portals_address(api, tmp_path, settings):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    policy = PolicyFactory()
    policy.attachment.save("测试.pdf", ContentFile(b"%PDF-1.4 test"))
    without = PolicyFactory()
    rows = {row["id"]: row for row in api("/api/v1/policies/").json()["results"]}
    link = f"http://testserver/policies/{policy.pk}/attachment/"
    assert rows[policy.pk]["attachment"] == link
    assert rows[without.pk]["attachment"] is None
    assert api(link.removeprefix("http://testserver")).status_code == 200
