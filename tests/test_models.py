"""Business keys and value ranges hold at the database and read as Chinese in forms."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hightech_zone.models import (
    Designation,
    Indicator,
    IndicatorValue,
    InnovationPlatform,
    PolicyDocument,
    Project,
    ProjectProgress,
    PublicationStatus,
    ReportSection,
    WorkReport,
    ZoneProfile,
    zone_data_models,
)
from hightech_zone.numbers import format_quantity
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def gdp(db):
    """An indicator with a figure for 2090 (and none for 2089)."""
    indicator = factories.indicator(code="t_gdp", name="测试地区生产总值")
    factories.value(indicator=indicator, year=2090, value=Decimal("72.6"))
    return indicator


def refused_by_database(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def messages_of(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return " ".join(str(m) for messages in caught.value.message_dict.values() for m in messages)


# --- At the database, whatever the code path ------------------------------------------------


def test_database_refuses_a_second_value_for_the_same_indicator_and_year(gdp):
    refused_by_database(lambda: IndicatorValue.objects.create(indicator=gdp, year=2090, value=1))
    IndicatorValue.objects.create(indicator=gdp, year=2089, value=1)  # another year is fine


def test_database_refuses_a_duplicate_indicator_code(gdp):
    refused_by_database(
        lambda: Indicator.objects.create(code="t_gdp", name="重复", category="economy")
    )


@pytest.mark.parametrize("year", [1800, 2200])
def test_database_refuses_an_insane_year(gdp, year):
    refused_by_database(lambda: IndicatorValue.objects.create(indicator=gdp, year=year, value=1))


def test_database_refuses_negative_money_and_counts(gdp):
    zone = factories.zone()
    refused_by_database(lambda: IndicatorValue.objects.create(indicator=gdp, year=2089, value=-1))
    refused_by_database(lambda: Project.objects.create(name="测试负投资", total_investment=-5))
    refused_by_database(
        lambda: InnovationPlatform.objects.create(name="测试负面积", kind="other", floor_area=-1)
    )
    refused_by_database(lambda: ZoneProfile.objects.filter(pk=zone.pk).update(area_km2=-1))


def test_database_refuses_growth_below_minus_100_and_rank_zero(gdp):
    refused_by_database(
        lambda: IndicatorValue.objects.create(indicator=gdp, year=2089, growth_pct=-101)
    )
    refused_by_database(
        lambda: IndicatorValue.objects.create(indicator=gdp, year=2089, rank=0, rank_scope="全市")
    )


def test_database_refuses_a_rank_without_its_scope(gdp):
    refused_by_database(lambda: IndicatorValue.objects.create(indicator=gdp, year=2089, rank=2))
    refused_by_database(
        lambda: IndicatorValue.objects.create(indicator=gdp, year=2089, rank_change=2)
    )


def test_database_keeps_the_zone_profile_to_one_row():
    factories.zone()
    refused_by_database(lambda: ZoneProfile.objects.create(name="另一个园区"))


def test_database_refuses_other_business_key_duplicates():
    project = factories.project(name="测试生物医药产业园", phase="一期")
    refused_by_database(lambda: Project.objects.create(name="测试生物医药产业园", phase="一期"))
    Project.objects.create(name="测试生物医药产业园", phase="二期")  # another phase is fine
    report = factories.report(year=2090)
    refused_by_database(
        lambda: WorkReport.objects.create(year=2090, title="重复", issuing_body="x")
    )
    factories.section(report=report, order=1)
    refused_by_database(
        lambda: ReportSection.objects.create(report=report, order=1, heading="重复", body="x")
    )
    factories.policy(
        title="测试科技创新券实施管理办法",
        issuing_body="测试管委会",
        kind="measures",
        category="sci_tech",
        year=2090,
    )
    refused_by_database(
        lambda: PolicyDocument.objects.create(
            title="测试科技创新券实施管理办法",
            issuing_body="测试管委会",
            kind="measures",
            category="sci_tech",
            year=2090,
        )
    )
    factories.designation(name="测试国家高新区")
    refused_by_database(lambda: Designation.objects.create(name="测试国家高新区"))
    factories.progress(project=project, year=2090)
    refused_by_database(
        lambda: ProjectProgress.objects.create(project=project, year=2090, stage="in_operation")
    )


def test_database_refuses_dates_in_the_wrong_order_and_month_13():
    refused_by_database(
        lambda: Project.objects.create(
            name="测试倒序", start_date="2091-01-01", completion_date="2090-01-01"
        )
    )
    refused_by_database(
        lambda: PolicyDocument.objects.create(
            title="测试倒序",
            kind="notice",
            category="other",
            year=2090,
            effective_on="2091-01-01",
            expires_on="2090-01-01",
        )
    )
    refused_by_database(lambda: Designation.objects.create(name="测试月份错", year=2090, month=13))
    refused_by_database(lambda: Designation.objects.create(name="测试无年份", month=3))


# --- In forms and full_clean: a clear Chinese message ---------------------------------------


def test_duplicate_year_is_explained_in_chinese(gdp):
    text = messages_of(IndicatorValue(indicator=gdp, year=2090, value=Decimal("1")))
    assert "每个指标每年只能有一个数值" in text


def test_negative_value_is_explained_in_chinese(gdp):
    text = messages_of(IndicatorValue(indicator=gdp, year=2089, value=Decimal("-1")))
    assert "确保该值大于或等于 0" in text or "确保该值大于或等于0" in text


def test_rank_without_scope_is_explained_in_chinese(gdp):
    text = messages_of(IndicatorValue(indicator=gdp, year=2089, rank=2))
    assert "必须填写排名范围" in text


def test_insane_year_is_explained_in_chinese(gdp):
    text = messages_of(IndicatorValue(indicator=gdp, year=1800, value=Decimal("1")))
    assert "确保该值大于或等于 1949" in text or "确保该值大于或等于1949" in text


def test_empty_value_row_is_explained_in_chinese(gdp):
    text = messages_of(IndicatorValue(indicator=gdp, year=2089))
    assert "请至少填写数值" in text


def test_component_of_a_plain_indicator_is_refused_in_chinese(gdp):
    text = messages_of(Indicator(code="part", name="部分", category="economy", parent=gdp))
    assert "构成比" in text


def test_second_zone_profile_is_explained_in_chinese():
    factories.zone()
    text = messages_of(ZoneProfile(name="另一个园区"))
    assert "园区概况只能有一条记录" in text


def test_project_dates_in_wrong_order_are_explained_in_chinese():
    text = messages_of(
        Project(name="测试倒序", start_date="2091-01-01", completion_date="2090-01-01")
    )
    assert "竣工日期不能早于开工日期" in text


# --- Reading rules and display ---------------------------------------------------------------


def test_published_excludes_drafts_and_values_of_draft_indicators():
    value = factories.value()
    assert IndicatorValue.objects.published().filter(pk=value.pk).exists()
    Indicator.objects.filter(pk=value.indicator_id).update(status=PublicationStatus.DRAFT)
    assert not IndicatorValue.objects.published().filter(pk=value.pk).exists()
    project = factories.project()
    assert Project.objects.published().filter(pk=project.pk).exists()
    assert not Project.objects.drafts().filter(pk=project.pk).exists()
    Project.objects.filter(pk=project.pk).update(status=PublicationStatus.DRAFT)
    assert not Project.objects.published().filter(pk=project.pk).exists()
    assert Project.objects.drafts().filter(pk=project.pk).exists()


def test_latest_progress_follows_the_most_recent_year():
    project = factories.project()
    factories.progress(project=project, year=2090, stage="under_construction")
    ProjectProgress.objects.create(project=project, year=2092, stage="in_operation")
    factories.progress(project=project, year=2091, stage="structure_completed")
    project.refresh_from_db()
    assert (project.latest_year, project.latest_stage) == (2092, "in_operation")


def test_latest_stage_filter_keeps_only_projects_whose_most_recent_year_is_at_that_stage():
    operating = factories.project(name="测试现已运营")
    factories.progress(project=operating, year=2090, stage="under_construction")
    factories.progress(project=operating, year=2091, stage="in_operation")
    moved_on = factories.project(name="测试曾经运营")
    factories.progress(project=moved_on, year=2090, stage="in_operation")
    factories.progress(project=moved_on, year=2091, stage="full_production")
    factories.project(name="测试尚无进展")
    assert list(Project.objects.filter(latest_stage="in_operation")) == [operating]


@pytest.mark.parametrize(
    ("value", "qualifier", "unit", "text"),
    [
        ("72.6000", "", "亿元", "72.6亿元"),
        ("330", "余", "件", "330余件"),
        ("20", "多", "个工作日", "20多个工作日"),
        ("5", "约", "亿元", "约5亿元"),
        ("220", "", "平方公里", "220平方公里"),
        ("100", "以上", "家", "100家以上"),
    ],
)
def test_figures_read_as_the_report_writes_them(value, qualifier, unit, text):
    assert format_quantity(Decimal(value), qualifier, unit) == text


def test_values_show_rank_baseline_and_rank_change_in_words():
    ranked = factories.value(
        indicator=factories.indicator(unit="亿元"),
        value=Decimal("72.6000"),
        rank=2,
        rank_scope="全市",
    )
    assert ranked.display_value == "72.6亿元"
    assert ranked.display_rank == "全市第2位"
    rank_only = factories.indicator(unit="")
    risen = factories.value(
        indicator=rank_only, year=2090, value=None, rank_scope="全国147个高新区", rank_change=2
    )
    assert risen.display_rank == "全国147个高新区中提升2位"
    fallen = factories.value(
        indicator=rank_only, year=2091, value=None, rank_scope="全省", rank=5, rank_change=-3
    )
    assert fallen.display_rank == "全省第5位,全省中下降3位"
    time_limit = factories.value(
        indicator=factories.indicator(unit="个工作日"),
        baseline_value=20,
        baseline_qualifier="多",
        value=3,
    )
    assert (time_limit.display_baseline, time_limit.display_value) == ("20多个工作日", "3个工作日")


def test_natural_keys_round_trip_for_every_keyed_model():
    records = factories.one_of_each()
    assert set(records) == set(zone_data_models())
    for model, obj in records.items():
        assert model.objects.get_by_natural_key(*obj.natural_key()) == obj


def test_distinct_values_are_the_non_empty_values_of_the_rows_asked_for_in_order():
    for title, body, status in [
        ("测试甲", "测试管委会", PublicationStatus.PUBLISHED),
        ("测试乙", "测试管委会", PublicationStatus.PUBLISHED),
        ("测试丙", "测试科技局", PublicationStatus.PUBLISHED),
        ("测试丁", "", PublicationStatus.PUBLISHED),
        ("测试戊", "测试草稿局", PublicationStatus.DRAFT),
        ("测试己", "测试规划局", PublicationStatus.PUBLISHED),
    ]:
        factories.policy(
            title=title,
            issuing_body=body,
            status=status,
            kind="master_plan" if body == "测试规划局" else "notice",
        )
    listed = PolicyDocument.objects.published().policies()
    found = listed.distinct_values("issuing_body")
    assert set(found) == {"测试科技局", "测试管委会"}  # no draft, no plan, no empty body
    assert found == list(
        listed.exclude(issuing_body="")
        .order_by("issuing_body")
        .values_list("issuing_body", flat=True)
        .distinct()
    )
    assert PolicyDocument.objects.none().distinct_values("issuing_body") == []


def test_distinct_values_of_rows_chosen_through_a_join_are_read_whole():
    platform = factories.platform(name="测试载体甲")
    factories.project(investor="测试投资方乙", platform=platform)
    factories.project(investor="测试投资方甲", platform=platform)
    factories.project(investor="测试投资方丙")
    in_platform = Project.objects.filter(platform__name="测试载体甲")
    found = in_platform.distinct_values("investor")
    assert set(found) == {"测试投资方甲", "测试投资方乙"}
    assert found == list(in_platform.order_by("investor").values_list("investor", flat=True))
