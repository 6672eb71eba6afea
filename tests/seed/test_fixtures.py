"""The shipped fixtures hold every figure, name and date of the 2017 work report (the seed)."""

import re
from datetime import date
from decimal import Decimal

import pytest

from hightech_zone.models import (
    Designation,
    Indicator,
    IndicatorValue,
    InnovationPlatform,
    PolicyDocument,
    Project,
    PublicationStatus,
    WorkReport,
    ZoneProfile,
)
from hightech_zone.references import REFERENCE_RE, render_report
from tests.seed import SOURCE_2017, source_lines

pytestmark = pytest.mark.django_db

CITY = {"rank_scope": "全市"}

# code -> (name, unit, value, extra fields); every figure the seed states, as the seed states it.
FIGURES_2017 = {
    "enterprises": ("区内企业数", "家", "894", {}),
    "enterprises_above_scale": ("规模以上企业数", "家", "26", {}),
    "high_tech_enterprises": ("高新技术企业数", "家", "19", {}),
    "authorized_patents": ("授权专利", "件", "330", {"qualifier": "余"}),
    "national_evaluation_rank": (
        "综合评价排名",
        "",
        None,
        {"rank_change": 2, "rank_scope": "全国147个高新区", "rank_basis": "overall"},
    ),
    "provincial_zones_positive_growth": (
        "全省国家高新区中实现正增长的个数",
        "个",
        "1",
        {"rank_scope": "全省8个国家高新区"},
    ),
    "national_incubators": ("国家级创业服务中心", "个", "1", {}),
    "national_productivity_centres": ("国家级生产力促进中心", "个", "1", {}),
    "national_testing_centres": ("国家检验检测中心及实验室", "个", "3", {}),
    "provincial_innovation_alliances": ("省级产业技术创新战略联盟", "个", "2", {}),
    "provincial_engineering_centres": ("省级工程技术研究中心", "个", "9", {}),
    "gdp": (
        "地区生产总值",
        "亿元",
        "72.6",
        {"growth_pct": "15.8", "rank": 2, "rank_basis": "growth", **CITY},
    ),
    "public_budget_revenue": (
        "公共财政预算收入",
        "亿元",
        "6.3",
        {"growth_pct": "22.3", "rank": 2, "rank_basis": "growth", **CITY},
    ),
    "fixed_asset_investment": (
        "全社会固定资产投资",
        "亿元",
        "37.3",
        {"growth_pct": "26", "rank": 2, "rank_basis": "growth", **CITY},
    ),
    "industrial_value_added": (
        "规模以上工业增加值",
        "亿元",
        None,
        {"growth_pct": "21", "rank": 2, "rank_basis": "growth", **CITY},
    ),
    "external_investment": (
        "域外招商引资",
        "亿元",
        "45.6",
        {"growth_pct": "28.9", "rank": 3, "rank_basis": "amount", **CITY},
    ),
    "retail_sales": (
        "社会消费品零售额",
        "亿元",
        "36.7",
        {"growth_pct": "11.6", "rank": 1, "rank_basis": "growth", **CITY},
    ),
    "leading_industry_clusters": ("主导产业集群数", "个", "4", {}),
    "leading_industries_output": ("四大主导产业集群产值", "亿元", "35.4", {"growth_pct": "8.6"}),
    "biomedicine_output": ("生物医药产业产值", "亿元", "17.3", {"growth_pct": "51.3"}),
    "finance_zone_centres": ("金融示范区功能中心数", "个", "6", {}),
    "industry_structure_primary": ("第一产业占比", "%", "1.6", {}),
    "industry_structure_secondary": ("第二产业占比", "%", "41.8", {}),
    "industry_structure_tertiary": ("第三产业占比", "%", "56.6", {}),
    "industrial_investment": ("工业投资", "亿元", "4.33", {}),
    "new_industrial_enterprises": ("新增工业企业", "户", "50", {"growth_pct": "56.3"}),
    "new_individual_businesses": ("新增个体工商户", "家", "815", {}),
    "investment_promotion_events": ("招商活动", "次", "30", {"qualifier": "余"}),
    "new_projects": ("新开工项目", "个", "18", {}),
    "resumed_projects": ("复工项目", "个", "27", {}),
    "projects_total_investment": ("新开工及复工项目总投资", "亿元", "207.7", {}),
    "admin_departments": ("管委会部门数", "个", "11", {"baseline_value": "23"}),
    "department_reduction_ratio": ("部门压缩比例", "%", "42", {}),
    "approval_items_undertaken": ("承接审批服务事项", "项", "92", {}),
    "approval_items_cancelled": (
        "取消和停征资格许可、审批事项、行政事业性收费",
        "项",
        "13",
        {},
    ),
    "pre_approval_items_reduced": ("减少前置审批事项", "项", "64", {}),
    "approval_time_limit": (
        "审批时限",
        "个工作日",
        "3",
        {"baseline_value": "20", "baseline_qualifier": "多"},
    ),
    "approvals_handled": ("办理各类审批件", "件", "17505", {"prior_multiple": "2"}),
    "approvals_overdue": ("逾期审批件", "件", "0", {}),
    "approval_complaints": ("审批投诉", "件", "0", {}),
    "business_env_supervisors": ("营商环境监督员", "名", "30", {}),
    "special_rectifications": ("专项整治", "项", "7", {}),
    "repealed_documents": ("废除与国家法律法规不一致的规章文件", "件", "7", {}),
    "arrears_paid": ("为企业拨付欠拨资金", "万元", "697.3", {}),
    "entrepreneur_forums": ("企业家座谈会", "次", "4", {}),
    "enterprise_issues_collected": ("梳理企业问题", "件", "46", {}),
    "enterprise_issues_resolved": ("已解决企业问题", "件", "40", {}),
    "enterprise_issues_in_progress": ("正在推进的企业问题", "件", "6", {}),
    "univ_park_ceremony_signed_projects": ("大学科技园开园仪式签约项目", "个", "6", {}),
    "sci_tech_loan_initial_fund": ("科技助保贷先期资金", "万元", "500", {}),
    "revitalization_special_fund": (
        "获批东北振兴新动能培育平台及设施建设专项资金",
        "万元",
        "1229",
        {},
    ),
    "new_high_tech_enterprises": ("新增高新技术企业", "家", "6", {}),
    "strategic_emerging_enterprises_reported": ("上报战略性新兴产业企业", "户", "13", {}),
    "new_products_reported": ("上报新产品", "项", "14", {}),
    "sci_tech_projects_approved": ("成功申报国家、省市级科技项目", "项", "8", {}),
    "integration_plan_major_projects": (
        "产城融合示范区建设总体方案支撑重大项目",
        "个",
        "42",
        {},
    ),
    "research_topics_completed": ("完成课题研究", "个", "2", {}),
}

