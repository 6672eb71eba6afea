"""Indicator rows that give a name but no code: the code found by name, other name or catalogue.

A spreadsheet an office writes by hand names its indicators in Chinese. Such a row lands on the
existing indicator of that name or other name (it updates that indicator and never renames it);
failing that, on the standard catalogue's entry of that name, which creates the indicator with
the catalogue's code, unit, category, group and definition. A name that means two indicators,
or one neither the zone nor the catalogue knows, is refused with its row: a zone's own new
indicator needs a code.
"""

from dataclasses import dataclass, field

from .. import catalogue
from ..indicator_names import ambiguity, label, lookup

FILLED_FROM_CATALOGUE = ("unit", "category", "definition", "catalogue_group")


@dataclass
class ByName:
    problems: dict = field(default_factory=dict)  # row number -> reason in Chinese
    entries: dict = field(default_factory=dict)  # row number -> catalogue entry it creates


def _column(headers, names):
    for name in names:
        if name in headers:
            return headers.index(name)
    return None


def fill_codes(dataset, *, code, name):
    """Fill in the code of every row that gives only a name; rows are numbered from 1 as the
    resource numbers them. ``code`` and ``name`` are the columns' accepted headers."""
    result = ByName()
    headers = list(dataset.headers or [])
    name_at = _column(headers, name)
    if name_at is None:
        return result
    code_at = _column(headers, code)
    if code_at is None:
        code_at = len(headers)
        if len(dataset):
            dataset.append_col([""] * len(dataset), header=code[0])
        else:
            dataset.headers = [*headers, code[0]]
    rows = list(dataset)
    if not any(not label(r[code_at] or "") and label(r[name_at] or "") for r in rows):
        return result
    names = lookup(codes=False)
    codes = {i.code: i for found in names.values() for i in found}
    standard = catalogue.read_catalogue()
    for number, row in enumerate(rows, 1):
        given = label(row[name_at] or "")
        if label(row[code_at] or "") or not given:
            continue
        found = names.get(given, [])
        entries = [] if found else standard.named(given)
        if not found and len(entries) == 1 and entries[0].code in codes:
            found = [codes[entries[0].code]]  # the zone's own name for a catalogue indicator
        if len(found) > 1:
            result.problems[number] = ambiguity(given, found)
            continue
        cells = list(row)
        if found:
            cells[code_at], cells[name_at] = found[0].code, found[0].name
        elif len(entries) == 1:
            cells[code_at] = entries[0].code
            result.entries[number] = entries[0]
        else:
            result.problems[number] = (
                f"“{given}”既不是已有指标的名称或其他名称,也不在标准指标目录中;"
                "园区自设的新指标请填写指标代码"
            )
            continue
        dataset[number - 1] = cells
    return result


def complete_from_catalogue(instance, entry, *, row, resource):
    """A new indicator named after a catalogue entry takes the entry's fields the row leaves
    blank: unit, category, definition, group, other names and display order."""
    if entry is None:
        return
    for attribute in FILLED_FROM_CATALOGUE:
        if not getattr(instance, attribute):
            setattr(instance, attribute, getattr(entry, attribute))
    if not instance.aliases:
        instance.aliases = entry.other_names(instance.name)
    order = resource.fields["display_order"].column_name
    if label(row.get(order, "") or "") == "" and label(row.get("display_order", "") or "") == "":
        instance.display_order = entry.display_order
