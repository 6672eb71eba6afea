"""The OpenAPI schema's shared parts: the error body and the answers every operation may give."""

from django.conf import settings
from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiParameter

from hightech_zone.importing import sdmx

from .downloads import XLSX_TYPE
from .errors import MESSAGES

ERROR = {
    "type": "object",
    "description": "错误 / Error",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "description": "错误 / Error",
            "required": ["code", "message", "message_en"],
            "properties": {
                "code": {"type": "string", "description": "错误代码 / Error code"},
                "message": {"type": "string", "description": "中文说明 / Message in Chinese"},
                "message_en": {"type": "string", "description": "英文说明 / Message in English"},
                "details": {
                    "type": "object",
                    "description": "哪个参数有什么问题 / What is wrong with which parameter",
                    "additionalProperties": True,
                },
            },
        }
    },
}
ERRORS = {
    400: "请求参数有误 / Bad request parameters",
    404: "找不到该记录,或不支持请求的格式 / Not found, or no such format",
    406: "不支持请求的格式 / The requested format is not available",
    429: "请求过于频繁 / Too many requests (see Retry-After)",
}
CSV = {
    "type": "string",
    "description": "UTF-8 CSV(带 BOM),列同后台导出 / UTF-8 CSV with a byte-order mark, "
    "headed as the admin's export",
}
XLSX = {
    "type": "string",
    "format": "binary",
    "description": "Excel 工作簿,列同后台导出 / An XLSX workbook, headed as the admin's export",
}


def files_description(with_sdmx):
    """What ?format=csv and ?format=xlsx hold, for a list's description."""
    cap = settings.API_DOWNLOAD_MAX_ROWS
    first = ",".join(sdmx.COLUMNS)
    return (
        "format=json:分页的 JSON。format=csv / format=xlsx:列表的文件,不分页(从 offset 起,"
        f"limit 条,最多 {cap} 条),列名与后台导出相同(导入的中文列名),只含接口公开的字段,"
        "可原样导回后台;公式样的文字前加 ' 。"
        + (f"指标数值文件先列 SDMX-CSV 的列({first})。" if with_sdmx else "")
        + " / format=json: paged JSON. format=csv, format=xlsx: the list as a file, not paged "
        f"(from offset, limit rows, at most {cap}), headed as the admin's export (the import's "
        "Chinese column names), with the fields the API publishes; it imports back unchanged. "
        "Formula-like text starts with an apostrophe."
        + (f" Observation files start with SDMX-CSV's columns ({first})." if with_sdmx else "")
    )


CACHE_HEADERS = {
    "ETag": "数据版本 / Version of the data, for If-None-Match",
    "Last-Modified": "最近更新时间 / When the data last changed",
    "Cache-Control": "public, max-age=60",
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's, with the format parameter every endpoint reads and, for a list
    that comes as a file, what the file holds."""

    def get_description(self):
        description = super().get_description()
        table = getattr(self.view, "table", None)
        if table is None or getattr(self.view, "action", None) != "list":
            return description
        return "\n\n".join(filter(None, [description, files_description(table.sdmx)]))

    def get_override_parameters(self):
        return [
            *super().get_override_parameters(),
            OpenApiParameter(
                "format",
                str,
                enum=[renderer.format for renderer in self.view.get_renderers()],
                description="返回格式 / Response format",
            ),
        ]


def document_errors(result, generator, request, public):
    """Every operation's error answers (their JSON body, Retry-After on 429), its 304 and the
    caching headers of its 200: drf-spectacular knows of none of them."""
    assert set(ERRORS) <= set(MESSAGES)
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    headers = {
        name: {"schema": {"type": "string"}, "description": text}
        for name, text in CACHE_HEADERS.items()
    }
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            responses = operation.setdefault("responses", {})
            if "200" in responses:
                responses["200"].setdefault("headers", {}).update(headers)
                responses["200"]["description"] = "成功 / OK"
                content = responses["200"].get("content", {})
                for media_type, schema in (("text/csv", CSV), (XLSX_TYPE, XLSX)):
                    if media_type in content:
                        content[media_type] = {"schema": schema}
            responses["304"] = {"description": "未改变 / Not modified (If-None-Match)"}
            for status, text in ERRORS.items():
                responses[str(status)] = {"description": text, "content": error}
            responses["429"]["headers"] = {
                "Retry-After": {
                    "schema": {"type": "integer"},
                    "description": "几秒后可再试 / Seconds to wait",
                }
            }
    return result
