"""A figure the report itself gets wrong is kept as stated, acknowledged, and not a problem."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hightech_zone.consistency import problems, run_checks
from tests import factories

pytestmark = pytest.mark.django_db


def change_pair(stated, *, reason=""):
    departments = factories.indicator(unit="个")
    factories.value(indicator=departments, baseline_value=23, value=11)
    ratio = factories.indicator(unit="%", change_of=departments, name="测试压缩比例")
    factories.value(indicator=ratio, value=stated, acknowledged_discrepancy=reason)
    return ratio


def change_findings():
    return [f for f in run_checks() if f.check == "change" and "测试压缩比例" in f.message]


def test_a_change_that_disagrees_with_before_and_after_is_a_problem():
    change_pair(42)
    [finding] = change_findings()
    assert finding.message.startswith("测试压缩比例 2090年:填报42%,")
    assert finding.message.endswith("由23个变为11个计算为52.2%。")
    assert finding in problems(run_checks())


def test_a_change_that_agrees_is_not_reported():
    change_pair("52.2")
    assert change_findings() == []


def test_an_acknowledged_figure_is_listed_but_not_counted():
    change_pair(42, reason="报告原文如此,按原文保留。")
    [finding] = change_findings()
    assert finding.acknowledged == "报告原文如此,按原文保留。"
    assert finding not in problems(run_checks())
    out = StringIO()
    call_command("check_consistency", "--strict", stdout=out)
    assert "测试压缩比例 2090年" in out.getvalue() and "说明:报告原文如此" in out.getvalue()


def test_clearing_the_reason_makes_it_a_problem_again():
    ratio = change_pair(42, reason="报告原文如此。")
    ratio.values.update(acknowledged_discrepancy="")
    with pytest.raises(CommandError, match="发现 1 项问题"):
        call_command("check_consistency", "--strict", stdout=StringIO())


def test_acknowledged_growth_is_not_counted():
    indicator = factories.indicator()
    factories.value(indicator=indicator, year=2089, value=50)
    factories.value(
        indicator=indicator, year=2090, value=100, growth_pct=10, acknowledged_discrepancy="原文"
    )
    [finding] = [f for f in run_checks() if f.check == "growth" and indicator.name in f.message]
    assert finding.acknowledged == "原文" and finding not in problems(run_checks())


def test_staff_set_the_reason_in_the_admin(staff_client):
    value = factories.value()
    html = staff_client.get(
        f"/admin/hightech_zone/indicatorvalue/{value.pk}/change/"
    ).content.decode()
    assert 'name="acknowledged_discrepancy"' in html and "已确认的差异说明" in html
