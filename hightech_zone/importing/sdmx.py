"""SDMX-CSV's columns for indicator values, declared once: the API writes them, imports read them.

An observation file holds SDMX's columns (``COLUMNS``) before the import's Chinese ones. Three
of them twin a Chinese column (INDICATOR is 指标, TIME_PERIOD 年度, OBS_VALUE 数值); the rest
only describe the row (the dataflow, the unit, the status) and an import ignores them.
"""

from .widgets import ZoneDecimalWidget, _text

DATAFLOW = "HIGHTECH_ZONE:OBSERVATIONS(1.0)"
# SDMX column -> the IndicatorValue resource field it stands for.
TWINS = {"INDICATOR": "indicator", "TIME_PERIOD": "year", "OBS_VALUE": "value"}
METADATA = ("DATAFLOW", "UNIT_MEASURE", "OBS_STATUS", "OBS_CONF", "COMMENT", "ACTION")
COLUMNS = ["DATAFLOW", "INDICATOR", "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS"]


def obs_status(value):
    """SDMX's observation status: A normal, E estimated (约, 近, 余, 多, 以上), M missing (the
    report gave only a growth or a rank)."""
    if value.value is None:
        return "M"
    return "E" if value.qualifier else "A"


def cells(value):
    """The SDMX columns of an IndicatorValue (its indicator read already)."""
    return [
        DATAFLOW,
        value.indicator.code,
        value.year,
        value.value,
        value.indicator.unit,
        obs_status(value),
    ]


class Disagreement(ValueError):
    """A row whose SDMX column and its Chinese twin say different things."""


def fold(dataset, resource):
    """The file read as the import's columns only, in place: metadata columns dropped, a twin
    renamed to its Chinese column or, when both are present, checked to agree row by row.

    Raises Disagreement naming the first rows (as the spreadsheet numbers them) that differ.
    """
    headers = list(dataset.headers or [])
    for name in [h for h in headers if h in METADATA]:
        del dataset[name]
    headers = list(dataset.headers or [])
    problems = []
    for twin, field_name in TWINS.items():
        if twin not in headers:
            continue
        field = resource.fields[field_name]
        chinese = next((h for h in (field.column_name, field_name) if h in headers), None)
        if chinese is None:
            headers[headers.index(twin)] = field.column_name
            dataset.headers = headers
            continue
        for index, (ours, theirs) in enumerate(zip(dataset[chinese], dataset[twin], strict=True)):
            if not same(ours, theirs):
                problems.append(
                    f"第{sheet_row(dataset, index)}行:“{field.column_name}”与 {twin} 不一致"
                    f"({ours} ≠ {theirs})"
                )
        del dataset[twin]
        headers = list(dataset.headers)
    if problems:
        shown = ";".join(problems[:20])
        more = f"等 {len(problems)} 处" if len(problems) > 20 else ""
        raise Disagreement(f"{shown}{more}。未导入任何记录。")


def sheet_row(dataset, index):
    """The data row at index as the spreadsheet numbers it (the header is row 1)."""
    numbers = getattr(dataset, "row_numbers", None)
    return numbers[index] if numbers and index < len(numbers) else index + 2


def same(ours, theirs):
    """Whether two cells say the same: as numbers when both are numbers (72.6 and 72.60),
    else as text (full-width and surrounding spaces aside)."""
    blank = [c is None or _text(c) == "" for c in (ours, theirs)]
    if all(blank) or any(blank):
        return all(blank)
    try:
        reader = ZoneDecimalWidget()
        return reader.clean(ours) == reader.clean(theirs)
    except ValueError:
        return _text(ours) == _text(theirs)
