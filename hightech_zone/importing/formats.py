"""File formats of the admin's import and export (django-import-export formats).

Import has one format that recognises the file itself (XLSX, CSV in UTF-8 or GBK, JSON) through
`spreadsheets.read_table`, with its size, zip-bomb and XML-entity checks, and the statistics
bureau's layout with one column per year. Export writes XLSX with openpyxl's write-only mode
(tablib builds the whole workbook in memory first, and is slower), CSV with a byte-order mark
so that Chinese Excel reads it as UTF-8, and JSON. XLSX and CSV escape formula-like text
(`spreadsheets.export_cell`), which reading takes off again; JSON, not a spreadsheet, is as is.
Figures are numbers in both (XLSX number cells, CSV plain digits: 72.6, never 72.6000), and
XLSX columns are as wide as their text, Chinese characters counting double. The portal's
downloads are written by the same functions (write_workbook, write_csv).
"""

import csv
import io
import unicodedata
from decimal import Decimal

import tablib
from django.db import models
from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from ..numbers import plain
from .cells import export_cell
from .reading import read_table
from .year_columns import years_as_columns


class Spreadsheet(base_formats.Format):
    def __init__(self, encoding=None):
        self.encoding = encoding  # detected from the file, whatever the admin suggests

    def get_title(self):
        return _("表格文件(XLSX、CSV 或 JSON,自动识别编码)")

    def create_dataset(self, in_stream):
        return read_table(in_stream)

    def get_extension(self):
        return "xlsx"

    def can_import(self):
        return True


class YearColumns(Spreadsheet):
    def get_title(self):
        return _("统计局格式:指标 | 单位 | 各年份(每年一列,目标列如“2018年目标”)")

    def create_dataset(self, in_stream):
        return years_as_columns(read_table(in_stream))


def write_workbook(datasets):
    """Datasets as one XLSX workbook, one sheet each, written row by row (write-only).

    Every cell goes through export_cell, so no text becomes a live formula and every figure
    is a number cell; each column is as wide as its widest cell, Chinese counting double.
    """
    book = Workbook(write_only=True)
    for dataset in datasets:
        sheet = book.create_sheet(str(dataset.title or "Sheet1")[:31])
        rows = [[export_cell(h) for h in dataset.headers or []]]
        rows += [[export_cell(cell) for cell in row] for row in dataset]
        for index, width in enumerate(column_widths(rows), 1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_csv(dataset):
    """A dataset as CSV text: a byte-order mark (Chinese Excel reads UTF-8 then), formula-like
    text escaped (export_cell), and figures as plain digits, 72.6 rather than 72.6000."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    if dataset.headers:
        writer.writerow([export_cell(h) for h in dataset.headers])
    for row in dataset:
        writer.writerow([csv_cell(cell) for cell in row])
    return out.getvalue()


def csv_cell(value):
    value = export_cell(value)
    return plain(value) if isinstance(value, Decimal) else value


MIN_WIDTH, MAX_WIDTH = 6, 60


def column_widths(rows):
    """Each column's width in Excel's units (one Latin character), from its widest cell."""
    widths = []
    for row in rows:
        for index, cell in enumerate(row):
            width = display_width(plain(cell) if isinstance(cell, Decimal) else cell)
            if index < len(widths):
                widths[index] = max(widths[index], width)
            else:
                widths.append(width)
    return [min(max(w + 2, MIN_WIDTH), MAX_WIDTH) for w in widths]


def display_width(value):
    """How many Latin characters wide a cell's text is: Chinese characters count two
    (east-asian wide and full-width), so a Chinese column is not cut off."""
    if value is None:
        return 0
    lines = str(value).splitlines() or [""]
    return max(
        sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line) for line in lines
    )


def blank_template(resource):
    """An empty sheet with the resource's columns, and a second sheet saying how to fill them."""
    model = resource._meta.model
    data = tablib.Dataset(headers=resource.get_export_headers())
    data.title = str(model._meta.verbose_name_plural)
    guide = tablib.Dataset(headers=["列名", "必填", "填写说明"])
    guide.title = "填写说明"
    keys = set(resource._meta.import_id_fields)
    for name, field in resource.fields.items():
        model_field = model._meta.get_field(field.attribute or name)
        if field.readonly:
            guide.append([field.column_name, "", "只读:导出时供参考,导入时不读取"])
            continue
        required = name in keys or not (model_field.blank or model_field.has_default())
        hints = [str(model_field.help_text)] if model_field.help_text else []
        if model_field.choices:
            hints.append("可选:" + "、".join(str(label) for _v, label in model_field.flatchoices))
        if isinstance(model_field, models.DateField):
            hints.append("日期,如 2017-12-31、2017/12/31 或 2017年12月31日")
        elif isinstance(model_field, models.BooleanField):
            hints.append("填“是”或“否”")
        elif isinstance(model_field, models.DecimalField | models.IntegerField):
            hints.append("数字,可带千分位或 %")
        if model_field.is_relation:
            related = model_field.related_model._meta
            key = related.get_field(field.widget.field).verbose_name
            hints.append(f"填写已有{related.verbose_name}的{key}")
        if name in keys:
            hints.append("用于识别记录:相同的值会更新已有记录")
        guide.append([field.column_name, "是" if required else "", ";".join(hints)])
    return write_workbook([data, guide])


class XLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        return write_workbook([dataset])

    def can_import(self):
        return False


class CSV(base_formats.CSV):
    def export_data(self, dataset, **kwargs):
        return write_csv(dataset)

    def can_import(self):
        return False


class JSON(base_formats.JSON):
    def can_import(self):
        return False


EXPORT_FORMATS = [XLSX, CSV, JSON]
