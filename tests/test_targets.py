"""预期目标 beside the actual: completion, display, target-only rows, constraints, references."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hightech_zone.models import IndicatorValue
from hightech_zone.models.indicators import GrowthBasis
from hightech_zone.references import Resolver
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def gdp():
    return factories.indicator(code="t_gdp", name="测试地区生产总值", unit="亿元")


def test_completion_is_the_actual_as_a_percentage_of_the_target(gdp):
    value = factories.value(indicator=gdp, year=2091, value=Decimal("1083.6"), target_value=1050)
    assert value.completion_pct == Decimal("103.2")
    assert value.display_completion == "103.2%"
    assert value.display_target == "1050亿元"


def test_no_completion_without_both_numbers(gdp):
    only_target = factories.value(indicator=gdp, year=2091, value=None, target_value=1050)
    growth_target = factories.value(
        indicator=gdp, year=2092, value=Decimal("80"), target_growth_pct=8
    )
    assert only_target.display_completion == growth_target.display_completion == ""
    assert growth_target.display_target == "增长8%"


def test_a_target_with_qualifier_and_growth_reads_as_the_report_writes_it(gdp):
    value = factories.value(
        indicator=gdp,
        year=2091,
        value=None,
        target_value=1050,
        target_qualifier="约",
        target_growth_pct=Decimal("8.5"),
    )
    assert value.display_target == "约1050亿元,增长8.5%"


def test_a_row_holding_only_a_target_is_valid_and_no_actual(gdp):
    value = IndicatorValue(indicator=gdp, year=2091, target_value=1050)
    value.full_clean()
    value.save()
    assert not value.is_actual
    empty = IndicatorValue(indicator=gdp, year=2092)
    with pytest.raises(ValidationError, match="预期目标"):
        empty.full_clean()


def test_growth_with_its_basis_and_rank_since_an_earlier_year(gdp):
    value = factories.value(
        indicator=gdp,
        year=2091,
        growth_pct=Decimal("15.8"),
        growth_basis=GrowthBasis.COMPARABLE,
        rank=16,
        rank_change=4,
        rank_compared_year=2081,
        rank_scope="全国",
    )
    assert value.display_growth == "15.8%"
    assert value.display_growth_with_basis == "15.8%(按可比口径)"
    assert value.display_rank == "全国由2081年的第20位上升到第16位"


def test_a_rank_change_without_the_rank_still_names_the_year_it_is_compared_with(gdp):
    value = factories.value(
        indicator=gdp, year=2091, rank_change=-3, rank_compared_year=2085, rank_scope="全省"
    )
    assert value.display_rank == "全省中较2085年下降3位"
    value.rank_compared_year = None
    assert value.display_rank == "全省中下降3位"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"target_value": -1}, "target_value", ""),
        ({"target_growth_pct": -101}, "target_growth_pct", "-100"),
        (
            {"rank_change": 2, "rank_scope": "全市", "rank_compared_year": 2091},
            "__all__",
            "排名变化对比年份必须早于本年度",
        ),
        ({"rank_compared_year": 2081}, "__all__", "须同时填写排名变化"),
    ],
)
def test_the_database_refuses_bad_targets_and_compared_years(gdp, fields, field, message):
    value = IndicatorValue(indicator=gdp, year=2091, value=1, **fields)
    with pytest.raises(ValidationError) as refused:
        value.full_clean()
    assert message in " ".join(refused.value.message_dict[field])
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(indicator=gdp, year=2091, value=1, **fields)


def test_the_latest_year_ignores_rows_holding_only_a_target(gdp):
    factories.value(indicator=gdp, year=2091, value=72)
    factories.value(indicator=gdp, year=2092, value=None, target_value=80)
    values = IndicatorValue.objects.published()
    assert values.latest_year() == 2091
    assert list(values.with_targets().values_list("year", flat=True)) == [2092]


def resolve(text, year):
    resolver = Resolver([(text, year)])
    return resolver.plain_text(text, year), resolver.problems()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2092年主要预期目标:地区生产总值实现[[t_gdp@2092|target]]", "1050亿元"),
        ("目标[[t_gdp@2092|target_number]]亿元", "目标1050亿元"),
        ("增长[[t_gdp@2092|target_growth]]", "增长8%"),
        ("完成目标的[[t_gdp@2092|completion]]", "完成目标的103.2%"),
        ("增长[[t_gdp@2092|growth]]([[t_gdp@2092|growth_basis]])", "增长15.8%(按可比口径)"),
    ],
)
def test_report_references_render_targets_completion_and_basis(gdp, text, expected):
    factories.value(
        indicator=gdp,
        year=2092,
        value=Decimal("1083.6"),
        growth_pct=Decimal("15.8"),
        growth_basis=GrowthBasis.COMPARABLE,
        target_value=1050,
        target_growth_pct=8,
    )
    rendered, problems = resolve(text, 2092)
    assert expected in rendered
    assert problems == []


def test_a_target_only_row_has_a_target_reference_but_no_value_or_completion(gdp):
    factories.value(indicator=gdp, year=2093, value=None, target_value=1100)
    assert resolve("[[t_gdp@2093|target]]", 2093) == ("1100亿元", [])
    for field in ("value", "completion"):
        text, problems = resolve(f"[[t_gdp@2093|{field}]]", 2093)
        assert text == "—"
        assert [p[0].field for p in problems] == [field]
