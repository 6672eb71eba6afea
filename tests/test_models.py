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

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("seed"),  # not yet on factories (issue 12)
]


def gdp():
    return Indicator.objects.get(code="gdp")


def refused_by_database(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def messages_of(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return " ".join(str(m) for messages in caught.value.message_dict.values() for m in messages)


# --- At the database, whatever the code path ------------------------------------------------


def test_database_refuses_a_second_value_for_the_same_indicator_and_year():
    refused_by_database(lambda: IndicatorValue.objects.create(indicator=gdp(), year=2017, value=1))


def test_database_refuses_a_duplicate_indicator_code():
    refused_by_database(
        lambda: Indicator.objects.create(code="gdp", name="重复", category="economy")
    )


@pytest.mark.parametrize("year", [1800, 2200])
def test_database_refuses_an_insane_year(year):
    refused_by_database(lambda: IndicatorValue.objects.create(indicator=gdp(), year=year, value=1))


def test_database_refuses_negative_money_and_counts():
    refused_by_database(lambda: IndicatorValue.objects.create(indicator=gdp(), year=2016, value=-1))
    refused_by_database(lambda: Project.objects.create(name="负投资", total_investment=-5))
    refused_by_database(
        lambda: InnovationPlatform.objects.create(name="负面积", kind="other", floor_area=-1)
    )
    refused_by_database(
        lambda: ZoneProfile.objects.filter(pk=ZoneProfile.objects.get().pk).update(area_km2=-1)
    )


def test_database_refuses_growth_below_minus_100_and_rank_zero():
    refused_by_database(
        lambda: IndicatorValue.objects.create(indicator=gdp(), year=2016, growth_pct=-101)
    )
    refused_by_database(
        lambda: IndicatorValue.objects.create(indicator=gdp(), year=2016, rank=0, rank_scope="全市")
    )


def test_database_refuses_a_rank_without_its_scope():
    refused_by_database(lambda: IndicatorValue.objects.create(indicator=gdp(), year=2016, rank=2))
    refused_by_database(
        lambda: IndicatorValue.objects.create(indicator=gdp(), year=2016, rank_change=2)
    )


def test_database_keeps_the_zone_profile_to_one_row():
    refused_by_database(lambda: ZoneProfile.objects.create(name="另一个园区"))


def test_database_refuses_other_business_key_duplicates():
    refused_by_database(lambda: Project.objects.create(name="上海复星生物医药产业园", phase="一期"))
    refused_by_database(
        lambda: WorkReport.objects.create(year=2017, title="重复", issuing_body="x")
    )
    report = WorkReport.objects.get(year=2017)
    refused_by_database(
        lambda: ReportSection.objects.create(report=report, order=1, heading="重复", body="x")
    )
    refused_by_database(
        lambda: PolicyDocument.objects.create(
            title="锦州高新区科技创新券实施管理办法",
            issuing_body="锦州高新区",
            kind="measures",
            category="sci_tech",
            year=2017,
        )
    )
    refused_by_database(lambda: Designation.objects.create(name="国家高新区"))
    project = Project.objects.get(name="万达广场")
    refused_by_database(
        lambda: ProjectProgress.objects.create(project=project, year=2017, stage="in_operation")
    )


def test_database_refuses_dates_in_the_wrong_order_and_month_13():
    refused_by_database(
        lambda: Project.objects.create(
            name="倒序", start_date="2018-01-01", completion_date="2017-01-01"
        )
    )
    refused_by_database(
        lambda: PolicyDocument.objects.create(
            title="倒序",
            kind="notice",
            category="other",
            year=2017,
            effective_on="2018-01-01",
            expires_on="2017-01-01",
        )
    )
    refused_by_database(lambda: Designation.objects.create(name="月份错", year=2017, month=13))
    refused_by_database(lambda: Designation.objects.create(name="无年份", month=3))


# --- In forms and full_clean: a clear Chinese message ---------------------------------------


def test_duplicate_year_is_explained_in_chinese():
    text = messages_of(IndicatorValue(indicator=gdp(), year=2017, value=Decimal("1")))
    assert "每个指标每年只能有一个数值" in text


def test_negative_value_is_explained_in_chinese():
    text = messages_of(IndicatorValue(indicator=gdp(), year=2016, value=Decimal("-1")))
    assert "确保该值大于或等于 0" in text or "确保该值大于或等于0" in text


def test_rank_without_scope_is_explained_in_chinese():
    text = messages_of(IndicatorValue(indicator=gdp(), year=2016, rank=2))
    assert "必须填写排名范围" in text


def test_insane_year_is_explained_in_chinese():
    text = messages_of(IndicatorValue(indicator=gdp(), year=1800, value=Decimal("1")))
    assert "确保该值大于或等于 1949" in text or "确保该值大于或等于1949" in text


def test_empty_value_row_is_explained_in_chinese():
    text = messages_of(IndicatorValue(indicator=gdp(), year=2016))
    assert "请至少填写数值" in text


def test_component_of_a_plain_indicator_is_refused_in_chinese():
    text = messages_of(Indicator(code="part", name="部分", category="economy", parent=gdp()))
    assert "构成比" in text


def test_second_zone_profile_is_explained_in_chinese():
    text = messages_of(ZoneProfile(name="另一个园区"))
    assert "园区概况只能有一条记录" in text


def test_project_dates_in_wrong_order_are_explained_in_chinese():
    text = messages_of(Project(name="倒序", start_date="2018-01-01", completion_date="2017-01-01"))
    assert "竣工日期不能早于开工日期" in text


# --- Reading rules and display ---------------------------------------------------------------


def test_published_excludes_drafts_and_values_of_draft_indicators():
    value = IndicatorValue.objects.get(indicator__code="gdp", year=2017)
    assert IndicatorValue.objects.published().filter(pk=value.pk).exists()
    Indicator.objects.filter(code="gdp").update(status=PublicationStatus.DRAFT)
    assert not IndicatorValue.objects.published().filter(pk=value.pk).exists()
    Project.objects.filter(name="万达广场").update(status=PublicationStatus.DRAFT)
    assert not Project.objects.published().filter(name="万达广场").exists()
    assert Project.objects.drafts().filter(name="万达广场").exists()


def test_latest_progress_follows_the_most_recent_year():
    project = Project.objects.get(name="万得科技大厦")
    ProjectProgress.objects.create(project=project, year=2018, stage="in_operation")
    annotated = Project.objects.with_latest_progress().get(pk=project.pk)
    assert (annotated.latest_year, annotated.latest_stage) == (2018, "in_operation")


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
    gdp_2017 = IndicatorValue.objects.get(indicator__code="gdp", year=2017)
    assert gdp_2017.display_value == "72.6亿元"
    assert gdp_2017.display_rank == "全市第2位"
    evaluation = IndicatorValue.objects.get(indicator__code="national_evaluation_rank")
    assert evaluation.display_rank == "全国147个高新区中提升2位"
    time_limit = IndicatorValue.objects.get(indicator__code="approval_time_limit")
    assert (time_limit.display_baseline, time_limit.display_value) == ("20多个工作日", "3个工作日")


def test_natural_keys_round_trip_for_every_keyed_model():
    for model in zone_data_models():
        for obj in model.objects.all():
            assert model.objects.get_by_natural_key(*obj.natural_key()) == obj
