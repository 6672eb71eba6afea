"""Observations as SDMX-CSV (?format=csv), with Chinese columns beside SDMX's own."""

import csv
import io

from rest_framework.renderers import BaseRenderer

from hightech_zone.importing.cells import export_cell

DATAFLOW = "HIGHTECH_ZONE:OBSERVATIONS(1.0)"
SDMX_COLUMNS = ["DATAFLOW", "INDICATOR", "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS"]
# Chinese column -> the observation's field.
CHINESE_COLUMNS = {
    "指标名称": "indicator_name",
    "数值修饰": "qualifier",
    "同比增长(%)": "growth_pct",
    "增长口径": "growth_basis",
    "排名": "rank",
    "排名范围": "rank_scope",
    "预期目标": "target_value",
    "数据来源": "source",
    "备注": "note",
    "更新时间": "updated_at",
}


def obs_status(row):
    """SDMX's observation status: A normal, E estimated (约, 近, 余, 多, 以上), M missing (the
    report gave only a growth or a rank)."""
    if row["value"] is None:
        return "M"
    return "E" if row["qualifier"] else "A"


class ObservationCsvRenderer(BaseRenderer):
    """A page of observations (the same paging as JSON) as UTF-8 CSV with a byte-order mark,
    so that Excel reads the Chinese; text a spreadsheet would run as a formula is escaped as
    in every export (hightech_zone.importing.cells)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data["results"] if isinstance(data, dict) and "results" in data else [data]
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([*SDMX_COLUMNS, *CHINESE_COLUMNS])
        for row in rows:
            sdmx = [DATAFLOW, row["indicator"], row["year"], row["value"], row["unit"]]
            chinese = [row[field] for field in CHINESE_COLUMNS.values()]
            writer.writerow([cell(v) for v in (*sdmx, obs_status(row), *chinese)])
        return out.getvalue().encode(self.charset)


def cell(value):
    """What the portal's downloads write: inert formulas, 72.6 not 72.6000, blank for none."""
    return "" if value is None else export_cell(value)