DECIMAL_FIELDS = {"growth_pct", "baseline_value", "prior_multiple"}
EMPTY_BY_DEFAULT = {
    "qualifier": "",
    "growth_pct": None,
    "rank": None,
    "rank_scope": "",
    "rank_basis": "",
    "rank_change": None,
    "baseline_value": None,
    "baseline_qualifier": "",
    "prior_multiple": None,
}


@pytest.mark.parametrize("code", sorted(FIGURES_2017))
def test_fixture_holds_each_2017_figure_with_unit_growth_and_rank(code):
    name, unit, value, extra = FIGURES_2017[code]
    row = IndicatorValue.objects.select_related("indicator").get(indicator__code=code, year=2017)
    assert row.indicator.name == name
    assert row.indicator.unit == unit
    assert row.value == (Decimal(value) if value is not None else None)
    expected = {**EMPTY_BY_DEFAULT, **extra}
    for field, want in expected.items():
        if field in DECIMAL_FIELDS and want is not None:
            want = Decimal(want)
        assert getattr(row, field) == want, field
    assert row.status == PublicationStatus.PUBLISHED


def test_fixture_has_no_indicator_value_beyond_the_seed():
    # No prior-year values derived from growth rates, nothing invented.
    assert set(IndicatorValue.objects.values_list("year", flat=True)) == {2017}
    assert set(IndicatorValue.objects.values_list("indicator__code", flat=True)) == set(
        FIGURES_2017
    )


def test_fixture_keeps_the_industry_ratio_as_a_composite_of_three_shares():
    ratio = Indicator.objects.get(code="industry_structure")
    assert ratio.name == "三次产业比"
    assert list(ratio.components.order_by("display_order").values_list("code", flat=True)) == [
        "industry_structure_primary",
        "industry_structure_secondary",
        "industry_structure_tertiary",
    ]
    assert ratio.ratio_display(2017) == "1.6:41.8:56.6"


def test_fixture_marks_the_six_city_headline_indicators():
    assert set(Indicator.objects.filter(is_headline=True).values_list("code", flat=True)) == {
        "gdp",
        "public_budget_revenue",
        "fixed_asset_investment",
        "industrial_value_added",
        "external_investment",
        "retail_sales",
    }


