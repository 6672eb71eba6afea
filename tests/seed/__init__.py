"""Tests of the shipped 锦州 data, and the source text it was built from."""

from pathlib import Path

# The 2017 work report as published, shipped with the fixtures built from it (fixtures/source/),
# so that a clone checks them against it with nothing outside the repository.
SOURCE_2017 = Path(__file__).resolve().parents[2] / "fixtures" / "source" / "report_2017.txt"


def source_lines():
    """The report's non-blank lines."""
    return [line for line in SOURCE_2017.read_text(encoding="utf-8").splitlines() if line.strip()]


# The shipped 2017 source text holds no 政府信息公开工作年度报告: staff enter one for their own
# zone. The shipped zone has none rather than made-up figures.
NOT_IN_THE_SOURCE = {"DisclosureReport", "DisclosureRequestRow"}
