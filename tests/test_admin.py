"""Staff keep every record in the admin; strangers are sent to the login page."""

import pytest
from django.contrib import admin
from django.urls import reverse

from hightech_zone.models import (
    Designation,
    Indicator,
    IndicatorValue,
    InnovationPlatform,
    PolicyDocument,
    Project,
    WorkReport,
    ZoneProfile,
    zone_data_models,
)
from tests import factories

pytestmark = pytest.mark.django_db

MODELS = zone_data_models()


def url(model, action, *args):
    return reverse(f"admin:hightech_zone_{model._meta.model_name}_{action}", args=args)


@pytest.fixture
def one_of_each(db):
    return factories.one_of_each()


def test_every_domain_model_is_registered_in_the_admin():
    assert len(MODELS) == 12
    assert all(admin.site.is_registered(m) for m in MODELS)


def test_the_fixture_holds_a_record_of_every_model(one_of_each):
    assert set(one_of_each) == set(MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_staff_opens_changelist_and_change_page_of_every_model(staff_client, one_of_each, model):
    obj = one_of_each[model]
    listing = staff_client.get(url(model, "changelist"))
    assert listing.status_code == 200
    assert str(obj) in listing.text
    change = staff_client.get(url(model, "change", obj.pk))
    assert change.status_code == 200
    assert "保存" in change.text


@pytest.mark.parametrize(
    "model", [m for m in MODELS if m is not ZoneProfile], ids=lambda m: m.__name__
)
def test_staff_opens_add_page_of_every_model(staff_client, model):
    response = staff_client.get(url(model, "add"))
    assert response.status_code == 200
    assert "<form" in response.text


def test_zone_profile_cannot_be_added_twice_from_the_admin(staff_client):
    assert staff_client.get(url(ZoneProfile, "add")).status_code == 200
    factories.zone()
    assert staff_client.get(url(ZoneProfile, "add")).status_code == 403
    ZoneProfile.objects.all().delete()
    assert staff_client.get(url(ZoneProfile, "add")).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_anonymous_visitor_is_sent_to_login(client, one_of_each, model):
    for target in [url(model, "changelist"), url(model, "change", one_of_each[model].pk)]:
        response = client.get(target)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_admin_speaks_chinese(staff_client):
    response = staff_client.get(reverse("admin:index"))
    assert "指标数值" in response.text
    assert "投资项目" in response.text
    assert 'lang="zh-hans"' in response.text


def report_with_text(title, body):
    report = factories.report(title=title)
    factories.section(report=report, body=body)
    return report


# Each case builds one record the search must find and one it must leave out.
SEARCHES = {
    Project: (
        "医药",
        lambda: factories.project(name="测试生物医药产业园"),
        lambda: factories.project(name="测试商业广场"),
    ),
    PolicyDocument: (
        "科技",
        lambda: factories.policy(title="测试高新区科技创新券实施管理办法"),
        lambda: factories.policy(title="测试产城融合示范区总体规划"),
    ),
    IndicatorValue: (
        "生产总值",
        lambda: factories.value(indicator=factories.indicator(name="测试地区生产总值")),
        lambda: factories.value(indicator=factories.indicator(name="测试社会消费品零售额")),
    ),
    Indicator: (
        "专利",
        lambda: factories.indicator(name="测试授权专利"),
        lambda: factories.indicator(name="测试地区生产总值"),
    ),
    InnovationPlatform: (
        "银行",
        lambda: factories.platform(name="测试银行科技金融服务中心"),
        lambda: factories.platform(name="测试大学科技园"),
    ),
    Designation: (
        "火炬",
        lambda: factories.designation(name="国家火炬测试特色产业基地"),
        lambda: factories.designation(name="国家科技兴贸测试创新基地"),
    ),
    # A report is found by the text of its sections.
    WorkReport: (
        "大学科技园",
        lambda: report_with_text("测试甲报告", "建成测试大学科技园。"),
        lambda: report_with_text("测试乙报告", "建成测试孵化器。"),
    ),
}


@pytest.mark.parametrize("model", list(SEARCHES), ids=lambda m: m.__name__)
def test_admin_search_finds_chinese_text(staff_client, model):
    query, found, left_out = SEARCHES[model]
    expected, absent = str(found()), str(left_out())
    response = staff_client.get(url(model, "changelist"), {"q": query})
    assert response.status_code == 200
    assert expected in response.text
    assert absent not in response.text


def project_at_stages(name, *stages, industry=""):
    project = factories.project(name=name, industry=industry)
    for year, stage in enumerate(stages, start=2090):
        factories.progress(project=project, year=year, stage=stage)
    return project


# Each case: the filter, a record it keeps and a record it leaves out.
FILTERS = {
    "value by year and category": (
        IndicatorValue,
        {"year": "2091", "indicator__category": "reform"},
        lambda: factories.value(
            year=2091, indicator=factories.indicator(name="测试审批时限", category="reform")
        ),
        lambda: factories.value(
            year=2091, indicator=factories.indicator(name="测试生产总值", category="economy")
        ),
    ),
    "value by year": (
        IndicatorValue,
        {"year": "2091", "indicator__category": "reform"},
        lambda: factories.value(
            year=2091, indicator=factories.indicator(name="测试审批时限", category="reform")
        ),
        lambda: factories.value(
            year=2092, indicator=factories.indicator(name="测试办结时限", category="reform")
        ),
    ),
    # The stage filter reads a project's latest stage, not any stage it went through.
    "project by latest stage": (
        Project,
        {"latest_stage__exact": "in_operation"},
        lambda: project_at_stages("测试运营广场", "under_construction", "in_operation"),
        lambda: project_at_stages("测试在建园区", "in_operation", "under_construction"),
    ),
    "project by industry": (
        Project,
        {"industry": "biomedicine"},
        lambda: factories.project(name="测试生物医药产业园", industry="biomedicine"),
        lambda: factories.project(name="测试商业广场", industry="services"),
    ),
    "policy by validity": (
        PolicyDocument,
        {"validity": "for_comment"},
        lambda: factories.policy(title="测试办法(征求意见稿)", validity="for_comment"),
        lambda: factories.policy(title="测试科技互助贷款管理办法", validity="effective"),
    ),
    "policy by category": (
        PolicyDocument,
        {"category": "talent"},
        lambda: factories.policy(title="测试吸引高校毕业生的意见", category="talent"),
        lambda: factories.policy(title="测试科技互助贷款管理办法", category="sci_tech_finance"),
    ),
    "platform by kind": (
        InnovationPlatform,
        {"kind": "university_park"},
        lambda: factories.platform(name="测试大学科技园", kind="university_park"),
        lambda: factories.platform(name="测试银行科技金融中心", kind="sci_tech_finance"),
    ),
    "indicator by category": (
        Indicator,
        {"category": "economy"},
        lambda: factories.indicator(name="测试地区生产总值", category="economy"),
        lambda: factories.indicator(name="测试授权专利", category="innovation"),
    ),
}


@pytest.mark.parametrize("case", list(FILTERS))
def test_admin_filters_narrow_the_changelist(staff_client, case):
    model, params, kept, left_out = FILTERS[case]
    expected, absent = str(kept()), str(left_out())
    response = staff_client.get(url(model, "changelist"), params)
    assert response.status_code == 200
    assert expected in response.text
    assert absent not in response.text


def test_admin_edits_a_figure(staff_client):
    value = factories.value(value="72.6", growth_pct="15.8", rank=2, rank_scope="全市")
    response = staff_client.post(
        url(IndicatorValue, "change", value.pk),
        {
            "indicator": value.indicator_id,
            "year": value.year,
            "value": "73.1",
            "qualifier": "",
            "growth_pct": "15.8",
            "rank": 2,
            "rank_scope": "全市",
            "rank_basis": "growth",
            "status": "published",
            "baseline_qualifier": "",
            "loaded_version": value.version,
        },
    )
    assert response.status_code == 302, response.text
    value.refresh_from_db()
    assert str(value.value) == "73.1000"
    assert value.version == 2


@pytest.fixture
def existing_value(db):
    """A figure for 2090, so that a second one for that year is a duplicate."""
    return factories.value(year=2090)


def value_form(indicator, **overrides):
    data = {
        "indicator": indicator.pk,
        "year": 2089,
        "value": "60",
        "qualifier": "",
        "baseline_qualifier": "",
        "status": "draft",
    }
    data.update(overrides)
    return data


def test_a_valid_value_form_is_saved(staff_client, existing_value):
    """The form the refusals below start from is itself accepted."""
    response = staff_client.post(url(IndicatorValue, "add"), value_form(existing_value.indicator))
    assert response.status_code == 302, response.text
    assert existing_value.indicator.values.filter(year=2089).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"year": 2090}, "每个指标每年只能有一个数值"),
        ({"value": "-1"}, "确保该值大于或等于"),
        ({"year": 1800}, "确保该值大于或等于"),
        ({"rank": 2}, "必须填写排名范围"),
        ({"value": "abc"}, "输入一个数字"),
        ({"value": ""}, "请至少填写数值"),
    ],
)
def test_admin_refuses_bad_values_in_chinese_and_saves_nothing(
    staff_client, existing_value, overrides, message
):
    before = IndicatorValue.objects.count()
    response = staff_client.post(
        url(IndicatorValue, "add"), value_form(existing_value.indicator, **overrides)
    )
    assert response.status_code == 200
    assert message in response.text
    assert IndicatorValue.objects.count() == before


