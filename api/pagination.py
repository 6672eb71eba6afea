"""Paging of the API's lists: ?limit= and ?offset=, with the count and the neighbours' links."""

from rest_framework import pagination
from rest_framework.exceptions import ValidationError

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """DRF's limit/offset paging, refusing what is not a number (DRF would quietly use the
    default instead): a client that asked for something else should hear so. A limit over
    MAX_LIMIT is cut to it; an offset past the end is an empty page."""

    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT
    template = None

    def get_limit(self, request):
        limit = parse_count(request, self.limit_query_param, minimum=1)
        return self.default_limit if limit is None else min(limit, self.max_limit)

    def get_offset(self, request):
        return parse_count(request, self.offset_query_param, minimum=0) or 0

    def get_paginated_response_schema(self, schema):
        paged = super().get_paginated_response_schema(schema)
        described = {
            "count": "总条数 / Number of results in all pages",
            "next": "下一页 / Address of the next page",
            "previous": "上一页 / Address of the previous page",
            "results": "本页记录 / The results of this page",
        }
        for name, description in described.items():
            paged["properties"][name]["description"] = description
        return paged

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.limit_query_param,
                "required": False,
                "in": "query",
                "description": f"每页条数 / Results per page (default {DEFAULT_LIMIT}, "
                f"at most {MAX_LIMIT}; more is cut to {MAX_LIMIT})",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.offset_query_param,
                "required": False,
                "in": "query",
                "description": "跳过的条数 / Results to skip",
                "schema": {"type": "integer", "minimum": 0},
            },
        ]


# Past the end of any table, and still a 64-bit integer once a limit is added to it: a
# database refuses a larger offset (SQLite's "datatype mismatch", a 500 in a file download).
LARGEST_COUNT = 2**62


def parse_count(request, name, *, minimum):
    """The parameter as a whole number no less than minimum (cut to LARGEST_COUNT), None
    when absent; 400 else."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    text = raw.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 30 or int(text) < minimum:
        raise ValidationError(
            {name: [f"应为不小于{minimum}的整数 / must be a whole number of at least {minimum}"]}
        )
    return min(int(text), LARGEST_COUNT)
