"""References in report text resolve to the figures in the data."""

import pytest

from hightech_zone.models import IndicatorValue, PublicationStatus, WorkReport
from hightech_zone.references import Resolver, chinese_numeral, parse, render_report

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("seed"),  # not yet on factories (issue 12)
]


def resolve(text, year=2017, **kwargs):
    resolver = Resolver([(text, year)], **kwargs)
    return resolver.plain_text(text, year), resolver.problems()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[gdp]]", "72.6亿元"),
        ("[[gdp|growth]]", "15.8%"),
        ("[[gdp|rank]]", "全市第2位"),
        ("[[gdp|number]]", "72.6"),
        ("[[external_investment|rank_cn]]", "三"),
        ("[[authorized_patents]]", "330余件"),
        ("[[approval_time_limit|baseline]]", "20多个工作日"),
        ("[[approvals_handled|multiple]]", "2"),
        ("[[industry_structure]]", "1.6:41.8:56.6"),
        ("[[research_topics_completed|number_cn]]", "两"),
        ("[[national_evaluation_rank|rank_change]]", "2"),
        ("[[platform:锦州大学科技园|total_investment]]", "3.77亿元"),
        ("[[platform:锦州大学科技园|floor_area]]", "7.5万平方米"),
        ("[[designation:国家高新区|granted]]", "2015年2月"),
        ("[[zone|area]]", "220平方公里"),
        ("[[zone|founded]]", "2006年11月"),
        ("实现[[ gdp | growth ]]增长", "实现15.8%增长"),
    ],
)
def test_reference_renders_the_figure_from_the_data(text, expected):
    assert resolve(text) == (expected, [])


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[[no_such_code]]", "没有已发布的数值"),
        ("[[gdp@2016]]", "在2016年没有已发布的数值"),
        ("[[gdp|colour]]", "未知的字段"),
        ("[[industrial_value_added]]", "没有“value”"),
        ("[[platform:不存在的平台]]", "没有名为“不存在的平台”的已发布平台"),
        ("[[designation:国家科技兴贸创新基地|granted]]", "没有获得时间"),
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
    IndicatorValue.objects.filter(indicator__code="gdp").update(status=PublicationStatus.DRAFT)
    assert resolve("[[gdp]]")[1]
    assert resolve("[[gdp]]", published_only=False) == ("72.6亿元", [])


def test_year_suffix_picks_another_year():
    IndicatorValue.objects.create(
        indicator_id=IndicatorValue.objects.get(indicator__code="gdp").indicator_id,
        year=2016,
        value="62.7",
        status=PublicationStatus.PUBLISHED,
    )
    assert resolve("[[gdp@2016]] / [[gdp]]") == ("62.7亿元 / 72.6亿元", [])


def test_parse_keeps_text_and_references_in_order():
    parts = parse("甲[[gdp]]乙[[zone|area]]", default_year=2017)
    assert parts[0] == "甲" and parts[2] == "乙"
    assert (parts[1].kind, parts[1].key, parts[1].year) == ("indicator", "gdp", 2017)
    assert (parts[3].kind, parts[3].field) == ("zone", "area")


@pytest.mark.parametrize(
    ("number", "cardinal", "text"),
    [(1, False, "一"), (2, False, "二"), (2, True, "两"), (3, False, "三"), (10, False, "十")],
)
def test_chinese_numerals_as_reports_write_them(number, cardinal, text):
    assert chinese_numeral(number, cardinal=cardinal) == text


def test_chinese_numerals_beyond_ten():
    assert [chinese_numeral(n) for n in (12, 20, 42, 99)] == ["十二", "二十", "四十二", "九十九"]


def test_whole_report_resolves_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    report = WorkReport.objects.get(year=2017)
    sections = list(report.sections.order_by("order"))
    with django_assert_max_num_queries(4):
        rendered = render_report(report, sections)
    assert rendered.problems == []
