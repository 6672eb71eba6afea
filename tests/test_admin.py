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

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("seed"),  # not yet on factories (issue 12)
]

MODELS = zone_data_models()


def url(model, action, *args):
    return reverse(f"admin:hightech_zone_{model._meta.model_name}_{action}", args=args)


def test_every_domain_model_is_registered_in_the_admin():
    assert len(MODELS) == 10
    assert all(admin.site.is_registered(m) for m in MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_staff_opens_changelist_and_change_page_of_every_model(staff_client, model):
    listing = staff_client.get(url(model, "changelist"))
    assert listing.status_code == 200
    obj = model.objects.first()
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
    assert staff_client.get(url(ZoneProfile, "add")).status_code == 403
    ZoneProfile.objects.all().delete()
    assert staff_client.get(url(ZoneProfile, "add")).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_anonymous_visitor_is_sent_to_login(client, model):
    for target in [url(model, "changelist"), url(model, "change", model.objects.first().pk)]:
        response = client.get(target)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_admin_speaks_chinese(staff_client):
    response = staff_client.get(reverse("admin:index"))
    assert "指标数值" in response.text
    assert "投资项目" in response.text
    assert 'lang="zh-hans"' in response.text


@pytest.mark.parametrize(
    ("model", "query", "expected", "absent"),
    [
        (Project, "医药", "上海复星生物医药产业园", "万达广场"),
        (PolicyDocument, "科技", "锦州高新区科技创新券实施管理办法", "产城融合示范区总体规划"),
        (IndicatorValue, "生产总值", "地区生产总值", "社会消费品零售额"),
        (Indicator, "专利", "授权专利", "地区生产总值"),
        (InnovationPlatform, "银行", "锦州银行科技金融服务中心", "锦州大学科技园"),
        (Designation, "火炬", "国家火炬锦州汽车零部件特色产业基地", "国家科技兴贸创新基地"),
        (WorkReport, "大学科技园", "锦州高新技术产业开发区", None),
    ],
    ids=lambda v: getattr(v, "__name__", None),
)
def test_admin_search_finds_chinese_text(staff_client, model, query, expected, absent):
    response = staff_client.get(url(model, "changelist"), {"q": query})
    assert response.status_code == 200
    assert expected in response.text
    if absent:
        assert absent not in response.text


@pytest.mark.parametrize(
    ("model", "params", "expected", "absent"),
    [
        (
            IndicatorValue,
            {"year": "2017", "indicator__category": "reform"},
            "审批时限",
            "地区生产总值",
        ),
        (Project, {"stage": "in_operation"}, "万达广场", "天辰博锐"),
        (Project, {"industry": "biomedicine"}, "上海复星生物医药产业园", "万达广场"),
        (PolicyDocument, {"validity": "for_comment"}, "征求意见稿", "科技互助贷款管理办法"),
        (PolicyDocument, {"category": "talent"}, "吸引高校毕业生", "科技互助贷款管理办法"),
        (InnovationPlatform, {"kind": "university_park"}, "锦州大学科技园", "锦州银行科技金融"),
        (Indicator, {"category": "economy"}, "地区生产总值", "授权专利"),
    ],
    ids=lambda v: getattr(v, "__name__", None),
)
def test_admin_filters_narrow_the_changelist(staff_client, model, params, expected, absent):
    response = staff_client.get(url(model, "changelist"), params)
    assert response.status_code == 200
    assert expected in response.text
    assert absent not in response.text


def test_admin_edits_a_seed_figure(staff_client):
    value = IndicatorValue.objects.get(indicator__code="gdp", year=2017)
    response = staff_client.post(
        url(IndicatorValue, "change", value.pk),
        {
            "indicator": value.indicator_id,
            "year": 2017,
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


def value_form(**overrides):
    data = {
        "indicator": Indicator.objects.get(code="gdp").pk,
        "year": 2016,
        "value": "60",
        "qualifier": "",
        "baseline_qualifier": "",
        "status": "draft",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"year": 2017}, "每个指标每年只能有一个数值"),
        ({"value": "-1"}, "确保该值大于或等于"),
        ({"year": 1800}, "确保该值大于或等于"),
        ({"rank": 2}, "必须填写排名范围"),
        ({"value": "abc"}, "输入一个数字"),
        ({"value": ""}, "请至少填写数值"),
    ],
)
def test_admin_refuses_bad_values_in_chinese_and_saves_nothing(staff_client, overrides, message):
    before = IndicatorValue.objects.count()
    response = staff_client.post(url(IndicatorValue, "add"), value_form(**overrides))
    assert response.status_code == 200
    assert message in response.text
    assert IndicatorValue.objects.count() == before


def test_admin_refuses_negative_project_investment_in_chinese(staff_client):
    response = staff_client.post(
        url(Project, "add"),
        {
            "name": "新项目",
            "phase": "",
            "total_investment": "-3",
            "status": "draft",
            "progress-TOTAL_FORMS": "0",
            "progress-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "确保该值大于或等于" in response.text
    assert not Project.objects.filter(name="新项目").exists()


def test_indicator_change_page_shows_values_inline(staff_client):
    indicator = Indicator.objects.get(code="gdp")
    response = staff_client.get(url(Indicator, "change", indicator.pk))
    assert 'name="values-0-year"' in response.text
    assert 'value="72.6"' in response.text


def test_report_change_page_shows_sections_inline_in_order(staff_client):
    report = WorkReport.objects.get(year=2017)
    text = staff_client.get(url(WorkReport, "change", report.pk)).text
    positions = [text.index(h) for h in report.sections.values_list("heading", flat=True)]
    assert positions == sorted(positions)
    assert 'name="sections-3-heading"' in text


def test_autocomplete_finds_indicators_by_chinese_name(staff_client):
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
    assert names == ["地区生产总值(亿元)"]


def test_the_system_check_names_an_admin_registered_without_the_junk_guard(monkeypatch):
    from django.contrib.admin.models import LogEntry
    from django.core import checks

    assert not [e for e in checks.run_checks() if e.id == "hightech_zone.E001"]
    monkeypatch.setitem(admin.site._registry, LogEntry, admin.ModelAdmin(LogEntry, admin.site))
    errors = [e for e in checks.run_checks() if e.id == "hightech_zone.E001"]
    assert len(errors) == 1 and "admin.LogEntry" in errors[0].msg


def test_delete_confirmation_names_the_links_it_removes_in_chinese(admin_client):
    from tests import factories

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
