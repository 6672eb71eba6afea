"""Pieces of public pages kept across writes to other tables, never stale after a write to theirs.

The page cache is off here, so every request renders its page and only the fragments
(portal.fragments) are kept; a page that reads a kept fragment runs fewer queries.
"""

import re
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hightech_zone import publishing, search_index
from hightech_zone.models import (
    IndicatorValue,
    PolicyDocument,
    Project,
    ProjectProgress,
)
from portal.tables import PolicyTable
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 600


def render(client, url):
    """(queries, page text) of one request."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response.content.decode()


def test_a_kept_report_runs_fewer_queries_and_reads_the_same(client, site_records):
    url = site_records.report.get_absolute_url()
    cold, first = render(client, url)
    warm, again = render(client, url)
    assert warm < cold
    assert again == first and "72.6亿元" in again


@pytest.mark.parametrize("write", ["save", "update", "bulk_update"])
def test_a_changed_figure_shows_at_once_on_every_page_that_keeps_it(client, site_records, write):
    value = site_records.value
    pages = [site_records.report.get_absolute_url(), "/", "/indicators/"]
    for page in pages:
        assert "72.6" in render(client, page)[1], page  # kept now
    if write == "save":
        value.value = Decimal("88.8")
        value.save()
    elif write == "update":
        IndicatorValue.objects.filter(pk=value.pk).update(value=Decimal("88.8"))
    else:
        value.value = Decimal("88.8")
        IndicatorValue.objects.bulk_update([value], ["value"])
    for page in pages:
        text = render(client, page)[1]
        assert "88.8" in text and "72.6" not in text, page


def test_a_withdrawn_project_leaves_the_kept_list_and_report_at_once(
    client, site_records, publisher
):
    project = site_records.project
    for page in ["/projects/", site_records.report.get_absolute_url()]:
        assert project.name in render(client, page)[1]
    publishing.withdraw(record=project, user=publisher, reason="测试撤回")
    for page in ["/projects/", site_records.report.get_absolute_url()]:
        assert project.name not in render(client, page)[1], page


def test_a_link_added_to_a_section_shows_on_the_kept_report(client, site_records):
    url = site_records.report.get_absolute_url()
    policy = factories.policy(title="测试新链接的政策文件")
    assert policy.title not in render(client, url)[1]
    site_records.report.sections.get().policies.add(policy)
    assert policy.title in render(client, url)[1]


def test_a_projects_progress_changes_its_row_in_the_kept_list(client, site_records):
    def table(text):
        return text[text.index("<table") : text.index("</table>")]

    assert "投入运营" in table(render(client, "/projects/")[1])
    ProjectProgress.objects.filter(project=site_records.project).update(stage="signed")
    row = table(render(client, "/projects/")[1])
    assert "签约" in row and "投入运营" not in row


def test_a_write_to_one_table_leaves_the_fragments_of_others(client, site_records, monkeypatch):
    rendered = []
    as_html = PolicyTable.as_html
    monkeypatch.setattr(PolicyTable, "as_html", lambda *a: rendered.append(1) or as_html(*a))
    render(client, "/policies/")
    render(client, "/policies/")
    assert len(rendered) == 1
    Project.objects.filter(pk=site_records.project.pk).update(name="测试改名项目")
    assert site_records.policy.title in render(client, "/policies/")[1]
    assert len(rendered) == 1  # still kept: the policies table shows no project
    assert "测试改名项目" in render(client, "/projects/")[1]


def test_a_policy_edit_shows_on_the_kept_list(client, site_records):
    assert site_records.policy.title in render(client, "/policies/")[1]
    PolicyDocument.objects.filter(pk=site_records.policy.pk).update(title="测试更名办法")
    text = render(client, "/policies/")[1]
    assert "测试更名办法" in text and site_records.policy.title not in text


def test_each_language_keeps_its_own_fragment(client, site_records):
    url = site_records.report.get_absolute_url()
    assert "目录" in render(client, url)[1]
    english = render(client, f"/en{url}")[1]
    assert "Contents" in english and "目录" not in english


def test_with_fragments_off_every_request_renders(client, site_records, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    url = site_records.report.get_absolute_url()
    render(client, url)  # the first request of a data version also looks for demo data
    assert render(client, url)[0] == render(client, url)[0] > 5


def test_a_new_sort_of_kept_rows_renders_no_cell_again(client, site_records, monkeypatch):
    factories.policy(title="测试另一项政策")
    rendered = []
    cells_html = PolicyTable.cells_html
    monkeypatch.setattr(
        PolicyTable, "cells_html", lambda *a: rendered.append(a[1].record) or cells_html(*a)
    )
    first = render(client, "/policies/?sort=title")[1]
    assert len(rendered) == 2
    second = render(client, "/policies/?sort=-title")[1]
    assert len(rendered) == 2  # the same two records' rows, in the other order
    title = site_records.policy.title
    assert (first.index("测试另一项政策") < first.index(title)) != (
        second.index("测试另一项政策") < second.index(title)
    )
    PolicyDocument.objects.filter(title="测试另一项政策").update(title="测试改名的政策")
    assert "测试改名的政策" in render(client, "/policies/?sort=title")[1]
    assert len(rendered) == 4  # the table changed: both rows rendered afresh


def test_junk_parameters_make_no_new_table_fragment(client, site_records, monkeypatch):
    rendered = []
    as_html = PolicyTable.as_html
    monkeypatch.setattr(PolicyTable, "as_html", lambda *a: rendered.append(1) or as_html(*a))
    for junk in range(3):
        render(client, f"/policies/?category=sci_tech&utm_source={junk}")
    assert len(rendered) == 1
    render(client, "/policies/?category=sci_tech&sort=title")
    assert len(rendered) == 2


def test_a_kept_filter_form_offers_a_new_issuing_body_at_once(client, site_records):
    assert "测试新发文机关" not in render(client, "/policies/")[1]
    factories.policy(title="测试新机关的办法", issuing_body="测试新发文机关")
    assert '<option value="测试新发文机关">' in render(client, "/policies/")[1]


def test_a_body_named_only_by_a_plan_is_offered_only_where_plans_are_listed(client, site_records):
    factories.policy(title="测试发展规划", kind="master_plan", issuing_body="测试规划编制机关")
    option = '<option value="测试规划编制机关">'
    for _ in range(2):  # computed, then kept: each list keeps its own choices
        assert option in render(client, "/policies/?kind=master_plan")[1]
        assert option not in render(client, "/policies/")[1]


def test_a_kept_filter_form_still_says_what_is_wrong(client, site_records):
    for _ in range(2):
        text = render(client, "/policies/?year=abc")[1]
        assert 'role="alert"' in text


def test_a_kept_count_follows_a_new_record(client, site_records):
    assert "共 1 条" in render(client, "/projects/")[1]
    factories.project(name="测试又一个项目")
    assert "共 2 条" in render(client, "/projects/")[1]
    queries, _ = render(client, "/projects/?page=1")
    assert "共 2 条" in render(client, "/projects/?page=1")[1]
    assert render(client, "/projects/?page=1")[0] < queries  # count and rows kept


def test_one_count_is_kept_for_every_page_and_sort_of_a_filter(client, site_records):
    assert counts(client, "/projects/") == (1, "共 1 条")
    assert counts(client, "/projects/?sort=-name") == (0, "共 1 条")
    assert counts(client, "/projects/?page=1&utm_source=x") == (0, "共 1 条")
    stage = "in_operation"
    assert counts(client, f"/projects/?stage={stage}")[0] == 1  # another filter, another count
    assert counts(client, f"/projects/?stage={stage}&sort=name")[0] == 0
    factories.project(name="测试又一个项目")
    assert counts(client, "/projects/?sort=-name") == (1, "共 2 条")


def counts(client, url):
    """(COUNT queries run, the row count the page shows) of one request."""
    with CaptureQueriesContext(connection) as queries:
        text = client.get(url).content.decode()
    shown = re.search(r"共 \d+ 条", text)
    counted = sum("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    return counted, shown and shown.group()


def test_a_kept_download_follows_an_edit_and_ignores_the_page(client, site_records):
    def download(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        return len(queries), response.content.decode("utf-8-sig")

    queries, text = download("/policies/?_export=csv")
    assert queries > 0 and site_records.policy.title in text
    assert download("/policies/?_export=csv&page=2&utm_source=x") == (0, text)
    sorted_queries, _ = download("/policies/?_export=csv&sort=-title")  # another order: computed
    assert sorted_queries > 0
    PolicyDocument.objects.filter(pk=site_records.policy.pk).update(title="测试改过名的办法")
    assert "测试改过名的办法" in download("/policies/?_export=csv")[1]


@pytest.mark.parametrize(
    ("url", "queries_left"),
    [
        ("/", 0),
        ("/indicators/", 0),
        ("/policies/?sort=title", 0),
        ("/projects/?_export=csv", 0),
        ("/search/?q=测试", 0),
        # A record's page still reads its record, for its 404 and its title.
        ("/reports/2090/", 1),
        *((name, 1) for name in ("project", "policy", "platform", "indicator")),
    ],
)
def test_a_page_of_kept_pieces_reads_the_cache_once(
    client, site_records, monkeypatch, url, queries_left
):
    if not url.startswith("/"):
        url = getattr(site_records, url).get_absolute_url()
    render(client, url)  # keeps its pieces
    reads, depth = [], [0]  # calls from outside the cache (a backend may answer get_many with get)
    shared = caches["default"]
    for method in ("get", "get_many", "has_key"):
        original = getattr(shared, method)

        def counted(*args, _original=original, **kwargs):
            reads.extend([1] if depth[0] == 0 else [])
            depth[0] += 1
            try:
                return _original(*args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(shared, method, counted)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert (len(reads), len(queries)) == (1, queries_left)


def test_kept_search_results_follow_a_new_record_and_a_rebuild(client, site_records):
    assert "测试新增的园区项目" not in render(client, "/search/?q=新增")[1]
    factories.project(name="测试新增的园区项目")
    searched, text = render(client, "/search/?q=新增")
    assert "测试新增的园区项目" in text
    kept, _ = render(client, "/search/?q=新增&utm=1")  # junk parameters and all
    assert kept < searched
    search_index.rebuild()  # entries may read differently now: results are searched again
    assert render(client, "/search/?q=新增")[0] >= searched > kept


def test_record_pages_of_two_kinds_with_one_id_keep_their_own_content(client, site_records):
    factories.policy(id=990001, title="测试同号政策的页面")
    factories.project(id=990001, name="测试同号项目的页面")
    pages = {"/policies/990001/": "测试同号政策的页面", "/projects/990001/": "测试同号项目的页面"}
    first = {url: render(client, url) for url in pages}
    for url, name in pages.items():
        queries, text = render(client, url)
        assert name in text and name in first[url][1]
        assert queries < first[url][0]  # kept, not overwritten by the other kind's


def test_kept_record_pages_follow_what_they_show(client, site_records, publisher):
    project, platform = site_records.project, site_records.platform
    project_url, indicator_url = (
        project.get_absolute_url(),
        site_records.indicator.get_absolute_url(),
    )
    policy = factories.policy(title="测试尚未提及的办法")
    for url in [project_url, indicator_url, policy.get_absolute_url()]:
        render(client, url)
        kept_queries, _ = render(client, url)
    assert kept_queries <= 2  # the record (its address, its title) and little else
    factories.progress(project=project, year=2091, progress="测试新一年的进展")
    assert "测试新一年的进展" in render(client, project_url)[1]
    publishing.withdraw(record=platform, user=publisher, reason="测试撤回")
    assert platform.name not in render(client, project_url)[1]
    factories.value(indicator=site_records.indicator, year=2091, value=Decimal("81.5"))
    assert "81.5" in render(client, indicator_url)[1]
    assert "见于工作报告" not in render(client, policy.get_absolute_url())[1]
    site_records.report.sections.get().policies.add(policy)
    assert "见于工作报告" in render(client, policy.get_absolute_url())[1]