def test_fixture_holds_the_zone_profile():
    profile = ZoneProfile.objects.get()
    assert profile.name == "锦州高新技术产业开发区"
    assert profile.short_name == "锦州高新区"
    assert (profile.founded_year, profile.founded_month) == (2006, 11)
    assert "南站新区" in profile.origin and "凌南新区" in profile.origin
    assert profile.administrative_status == "市委、市政府的派出机构"
    assert profile.area_km2 == Decimal("220")
    assert profile.population_wan == Decimal("20")
    assert "锦州市南部" in profile.location and "“渤海翼”" in profile.location
    for route in ["京哈铁路", "京沈电气化铁路", "京沈高速公路", "锦阜", "锦朝", "“一小时”"]:
        assert route in profile.transport


DESIGNATIONS = [
    ("国家高新区", "国务院", 2015, 2),
    ("全国产城融合示范区", "", 2016, 9),
    ("国家科技成果转化服务(锦州)示范基地", "国家科技部", None, None),
    ("国家火炬锦州汽车零部件特色产业基地", "国家科技部", None, None),
    ("国家科技兴贸创新基地", "国家商务部和科技部", None, None),
]


def test_fixture_holds_every_designation_with_granting_body_and_date_in_order():
    rows = list(
        Designation.objects.published().values_list("name", "granting_body", "year", "month")
    )
    assert rows == DESIGNATIONS


PROJECTS = {
    # (name, phase): (industry, investor, platform, stage in 2017)
    ("华为云计算中心", ""): ("", "", None, "started"),
    ("天文太阳能检测", ""): ("", "", None, "started"),
    ("上海复星生物医药产业园", "一期"): ("biomedicine", "", None, "full_production"),
    ("环宇科技集成电路产业园", ""): ("electronics", "", None, "trial_operation"),
    ("万得科技大厦", ""): ("", "", None, "structure_completed"),
    ("万达广场", ""): ("services", "", None, "in_operation"),
    ("红星美凯龙家居广场", ""): ("services", "", None, "in_operation"),
    ("爱一方生活体验中心", ""): ("services", "", None, "in_operation"),
    ("天辰博锐", ""): ("", "", "锦州大学科技园", "signed"),
    ("中国医科大学药学院药品食品检验检测与创新研发中心", ""): (
        "",
        "中国医科大学药学院",
        "锦州大学科技园",
        "signed",
    ),
}


def test_fixture_holds_every_named_project_with_its_2017_stage():
    projects = Project.objects.select_related("platform")
    found = {
        (p.name, p.phase): (
            p.industry,
            p.investor,
            p.platform.name if p.platform else None,
            p.latest_stage,
        )
        for p in projects
    }
    assert found == PROJECTS
    assert {p.latest_year for p in projects} == {2017}
    wanda = Project.objects.get(name="万得科技大厦").progress.get(year=2017)
    assert "内部装修" in wanda.progress and "预计年底投入运营" in wanda.progress


POLICIES = {
    "中共锦州高新区工委关于成立锦州高新区科技创新工作领导小组的通知": (
        "中共锦州高新区工委",
        "effective",
    ),
    "锦州高新区科技创新券实施管理办法": ("锦州高新区", "effective"),
    "锦州高新技术产业开发区科技互助贷款管理办法": ("锦州高新区", "effective"),
    "锦州高新技术产业开发区引进高新技术人才优惠政策(征求意见稿)": (
        "锦州高新区",
        "for_comment",
    ),
    "松山新区管理委员会关于进一步做好吸引高校毕业生来松山新区工作的实施细则": (
        "松山新区管理委员会",
        "for_comment",
    ),
    "锦州大学科技园优惠政策": ("锦州高新区", "effective"),
    "锦州高新区体制机制改革方案": ("锦州高新区", "effective"),
    "锦州市产城融合示范区建设总体方案": ("", "effective"),
    "产城融合示范区总体规划": ("", "drafting"),
    "农业转移人口市民化": ("", "not_applicable"),
    "产城融合管理与服务体系": ("", "not_applicable"),
}


def test_fixture_holds_every_policy_document_plan_and_study_with_validity():
    found = {
        p.title: (p.issuing_body, p.validity) for p in PolicyDocument.objects.filter(year=2017)
    }
    assert found == POLICIES
    plan = PolicyDocument.objects.get(title="锦州市产城融合示范区建设总体方案")
    assert "省发改委的批复" in plan.summary and "42个重大项目" in plan.summary


