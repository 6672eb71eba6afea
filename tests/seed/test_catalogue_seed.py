"""The standard indicator catalogue loaded into the shipped 锦州 data: no second indicator for
a concept 锦州 already has, 锦州's own names, units and values untouched, and twice is once."""

from hightech_zone import catalogue
from hightech_zone.indicator_names import by_name
from hightech_zone.models import Indicator, IndicatorValue, PublicationStatus


def shipped():
    """What 锦州 publishes: its indicators as named and measured, and every figure."""
    indicators = sorted(
        Indicator.objects.published().values_list(
            "code", "name", "unit", "category", "status", "is_headline", "display_order"
        )
    )
    values = sorted(
        IndicatorValue.objects.values_list("indicator__code", "year", "value", "growth_pct")
    )
    return indicators, values


def writes():
    return (
        Indicator.objects.count(),
        Indicator.history.count(),
        sorted(Indicator.objects.values_list("code", "version", "updated_at")),
    )


def test_loading_into_the_shipped_zone_keeps_its_names_units_and_values():
    before = shipped()
    shipped_codes = set(Indicator.objects.values_list("code", flat=True))
    result = catalogue.load_catalogue()
    assert shipped() == before
    assert not result.skipped
    created = {i.code for i in result.created}
    assert not created & shipped_codes
    assert all(i.status == PublicationStatus.DRAFT for i in result.created)
    same = {
        "gdp",
        "fixed_asset_investment",
        "industrial_value_added",
        "public_budget_revenue",
        "retail_sales",
        "high_tech_enterprises",
        "industrial_investment",
    }
    assert same <= {i.code for i in result.completed}
    assert not same & created


def test_no_name_or_alias_means_two_indicators_after_loading():
    catalogue.load_catalogue()
    shared = {
        name: found for name, found in by_name(Indicator.objects.all()).items() if len(found) > 1
    }
    assert shared == {}


def test_shipped_indicators_gain_the_catalogues_names_to_import_by():
    catalogue.load_catalogue()
    investment = Indicator.objects.get(code="fixed_asset_investment")
    assert investment.name == "全社会固定资产投资"
    assert "固定资产投资" in investment.aliases.split("、")
    assert investment.catalogue_group == "quality"
    budget = Indicator.objects.get(code="public_budget_revenue")
    assert (budget.name, budget.unit) == ("公共财政预算收入", "亿元")
    assert "一般公共预算收入" in budget.aliases.split("、")
    # 锦州's 授权专利 counts every kind of patent: it is not the catalogue's 授权发明专利.
    patents = Indicator.objects.get(code="authorized_patents")
    assert (patents.aliases, patents.catalogue_group) == ("", "")
    assert Indicator.objects.get(code="invention_patents_granted").status == "draft"


def test_loading_twice_changes_nothing():
    catalogue.load_catalogue()
    before = writes()
    again = catalogue.load_catalogue()
    assert writes() == before
    assert (again.created, again.completed) == ([], [])
