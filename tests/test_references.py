"""References in report text resolve to the figures in the data."""

from decimal import Decimal

import pytest

from hightech_zone.models import IndicatorKind, IndicatorValue, PublicationStatus
from hightech_zone.references import Resolver, chinese_numeral, parse, render_report
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("figures")]

YEAR = 2090


@pytest.fixture
def figures():
    """A zone, a platform, designations and indicators with every field a reference can show."""
    factories.zone(area_km2=220, founded_year=2031, founded_month=11)
    factories.platform(
        name="测试大学科技园", total_investment=Decimal("3.77"), floor_area=Decimal("7.5")
    )
    factories.designation(name="测试国家级称号", year=2032, month=2)
    factories.designation(name="测试未定时间的称号", year=None, month=None)

    def value(code, unit="亿元", **fields):
        indicator = factories.indicator(code=code, unit=unit)
        return factories.value(indicator=indicator, year=YEAR, **fields)

    value(
        "t_gdp",
        value=Decimal("72.6"),
        growth_pct=Decimal("15.8"),
        rank=2,
        rank_scope="全市",
    )
    value("t_investment", rank=3, rank_scope="全市")
    value("t_patents", unit="件", value=330, qualifier="余")
    value("t_approval_days", unit="个工作日", value=7, baseline_value=20, baseline_qualifier="多")
    value("t_approvals", unit="件", value=17505, prior_multiple=2)
    value("t_topics", unit="个", value=2)
    value("t_national_rank", unit="", value=None, rank_change=2, rank_scope="全国")
    value("t_growth_only", value=None, growth_pct=21)
    ratio = factories.indicator(code="t_structure", kind=IndicatorKind.RATIO, unit="")
    for order, number in enumerate(["1.6", "41.8", "56.6"]):
        part = factories.indicator(parent=ratio, unit="%", display_order=order)
        factories.value(indicator=part, year=YEAR, value=number)


def resolve(text, year=YEAR, **kwargs):
    resolver = Resolver([(text, year)], **kwargs)
    return resolver.plain_text(text, year), resolver.problems()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[t_gdp]]", "72.6亿元"),
        ("[[t_gdp|growth]]", "15.8%"),
        ("[[t_gdp|rank]]", "全市第2位"),
        ("[[t_gdp|number]]", "72.6"),
        ("[[t_investment|rank_cn]]", "三"),
        ("[[t_patents]]", "330余件"),
        ("[[t_approval_days|baseline]]", "20多个工作日"),
        ("[[t_approvals|multiple]]", "2"),
        ("[[t_structure]]", "1.6:41.8:56.6"),
        ("[[t_topics|number_cn]]", "两"),
        ("[[t_national_rank|rank_change]]", "2"),
        ("[[platform:测试大学科技园|total_investment]]", "3.77亿元"),
        ("[[platform:测试大学科技园|floor_area]]", "7.5万平方米"),
        ("[[designation:测试国家级称号|granted]]", "2032年2月"),
        ("[[zone|area]]", "220平方公里"),
        ("[[zone|founded]]", "2031年11月"),
        ("实现[[ t_gdp | growth ]]增长", "实现15.8%增长"),
    ],
)
def test_reference_renders_the_figure_from_the_data(text, expected):
    assert resolve(text) == (expected, [])


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[[no_such_code]]", "没有已发布的数值"),
        (f"[[t_gdp@{YEAR - 1}]]", f"尚无{YEAR - 1}年的数值(待填报)"),
        ("[[t_gdp|colour]]", "未知的字段"),
        ("[[t_growth_only]]", "没有“value”"),
        ("[[platform:不存在的平台]]", "没有名为“不存在的平台”的已发布平台"),
        ("[[designation:测试未定时间的称号|granted]]", "没有获得时间"),
        ("[[bad code!]]", "无法识别的引用"),
    ],
)
def test_reference_to_nothing_is_reported_with_its_reason(text, reason):
    _rendered, problems = resolve(text)
    assert len(problems) == 1
    reference, message = problems[0]
    assert reference.raw == text
    assert reason in message


def test_draft_value_is_not_shown_to_the_public_but_is_in_a_draft_preview():
    IndicatorValue.objects.filter(indicator__code="t_gdp").update(status=PublicationStatus.DRAFT)
    assert resolve("[[t_gdp]]")[1]
    assert resolve("[[t_gdp]]", published_only=False) == ("72.6亿元", [])


def test_year_suffix_picks_another_year():
    IndicatorValue.objects.create(
        indicator_id=IndicatorValue.objects.get(indicator__code="t_gdp").indicator_id,
        year=YEAR - 1,
        value="62.7",
        status=PublicationStatus.PUBLISHED,
    )
    assert resolve(f"[[t_gdp@{YEAR - 1}]] / [[t_gdp]]") == ("62.7亿元 / 72.6亿元", [])


def test_parse_keeps_text_and_references_in_order():
    parts = parse("甲[[t_gdp]]乙[[zone|area]]", default_year=YEAR)
    assert parts[0] == "甲" and parts[2] == "乙"
    assert (parts[1].kind, parts[1].key, parts[1].year) == ("indicator", "t_gdp", YEAR)
    assert (parts[3].kind, parts[3].field) == ("zone", "area")


@pytest.mark.parametrize(
    ("number", "cardinal", "text"),
    [(1, False, "一"), (2, False, "二"), (2, True, "两"), (3, False, "三"), (10, False, "十")],
)
def test_chinese_numerals_as_reports_write_them(number, cardinal, text):
    assert chinese_numeral(number, cardinal=cardinal) == text


def test_chinese_numerals_beyond_ten():
    assert [chinese_numeral(n) for n in (12, 20, 42, 99)] == ["十二", "二十", "四十二", "九十九"]


@pytest.mark.parametrize("copies", [1, 10])
def test_whole_report_resolves_in_a_fixed_number_of_queries(django_assert_max_num_queries, copies):
    report = factories.report(year=YEAR, closing="园区面积[[zone|area]]。")
    references = [
        "[[t_gdp]]",
        "[[t_gdp|rank]]",
        "[[t_structure]]",
        "[[platform:测试大学科技园|total_investment]]",
        "[[designation:测试国家级称号|granted]]",
        "[[zone|founded]]",
    ]
    for _ in range(copies):
        factories.section(report=report, body="\n".join(f"实现{r}。" for r in references))
    sections = list(report.sections.order_by("order"))
    with django_assert_max_num_queries(4):
        rendered = render_report(report, sections)
    assert rendered.problems == []
    text = "".join(s.text for block in rendered.sections[-1].blocks for s in block.segments)
    assert "72.6亿元" in text and "1.6:41.8:56.6" in text and "2031年11月" in text
