"""Every API address runs the same number of queries however many rows it returns (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import add_records
from tests.factories import ZoneFactory

pytestmark = pytest.mark.django_db


def addresses(report_year):
    return [
        "/api/v1/zone/",
        "/api/v1/indicators/",
        "/api/v1/observations/",
        "/api/v1/observations/?startPeriod=1950&category=economy&ordering=-year",
        "/api/v1/projects/",
        "/api/v1/projects/?startPeriod=1950",
        "/api/v1/policies/",
        "/api/v1/platforms/",
        "/api/v1/reports/",
        f"/api/v1/reports/{report_year}/",
    ]


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def test_query_counts_do_not_grow_with_the_rows(client):
    from hightech_zone.models import WorkReport

    ZoneFactory()
    add_records(2, tag="少")
    report = WorkReport.objects.get(title="少基础报告")
    paths = addresses(report.year)
    few = {path: count_queries(client, path) for path in paths}
    add_records(12, tag="多", report=report)
    many = {path: count_queries(client, path) for path in paths}
    assert many == few
    assert max(few.values()) <= 12
