"""The portal's tables render each cell as django-tables2 would (portal.cells), in less time."""

from datetime import date
from decimal import Decimal

import django_tables2 as tables
import pytest

from hightech_zone.models import PolicyDocument
from portal import cells
from portal.tables import PolicyTable
from tests import factories

pytestmark = pytest.mark.django_db

PAGES = [
    "/projects/",
    "/projects/?sort=-total_investment",
    "/policies/",
    "/policies/?kind=master_plan",
    "/platforms/",
    "/indicators/",
    "/indicators/?year=2090",
    "/en/projects/",
    "/en/policies/",
    "/en/platforms/",
    "/en/indicators/?year=2090",
]


@pytest.fixture
def varied_records(settings):
    """Records with their optional fields filled and records with them empty, side by side."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    factories.whole_zone()
    draft_home = factories.platform(name="测试草稿载体", status=factories.DRAFT)
    factories.project(name="测试无进展项目", platform=draft_home)
    factories.project(name="测试零投资项目", total_investment=Decimal("0"), phase="二期")
    factories.policy(title="测试无日期的政策", issuing_body="", doc_number="", year=2090)
    factories.policy(
        title="测试<b>标记</b>的规划",
        kind="master_plan",
        written_on=date(2090, 3, 1),
        published_on=date(2090, 3, 9),
        year=2090,
    )
    factories.value(
        value=None, target_value=Decimal("1050"), target_qualifier="约", target_growth_pct=8
    )
    factories.platform(name="测试空白载体", total_investment=None, floor_area=None)


def table_html(client, url):
    text = client.get(url).content.decode()
    assert "<table" in text, url
    return text[text.index("<table") : text.index("</table>")]


@pytest.mark.parametrize("url", PAGES)
def test_each_cell_is_what_django_tables2_renders(client, varied_records, monkeypatch, url):
    kept_to_columns = table_html(client, url)
    monkeypatch.setattr(cells, "_plain_columns", lambda: ())  # every cell by django-tables2
    assert table_html(client, url) == kept_to_columns
    assert kept_to_columns.count("<tr") >= 2  # the header and a row at least


DOWNLOADS = [
    "/projects/?_export=csv",
    "/policies/?_export=csv",
    "/policies/?kind=master_plan&_export=csv",
    "/platforms/?_export=csv",
    "/indicators/?year=2090&_export=csv",
    "/en/indicators/?year=2090&_export=csv",
]


@pytest.mark.parametrize("url", DOWNLOADS)
def test_each_downloaded_value_is_what_django_tables2_gives(
    client, varied_records, monkeypatch, url
):
    kept_to_columns = client.get(url).content
    monkeypatch.setattr(cells, "_plain_columns", lambda: ())
    assert client.get(url).content == kept_to_columns
    assert kept_to_columns.decode("utf-8-sig").count("\n") >= 2  # the headers and a row at least


def test_table_values_are_as_values_with_hidden_columns_and_exclusions(varied_records):
    from hightech_zone.models import IndicatorValue
    from portal.tables import IndicatorValueTable

    table = IndicatorValueTable(IndicatorValue.objects.select_related("indicator"))
    excluded = ("qualifier",)
    ours = list(cells.table_values(table, excluded))
    assert ours == list(table.as_values(exclude_columns=excluded))
    assert "增长口径" in ours[0] and "数值修饰" not in ours[0]  # hidden kept, excluded left out
    assert len(ours) == IndicatorValue.objects.count() + 1


def test_a_policy_date_reads_as_django_tables2s_date_column_wrote_it(varied_records):
    class WithDateColumns(PolicyTable):
        written_on = tables.DateColumn()
        published_on = tables.DateColumn()

    records = PolicyDocument.objects.order_by("pk")
    ours, theirs = PolicyTable(records), WithDateColumns(records)
    theirs_by_record = {row.record.pk: row for row in theirs.rows}
    dated = [
        (row.get_cell("published_on"), theirs_by_record[row.record.pk].get_cell("published_on"))
        for row in ours.rows
    ]
    assert ("2090年3月9日", "2090年3月9日") in dated
    assert all(mine == other for mine, other in dated)
    assert ours.columns["written_on"].header == "成文日期"
    downloaded = next(iter(ours.as_values()))
    assert "成文日期" in downloaded and "发布日期" in downloaded
    assert any("2090-03-09" in row for row in ours.as_values())


def test_a_column_of_a_kind_not_known_is_left_to_django_tables2(varied_records):
    class WithBoolean(PolicyTable):
        title = tables.BooleanColumn()

    table = WithBoolean(PolicyDocument.objects.order_by("pk"))
    row = table.rows[0]
    rendered = cells.TableCells(table).of(row)
    assert rendered == [cell for _name, cell in row.items()]
    assert "✔" in str(rendered[0])
