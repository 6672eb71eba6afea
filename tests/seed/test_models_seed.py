"""The shipped 锦州 figures read as the report writes them, and every seeded record has a
working business key (fixtures are loaded by natural key)."""

import pytest

from hightech_zone.models import IndicatorValue, zone_data_models
from tests.seed import NOT_IN_THE_SOURCE

pytestmark = pytest.mark.django_db


def test_the_2017_figures_show_rank_baseline_and_rank_change_as_the_report_writes_them():
    gdp_2017 = IndicatorValue.objects.get(indicator__code="gdp", year=2017)
    assert gdp_2017.display_value == "72.6亿元"
    assert gdp_2017.display_rank == "全市第2位"
    evaluation = IndicatorValue.objects.get(indicator__code="national_evaluation_rank")
    assert evaluation.display_rank == "全国147个高新区中提升2位"
    time_limit = IndicatorValue.objects.get(indicator__code="approval_time_limit")
    assert (time_limit.display_baseline, time_limit.display_value) == ("20多个工作日", "3个工作日")


def test_every_seeded_record_is_found_again_by_its_natural_key():
    for model in zone_data_models():
        records = model.objects.all()
        assert records.exists() or model.__name__ in NOT_IN_THE_SOURCE, model.__name__
        for obj in records:
            assert model.objects.get_by_natural_key(*obj.natural_key()) == obj
