"""Plans still being drawn up and research studies are not listed as policy documents."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents():
    return {
        "policy": factories.policy(title="测试科技创新券管理办法", kind="measures"),
        "plan": factories.policy(title="测试产城融合总体规划", kind="master_plan"),
        "study": factories.policy(
            title="测试人口市民化课题", kind="research", validity="not_applicable"
        ),
    }


def recent_policies(client):
    return [p.title for p in client.get("/").context["recent_policies"]]


def test_home_latest_policies_leave_out_plans_and_studies(client, documents):
    titles = recent_policies(client)
    assert "测试科技创新券管理办法" in titles
    assert "测试产城融合总体规划" not in titles and "测试人口市民化课题" not in titles


def test_policy_list_leaves_out_plans_and_studies_by_default(client, documents):
    html = client.get("/policies/").content.decode()
    assert "测试科技创新券管理办法" in html
    assert "测试产城融合总体规划" not in html and "测试人口市民化课题" not in html


def test_choosing_a_kind_lists_plans_or_studies(client, documents):
    html = client.get("/policies/", {"kind": "research"}).content.decode()
    assert "测试人口市民化课题" in html
    assert "测试科技创新券管理办法" not in html and "测试产城融合总体规划" not in html


def test_a_study_keeps_its_own_page(client, documents):
    assert client.get(documents["study"].get_absolute_url()).status_code == 200


def test_a_growth_only_headline_shows_its_growth(client):
    indicator = factories.indicator(name="测试工业增加值", is_headline=True)
    factories.value(indicator=indicator, year=2090, value=None, growth_pct=21)
    html = client.get("/").content.decode()
    card = html[html.index("测试工业增加值") :]
    card = card[: card.index("</li>")]
    assert '<span class="headline-value">同比增长 21%</span>' in card
    assert "—" not in card


def test_a_headline_with_a_value_shows_the_value_and_its_growth(client):
    indicator = factories.indicator(name="测试生产总值", is_headline=True)
    factories.value(indicator=indicator, year=2090, value="72.6", growth_pct="15.8")
    html = client.get("/").content.decode()
    card = html[html.index("测试生产总值") :]
    card = card[: card.index("</li>")]
    assert '<span class="headline-value">72.6亿元</span>' in card
    assert "同比增长 15.8%" in card
