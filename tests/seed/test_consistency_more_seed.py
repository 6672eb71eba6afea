"""The shipped 2017 figures agree with each other, and the platform counts the report gives
without naming the platforms are acknowledged."""

import pytest

from hightech_zone.consistency import run_checks

pytestmark = pytest.mark.django_db


def messages(check):
    return [f.message for f in run_checks() if f.check == check]


def test_seed_data_has_no_growth_ratio_or_reference_problems():
    assert messages("growth") == []
    assert messages("ratio") == []
    assert messages("reference") == []


def test_seed_platform_counts_disagree_but_are_acknowledged():
    # The seed counts platforms by type and level but names none of them.
    found = [f for f in run_checks() if f.check == "platform_count"]
    assert len(found) == 5 and all("没有列出名称" in f.acknowledged for f in found)
    assert "国家级创业服务中心 2017年:填报1个,创新平台名录中有国家级“创业服务中心/孵化器”0个。" in [
        f.message for f in found
    ]
