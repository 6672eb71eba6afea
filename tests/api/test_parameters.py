"""The lists' parameters: year ranges, change times, codes, ordering and paging; anything else
is a 400 in Chinese and English, never a 500."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hightech_zone.models import IndicatorValue
from tests import factories
from tests.factories import IndicatorFactory, PolicyFactory, ProgressFactory, ValueFactory


def rows(api, path):
    response = api(path)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_start_and_end_period_bound_the_years(api):
    indicator = IndicatorFactory(code="t_gdp")
    for year in (2088, 2089, 2090, 2091):
        ValueFactory(indicator=indicator, year=year)
    found = rows(api, "/api/v1/observations/?indicator=t_gdp&startPeriod=2089&endPeriod=2090")
    assert sorted(row["year"] for row in found) == [2089, 2090]
    assert len(rows(api, "/api/v1/observations/?startPeriod=2091")) == 1
    assert len(rows(api, "/api/v1/observations/?endPeriod=2088")) == 1


def test_indicator_takes_one_code_or_several(api):
    for code in ("t_a", "t_b", "t_c"):
        ValueFactory(indicator=IndicatorFactory(code=code))
    assert {r["indicator"] for r in rows(api, "/api/v1/observations/?indicator=t_a,t_c")} == {
        "t_a",
        "t_c",
    }


def test_projects_are_found_by_the_years_of_their_progress(api):
    early = ProgressFactory(year=2085).project
    late = ProgressFactory(year=2095).project
    assert [r["id"] for r in rows(api, "/api/v1/projects/?startPeriod=2090")] == [late.pk]
    assert [r["id"] for r in rows(api, "/api/v1/projects/?endPeriod=2090")] == [early.pk]
    # Both, in the list's name order, which depends on the factories' numbering, not on this.
    staged = rows(api, "/api/v1/projects/?stage=under_construction")
    assert sorted(r["id"] for r in staged) == sorted([early.pk, late.pk])


def test_policies_filter_by_validity(api):
    PolicyFactory(validity="effective")
    repealed = PolicyFactory(validity="repealed")
    assert [r["id"] for r in rows(api, "/api/v1/policies/?validity=repealed")] == [repealed.pk]


def test_updated_after_takes_a_date_or_a_date_and_time(api):
    old, new = ValueFactory(year=2089), ValueFactory(year=2090)
    IndicatorValue.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=400))
    since = (timezone.now() - timedelta(days=10)).date().isoformat()
    assert [r["id"] for r in rows(api, f"/api/v1/observations/?updatedAfter={since}")] == [new.pk]
    moment = (timezone.now() - timedelta(days=10)).isoformat().replace("+", "%2B")
    assert [r["id"] for r in rows(api, f"/api/v1/observations/?updatedAfter={moment}")] == [new.pk]
    assert len(rows(api, "/api/v1/observations/?updatedAfter=2000-01-01T00:00:00Z")) == 2


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("updatedAfter=yesterday", "updatedAfter"),
        ("updatedAfter=2024-13-01", "updatedAfter"),
        ("updatedAfter=0001-01-01", "updatedAfter"),
        ("updatedAfter=9999-12-31T23:59:59-12:00", "updatedAfter"),
        ("startPeriod=x", "startPeriod"),
        ("startPeriod=2015.5", "startPeriod"),
        ("endPeriod=99999999999999999999999", "endPeriod"),
        ("year=-1", "year"),
        ("category=nonsense", "category"),
        ("limit=abc", "limit"),
        ("limit=-1", "limit"),
        ("limit=0", "limit"),
        ("offset=-5", "offset"),
        ("offset=" + "9" * 40, "offset"),
        ("ordering=secret_field", "ordering"),
        ("ordering=year,-nonsense", "ordering"),
    ],
)
def test_a_bad_parameter_is_a_400_saying_so_in_both_languages(api, query, parameter):
    ValueFactory()
    response = api(f"/api/v1/observations/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == "bad_request"
    assert error["message"] == "请求参数有误"
    assert error["message_en"] == "Bad request parameters"
    assert list(error["details"]) == [parameter]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/observations/?indicator=%00",
        "/api/v1/observations/%00/",
        "/api/v1/indicators/t%00x/",
    ],
)
def test_a_nul_is_a_json_400(api, path):
    response = api(path)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/observations/99999999999999999999999999/",
        "/api/v1/reports/99999/",
        "/api/v1/indicators/%E2%9C%93/",
        "/api/v1/observations/?format=xml",
    ],
)
def test_junk_in_the_address_is_a_json_404(api, path):
    response = api(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_paging_counts_all_and_returns_a_page(api):
    indicator = IndicatorFactory()
    for year in range(2060, 2065):
        ValueFactory(indicator=indicator, year=year)
    page = api("/api/v1/observations/?limit=2&offset=1&ordering=year").json()
    assert page["count"] == 5
    assert [r["year"] for r in page["results"]] == [2061, 2062]
    assert "offset=3" in page["next"]
    assert page["previous"] is not None
    last = api("/api/v1/observations/?limit=2&offset=4&ordering=year").json()
    assert last["next"] is None
    beyond = api("/api/v1/observations/?offset=99999999999999999999").json()
    assert (beyond["count"], beyond["results"]) == (5, [])


def test_the_limit_defaults_to_100_and_is_cut_to_1000(api, monkeypatch):
    from api import pagination

    monkeypatch.setattr(pagination.LimitOffsetPagination, "max_limit", 3)
    monkeypatch.setattr(pagination.LimitOffsetPagination, "default_limit", 2)
    indicator = IndicatorFactory()
    for year in range(2060, 2065):
        ValueFactory(indicator=indicator, year=year)
    assert len(rows(api, "/api/v1/observations/")) == 2
    assert len(rows(api, "/api/v1/observations/?limit=1000000")) == 3
    assert (pagination.DEFAULT_LIMIT, pagination.MAX_LIMIT) == (100, 1000)


def test_ordering_follows_the_whitelist(api):
    indicator = IndicatorFactory()
    for year, value in ((2060, 3), (2061, 1), (2062, 2)):
        ValueFactory(indicator=indicator, year=year, value=value)
    assert [r["value"] for r in rows(api, "/api/v1/observations/?ordering=-value")] == [3, 2, 1]
    assert [r["year"] for r in rows(api, "/api/v1/observations/?ordering=year")] == [
        2060,
        2061,
        2062,
    ]


@pytest.mark.parametrize("ordering", ["total_investment", "-total_investment"])
def test_a_blank_comes_last_whichever_way_a_list_is_ordered(api, ordering):
    for name, investment in (("测试小项目", 1), ("测试未填投资", None), ("测试大项目", 90)):
        factories.project(name=name, total_investment=investment)
    names = [r["name"] for r in rows(api, f"/api/v1/projects/?ordering={ordering}")]
    known = ["测试小项目", "测试大项目"]
    assert names == [*(known if ordering == "total_investment" else known[::-1]), "测试未填投资"]
