"""The search index: found through its GIN index, ranked, current after every kind of write."""

from datetime import date
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hightech_zone import publishing, search, search_index
from hightech_zone.models import (
    IndicatorValue,
    PolicyDocument,
    Project,
    PublicationStatus,
    SearchEntry,
    SearchKind,
)
from tests import factories
from tests.forms import admin_url, submit
from tests.test_import_admin import xlsx_bytes

pytestmark = pytest.mark.django_db


def found(query, kind="project", **filters):
    groups = {group.kind: group for group in search.search(query, **filters)}
    return [hit.record for hit in groups[kind].hits] if kind in groups else []


def entry_of(record):
    return SearchEntry.objects.filter(object_id=record.pk).first()


# --- Found through the index ---------------------------------------------------------------


@pytest.mark.parametrize("query", ["医", "医药", "生物医药"])
def test_one_and_two_character_queries_find_their_record_through_the_index(query):
    wanted = factories.project(name="测试生物医药产业园")
    factories.project(name="测试汽车零部件产业园")
    assert found(query) == [wanted]
    matching = SearchEntry.objects.matching([query])
    assert list(matching.values_list("object_id", flat=True)) == [wanted.pk]
    if connection.vendor != "postgresql":
        return  # SQLite scans the index table's folded text; the match above is the test
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = matching.explain()
    assert "searchentry_vector_gin" in plan, plan


def test_a_kinds_title_hits_are_found_through_title_indexes_of_that_kind_alone():
    wanted = factories.policy(title="测试智能制造专项政策")
    factories.project(name="测试智能制造项目")
    titles = SearchEntry.objects.title_matching(["智能制造"]).filter(kind="policy")
    assert list(titles.values_list("object_id", flat=True)) == [wanted.pk]
    if connection.vendor != "postgresql":
        return  # SQLite scans the index table's folded titles; the match above is the test
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = 'hightech_zone_searchentry' AND indexdef LIKE '%%ts_filter%%'"
        )
        title_indexes = dict(cursor.fetchall())
    # A title index over every kind drew the planner away from the kind's own (0018).
    assert sorted(title_indexes) == sorted(
        f"searchentry_{kind.value}_title_gin" for kind in SearchKind
    )
    assert all(
        f"WHERE ((kind)::text = '{name.split('_')[1]}'" in sql
        for name, sql in title_indexes.items()
    )


def test_search_reads_through_the_indexes_and_leaves_the_planner_as_it_was():
    wanted = factories.project(name="测试生物医药产业园")

    def scans_allowed():
        if connection.vendor != "postgresql":
            return None  # SQLite has no such setting: the block changes nothing there
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            return cursor.fetchone()[0]

    with SearchEntry.objects.all().through_indexes():
        inside = scans_allowed()
        assert found("医药") == [wanted]
    postgres = connection.vendor == "postgresql"
    assert (inside, scans_allowed()) == (("off", "on") if postgres else (None, None))
    assert found("医药") == [wanted]


def test_the_vector_holds_single_characters_and_jiebas_words_title_weighted_a():
    project = factories.project(name="测试智能制造项目", summary="建设医疗器械生产线。")
    if connection.vendor != "postgresql":
        entry = entry_of(project)
        assert "智能 制造" in entry.title_tokens and "医 疗" in entry.body_tokens
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT vector::text FROM hightech_zone_searchentry WHERE object_id = %s",
            [project.pk],
        )
        (vector,) = cursor.fetchone()
    for lexeme in ["'智'", "'智能'", "'制造'", "'项目'"]:
        assert f"{lexeme}:" in vector and "A" in vector.split(f"{lexeme}:")[1].split(" ")[0]
    for lexeme in ["'医'", "'医疗'", "'生产线'"]:
        assert f"{lexeme}:" in vector and "B" in vector.split(f"{lexeme}:")[1].split(" ")[0]


# --- Ranked, filtered, highlighted -----------------------------------------------------------


def test_a_title_match_ranks_before_body_matches_however_many_and_however_new():
    in_body = factories.project(
        name="测试厂房项目",
        summary="光伏组件、光伏支架和光伏逆变器的生产线。",
        start_date=date(2099, 1, 1),
    )
    in_title = factories.project(name="测试光伏项目", start_date=date(2031, 1, 1))
    assert found("光伏") == [in_title, in_body]


def test_a_title_hit_ranks_first_when_more_body_hits_came_before_it_than_are_ranked(
    monkeypatch,
):
    monkeypatch.setattr(search, "COUNT_CAP", 3)  # more matches than this: a bounded ranking
    monkeypatch.setattr(search, "BODY_CANDIDATES", 2)
    monkeypatch.setattr(search, "TITLE_CANDIDATES", 2)
    for index in range(4):
        factories.project(name=f"测试厂房{index}号", summary="光伏组件生产线。")
    in_title = factories.project(name="测试光伏电站")
    hits = found("光伏")
    assert hits[0] == in_title and len(hits) == 3


