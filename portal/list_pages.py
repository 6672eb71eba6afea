"""The base of the portal's lists: a filtered, sorted, paginated table, its pieces kept, and
its CSV and XLSX downloads."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from hightech_zone.middleware import bad_request

from .filters import query_parameters
from .public_pages import ProfileMixin
from .tables import KeptCountPaginator, SafeTableExport


class ExportListView(ProfileMixin, ExportMixin, SingleTableMixin, FilterView):
    """A filtered, sorted, paginated table; ?_export=csv|xlsx downloads exactly its rows."""

    export_class = SafeTableExport
    paginator_class = KeptCountPaginator
    export_formats = ("csv", "xlsx")
    title = ""

    @classmethod
    def cache_parameters(cls):
        """The filters' fields (each part of a multi-part widget), the table's sort, page and
        page size, and the download format."""
        table = cls.table_class._meta
        fields = (table.order_by_field, table.page_field, table.per_page_field)
        return [
            cls.export_trigger_param,
            *query_parameters(cls.filterset_class),
            *(table.prefix + field for field in fields),
        ]

    def read_parameters(self):
        """The query's parameters that the page reads, sorted: junk parameters make no new
        fragment, with or without the page cache."""
        return tuple(
            (name, tuple(self.request.GET.getlist(name)))
            for name in sorted(set(self.cache_parameters()))
            if name in self.request.GET
        )

    def kept_pieces(self):
        """The list's pieces, each keyed by the parameters it depends on: the count on the
        filters, a download on all but the page, the table and the filter fields on all (a
        field says what is wrong with its value). Each reads the table's tables (the filter
        fields too: a choice may list what the records hold, 发文机关)."""
        parameters, name = self.read_parameters(), type(self).__name__
        filters = set(query_parameters(self.filterset_class))
        paging = {self.table_class._meta.page_field, self.table_class._meta.per_page_field}
        keys = {
            "count": (name, tuple(item for item in parameters if item[0] in filters)),
            "table": (name, parameters),
            "filters": (name, parameters),
            "download": (name, tuple(item for item in parameters if item[0] not in paging)),
        }
        # Only what this request reads: a page never fetches the download's bytes.
        exporting = self.export_trigger_param in self.request.GET
        names = ("download",) if exporting else ("count", "table", "filters")
        tables = self.table_class.fragment_tables
        return {**super().kept_pieces(), **{piece: (keys[piece], tables) for piece in names}}

    def get_export_filename(self, export_format):
        return f"{self.get_caption()}.{export_format}"

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        table.caption = self.get_caption()
        return table

    def get_table_kwargs(self):
        return {
            **super().get_table_kwargs(),
            # A download counts nothing it keeps: it is kept whole.
            "count_key": self.pieces["count"][0] if "count" in self.pieces else None,
        }

    def get_caption(self):
        return self.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.get_caption()
        paginator = getattr(context["table"], "paginator", None)
        context["row_count"] = paginator.count if paginator else self.object_list.count()
        context["export_formats"] = self.export_formats
        table, filterset = context["table"], context["filter"]
        # Called by the template only: a download renders neither.
        context["table_html"] = lambda: self.kept_html("table", lambda: table.as_html(self.request))
        context["filter_html"] = lambda: self.kept_html(
            "filters",
            lambda: render_to_string(
                "includes/filter_fields.html", {"filter": filterset}, self.request
            ),
        )
        return context

    def get(self, request, *args, **kwargs):
        # ExportMixin serves any format tablib knows (json, latex …; yaml, ods and xls crash
        # for want of their packages): only the formats offered are served.
        export_format = request.GET.get(self.export_trigger_param)
        if export_format is not None and export_format not in self.export_formats:
            formats = "、".join(f.upper() for f in self.export_formats)
            return bad_request(
                request, _("不支持这种下载格式,可选:%(formats)s。") % {"formats": formats}
            )
        if export_format is None:
            return super().get(request, *args, **kwargs)
        # A download is every row of the filtered, sorted table: kept whole while its tables
        # are unchanged.
        status, content, headers = self.kept_value(
            "download", lambda: self.download(request, *args, **kwargs)
        )
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return response

    def download(self, request, *args, **kwargs):
        """(status, content, headers) of the download: what the response says of its content."""
        response = super().get(request, *args, **kwargs)
        described = ("Content-Type", "Content-Disposition")
        return (
            response.status_code,
            response.content,
            [(name, response[name]) for name in described if response.has_header(name)],
        )
