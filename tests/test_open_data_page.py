"""数据开放 (/data/, /en/data/): every dataset with its fields, published counts, downloads and
API example; linked from every page's footer and from every list."""

import re

import pytest
from django.utils.html import strip_tags

from hightech_zone import open_data
from hightech_zone.models import PublicationStatus
from tests import factories
from tests.conftest import public_pages

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def section(page, key):
    """The HTML of one dataset's section."""
    found = re.search(rf'<section class="dataset" id="dataset-{key}".*?</section>', page, re.S)
    assert found, key
    return found.group(0)


def records(page, key):
    found = re.search(r'class="dataset-records">(\d+)', section(page, key))
    return int(found.group(1))


def test_the_page_lists_every_dataset_with_its_fields_downloads_and_api_example(client):
    factories.zone()
    page = html(client, "/data/")
    for dataset in open_data.DATASETS:
        part = section(page, dataset.key)
        api = (
            "http://testserver"
            + {
                "zone": "/api/v1/zone/",
                "indicators": "/api/v1/indicators/",
                "observations": "/api/v1/observations/",
                "projects": "/api/v1/projects/",
                "policies": "/api/v1/policies/",
                "platforms": "/api/v1/platforms/",
                "reports": "/api/v1/reports/",
            }[dataset.key]
        )
        files = [f'href="{api}?format=csv"' in part, f'href="{api}?format=xlsx"' in part]
        assert files == [dataset.key != "zone"] * 2  # the zone is one record, JSON only
        assert f'href="{api}"' in part
        assert f"curl -s '{api}'" in part
        assert str(dataset.description) in part
        for _, fields in dataset.fields():
            for field in fields:
                assert f"<code>{field.name}</code>" in part
                assert f">{field.chinese_name}</th>" in part
    assert 'href="/api/docs/"' in page and 'href="/data.jsonld"' in page
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page


def test_a_field_shows_its_chinese_name_machine_name_and_meaning(client):
    part = section(html(client, "/data/"), "zone")
    row = re.search(r"<tr><th scope=\"row\">管理机构</th>.*?</tr>", part, re.S).group(0)
    assert "<code>management_body</code>" in row
    assert "如 某某高新技术产业开发区管理委员会。" in row


def test_counts_and_last_update_exclude_drafts(client):
    factories.policy()
    factories.policy()
    factories.policy(status=DRAFT)
    factories.platform(status=DRAFT)
    value = factories.value()
    factories.value(indicator=value.indicator, year=2091, status=DRAFT)
    page = html(client, "/data/")
    assert records(page, "policies") == 2
    assert records(page, "platforms") == 0
    assert records(page, "observations") == 1
    assert records(page, "indicators") == 1
    # Nothing published: no date, a dash.
    assert re.search(r'class="dataset-modified">—', section(page, "platforms"))
    assert "<time datetime=" in section(page, "policies")


def test_a_publication_shows_on_the_cached_page_at_once(client):
    draft = factories.platform(status=DRAFT)
    assert records(html(client, "/data/"), "platforms") == 0
    draft.status = PublicationStatus.PUBLISHED
    draft.save()
    assert records(html(client, "/data/"), "platforms") == 1


def test_the_english_page_is_in_english(client):
    page = html(client, "/en/data/")
    text = " ".join(strip_tags(page).split())
    assert '<html lang="en">' in page
    assert "<h1>Open data</h1>" in page
    for dataset in open_data.DATASETS:
        assert "<h2" in section(page, dataset.key)
    assert "Published records" in text and "Last updated" in text and "Field reference" in text
    for chinese in ("数据开放", "已发布记录", "最后更新", "更新频率", "字段说明", "接口示例"):
        assert chinese not in text
    assert 'href="/en/data/"' in page  # the footer's link stays in English


def test_every_public_page_links_to_open_data_in_its_footer(client, site_records):
    for url in [*public_pages(), "/en/", "/en/projects/", "/no-such-page/"]:
        response = client.get(url)
        footer = re.search(
            r"<footer class=\"site-footer\">.*?</footer>", response.content.decode(), re.S
        ).group(0)
        target = "/en/data/" if url.startswith("/en/") else "/data/"
        assert f'href="{target}"' in footer, url


@pytest.mark.parametrize(
    "url", ["/indicators/", "/projects/", "/policies/", "/platforms/", "/en/policies/"]
)
def test_every_list_links_to_open_data_even_when_empty(client, url):
    main = re.search(r"<main.*?</main>", html(client, url), re.S).group(0)
    target = "/en/data/" if url.startswith("/en/") else "/data/"
    assert f'href="{target}"' in main


def test_the_cached_page_shows_the_addresses_of_the_host_asked(client, settings):
    settings.ALLOWED_HOSTS = ["a.example.gov.cn", "b.example.gov.cn"]
    first = client.get("/data/", headers={"Host": "a.example.gov.cn"}).content.decode()
    second = client.get("/data/", headers={"Host": "b.example.gov.cn"}).content.decode()
    assert "curl -s 'http://a.example.gov.cn/api/v1/zone/'" in first
    assert "curl -s 'http://b.example.gov.cn/api/v1/zone/'" in second
    assert "a.example.gov.cn" not in second


def test_every_download_the_page_offers_answers_with_its_file(client):
    factories.whole_zone()
    page = html(client, "/data/")
    links = re.findall(r'href="http://testserver(/api/v1/[^"]*)"', page)
    assert len(links) == 1 + 3 * (len(open_data.DATASETS) - 1)
    for link in links:
        response = client.get(link.replace("&amp;", "&"))
        assert response.status_code == 200, link
        wanted = {"csv": "text/csv", "xlsx": "spreadsheetml"}.get(link.rsplit("=", 1)[-1])
        assert wanted is None or wanted in response["Content-Type"], link
