"""A list as a file (?format=csv, ?format=xlsx): the admin export's columns over published rows.

A file is headed as the admin's export of the same records heads it (the import resource's
Chinese column names), each cell written as every export writes it, so that a file downloaded
here imports back through the admin unchanged. Only the columns the API publishes are written
(the JSON's fields), and a related record is named only while it is published. Files are not
paged: they hold every row the filters match, from ``offset``, up to ``limit`` and at most
settings.API_DOWNLOAD_MAX_ROWS. CSV is streamed, a chunk of rows at a time; XLSX is built in
memory from the rows (openpyxl's write-only workbook, formats.write_workbook).
"""

import csv
import io
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from rest_framework.renderers import BaseRenderer

from hightech_zone.importing import sdmx
from hightech_zone.importing.formats import csv_cell, write_workbook

from .pagination import parse_count

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK_ROWS = 1000


class CsvRenderer(BaseRenderer):
    """Names the CSV format for content negotiation; lists write their files themselves."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        raise NotImplementedError("a list writes its own file (api.downloads.response)")


class XlsxRenderer(CsvRenderer):
    media_type = XLSX_TYPE
    format = "xlsx"
    charset = None


RENDERERS = (CsvRenderer, XlsxRenderer)
FORMATS = {renderer.format for renderer in RENDERERS}


@dataclass(frozen=True)
class Table:
    """What a list's file holds: the resource's columns that ``serializer`` publishes, read by
    the resource's widgets unless ``public`` gives a field its own reader (a related record
    named only while published); ``sdmx`` puts SDMX-CSV's columns first."""

    name: str
    resource: type
    serializer: type
    public: dict = field(default_factory=dict)
    sdmx: bool = False

    def columns(self):
        """[(header, reader of a record)] in the export's order."""
        resource = self.resource()
        published = set(self.serializer.Meta.fields)
        columns = []
        for name in resource.get_export_order():
            if name not in published:
                continue
            column = resource.fields[name]
            reader = self.public.get(name) or widget_reader(column.attribute, column.widget)
            columns.append((column.column_name, reader))
        return columns

    def headers(self):
        return [*(sdmx.COLUMNS if self.sdmx else ()), *(h for h, _r in self.columns())]

    def rows(self, records):
        readers = [reader for _h, reader in self.columns()]
        for record in records:
            leading = sdmx.cells(record) if self.sdmx else []
            yield [*leading, *(read(record) for read in readers)]


def widget_reader(attribute, widget):
    return lambda record: widget.render(getattr(record, attribute))


def max_rows():
    return settings.API_DOWNLOAD_MAX_ROWS


def selected(queryset, request):
    """The rows a file holds: from ?offset=, ?limit= of them (at most max_rows()), in the
    list's order (the primary key when it has none), read a chunk at a time."""
    offset = parse_count(request, "offset", minimum=0) or 0
    limit = min(parse_count(request, "limit", minimum=1) or max_rows(), max_rows())
    if not queryset.ordered:
        queryset = queryset.order_by("pk")
    # A file shows no nested records: what the JSON prefetches for them is not read.
    queryset = queryset.prefetch_related(None)[offset : offset + limit]
    return queryset.iterator(chunk_size=CHUNK_ROWS)


def response(table, queryset, request, file_format):
    records = selected(queryset, request)
    if file_format == "csv":
        answer = StreamingHttpResponse(
            csv_chunks(table, records), content_type="text/csv; charset=utf-8"
        )
    else:
        sheet = tablib.Dataset(*table.rows(records), headers=table.headers(), title=table.name)
        answer = HttpResponse(write_workbook([sheet]), content_type=XLSX_TYPE)
    answer["Content-Disposition"] = f'attachment; filename="{table.name}.{file_format}"'
    return answer


def csv_chunks(table, records):
    """UTF-8 CSV with a byte-order mark (Chinese Excel reads UTF-8 then), CHUNK_ROWS rows a
    piece: the file is never whole in memory."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    out.write("\ufeff")
    writer.writerow(table.headers())
    for number, row in enumerate(table.rows(records), start=1):
        writer.writerow([csv_cell(cell) for cell in row])
        if number % CHUNK_ROWS == 0:
            yield out.getvalue().encode()
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode()
