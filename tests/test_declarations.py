"""Each fact is declared once, on the model, and everything else derives from it."""

from pathlib import Path

import pytest
from django.contrib import admin
from django.core import serializers

from hightech_zone.importing.resources import WORKBOOK_RESOURCES
from hightech_zone.models import zone_data_models
from hightech_zone.models.base import natural_key_lookups
from tests import factories

ROOT = Path(__file__).resolve().parent.parent

FACTORIES = {
    factory._meta.model: factory
    for factory in (
        factories.ZoneFactory,
        factories.DesignationFactory,
        factories.IndicatorFactory,
        factories.ValueFactory,
        factories.PlatformFactory,
        factories.ProjectFactory,
        factories.ProgressFactory,
        factories.PolicyFactory,
        factories.ReportFactory,
        factories.SectionFactory,
        factories.DisclosureFactory,
        factories.RequestRowFactory,
    )
}


@pytest.mark.parametrize("model", zone_data_models(), ids=lambda m: m.__name__)
def test_every_record_is_found_again_by_its_natural_key(db, model):
    record = FACTORIES[model]()
    key = record.natural_key()
    assert len(key) == len(natural_key_lookups(model))
    assert model.objects.get_by_natural_key(*key) == record


def test_a_natural_key_follows_a_relation_to_the_related_records_own_key(db):
    value = factories.ValueFactory(indicator__code="t_gdp", year=2091)
    progress = factories.ProgressFactory(project__name="测试园", project__phase="二期", year=2092)
    assert value.natural_key() == ("t_gdp", 2091)
    assert progress.natural_key() == ("测试园", "二期", 2092)


def test_a_dump_with_natural_keys_loads_back_in_dependency_order(db):
    """dumpdata orders models by the relations of their keys (reports before their sections)."""
    section = factories.SectionFactory(heading="测试章节甲")
    value = factories.ValueFactory(year=2093)
    records = {type(r): r for r in (section, value, section.report, value.indicator)}
    order = serializers.sort_dependencies([("hightech_zone", list(records))])
    assert order.index(type(section.report)) < order.index(type(section))
    assert order.index(type(value.indicator)) < order.index(type(value))
    text = serializers.serialize(
        "json",
        [records[model] for model in order],
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
    )
    for record in records.values():
        type(record).objects.filter(pk=record.pk).delete()
    for obj in serializers.deserialize("json", text):
        obj.save()
    assert type(section).objects.get_by_natural_key(section.report.year, section.order)
    assert type(value).objects.get_by_natural_key(value.indicator.code, 2093).value == 100


@pytest.mark.parametrize("resource", WORKBOOK_RESOURCES, ids=lambda r: r.__name__)
def test_spreadsheets_match_rows_on_the_models_business_key(resource):
    model = resource._meta.model
    assert resource().get_import_id_fields() == list(model.natural_key_fields)


@pytest.mark.parametrize(
    "model",
    [m for m in zone_data_models() if getattr(m, "searched_fields", ())],
    ids=lambda m: m.__name__,
)
def test_staff_search_at_least_what_the_public_search_reads(model):
    assert set(model.searched_fields) <= set(admin.site._registry[model].search_fields)


def test_the_file_size_refusal_is_written_once():
    sources = [
        path
        for package in ("hightech_zone", "portal", "config")
        for path in (ROOT / package).rglob("*.py")
        if "请拆分后再导入" in path.read_text(encoding="utf-8")
    ]
    assert [p.relative_to(ROOT).as_posix() for p in sources] == [
        "hightech_zone/importing/reading.py"
    ]


def test_the_record_models_come_in_dependency_order():
    """Fixtures, backups and the data dictionary list models in this order: each after the
    models it refers to, whichever module it lives in."""
    order = zone_data_models()
    for position, model in enumerate(order):
        for field in model._meta.get_fields():
            target = field.related_model if field.many_to_one or field.many_to_many else None
            if target in order and target is not model and field.concrete:
                assert order.index(target) < position, (model.__name__, field.name)
    assert order[0].__name__ == "ZoneProfile"
