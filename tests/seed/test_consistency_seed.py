"""The shipped 2017 data passes its own consistency check."""

from io import StringIO

import pytest
from django.core.management import call_command

from hightech_zone.consistency import problems, run_checks
from hightech_zone.models import IndicatorValue

pytestmark = pytest.mark.django_db


def test_a_fresh_install_has_no_consistency_problems():
    assert problems(run_checks()) == []
    out = StringIO()
    call_command("check_consistency", "--strict", stdout=out)
    assert "未发现问题。" in out.getvalue()


def test_the_report_s_42_percent_is_kept_as_stated_and_acknowledged():
    value = IndicatorValue.objects.get(indicator__code="department_reduction_ratio", year=2017)
    assert value.value == 42
    [finding] = [f for f in run_checks() if f.check == "change"]
    assert "填报42%" in finding.message and "由23个变为11个计算为52.2%" in finding.message
    assert "报告写作42%" in finding.acknowledged
