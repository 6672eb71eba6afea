"""A blank cell means "not given": a field with a default takes it, as a missing column does."""

import pytest
import tablib

from hightech_zone.importing.resources import IndicatorResource, PolicyDocumentResource
from hightech_zone.models import Indicator, PolicyDocument
from tests import factories

pytestmark = pytest.mark.django_db

HEADERS = ["指标代码", "指标名称", "计量单位", "指标分类", "指标类型", "显示顺序", "首页重点指标"]


def load(resource_class, headers, *rows):
    resource = resource_class()
    result = resource.import_data(tablib.Dataset(*rows, headers=headers))
    return result, resource.describe_errors(result)


@pytest.mark.parametrize("blank", ["", "  ", None])
def test_blank_cells_in_defaulted_columns_take_the_defaults(blank):
    result, errors = load(
        IndicatorResource,
        HEADERS,
        ["t_blank", "测试空白指标", "个", "经济运行", blank, blank, blank],
    )
    assert errors == [] and result.totals["new"] == 1
    indicator = Indicator.objects.get(code="t_blank")
    assert (indicator.kind, indicator.display_order, indicator.is_headline) == ("value", 0, False)


def test_a_blank_cell_takes_the_default_exactly_as_a_missing_column_does():
    load(IndicatorResource, HEADERS, ["t_blank_a", "测试空白甲", "个", "经济运行", "", "", ""])
    load(IndicatorResource, HEADERS[:4], ["t_blank_b", "测试空白乙", "个", "经济运行"])
    fields = ["kind", "display_order", "is_headline"]
    a = Indicator.objects.values(*fields).get(code="t_blank_a")
    b = Indicator.objects.values(*fields).get(code="t_blank_b")
    assert a == b


def test_a_blank_cell_leaves_an_existing_record_s_value_as_it_is():
    factories.indicator(code="t_kept", name="测试保留", unit="个", display_order=7, status="draft")
    _result, errors = load(
        IndicatorResource, HEADERS, ["t_kept", "测试保留", "个", "经济运行", "", "", ""]
    )
    assert errors == []
    assert Indicator.objects.get(code="t_kept").display_order == 7


def test_a_blank_validity_takes_the_policy_default():
    headers = ["标题", "发文机关", "文种", "主题分类", "有效性", "年度"]
    _result, errors = load(
        PolicyDocumentResource,
        headers,
        ["测试空白有效性办法", "测试机关", "管理办法", "人才", "", 2090],
    )
    assert errors == []
    assert PolicyDocument.objects.get(title="测试空白有效性办法").validity == "effective"


def test_a_written_value_is_still_checked():
    _result, errors = load(
        IndicatorResource, HEADERS, ["t_bad", "测试错误", "个", "经济运行", "很多种", "", ""]
    )
    assert len(errors) == 1 and "“很多种”不是可选的值" in errors[0]
