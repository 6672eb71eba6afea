"""Reading the spreadsheets Chinese offices really produce, safely.

`read_table` turns an uploaded file into a tablib Dataset for the import resources: XLSX
(formula cells give their values), CSV in UTF-8, UTF-8 with BOM or GBK/GB18030 (detected, not
asked), or JSON. It refuses, with a Chinese message and before anything is imported: files over
the size limit, empty files, files that are not spreadsheets, XLSX zip bombs and XML entity
tricks (openpyxl parses through defusedxml, which is installed), and headers the resource does
not know. Blank rows, however many, are dropped.
"""

import csv
import io
import json
import zipfile

import tablib
from defusedxml.common import DefusedXmlException
from django.conf import settings
from openpyxl import load_workbook

ZIP_MAGIC = b"PK\x03\x04"
MAX_UNZIPPED_RATIO = 100  # a real XLSX compresses 5-20x; a zip bomb 1000x or more


class SpreadsheetError(ValueError):
    """A file that cannot be imported; the message is for the person who uploaded it."""


def read_table(data, *, filename="", resource=None):
    limit = settings.IMPORT_MAX_BYTES
    if len(data) > limit:
        raise SpreadsheetError(f"文件超过 {limit // (1024 * 1024)} MB,请拆分后再导入。")
    if not data.strip():
        raise SpreadsheetError("文件是空的。")
    name = filename.lower()
    if data.startswith(ZIP_MAGIC):
        dataset = _read_xlsx(data, limit)
    elif name.endswith(".json"):
        dataset = _read_json(data)
    elif name.endswith((".xlsx", ".xls")):
        raise SpreadsheetError("文件扩展名是 Excel,但内容不是有效的 XLSX 工作簿。")
    else:
        dataset = _read_csv(data)
    if not dataset.headers or not any(dataset.headers):
        raise SpreadsheetError("第一行应是列名,文件中没有找到列名。")
    if resource is not None:
        _check_headers(dataset, resource)
    return dataset


def decode_text(data):
    """UTF-8 with or without BOM, else GB18030 (a superset of GBK, as Chinese Excel saves)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            "无法识别文件的文字编码(支持 UTF-8 和 GBK),或它不是表格文件。"
        ) from None


def _dataset(rows):
    rows = [list(r) for r in rows]
    rows = [r for r in rows if any(c not in (None, "") for c in r)]
    if not rows:
        raise SpreadsheetError("文件中没有数据。")
    headers = [("" if h is None else str(h).strip()) for h in rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    dataset = tablib.Dataset(headers=headers)
    for row in rows[1:]:
        row = (row + [None] * width)[:width]
        dataset.append(row)
    return dataset


def _read_csv(data):
    text = decode_text(data)
    if "\x00" in text:
        raise SpreadsheetError("这不是表格文件(CSV、XLSX 或 JSON)。")
    try:
        return _dataset(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        raise SpreadsheetError(f"CSV 文件格式有误:{error}") from None


def _read_json(data):
    try:
        records = json.loads(decode_text(data))
    except json.JSONDecodeError as error:
        raise SpreadsheetError(f"JSON 文件格式有误:第{error.lineno}行。") from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise SpreadsheetError("JSON 文件应是一组对象,每个对象一行数据。")
    headers = list(dict.fromkeys(k for r in records for k in r))
    return _dataset([headers, *([r.get(h) for h in headers] for r in records)])


def _read_xlsx(data, limit):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise SpreadsheetError("这不是有效的 XLSX 工作簿。") from None
    if unzipped > max(limit, len(data) * MAX_UNZIPPED_RATIO):
        raise SpreadsheetError("工作簿解压后异常巨大(可能是恶意文件),已拒绝。")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            rows = list(book.worksheets[0].iter_rows(values_only=True))
        finally:
            book.close()
    except Exception as error:  # openpyxl raises many kinds of error for broken files
        if _caused_by(error, DefusedXmlException):
            raise SpreadsheetError(
                "工作簿含有不安全的 XML 实体定义(可能是恶意文件),已拒绝。"
            ) from None
        raise SpreadsheetError("无法读取这个 XLSX 工作簿,文件可能已损坏。") from None
    return _dataset(rows)


def _caused_by(error, kind):
    while error is not None:
        if isinstance(error, kind):
            return True
        error = error.__cause__ or error.__context__
    return False


def _check_headers(dataset, resource):
    known = {}
    for name, field in resource.fields.items():
        known[field.column_name] = name
        known[name] = name
    unknown = [h for h in dataset.headers if h and h not in known]
    if unknown:
        allowed = "、".join(f.column_name for f in resource.fields.values())
        raise SpreadsheetError(f"不认识的列:{'、'.join(unknown)}。可用的列:{allowed}。")
    present = {known[h] for h in dataset.headers if h}
    missing = [
        resource.fields[n].column_name for n in resource._meta.import_id_fields if n not in present
    ]
    if missing:
        raise SpreadsheetError(f"缺少必需的列:{'、'.join(missing)}。")
