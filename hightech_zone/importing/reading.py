"""Reading the spreadsheets Chinese offices really produce, safely.

`read_table` turns an uploaded file into a tablib Dataset for the import resources: XLSX
(formula cells give their values), CSV in UTF-8, UTF-8 with BOM or GBK/GB18030 (detected, not
asked), or JSON. It refuses, with a Chinese message and before anything is imported: files over
the size limit, empty files, files that are not spreadsheets, XLSX zip bombs and XML entity
tricks (openpyxl parses through defusedxml, which is installed), text no database holds (NUL,
half a surrogate pair), and headers the resource does not know. Blank rows, however many, are
dropped. Writers pass every cell through `cells.export_cell` (formula escaping), which reading
undoes.
"""

import contextlib
import contextvars
import csv
import io
import json
import re
import zipfile

import tablib
from defusedxml.common import DefusedXmlException
from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext
from openpyxl import load_workbook

from .cells import unescape_formula

ZIP_MAGIC = b"PK\x03\x04"
MAX_UNZIPPED_RATIO = 100  # a real XLSX compresses 5-20x; a zip bomb 1000x or more


def too_large(limit=None):
    """The one refusal of a file over the import limit, wherever the file arrives."""
    limit = settings.IMPORT_MAX_BYTES if limit is None else limit
    return gettext("文件超过 %(mb)s MB,请拆分后再导入。") % {"mb": limit // (1024 * 1024)}


class SpreadsheetError(CommandError, ValueError):
    """A file that cannot be imported; the message is for the person who uploaded it.

    Also a CommandError, so that the library's `import` command, which reads the file through
    our formats, prints the message and exits 1 instead of showing a traceback.
    """


def read_table(data, *, filename="", resource=None):
    limit = settings.IMPORT_MAX_BYTES
    if len(data) > limit:
        raise SpreadsheetError(too_large(limit))
    if not data.strip():
        raise SpreadsheetError("文件是空的。")
    check_file_name(filename, data)
    if data.startswith(ZIP_MAGIC):
        dataset = _read_xlsx(data, limit)
    elif filename.lower().endswith(".json") or data.lstrip(BLANK_START).startswith(JSON_START):
        dataset = _read_json(data)
    else:
        dataset = _read_csv(data)
    if not dataset.headers or not any(dataset.headers):
        raise SpreadsheetError("第一行应是列名,文件中没有找到列名。")
    if not len(dataset):
        raise SpreadsheetError("文件中只有列名,没有数据行。")
    if resource is not None:
        check_headers(dataset, resource)
    return dataset


# Called for every data row read, while a job counts them (jobs.progress); None otherwise.
_row_read = contextvars.ContextVar("row_read", default=None)


@contextlib.contextmanager
def counting_rows(callback):
    """Calls ``callback()`` for each data row that the reading within keeps."""
    token = _row_read.set(callback)
    try:
        yield
    finally:
        _row_read.reset(token)


def rows_in(data):
    """About how many data rows a file holds, before it is read: a text file's lines (less
    the header); 0 for a workbook, whose rows are counted as they are read."""
    return 0 if data.startswith(ZIP_MAGIC) else max(data.count(b"\n") - 1, 0)


BLANK_START = b"\xef\xbb\xbf \t\r\n"
JSON_START = (b"[", b"{")


def check_file_name(filename, head):
    """An Excel name on a file that is not a workbook (often a renamed CSV or an old .xls)."""
    name = (filename or "").lower()
    if name.endswith(".xls") and not head.startswith(ZIP_MAGIC):
        raise SpreadsheetError("不支持旧版 Excel(.xls)文件,请在 Excel 中另存为 .xlsx 后再导入。")
    if name.endswith(".xlsx") and not head.startswith(ZIP_MAGIC):
        raise SpreadsheetError("文件扩展名是 Excel,但内容不是有效的 XLSX 工作簿。")


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


def _blank(row):
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in row)


def _dataset(rows, *, spreadsheet=True):
    """Rows to a Dataset, streaming: blank rows (a million, as LibreOffice may write) are
    skipped without being kept, and each kept row remembers its number in the spreadsheet.

    Text no database holds (NUL, a lone surrogate) refuses the whole file. In a spreadsheet
    (not JSON), the apostrophe our exports put before formula-like text is taken off again.
    """
    rows = iter(rows)
    headers, header_row = None, 0
    for header_row, row in enumerate(rows, start=1):  # noqa: B007 (used after the loop)
        if not _blank(row):
            headers = [("" if h is None else str(h).strip()) for h in row]
            break
    if headers is None:
        raise SpreadsheetError("文件中没有数据。")
    while headers and not headers[-1]:
        headers.pop()
    _read_text(headers, header_row, None, spreadsheet)
    width = len(headers)
    dataset = tablib.Dataset(headers=headers)
    dataset.row_numbers = []
    counted = _row_read.get()
    for number, row in enumerate(rows, start=header_row + 1):
        if _blank(row):
            continue
        row = list(row[:width])
        if len(row) < width:
            row += [None] * (width - len(row))
        _read_text(row, number, headers, spreadsheet)
        dataset.append(row)
        dataset.row_numbers.append(number)
        if counted is not None:
            counted()
    return dataset


