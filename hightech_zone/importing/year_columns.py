"""The layout statistics offices use: one row per indicator, one column per year."""

import re
import unicodedata

import tablib

from .. import indicator_names
from ..numbers import figure, format_quantity
from .reading import SpreadsheetError

YEAR_HEADER = re.compile(r"^(\d{4})(?:年)?$")
NUMBER = re.compile(r"^[\d.,]+%?$")
QUALIFIED = re.compile(r"^(?P<before>约|近)?(?P<number>.+?)(?P<after>余|多|以上)?$")


def years_as_columns(dataset):
    """The statistics bureau's layout (指标 | 单位 | 2016 | 2017 …) as one row per value.

    The indicator may be given by its code, name or other name; the unit, when given, must be the
    indicator's. "330余", "约5.15", "20以上" keep their qualifiers. Empty cells are years with
    no figure.
    """
    headers = [str(h).strip() for h in dataset.headers]
    years = {i: int(m.group(1)) for i, h in enumerate(headers) if (m := YEAR_HEADER.match(h))}
    if "指标" not in headers or not years:
        raise SpreadsheetError("按年份分列的表格应有“指标”列和至少一个年份列(如 2017)。")
    name_col, unit_col = headers.index("指标"), headers.index("单位") if "单位" in headers else None
    indicators = indicator_names.lookup()
    out = tablib.Dataset(headers=["指标", "年度", "数值", "数值修饰"])
    out.row_numbers = []  # each value keeps the row of the table it came from, for errors
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
        for column, year in years.items():
            cell = row[column]
            if cell is None or str(cell).strip() == "":
                continue
            text = unicodedata.normalize("NFKC", str(cell)).strip()
            parts = QUALIFIED.match(text)
            figure, qualifier = parts["number"], parts["before"] or parts["after"] or ""
            if qualifier and (
                (parts["before"] and parts["after"]) or not NUMBER.match(figure.strip())
            ):
                figure, qualifier = text, ""  # not "330余" but text, refused as written
            out.append([indicator.code, year, figure, qualifier])
            out.row_numbers.append(number)
    if problems:
        raise SpreadsheetError(";".join(problems))
    return out


def values_by_year(values):
    """Indicator values laid out as the statistics bureau does: 指标 | 单位 | years …

    A figure is a number cell; one with a qualifier (330余) is text, as the bureau writes it.
    """
    values = list(values.select_related("indicator"))
    years = sorted({v.year for v in values})
    table = {}
    for value in values:
        row = table.setdefault(value.indicator, {})
        if value.value is None:
            row[value.year] = ""
        elif value.qualifier:  # 330余 is no number a spreadsheet can hold, so it stays text
            row[value.year] = format_quantity(value.value, value.qualifier, "", "zh-hans")
        else:
            row[value.year] = figure(value.value)
    dataset = tablib.Dataset(headers=["指标", "单位", *map(str, years)])
    for indicator in sorted(table, key=lambda i: (i.category, i.display_order, i.code)):
        dataset.append(
            [indicator.name, indicator.unit, *(table[indicator].get(y, "") for y in years)]
        )
    return dataset
