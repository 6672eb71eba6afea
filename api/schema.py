"""The OpenAPI schema's shared parts: the error body and the answers every operation may give."""

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiParameter

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
    "description": "SDMX-CSV(DATAFLOW,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS)"
    "及中文列 / SDMX-CSV columns, then Chinese ones",
}
CACHE_HEADERS = {
    "ETag": "数据版本 / Version of the data, for If-None-Match",
    "Last-Modified": "最近更新时间 / When the data last changed",
    "Cache-Control": "public, max-age=60",
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's, with the format parameter every endpoint reads."""

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
                if "text/csv" in responses["200"].get("content", {}):
                    responses["200"]["content"]["text/csv"] = {"schema": CSV}
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