def test_fixture_holds_the_named_platforms_with_their_figures():
    park = InnovationPlatform.objects.get(name="锦州大学科技园")
    assert park.kind == "university_park"
    assert park.total_investment == Decimal("3.77")
    assert park.floor_area == Decimal("7.5")
    assert park.signed_projects == 8
    assert park.operating_state == "已投入使用"
    bank = InnovationPlatform.objects.get(name="锦州银行科技金融服务中心")
    assert (bank.kind, bank.host_organisation) == ("sci_tech_finance", "锦州银行")
    # The seed names no other platform: counts by type and level stay indicator values.
    assert InnovationPlatform.objects.count() == 2


def test_fixture_holds_the_2017_report_with_four_sections_in_order_and_verbatim():
    lines = source_lines()
    report = WorkReport.objects.get(year=2017)
    # The seed's first line is the zone that speaks; the report is titled as its year's report.
    assert lines[0] == "锦州高新技术产业开发区"
    assert report.title == "锦州高新技术产业开发区2017年工作报告"
    assert report.issuing_body == "锦州高新技术产业开发区管理委员会"
    assert report.issued_on == date(2018, 4, 17)
    assert report.status == PublicationStatus.PUBLISHED
    sections = list(report.sections.order_by("order"))
    assert [s.heading for s in sections] == [
        "一、发展沿革及自然情况",
        "二、经济运行及产业情况",
        "三、体制机制改革推进情况",
        "四、创新创业工作开展情况",
    ]
    rendered = render_report(report, sections)
    assert rendered.problems == []
    # With its figures drawn from the data, the text reads word for word as the seed.
    text_lines = [lines[0]]
    for part in rendered.sections:
        text_lines.append(part.section.heading)
        text_lines += ["".join(s.text for s in block.segments) for block in part.blocks]
    text_lines.append("".join(s.text for s in rendered.closing))
    text_lines += ["2018年4月17日", report.issuing_body]
    assert text_lines == lines[: len(text_lines)]
    # What remains of the seed file is the web page's "related news" link, not the report.
    assert lines[len(text_lines) :] == ["相关新闻"]


def test_fixture_report_text_types_no_figure_that_lives_in_the_data():
    report = WorkReport.objects.get(year=2017)
    text = "".join(s.body for s in report.sections.all()) + report.closing
    literal = REFERENCE_RE.sub("", text)
    # Only the report's own year is still typed; every other number is a reference.
    assert set(re.findall(r"\d+(?:\.\d+)?", literal)) == {"2017"}
    assert len(REFERENCE_RE.findall(text)) >= 80


def test_fixture_links_each_section_to_the_records_it_speaks_of():
    report = WorkReport.objects.get(year=2017)
    economy = report.sections.get(order=2)
    assert economy.indicators.filter(code="gdp").exists()
    assert economy.projects.count() == 8
    innovation = report.sections.get(order=4)
    assert set(innovation.platforms.values_list("name", flat=True)) == {
        "锦州大学科技园",
        "锦州银行科技金融服务中心",
    }
    assert innovation.policies.filter(title="锦州高新区科技创新券实施管理办法").exists()
    assert report.sections.get(order=3).policies.get().title == "锦州高新区体制机制改革方案"


def structured_numbers():
    """Every number kept in a typed field (not in free text), as text."""
    numbers = set()

    def add(value):
        if value is not None and value != "":
            numbers.add(format(Decimal(value).normalize(), "f"))

    for row in IndicatorValue.objects.all():
        for field in ["value", "growth_pct", "baseline_value", "prior_multiple", "rank"]:
            add(getattr(row, field))
        if row.rank_change is not None:
            add(abs(row.rank_change))
        for number in re.findall(r"\d+", row.rank_scope):
            add(number)
    profile = ZoneProfile.objects.get()
    for value in [profile.founded_year, profile.founded_month, profile.area_km2]:
        add(value)
    add(profile.population_wan)
    for d in Designation.objects.all():
        add(d.year)
        add(d.month)
    for p in InnovationPlatform.objects.all():
        for value in [p.total_investment, p.floor_area, p.signed_projects, p.year_recognised]:
            add(value)
    for report in WorkReport.objects.all():
        add(report.year)
        for part in [report.issued_on.year, report.issued_on.month, report.issued_on.day]:
            add(part)
    return numbers


def test_every_number_in_the_seed_lives_in_a_typed_field():
    seed_numbers = {
        format(Decimal(n).normalize(), "f")
        for n in re.findall(r"\d+(?:\.\d+)?", SOURCE_2017.read_text(encoding="utf-8"))
    }
    assert seed_numbers - structured_numbers() == set()