def test_the_page_of_every_type_shows_a_few_of_each_and_links_to_the_rest():
    for index in range(7):
        factories.project(name=f"测试风电{index}号项目")
    page = Client().get("/search/", {"q": "风电", "year": ""}).content.decode()
    assert page.count("测试<mark>风电</mark>") == search.PER_TYPE_OF_ALL
    assert 'href="?q=%E9%A3%8E%E7%94%B5&amp;type=project"' in page
    alone = Client().get("/search/", {"q": "风电", "type": "project"}).content.decode()
    assert alone.count("测试<mark>风电</mark>") == 7 and "查看更多" not in alone


def test_counting_stops_at_the_cap_and_the_page_says_there_are_more(monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    for index in range(5):
        factories.project(name=f"测试储能{index}号项目")
    factories.policy(title="测试储能扶持办法")
    factories.policy(title="测试储能补贴办法")
    groups = {group.kind: group for group in search.search("储能")}
    assert (groups["project"].count, groups["project"].capped) == (3, True)
    assert len(groups["project"].hits) == 5
    assert (groups["policy"].count, groups["policy"].capped) == (2, False)
    page = Client().get("/search/", {"q": "储能"}).content.decode()
    assert "(3+)" in page and "(2)" in page
    assert "找到 5 条以上结果" in page and "每类结果最多统计 3 条" in page


def test_the_candidates_of_a_kind_are_only_its_own_hits_title_hits_included():
    wanted = factories.policy(title="测试生物医药扶持办法")
    in_body = factories.policy(title="测试人才引进办法", summary="支持生物医药人才。")
    factories.project(name="测试生物医药产业园")
    factories.policy(title="测试人才安居办法")
    entries = SearchEntry.objects.all()
    for cap in (5, 1):  # all the matches; or the title hits and the first matches
        matches = entries.first_matches(["医药"], ["policy"], cap=cap)
        candidates = entries.candidates(["医药"], matches, cap=cap, titles=5, bodies=5)
        found = sorted((e.kind, e.object_id) for e in candidates)
        assert found == sorted([("policy", wanted.pk), ("policy", in_body.pk)])


def test_the_report_whose_title_matches_comes_first():
    older = factories.report(year=2091, title="2091年测试工作报告")
    factories.section(report=older, heading="测试产业", body="测试园区新材料产业加快集聚。")
    newer = factories.report(year=2092, title="2092年测试新材料工作报告")
    assert found("新材料", "report") == [newer, older]


def test_results_filter_by_type_and_year():
    project = factories.project(name="测试储能项目", start_date=date(2093, 5, 1))
    factories.project(name="测试储能二期项目", start_date=date(2094, 5, 1))
    policy = factories.policy(title="测试储能扶持办法", year=2093)
    groups = search.search("储能", kind="policy")
    assert [(g.kind, [h.record for h in g.hits]) for g in groups] == [("policy", [policy])]
    assert found("储能", year=2093) == [project]
    assert found("储能", "policy", year=2093) == [policy]


@pytest.mark.parametrize(
    ("query", "written"),
    [
        ("高新区", "测试高新技术产业开发区管理办法"),
        ("高新技术产业开发区", "测试高新区管理办法"),
        ("GDP", "测试地区生产总值核算办法"),
        ("地区生产总值", "测试GDP核算办法"),
    ],
)
def test_an_abbreviation_finds_the_full_name_and_back(query, written):
    policy = factories.policy(title=written)
    assert found(query, "policy") == [policy]
    html = Client().get("/search/", {"q": query}).content.decode()
    assert policy.get_absolute_url() in html


def test_the_page_filters_and_refuses_a_filter_that_is_not_one():
    factories.project(name="测试氢能项目", start_date=date(2093, 1, 1))
    factories.policy(title="测试氢能办法", year=2093)
    page = Client().get("/search/", {"q": "氢能", "type": "project"}).content.decode()
    assert "测试<mark>氢能</mark>项目" in page and "测试氢能办法" not in page
    for bad in [{"type": "nope"}, {"year": "二〇九三"}, {"year": "99999"}]:
        response = Client().get("/search/", {"q": "氢能", **bad})
        assert response.status_code == 200
        html = response.content.decode()
        assert 'role="alert"' in html and "测试氢能项目" not in html


# --- Current after every write -----------------------------------------------------------------


def test_the_index_follows_an_admin_edit(staff_client):
    project = factories.project(name="测试旧名称项目")
    response = submit(
        staff_client, admin_url(project, "change", project.pk), {"name": "测试新名称"}
    )
    assert response.status_code == 302
    assert found("新名称") == [project]
    assert found("旧名称") == []


def test_the_index_follows_a_publish_and_a_withdrawal(publisher):
    project = factories.project(name="测试待发布项目", status=PublicationStatus.DRAFT)
    assert found("待发布") == [] and entry_of(project) is None
    publishing.publish(record=project, user=publisher)
    assert found("待发布") == [project]
    publishing.withdraw(record=project, user=publisher, reason="测试撤回原因")
    assert found("待发布") == [] and entry_of(project) is None


def test_the_index_follows_a_delete_and_the_bulk_writes():
    kept, gone = factories.project(name="测试保留项目"), factories.project(name="测试删除项目")
    gone.delete()
    assert found("项目") == [kept]
    Project.objects.filter(pk=kept.pk).update(name="测试批量改名")
    assert found("批量改名") == [kept]
    Project.objects.filter(pk=kept.pk).update(status=PublicationStatus.DRAFT)
    assert found("批量改名") == []
    (made,) = PolicyDocument.objects.bulk_create(
        [PolicyDocument(title="测试批量新政策", year=2093, status=PublicationStatus.PUBLISHED)]
    )
    assert found("批量新政策", "policy") == [made]
    PolicyDocument.objects.filter(pk=made.pk).delete()
    assert found("批量新政策", "policy") == []


def test_a_projects_progress_added_in_bulk_finds_the_project():
    project = factories.project(name="测试园区项目")
    factories.progress(project=project, year=2091, progress="完成土地平整")
    assert found("土地平整") == [project]
    project.progress.all().update(progress="完成桩基施工")
    assert found("桩基") == [project] and found("土地平整") == []


def test_the_index_follows_an_import_of_figures_and_names_and_not_its_preview(staff_client):
    indicator = factories.indicator(code="t_output", name="测试总产值", unit="亿元")
    factories.value(indicator=indicator, year=2095, value="86.37")
    report = factories.report(year=2095, title="2095年测试工作报告")
    factories.section(report=report, heading="经济运行", body="全年实现总产值[[t_output]]。")
    assert found("86.37亿元", "report") == [report]
    data = xlsx_bytes(
        {
            "指标数值": [["指标", "年度", "数值"], ["t_output", 2095, 91.5]],
            "指标": [
                ["指标代码", "指标名称", "计量单位", "指标分类"],
                ["t_output", "测试工业总产出", "亿元", "经济运行"],
                ["t_new_code", "测试新引进指标", "个", "经济运行"],
            ],
        }
    )
    upload = SimpleUploadedFile("全部.xlsx", data)
    preview = staff_client.post("/admin/workbook/", {"workbook": upload})
    assert "确认导入" in preview.content.decode()
    assert found("91.5亿元", "report") == [] and found("工业总产出", "indicator") == []
    pending = preview.context["pending"]
    done = staff_client.post("/admin/workbook/", {"pending": pending, "file_name": "全部.xlsx"})
    assert done.status_code == 302
    assert IndicatorValue.objects.get(indicator=indicator).value == 91.5
    assert found("91.5亿元", "report") == [report]
    assert found("86.37亿元", "report") == []
    assert found("工业总产出", "indicator") == [indicator]
    assert found("新引进", "indicator") == []  # imports never publish: a new record is a draft


def test_the_rebuild_command_rebuilds_the_index_and_says_so_in_chinese():
    project = factories.project(name="测试重建项目")
    factories.project(name="测试草稿项目", status=PublicationStatus.DRAFT)
    SearchEntry.objects.all().delete()
    assert found("重建") == []
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "投资项目:1 条" in out.getvalue() and "搜索索引已重建" in out.getvalue()
    assert found("重建") == [project]


# --- The page's cost -------------------------------------------------------------------------


def page_queries(query):
    cache.clear()  # a cold page: the page cache would otherwise answer
    with CaptureQueriesContext(connection) as queries:
        response = Client().get("/search/", {"q": query})
    assert response.status_code == 200
    return len(queries)


def zone_of(size):
    report = factories.report(title=f"测试园区工作报告{size}")
    for index in range(size):
        factories.section(report=report, body=f"测试园区第{index}段。")
        project = factories.project(name=f"测试园区项目{size}-{index}")
        factories.progress(project=project, progress="测试园区进展")
        factories.policy(title=f"测试园区政策{size}-{index}")
        factories.platform(name=f"测试园区平台{size}-{index}")
        factories.indicator(name=f"测试园区指标{size}-{index}")


def test_the_search_page_takes_the_same_few_queries_at_two_sizes(django_assert_max_num_queries):
    zone_of(2)
    small = page_queries("园区")
    zone_of(30)
    assert page_queries("园区") == small
    with django_assert_max_num_queries(10):
        Client().get("/search/", {"q": "园"})


def test_a_bulk_load_of_many_records_is_indexed_as_a_whole_kind(monkeypatch):
    monkeypatch.setattr(search_index, "MANY", 2)  # ids beyond this never go into one SQL list
    draft = factories.policy(title="测试成批草稿政策", status=PublicationStatus.DRAFT)
    made = PolicyDocument.objects.bulk_create(
        [
            PolicyDocument(title=f"测试成批政策{n}", year=2093, status=PublicationStatus.PUBLISHED)
            for n in range(3)
        ]
    )
    assert sorted(p.pk for p in found("成批", "policy")) == sorted(p.pk for p in made)
    assert entry_of(draft) is None


def test_make_run_builds_the_index_of_a_database_that_has_data_but_none():
    indicator = factories.indicator(name="测试升级前指标")
    SearchEntry.objects.all().delete()  # a database from before the search index
    out = StringIO()
    call_command("bootstrap", stdout=out)
    assert "搜索索引已重建" in out.getvalue()
    assert found("升级前", "indicator") == [indicator]