# NUL, which PostgreSQL refuses, and half a surrogate pair, which is no text at all (JSON's
# "\ud800" makes one): a file holding either is damaged or hostile.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def check_text(dataset):
    """Refuses a dataset read by other means than read_table (the library's own formats on
    the command line) that holds text no database stores, as read_table does."""
    _read_text(dataset.headers or [], 1, None, spreadsheet=False)
    for number, row in enumerate(dataset, start=2):
        _read_text(list(row), number, dataset.headers, spreadsheet=False)


def _read_text(row, number, headers, spreadsheet):
    """Checks and, in a spreadsheet, unescapes the text cells of a row, in place."""
    for column, cell in enumerate(row):
        if not isinstance(cell, str):
            continue
        if UNSTORABLE.search(cell):
            header = headers[column] if headers else ""
            where = f"“{header}”" if header and not UNSTORABLE.search(header) else "列名"
            raise SpreadsheetError(
                f"第{number}行,{where}:含有空字符或残缺的 Unicode 字符,"
                "文件可能已损坏,未导入任何记录。"
            )
        if spreadsheet:
            row[column] = unescape_formula(cell)


def _read_csv(data):
    text = decode_text(data)
    if "\x00" in text:
        raise SpreadsheetError(
            "文件中含有空字符:它不是文本表格(可能是其他文件或 UTF-16 编码),"
            "请另存为 XLSX 或 UTF-8 CSV 后再导入。"
        )
    try:
        return _dataset(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        raise SpreadsheetError(f"CSV 文件格式有误:{error}") from None


def _read_json(data):
    try:
        records = json.loads(decode_text(data))
    except json.JSONDecodeError as error:
        raise SpreadsheetError(f"JSON 文件格式有误:第{error.lineno}行。") from None
    except RecursionError:  # "[[[[…" nested deeper than Python's stack
        raise SpreadsheetError("JSON 文件嵌套过深,这不是一组数据行。") from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise SpreadsheetError("JSON 文件应是一组对象,每个对象一行数据。")
    headers = list(dict.fromkeys(k for r in records for k in r))
    return _dataset([headers, *([r.get(h) for h in headers] for r in records)], spreadsheet=False)


def _read_xlsx(data, limit):
    return next(_read_sheets(data, limit, first_only=True))[1]


def read_workbook(data):
    """Every sheet of an XLSX workbook that holds data, as {sheet title: Dataset}."""
    limit = settings.IMPORT_MAX_BYTES
    if len(data) > limit:
        raise SpreadsheetError(too_large(limit))
    if not data.startswith(ZIP_MAGIC):
        raise SpreadsheetError("工作簿导入只接受 XLSX 文件(每种记录一个工作表)。")
    return dict(_read_sheets(data, limit))


def check_unzipped(data, limit=None):
    """Refuses a workbook that would unzip to far more than such a file can hold (a zip
    bomb), before anything unzips it; returns the archive."""
    limit = settings.IMPORT_MAX_BYTES if limit is None else limit
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise SpreadsheetError("这不是有效的 XLSX 工作簿。") from None
    if unzipped > max(limit, len(data) * MAX_UNZIPPED_RATIO):
        raise SpreadsheetError("工作簿解压后异常巨大(可能是恶意文件),已拒绝。")
    return archive


def _read_sheets(data, limit, first_only=False):
    archive = check_unzipped(data, limit)
    sheets = []
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for sheet in book.worksheets[:1] if first_only else book.worksheets:
                last = _last_row_with_data(archive, sheet._worksheet_path)
                try:
                    rows = sheet.iter_rows(max_row=last, values_only=True) if last else ()
                    sheets.append((sheet.title, _dataset(rows)))
                except SpreadsheetError:
                    if first_only:
                        raise
        finally:
            book.close()
    except SpreadsheetError:
        raise
    except Exception as error:  # openpyxl raises many kinds of error for broken files
        if _caused_by(error, DefusedXmlException):
            raise SpreadsheetError(
                "工作簿含有不安全的 XML 实体定义(可能是恶意文件),已拒绝。"
            ) from None
        raise SpreadsheetError("无法读取这个 XLSX 工作簿,文件可能已损坏。") from None
    if not sheets:
        raise SpreadsheetError("工作簿中没有数据。")
    yield from sheets


ROW_OR_VALUE = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"|<(?:\w+:)?(?:v|is|f)\b')


def _last_row_with_data(archive, path):
    """The number of the last row that holds a value, found by scanning the sheet's XML.

    LibreOffice may write a million formatted but empty rows after the data. openpyxl would
    parse each of them (half a minute) and keep an empty element for each (a gigabyte), so
    reading stops at the last row with a value. Returns None when rows are not numbered.
    """
    current, last, numbered, tail = 0, 0, False, b""
    with archive.open(path.lstrip("/")) as stream:
        while True:
            chunk = stream.read(1 << 20)
            text = tail + chunk
            # A tag may straddle two chunks: one that starts in the overlap waits for the next.
            cut = len(text) - 1024 if chunk else len(text)
            for match in ROW_OR_VALUE.finditer(text):
                if match.start() >= cut:
                    break
                if match.group(1):
                    current, numbered = int(match.group(1)), True
                else:
                    last = current
            if not chunk:
                break
            tail = text[max(cut, 0) :]
    return last if numbered else None


def _caused_by(error, kind):
    while error is not None:
        if isinstance(error, kind):
            return True
        error = error.__cause__ or error.__context__
    return False


def check_headers(dataset, resource):
    """Refuses, in Chinese, a column the resource does not know or a missing key column."""
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
