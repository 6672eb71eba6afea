"""The yearly reports the rules require as XLSX, laid out as the official tables: the
政府信息公开工作年度报告 (国办公开办函〔2021〕30号) and the 政府网站工作年度报表's 信息发布."""

from io import BytesIO

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .disclosure import (
    RESULT_LABELS,
    appeal_table,
    applicant_headings,
    policy_counts,
    request_table,
)
from .importing.cells import export_cell
from .importing.formats import XLSX
from .website_report import column_updates, total_updates

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def _row(sheet, *values, bold=False):
    sheet.append([export_cell(v) for v in values])
    if bold:
        for cell in sheet[sheet.max_row]:
            cell.font = BOLD


def _saved(book):
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _paragraphs(sheet, heading, text):
    _row(sheet, heading, bold=True)
    for line in text.splitlines():
        if line.strip():
            _row(sheet, line.strip())
    _row(sheet)


def disclosure_workbook(report, rows):
    """The report's six parts on one sheet, the three tables as the official form draws them;
    ``rows`` are its part 三 rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(report.year)
    sheet.column_dimensions["A"].width = 60
    _row(sheet, report.title, bold=True)
    _row(sheet, report.issuing_body)
    _row(sheet)
    _paragraphs(sheet, _("一、总体情况"), report.overview)

    _row(sheet, _("二、主动公开政府信息情况"), bold=True)
    _row(sheet, _("第二十条第（一）项"), bold=True)
    _row(sheet, _("信息内容"), _("本年制发件数"), _("本年废止件数"), _("现行有效件数"), bold=True)
    for count in policy_counts(report.year):
        _row(sheet, count.label, count.issued, count.repealed, count.in_force)
    _row(sheet, _("第二十条第（五）项"), bold=True)
    _row(sheet, _("信息内容"), _("本年处理决定数量"), bold=True)
    _row(sheet, _("行政许可"), report.licensing_decisions)
    _row(sheet, _("第二十条第（六）项"), bold=True)
    _row(sheet, _("信息内容"), _("本年处理决定数量"), bold=True)
    _row(sheet, _("行政处罚"), report.penalty_decisions)
    _row(sheet, _("行政强制"), report.coercion_decisions)
    _row(sheet, _("第二十条第（八）项"), bold=True)
    _row(sheet, _("信息内容"), _("本年收费金额（单位：万元）"), bold=True)
    _row(sheet, _("行政事业性收费"), report.fees_wan)
    _row(sheet)

    _row(sheet, _("三、收到和处理政府信息公开申请情况"), bold=True)
    headings = applicant_headings()
    _row(
        sheet,
        _("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
        _("申请人情况"),
        bold=True,
    )
    top = sheet.max_row
    _row(sheet, "", _("自然人"), _("法人或其他组织"), "", "", "", "", _("总计"), bold=True)
    _row(sheet, "", "", *headings[1:], "", bold=True)
    # Merged as the official form draws them: 申请人情况 over every column, 法人或其他组织
    # over its five kinds, 自然人 and 总计 over two rows, the corner over three.
    for cells in ("B{0}:H{0}", "A{0}:A{2}", "B{1}:B{2}", "C{1}:G{1}", "H{1}:H{2}"):
        sheet.merge_cells(cells.format(top, top + 1, top + 2))
    for line in request_table(rows):
        label = "    " * line.level + line.label
        if line.is_heading:
            _row(sheet, label, bold=True)
        else:
            _row(sheet, label, *line.counts, line.total)
    _row(sheet)

    _row(sheet, _("四、政府信息公开行政复议、行政诉讼情况"), bold=True)
    appeals = appeal_table(report)
    (review, _review), (direct, _direct), (after, _after) = appeals
    _row(sheet, review, *[""] * 4, _("行政诉讼"), bold=True)
    top = sheet.max_row
    _row(sheet, "", *[""] * 4, direct, *[""] * 4, after, bold=True)
    _row(sheet, *[str(label) for _kind in appeals for label in RESULT_LABELS.values()], bold=True)
    _row(sheet, *[n for _label, figures in appeals for n in figures])
    for cells in ("A{0}:E{1}", "F{0}:O{0}", "F{1}:J{1}", "K{1}:O{1}"):
        sheet.merge_cells(cells.format(top, top + 1))
    _row(sheet)
    _paragraphs(sheet, _("五、存在的主要问题及改进情况"), report.problems)
    _paragraphs(sheet, _("六、其他需要报告的事项"), report.other_matters)
    for cells in sheet.iter_rows(min_col=1, max_col=1):
        cells[0].alignment = WRAP
    return _saved(book)


def website_workbook(year, zone_name=""):
    """The 政府网站工作年度报表's 信息发布 for ``year``: the total, then each column."""
    columns = column_updates(year)
    book = Workbook()
    sheet = book.active
    sheet.title = str(year)
    sheet.column_dimensions["A"].width = 30
    _row(sheet, _("政府网站工作年度报表(%(year)s年度)") % {"year": year}, bold=True)
    if zone_name:
        _row(sheet, _("网站名称"), zone_name)
    _row(sheet)
    _row(sheet, _("信息发布"), _("更新量(条)"), _("涉及记录(条)"), bold=True)
    _row(sheet, _("总数"), total_updates(columns), sum(c.records for c in columns))
    for column in columns:
        _row(sheet, column.label, column.updates, column.records)
    return _saved(book)


def xlsx_response(content, name):
    response = HttpResponse(content, content_type=XLSX.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def disclosure_response(report):
    """The report's workbook as a download; its part 三 rows read in one query."""
    content = disclosure_workbook(report, report.request_rows.all())
    return xlsx_response(content, f"政府信息公开工作年度报告-{report.year}.xlsx")
