"""The layout statistics offices use: one row per indicator, one column per year."""

import re
import unicodedata

import tablib

from ..numbers import figure, format_quantity
from .reading import SpreadsheetError
from .widgets import NOT_GIVEN

YEAR_HEADER = re.compile(r"^(\d{4})(?:年)?$")
TARGET_HEADER = re.compile(r"^(?:(\d{4})年?目标|目标(\d{4})年?)$")
NUMBER = re.compile(r"^[\d.,]+%?$")
QUALIFIED = re.compile(r"^(?P<before>约|近)?(?P<number>.+?)(?P<after>余|多|以上)?$")

ACTUAL, TARGET = "实际", "目标"
# The optional 类型 column: what a row's plain year columns hold.
ROW_KINDS = {"": ACTUAL, "实际": ACTUAL, "实际值": ACTUAL}
ROW_KINDS |= {"目标": TARGET, "目标值": TARGET, "预期目标": TARGET}
# The long layout's columns each kind of figure is written to.
OUTPUT_COLUMNS = {ACTUAL: ("数值", "数值修饰"), TARGET: ("预期目标", "预期目标修饰")}


def year_columns(headers):
    """{column: (year, kind)}: 2017 or 2017年 is a year's figure (of the row's kind), and
    2018年目标, 2018目标 or 目标2018 a year's 预期目标 (kind TARGET)."""
    columns = {}
    for index, header in enumerate(headers):
        header = re.sub(r"\s", "", header)
        if found := YEAR_HEADER.match(header):
            columns[index] = (int(found[1]), None)
        elif found := TARGET_HEADER.match(header):
            columns[index] = (int(found[1] or found[2]), TARGET)
    return columns


def read_figure(cell):
    """A cell as (figure, qualifier): "330余" keeps its qualifier; text is left to be refused."""
    text = unicodedata.normalize("NFKC", str(cell)).strip()
    parts = QUALIFIED.match(text)
    number, qualifier = parts["number"], parts["before"] or parts["after"] or ""
    if qualifier and ((parts["before"] and parts["after"]) or not NUMBER.match(number.strip())):
        return text, ""  # not "330余" but text, refused as written
    return number, qualifier


def years_as_columns(dataset):
    """The statistics bureau's layout (指标 | 单位 | 2016 | 2017 …) as one row per value.

    The indicator may be given by its code or its name; the unit, when given, must be the
    indicator's. "330余", "约5.15", "20以上" keep their qualifiers. Empty cells are years with
    no figure. Targets (预期目标) come in columns headed 2018年目标 (or 2018目标, 目标2018),
    or in rows whose optional 类型 cell says 目标 (实际, the default, for actuals); an actual
    and a target of the same indicator and year become one value, and a figure the table does
    not give is left as it is (NOT_GIVEN), so importing targets never blanks actuals.
    """
    from ..models import Indicator

    headers = [str(h).strip() for h in dataset.headers]
    years = year_columns(headers)
    if "指标" not in headers or not years:
        raise SpreadsheetError(
            "按年份分列的表格应有“指标”列和至少一个年份列(如 2017,或目标列如 2018年目标)。"
        )
    name_col, unit_col = headers.index("指标"), headers.index("单位") if "单位" in headers else None
    kind_col = headers.index("类型") if "类型" in headers else None
    indicators = {}
    for indicator in Indicator.objects.all():
        indicators.setdefault(indicator.code, []).append(indicator)
        indicators.setdefault(indicator.name, []).append(indicator)
    figures = {}  # (code, year) -> {kind: (figure, qualifier)}, in the table's order
    origin = {}  # (code, year) -> the first row of the table that gives it
    given_at = {}  # (code, year, kind) -> the row that gives it
    numbers = getattr(dataset, "row_numbers", None) or range(2, len(dataset) + 2)
    problems = []
    for number, row in zip(numbers, dataset, strict=True):
        label = str(row[name_col] or "").strip()
        found = indicators.get(label, [])
        if len(found) != 1:
            reason = "找不到这个指标" if not found else "名称对应多个指标,请改用指标代码"
            problems.append(f"第{number}行,“指标”:“{label}”{reason}")
            continue
        indicator = found[0]
        unit = str(row[unit_col] or "").strip() if unit_col is not None else ""
        if unit and unit != indicator.unit:
            problems.append(f"第{number}行,“单位”:“{unit}”与指标的单位“{indicator.unit}”不符")
            continue
        kind_text = str(row[kind_col] or "").strip() if kind_col is not None else ""
        row_kind = ROW_KINDS.get(kind_text)
        if row_kind is None:
            problems.append(f"第{number}行,“类型”:“{kind_text}”应为“实际”或“目标”")
            continue
        for column, (year, kind) in years.items():
            cell = row[column]
            if cell is None or str(cell).strip() == "":
                continue
            kind = kind or row_kind
            key = (indicator.code, year)
            first = given_at.setdefault((*key, kind), number)
            if key in figures and kind in figures[key]:
                problems.append(
                    f"第{number}行,“{headers[column]}”:{label}{year}年的{kind}值"
                    f"已在第{first}行填写,只能填写一次"
                )
                continue
            figures.setdefault(key, {})[kind] = read_figure(cell)
            origin.setdefault(key, number)
    if problems:
        raise SpreadsheetError(";".join(problems))
    kinds = [k for k in (ACTUAL, TARGET) if any(k in given for given in figures.values())]
    out = tablib.Dataset(headers=["指标", "年度", *(c for k in kinds for c in OUTPUT_COLUMNS[k])])
    out.row_numbers = []  # each value keeps the row of the table it came from, for errors
    for (code, year), given in figures.items():
        cells = [given.get(kind, (NOT_GIVEN, NOT_GIVEN)) for kind in kinds]
        out.append([code, year, *(cell for pair in cells for cell in pair)])
        out.row_numbers.append(origin[(code, year)])
    return out


def values_by_year(values):
    """Indicator values laid out as the statistics bureau does: 指标 | 单位 | years …

    A figure is a number cell; one with a qualifier (330余) is text, as the bureau writes it.
    Each year that has any 预期目标 gets a "2018年目标" column after its own, so that the
    export imports back unchanged.
    """
    values = list(values.select_related("indicator"))
    years = sorted({v.year for v in values if v.value is not None or v.target_value is None})
    target_years = {v.year for v in values if v.target_value is not None}
    columns = []
    for year in sorted({*years, *target_years}):
        columns += [(str(year), year, False)] if year in years else []
        columns += [(f"{year}年目标", year, True)] if year in target_years else []
    table = {}
    for value in values:
        row = table.setdefault(value.indicator, {})
        row[(value.year, False)] = bureau_cell(value.value, value.qualifier)
        row[(value.year, True)] = bureau_cell(value.target_value, value.target_qualifier)
    dataset = tablib.Dataset(headers=["指标", "单位", *(c[0] for c in columns)])
    for indicator in sorted(table, key=lambda i: (i.category, i.display_order, i.code)):
        cells = table[indicator]
        dataset.append([indicator.name, indicator.unit, *(cells.get(c[1:], "") for c in columns)])
    return dataset


def bureau_cell(number, qualifier):
    if number is None:
        return ""
    if qualifier:  # 330余 is no number a spreadsheet can hold, so it stays text
        return format_quantity(number, qualifier, "", "zh-hans")
    return figure(number)
