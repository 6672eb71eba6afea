"""The open-data registry: a dataset per published record type, its fields from the models, its
published records counted and dated in one query, drafts and withdrawn records left out."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hightech_zone import open_data
from hightech_zone.models import (
    Designation,
    Indicator,
    IndicatorValue,
    PolicyDocument,
    Project,
    ProjectProgress,
    PublicationStatus,
    ZoneProfile,
    zone_data_models,
)
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT, WITHDRAWN = PublicationStatus.DRAFT, PublicationStatus.WITHDRAWN


def at(day):
    return datetime(2091, 3, day, 8, 0, tzinfo=UTC)


def dated(record, day):
    """The record as last changed on ``day`` (save() would stamp it now)."""
    type(record).objects.filter(pk=record.pk).update(updated_at=at(day))
    return record


def test_every_public_record_type_is_in_exactly_one_dataset():
    described = [model for dataset in open_data.DATASETS for model in dataset.models]
    assert len(described) == len(set(described))
    assert set(described) | set(open_data.NOT_DATASETS) == set(zone_data_models())
    assert not set(described) & set(open_data.NOT_DATASETS)
    assert [d.key for d in open_data.DATASETS] == [
        "zone",
        "indicators",
        "observations",
        "projects",
        "policies",
        "platforms",
        "reports",
    ]


def test_frequencies_are_terms_of_the_eu_vocabulary():
    frequency = {d.key: d.frequency.uri.rsplit("/", 1)[1] for d in open_data.DATASETS}
    assert frequency["observations"] == frequency["reports"] == "ANNUAL"
    assert frequency["policies"] == "IRREG"
    assert all(
        d.frequency.uri.startswith("http://publications.europa.eu/resource/authority/frequency/")
        for d in open_data.DATASETS
    )


# How a help text addresses the editor rather than the reader of the data.
TO_THE_EDITOR = ("可留空", "留空时", "可不填", "照录", "时填写", "填写其", "自动填写")


def test_no_field_meaning_on_the_open_data_page_speaks_to_the_editor():
    for dataset in open_data.DATASETS:
        for model in dataset.models:
            published = {f.name: f for f in open_data.published_fields(model)}
            assert set(getattr(model, "public_help", {})) <= set(published), model
            for field in published.values():
                said = [words for words in TO_THE_EDITOR if words in str(field.meaning)]
                assert not said, (model.__name__, field.name, field.meaning)


def test_the_public_meaning_replaces_the_editors_help_and_is_translated(client, db):
    zone = ZoneProfile._meta.get_field("site_sponsor")
    assert "留空时" in str(zone.help_text)
    (meaning,) = [
        f.meaning for f in open_data.published_fields(ZoneProfile) if f.name == "site_sponsor"
    ]
    assert str(meaning) == "网站的主办单位;为空时即管理机构。"
    factories.zone()
    assert "网站的主办单位;为空时即管理机构。" in client.get("/data/").content.decode()
    english = client.get("/en/data/").content.decode()
    assert "网站的主办单位" not in english


def test_fields_come_from_the_model_without_the_publication_bookkeeping():
    fields = {f.name: f for f in open_data.published_fields(ZoneProfile)}
    body = ZoneProfile._meta.get_field("management_body")
    assert fields["management_body"].chinese_name == "管理机构" == str(body.verbose_name)
    assert fields["management_body"].meaning == body.help_text
    assert "singleton" not in fields and "version" not in fields
    policy = [f.name for f in open_data.published_fields(PolicyDocument)]
    assert "title" in policy and policy[-1] == "updated_at"  # the change time last
    for hidden in ("status", "published_by", "published_at", "withdrawn_reason", "created_at"):
        assert hidden not in policy
    # What the model keeps for staff (display order, the consistency check's) is not.
    indicator = [f.name for f in open_data.published_fields(Indicator)]
    assert "unit" in indicator and "display_order" not in indicator
    assert "change_of" not in indicator and "counts_platform_kind" not in indicator
    values = [f.name for f in open_data.published_fields(IndicatorValue)]
    assert "growth_pct" in values and "acknowledged_discrepancy" not in values
    # A field the database keeps (the latest stage) is published like the rest.
    assert "latest_stage" in [f.name for f in open_data.published_fields(Project)]


def test_a_dataset_describes_each_of_its_models():
    projects = next(d for d in open_data.DATASETS if d.key == "projects")
    names = [str(name) for name, _ in projects.fields()]
    assert names == ["投资项目", "项目年度进展"]
    progress_fields = [f.name for f in projects.fields()[1][1]]
    assert progress_fields == ["project", "year", "stage", "progress"]


def test_counts_and_change_times_follow_published_records_only():
    factories.zone()
    dated(factories.designation(), 4)
    dated(factories.designation(status=DRAFT), 9)
    published = dated(factories.value(year=2091), 5)
    dated(factories.value(year=2092), 6)
    dated(factories.value(indicator=published.indicator, year=2093, status=DRAFT), 20)
    # A published value of a draft indicator is no open data either.
    dated(factories.value(indicator=factories.indicator(status=DRAFT), year=2091), 21)
    dated(factories.policy(), 7)
    dated(factories.policy(status=WITHDRAWN, withdrawn_reason="测试撤回"), 22)

    stats = open_data.dataset_stats()

    assert stats["zone"] == open_data.Stats(records=1, modified=at(4))
    assert stats["observations"] == open_data.Stats(records=2, modified=at(6))
    assert stats["policies"] == open_data.Stats(records=1, modified=at(7))
    assert stats["platforms"] == open_data.Stats(records=0, modified=None)
    assert IndicatorValue.objects.count() == 4 and Designation.objects.count() == 2


def test_a_draft_changes_neither_count_nor_change_time():
    dated(factories.project(), 3)
    before = open_data.dataset_stats()
    dated(factories.project(status=DRAFT), 25)
    assert open_data.dataset_stats() == before
    assert before["projects"] == open_data.Stats(records=1, modified=at(3))


def test_every_dataset_is_counted_in_one_query_whatever_the_data():
    factories.zone()
    for _ in range(3):
        factories.value()
        factories.progress()
        factories.section()
        factories.platform()
        factories.policy()
    with CaptureQueriesContext(connection) as queries:
        stats = open_data.dataset_stats()
    assert len(queries) == 1
    assert {key: s.records for key, s in stats.items()} == {
        "zone": 1,
        "indicators": 3,
        "observations": 3,
        "projects": 3,
        "policies": 3,
        "platforms": 3,
        "reports": 3,
    }


def test_every_field_the_registry_lists_is_in_the_api_record(client):
    """The 数据开放 page describes the fields the API gives: none it does not give."""
    factories.zone()
    factories.designation()
    factories.value()
    factories.progress()
    factories.policy()
    factories.platform()
    report = factories.report()
    factories.section(report=report)
    records = {
        "zone": client.get("/api/v1/zone/").json(),
        "indicators": client.get("/api/v1/indicators/").json()["results"][0],
        "observations": client.get("/api/v1/observations/").json()["results"][0],
        "projects": client.get("/api/v1/projects/").json()["results"][0],
        "policies": client.get("/api/v1/policies/").json()["results"][0],
        "platforms": client.get("/api/v1/platforms/").json()["results"][0],
        "reports": client.get(f"/api/v1/reports/{report.year}/").json(),
    }
    parts = {
        Designation: records["zone"]["designations"][0],
        ProjectProgress: {"project": None, **records["projects"]["progress"][0]},
    }
    for dataset in open_data.DATASETS:
        for model in dataset.models:
            record = records[dataset.key] if model is dataset.model else parts.get(model)
            if record is None:
                continue  # a report's sections: their text as rendered, not their fields
            missing = {f.name for f in open_data.published_fields(model)} - set(record)
            assert missing == set(), (dataset.key, model.__name__)
