"""The shipped 2017 report is found by the figures its page shows, never by its markup."""

import pytest

from hightech_zone import search

pytestmark = pytest.mark.django_db


def report_years(query):
    groups = {group.kind: group for group in search.search(query)}
    return [hit.record.year for hit in groups["report"].hits]


@pytest.mark.parametrize("query", ["72.6亿元", "894家", "全市第2位", "1.6:41.8:56.6", "330余件"])
def test_the_2017_reports_figures_find_it(query):
    assert report_years(query) == [2017]


@pytest.mark.parametrize("query", ["[[", "growth", "rank_cn", "gdp|", "industry_structure"])
def test_the_2017_reports_markup_finds_nothing(query):
    assert report_years(query) == []


def test_gdp_finds_the_2017_report_through_the_name_its_page_shows():
    """GDP ↔ 地区生产总值 (hightech_zone.segment.SYNONYMS): the page reads 地区生产总值."""
    groups = {group.kind: group for group in search.search("GDP")}
    (hit,) = groups["report"].hits
    assert hit.record.year == 2017
    assert any(piece.match == "地区生产总值" for piece in hit.snippets)
