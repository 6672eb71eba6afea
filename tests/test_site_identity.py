"""The site's identity: the inspection <meta> tags on every public page, the footer's 网站标识码,
备案号, 党政机关 mark and contact, and the formats those are checked against."""

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hightech_zone.models import ZoneProfile
from tests import factories
from tests.conftest import public_pages

pytestmark = pytest.mark.django_db

IDENTITY = {
    "site_sponsor": "测试主办单位",
    "site_code": "0000000001",
    "icp_number": "京ICP备00000001号-2",
    "police_record_number": "京公网安备 00000000000001号",
    "contact_email": "office@test.example",
    "conac_url": "https://bszs.conac.cn/sitename?method=show&id=TEST0001",
    "phone": "0000-1234567",
}
EVERY_PAGE_TAGS = {"SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "Keywords", "Description"}
RECORD_TAGS = {"ArticleTitle", "PubDate", "ContentSource"}


class MetaTags(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.tags = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name") not in (None, "viewport"):
            self.tags.setdefault(attrs["name"], []).append(attrs.get("content"))


def meta_of(response):
    assert response.status_code == 200, response
    found = MetaTags(response.content.decode()).tags
    assert all(len(values) == 1 for values in found.values()), found
    return {name: values[0] for name, values in found.items()}


def footer_of(html):
    return html.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]


@pytest.fixture
def identified(site_records):
    ZoneProfile.objects.filter(pk=site_records.zone.pk).update(**IDENTITY)
    return site_records


def record_pages():
    pages = public_pages()
    return [
        url
        for url in pages
        if re.search(r"/(reports|indicators|projects|policies|platforms)/.", url)
    ]


# --- Meta tags ------------------------------------------------------------------------------------


def test_every_public_page_carries_the_site_tags_in_both_languages(client, identified):
    pages = public_pages()
    pages += ["/en" + url for url in pages if not url.startswith("/en/")]
    for url in pages:
        tags = meta_of(client.get(url))
        assert set(tags) >= EVERY_PAGE_TAGS, url
        assert tags["SiteName"] == "测试高新技术产业开发区", url
        assert tags["SiteIDCode"] == "0000000001", url
        assert tags["SiteDomain"] == "testserver", url
        assert all(value.strip() for value in tags.values()), url


def test_record_pages_carry_their_title_publication_time_and_source(client, identified):
    for url in record_pages():
        tags = meta_of(client.get(url))
        assert set(tags) >= RECORD_TAGS, url
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", tags["PubDate"]), url
    for url in ("/", "/reports/", "/policies/", "/search/?q=测试", "/data/"):
        assert not RECORD_TAGS & set(meta_of(client.get(url))), url


def test_each_page_names_its_column_of_the_navigation(client, identified):
    columns = {
        "/": "首页",
        "/reports/": "工作报告",
        identified.report.get_absolute_url(): "工作报告",
        "/indicators/": "指标数据",
        "/projects/": "投资项目",
        identified.project.get_absolute_url(): "投资项目",
        "/policies/": "政策文件",
        identified.policy.get_absolute_url(): "政策文件",
        "/platforms/": "创新平台",
        "/search/?q=测试": "搜索",
        "/data/": "数据开放",
        "/en/policies/": "Policy documents",
    }
    found = {url: meta_of(client.get(url))["ColumnName"] for url in columns}
    assert found == columns


def test_a_policy_s_tags_give_its_title_its_issuing_body_and_beijing_time(client, identified):
    policy = identified.policy
    policy.published_at = datetime(2031, 3, 4, 23, 5, tzinfo=UTC)  # 07:05 the next day in Beijing
    policy.save()
    tags = meta_of(client.get(policy.get_absolute_url()))
    assert tags["ArticleTitle"] == policy.title
    assert tags["PubDate"] == "2031-03-05 07:05"
    assert tags["ContentSource"] == "测试管委会"
    assert policy.title in tags["Keywords"] and "政策文件" in tags["Keywords"]


def test_an_indicator_is_described_by_its_definition(client, identified):
    indicator = identified.indicator
    indicator.definition = "测试指标的统计口径。"
    indicator.save()
    assert (
        meta_of(client.get(indicator.get_absolute_url()))["Description"] == "测试指标的统计口径。"
    )


def test_a_record_without_its_own_source_names_the_management_body(client, identified):
    ZoneProfile.objects.update(management_body="测试管理委员会")
    tags = meta_of(client.get(identified.project.get_absolute_url()))
    assert tags["ContentSource"] == "测试管理委员会"
    assert tags["ArticleTitle"] == str(identified.project)


def test_a_blank_profile_field_leaves_its_tag_out_rather_than_empty(client, site_records):
    tags = meta_of(client.get("/"))
    assert "SiteIDCode" not in tags
    assert tags["SiteName"] == "测试高新技术产业开发区"
    assert 'content=""' not in client.get("/policies/").content.decode()


def test_a_changed_code_shows_at_once_on_a_cached_page(
    client, identified, django_assert_num_queries
):
    assert meta_of(client.get("/policies/"))["SiteIDCode"] == "0000000001"
    with django_assert_num_queries(0):  # the page cache answers
        client.get("/policies/")
    zone = ZoneProfile.objects.get()
    zone.site_code = "0000000002"
    zone.save()
    assert meta_of(client.get("/policies/"))["SiteIDCode"] == "0000000002"


# --- The footer -----------------------------------------------------------------------------------


def test_every_page_s_footer_names_the_site_s_identity(client, identified):
    for url in [*public_pages(), "/en/policies/"]:
        footer = footer_of(client.get(url).content.decode())
        assert "0000000001" in footer, url
        assert '<a href="https://beian.miit.gov.cn/">京ICP备00000001号-2</a>' in footer, url
        assert (
            '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=00000000000001">'
            "京公网安备 00000000000001号</a>"
        ) in footer, url
        assert (
            '<a href="https://bszs.conac.cn/sitename?method=show&amp;id=TEST0001" rel="noopener">'
        ) in footer, url
        assert '<a href="mailto:office@test.example">office@test.example</a>' in footer, url
        assert "0000-1234567" in footer and "测试主办单位" in footer, url


def test_the_footer_links_the_feeds(client, identified):
    footer = footer_of(client.get("/").content.decode())
    for feed in ("/feeds/policies/", "/feeds/reports/", "/feeds/projects/"):
        assert f'href="{feed}"' in footer
    assert 'href="/en/feeds/policies/"' in footer_of(client.get("/en/").content.decode())


def test_a_footer_without_the_new_items_shows_no_empty_labels(client, site_records):
    footer = footer_of(client.get("/").content.decode())
    for absent in ("党政机关", "conac", "mailto:", "联系我们", "beian.mps"):
        assert absent not in footer


def test_the_conac_mark_is_a_text_link_and_no_remote_image(client, identified):
    html = client.get("/").content.decode()
    assert ">党政机关</a>" in footer_of(html)
    assert not re.search(r"<img[^>]+conac", html)


# --- Formats --------------------------------------------------------------------------------------

GOOD = {
    "site_code": ["2107000001"],
    "icp_number": ["京ICP备12345678号", "粤ICP备2021012345号-1", "沪ICP备05012345号-12"],
    "police_record_number": ["京公网安备 11010502030143号", "浙公网安备33010602011771号"],
    "conac_url": ["https://bszs.conac.cn/sitename?method=show&id=1A2B3C", "http://bszs.conac.cn/x"],
}
BAD = {
    "site_code": (
        "网站标识码应为10位数字",
        ["210700000", "21070000011", "２１０７０００００１", "abcdefghij"],
    ),
    "icp_number": (
        "ICP备案号格式应为",
        ["ICP备12345678号", "京ICP证12345678号", "京ICP备12345678", "京ICP备12345678号\n"],
    ),
    "police_record_number": (
        "公安机关备案号格式应为",
        ["京公网安备 1101050203014号", "公网安备 11010502030143号", "京公安备 11010502030143号"],
    ),
    "conac_url": (
        "党政机关网站标识链接应为",
        ["https://example.com/conac", "https://bszs.conac.cn.evil.example/"],
    ),
}


@pytest.mark.parametrize(("field", "value"), [(f, v) for f, values in GOOD.items() for v in values])
def test_well_formed_identities_pass_the_form_and_the_database(field, value):
    zone = factories.zone()
    setattr(zone, field, value)
    zone.full_clean()
    zone.save()
    assert getattr(ZoneProfile.objects.get(), field) == value


@pytest.mark.parametrize(
    ("field", "message", "value"),
    [(f, message, v) for f, (message, values) in BAD.items() for v in values],
)
def test_malformed_identities_are_refused_in_chinese_by_the_form_and_the_database(
    field, message, value
):
    zone = factories.zone()
    setattr(zone, field, value)
    with pytest.raises(ValidationError) as refused:
        zone.full_clean()
    assert any(message in text for text in refused.value.message_dict[field])
    with pytest.raises(IntegrityError), transaction.atomic():
        ZoneProfile.objects.filter(pk=zone.pk).update(**{field: value})


def test_the_admin_form_refuses_a_bad_code_in_chinese_and_keeps_the_old_one(admin_client):
    zone = factories.zone(site_code="0000000001")
    form = {
        "name": zone.name,
        "short_name": zone.short_name,
        "level": zone.level,
        "site_code": "12345",
        "icp_number": "ICP备1号",
        "contact_email": "不是邮箱",
        "version": zone.version,
        "loaded_version": zone.version,
    }
    response = admin_client.post(f"/admin/hightech_zone/zoneprofile/{zone.pk}/change/", form)
    assert response.status_code == 200
    html = response.content.decode()
    assert "网站标识码应为10位数字" in html and "ICP备案号格式应为" in html
    assert ZoneProfile.objects.get().site_code == "0000000001"