def test_admin_refuses_negative_project_investment_in_chinese(staff_client):
    response = staff_client.post(
        url(Project, "add"),
        {
            "name": "测试新项目",
            "phase": "",
            "total_investment": "-3",
            "status": "draft",
            "progress-TOTAL_FORMS": "0",
            "progress-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "确保该值大于或等于" in response.text
    assert not Project.objects.filter(name="测试新项目").exists()


def test_indicator_change_page_shows_values_inline(staff_client):
    indicator = factories.indicator()
    factories.value(indicator=indicator, value="72.6")
    response = staff_client.get(url(Indicator, "change", indicator.pk))
    assert 'name="values-0-year"' in response.text
    assert 'value="72.6"' in response.text


def test_report_change_page_shows_sections_inline_in_order(staff_client):
    report = factories.report()
    for order in (3, 1, 4, 2):  # created out of order, shown in order
        factories.section(report=report, order=order, heading=f"测试第{order}节")
    text = staff_client.get(url(WorkReport, "change", report.pk)).text
    positions = [text.index(f"测试第{order}节") for order in (1, 2, 3, 4)]
    assert positions == sorted(positions)
    assert 'name="sections-3-heading"' in text


def test_autocomplete_finds_indicators_by_chinese_name(staff_client):
    factories.indicator(name="测试地区生产总值", unit="亿元")
    factories.indicator(name="测试授权专利", unit="件")
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "生产总值",
            "app_label": "hightech_zone",
            "model_name": "indicatorvalue",
            "field_name": "indicator",
        },
    )
    assert response.status_code == 200
    names = [r["text"] for r in response.json()["results"]]
    assert names == ["测试地区生产总值(亿元)"]


