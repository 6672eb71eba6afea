"""The portal's tables (django-tables2) and their CSV and XLSX downloads."""

import django_tables2 as tables
from django.core.paginator import Paginator
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_tables2.export import TableExport
from tablib import Dataset

from hightech_zone.importing.formats import write_csv, write_workbook
from hightech_zone.models import (
    Indicator,
    IndicatorValue,
    InnovationPlatform,
    PolicyDocument,
    Project,
    ProjectProgress,
)
from hightech_zone.numbers import format_number

from .cells import DayColumn, NumberColumn, TableCells, table_values
from .fragments import fragment, fragments

EMPTY = "—"


class SafeTableExport(TableExport):
    """Exports that open cleanly in Chinese Excel and cannot smuggle formulas.

    Written by the admin's writers (hightech_zone.formats): CSV gets a UTF-8 byte-order mark
    (Excel otherwise reads it as GBK), text cells that a spreadsheet would run as a formula are
    prefixed with an apostrophe, figures are numbers without padding (72.6), XLSX columns fit
    Chinese text, and Chinese file names survive through RFC 6266's filename*.
    """

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        rows = table_values(table, exclude_columns or ())
        kwargs = {"title": str(table.Meta.model._meta.verbose_name_plural)}
        dataset = Dataset(headers=next(rows), **{**kwargs, **(dataset_kwargs or {})})
        for row in rows:
            dataset.append([clean_cell(cell) for cell in row])
        return dataset

    def export(self):
        # The admin's writers: the same number cells, escaping and column widths.
        if self.format == self.XLSX:
            return write_workbook([self.dataset])
        if self.format == self.CSV:
            return write_csv(self.dataset).encode("utf-8")
        return super().export()

    def response(self, filename=None):
        response = super().response(filename=None)
        if filename:
            response["Content-Disposition"] = content_disposition_header(True, filename)
        return response


def clean_cell(cell):
    return "" if cell == EMPTY or cell is None else cell


class KeptCountPaginator(Paginator):
    """A paginator whose count is kept with its table's fragments, under the filters the page
    reads (the table's ``count_key``, set by its view): with the rows kept, counting 20,000
    projects is most of what a list page still costs. Without a key it counts every time."""

    @cached_property
    def count(self):
        table = self.object_list.table
        key = getattr(table, "count_key", None)
        if key is None:
            return len(self.object_list)
        counted = fragment(
            "count", *key, tables=table.fragment_tables, render=lambda: str(len(self.object_list))
        )
        return int(counted)