def test_the_system_check_names_an_admin_registered_without_the_junk_guard(monkeypatch):
    from django.contrib.admin.models import LogEntry
    from django.core import checks

    assert not [e for e in checks.run_checks() if e.id == "hightech_zone.E001"]
    monkeypatch.setitem(admin.site._registry, LogEntry, admin.ModelAdmin(LogEntry, admin.site))
    errors = [e for e in checks.run_checks() if e.id == "hightech_zone.E001"]
    assert len(errors) == 1 and "admin.LogEntry" in errors[0].msg


def test_delete_confirmation_names_the_links_it_removes_in_chinese(admin_client):
    report = factories.report()
    section = factories.section(report=report, heading="测试章节甲")
    target = factories.indicator(name="测试指标甲")
    section.indicators.add(target)
    url = reverse("admin:hightech_zone_indicator_delete", args=[target.pk])
    html = admin_client.get(url).content.decode()
    assert "报告章节与" in html and "的关联" in html and "测试章节甲" in html
    assert "relationship" not in html and "object (" not in html


def test_deleting_a_user_names_their_group_links_in_chinese(admin_client, editor):
    html = admin_client.get(reverse("admin:auth_user_delete", args=[editor.pk])).content.decode()
    assert "用户与组的关联" in html and "editor — 编辑" in html
    assert "User-group" not in html and "object (" not in html