class PortalTable(tables.Table):
    caption = ""
    max_per_page = 200
    # Every table a row shows a column of: a kept row is rendered again once one changes.
    fragment_tables = ()

    class Meta:
        template_name = "includes/table.html"
        default = EMPTY
        # stackable: below 64rem each row shows as a card of label/value pairs (portal.css).
        attrs = {"class": "data-table stackable"}
        per_page = 50

    def __init__(self, *args, count_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key  # KeptCountPaginator's

    def paginate(self, paginator_class=KeptCountPaginator, per_page=None, page=1, *args, **kwargs):
        # ?per_page= comes from the address: below 1 the paginator fails (a 500), and a
        # huge page of 20,000 rows is a download's job, not a page's.
        per_page = min(max(per_page or self._meta.per_page, 1), self.max_per_page)
        return super().paginate(paginator_class, per_page, page, *args, **kwargs)

    def rows_html(self):
        """The page's rows. Each row's cells are kept per record (portal.fragments), so a page,
        sort or filter not seen before renders only the records not yet kept: django-tables2
        renders a cell in about 0.2 ms, a 50-row page in tens of milliseconds."""
        rows = {row.record.pk: row for row in self.paginated_rows}
        if not rows:
            return format_html(
                '<tr><td colspan="{}">{}</td></tr>', len(self.columns), self.empty_text or ""
            )
        columns = tuple(column.name for column in self.columns)
        # Each column's cell attributes and label once: django-tables2 computes them per cell.
        openings = [
            format_html('<td {} data-label="{}"', column.attrs["td"].as_html(), column.header)
            for column in self.columns
        ]
        cells = fragments(
            "row",
            [(type(self).__name__, columns, pk) for pk in rows],
            tables=self.fragment_tables,
            render=lambda key: self.cells_html(rows[key[2]], openings),
        )
        return mark_safe(
            "".join(
                format_html(
                    "<tr {}>{}</tr>",
                    row.attrs.as_html(),
                    cells[(type(self).__name__, columns, pk)],
                )
                for pk, row in rows.items()
            )
        )

    @cached_property
    def cells(self):
        return TableCells(self)

    def cells_html(self, row, openings):
        # data-label names each cell when narrow screens show a row as a card (portal.css);
        # an empty cell is left out of the card.
        return mark_safe(
            "".join(
                format_html(
                    "{}{}>{}</td>",
                    opening,
                    mark_safe(" data-empty") if cell == self.default or cell == "" else "",
                    localize(cell),
                )
                for opening, cell in zip(openings, self.cells.of(row), strict=True)
            )
        )


class IndicatorValueTable(PortalTable):
    fragment_tables = (IndicatorValue, Indicator)
    indicator = tables.Column(verbose_name=_("指标"), linkify=True, order_by=("indicator__name",))
    category = tables.Column(
        verbose_name=_("指标分类"),
        accessor="indicator__get_category_display",
        order_by=("indicator__category", "indicator__display_order"),
    )
    year = tables.Column(verbose_name=_("年度"))
    value = NumberColumn(verbose_name=_("数值"), field="value")
    qualifier = tables.Column(verbose_name=_("数值修饰"), orderable=False)
    unit = tables.Column(verbose_name=_("计量单位"), accessor="indicator__unit", orderable=False)
    growth_pct = NumberColumn(verbose_name=_("同比增长(%)"), field="growth_pct")
    # The page keeps to what a reader compares; the download has every part in its own column
    # (the basis beside the growth, the compared year beside the rank, a target's growth).
    growth_basis = tables.Column(
        verbose_name=_("增长口径"), accessor="display_growth_basis", visible=False
    )
    rank = tables.Column(verbose_name=_("排名"), accessor="display_rank", order_by=("rank",))
    rank_compared_year = tables.Column(verbose_name=_("排名变化对比年份"), visible=False)
    target_value = NumberColumn(verbose_name=_("预期目标"), field="target_value", empty_values=())
    target_qualifier = tables.Column(verbose_name=_("预期目标修饰"), visible=False)
    target_growth_pct = NumberColumn(
        verbose_name=_("预期增长(%)"), field="target_growth_pct", visible=False
    )
    completion = NumberColumn(
        verbose_name=_("完成率(%)"), accessor="completion_pct", field="", orderable=False
    )

    class Meta(PortalTable.Meta):
        model = IndicatorValue
        fields = ["indicator", "category", "year", "value", "qualifier", "unit", "growth_pct"]
        sequence = [
            *fields,
            "growth_basis",
            "rank",
            "rank_compared_year",
            "target_value",
            "target_qualifier",
            "target_growth_pct",
            "completion",
        ]
        order_by = ("indicator__category", "indicator__display_order")

    def render_indicator(self, record):
        return record.indicator.display_name

    def value_indicator(self, record):
        return record.indicator.name

    def render_qualifier(self, record):
        return record.qualifier or ""

    def value_qualifier(self, record):
        return record.qualifier

    def render_growth_pct(self, record):
        basis = record.display_growth_basis
        return format_number(record.growth_pct) + (f"({basis})" if basis else "")

    def value_growth_pct(self, record):
        return record.growth_pct

    def render_target_value(self, record):
        """约1050, with the growth the target also states: 1050,增长8% (or 增长8% alone)."""
        parts = []
        if record.target_value is not None:
            parts.append(f"{format_number(record.target_value)}{record.target_qualifier}")
        if record.target_growth_pct is not None:
            parts.append(_("增长%(pct)s%%") % {"pct": format_number(record.target_growth_pct)})
        return ",".join(str(p) for p in parts) or EMPTY

    def value_target_value(self, record):
        return record.target_value

    def value_target_qualifier(self, record):
        return record.target_qualifier

    def value_growth_basis(self, record):
        return str(record.display_growth_basis)


class ProjectTable(PortalTable):
    fragment_tables = (Project, ProjectProgress, InnovationPlatform)
    name = tables.Column(verbose_name=_("项目名称"), linkify=True)
    latest_stage = tables.Column(verbose_name=_("建设阶段"))
    latest_year = tables.Column(verbose_name=_("年度"))
    total_investment = NumberColumn(verbose_name=_("总投资(亿元)"), field="total_investment")
    platform = tables.Column(verbose_name=_("入驻载体"), accessor="public_platform_name")

    class Meta(PortalTable.Meta):
        model = Project
        fields = ["name", "phase", "industry", "investor", "total_investment"]
        sequence = [*fields, "latest_stage", "latest_year", "platform"]
        order_by = ("name",)

    def value_name(self, record):
        return record.name


class PolicyTable(PortalTable):
    fragment_tables = (PolicyDocument,)
    title = tables.Column(verbose_name=_("标题"), linkify=True)
    written_on = DayColumn()
    published_on = DayColumn()

    class Meta(PortalTable.Meta):
        model = PolicyDocument
        fields = [
            "title",
            "index_number",
            "doc_number",
            "issuing_body",
            "kind",
            "category",
            "validity",
            "year",
            "written_on",
            "published_on",
        ]
        order_by = ("-year", "title")

    def value_title(self, record):
        return record.title


class PlatformTable(PortalTable):
    fragment_tables = (InnovationPlatform,)
    name = tables.Column(verbose_name=_("平台名称"), linkify=True)
    total_investment = NumberColumn(verbose_name=_("总投资(亿元)"), field="total_investment")
    floor_area = NumberColumn(verbose_name=_("建筑面积(万平方米)"), field="floor_area")

    class Meta(PortalTable.Meta):
        model = InnovationPlatform
        fields = [
            "name",
            "kind",
            "level",
            "host_organisation",
            "year_recognised",
            "total_investment",
            "floor_area",
            "signed_projects",
            "operating_state",
        ]
        order_by = ("kind", "name")

    def value_name(self, record):
        return record.name
