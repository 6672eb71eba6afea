"""/data.jsonld: the open datasets as a DCAT-AP catalogue in JSON-LD, read as RDF offline."""

import json
from datetime import UTC, datetime

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from hightech_zone import open_data
from hightech_zone.models import PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
BASE = "http://testserver"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def catalogue(client, **headers):
    response = client.get("/data.jsonld", headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == "application/ld+json"
    return response


def graph(response):
    """The document as RDF. Its @context is inline: parsing fetches nothing (a remote context
    would fail here, offline)."""
    document = json.loads(response.content)
    assert isinstance(document["@context"], dict)
    return Graph().parse(data=response.content, format="json-ld")


def dataset_node(g, key):
    [node] = g.subjects(DCT.identifier, Literal(key))
    return node


@pytest.fixture
def zone():
    return factories.zone(management_body="测试高新区管理委员会", phone="0416-1234567")


def test_the_catalogue_lists_every_dataset_with_titles_in_both_languages(client, zone):
    g = graph(catalogue(client))
    [catalog] = g.subjects(RDF.type, DCAT.Catalog)
    datasets = set(g.objects(catalog, DCAT.dataset))
    assert len(datasets) == len(open_data.DATASETS)
    for dataset in open_data.DATASETS:
        node = dataset_node(g, dataset.key)
        assert node in datasets and (node, RDF.type, DCAT.Dataset) in g
        titles = {t.language: str(t) for t in g.objects(node, DCT.title)}
        assert titles["zh"] == str(dataset.title) and titles["en"] and titles["en"] != titles["zh"]
        assert {d.language for d in g.objects(node, DCT.description)} == {"zh", "en"}
        assert (node, DCT.accrualPeriodicity, URIRef(dataset.frequency.uri)) in g
        assert set(g.objects(node, DCAT.keyword))
    [publisher] = g.objects(catalog, DCT.publisher)
    assert (publisher, FOAF.name, Literal("测试高新区管理委员会")) in g
    assert (catalog, FOAF.homepage, URIRef(f"{BASE}/data/")) in g
    assert len(set(g.objects(catalog, DCT.language))) == 2


def test_each_list_dataset_has_json_csv_and_xlsx_and_the_zone_json_only(client, zone):
    g = graph(catalogue(client))
    for key, path in (("observations", "/api/v1/observations/"), ("zone", "/api/v1/zone/")):
        node = dataset_node(g, key)
        api = URIRef(BASE + path)
        by_type = {
            str(g.value(d, DCAT.mediaType)).rsplit("media-types/", 1)[1]: d
            for d in g.objects(node, DCAT.distribution)
        }
        files = {"text/csv", XLSX} if key != "zone" else set()
        assert set(by_type) == {"application/json", *files}
        assert (by_type["application/json"], DCAT.accessURL, api) in g
        assert g.value(by_type["application/json"], DCAT.downloadURL) is None
        for media_type, parameter in (("text/csv", "csv"), (XLSX, "xlsx")):
            if key == "zone":
                continue
            download = by_type[media_type]
            assert (download, DCAT.downloadURL, URIRef(f"{api}?format={parameter}")) in g
            assert (download, DCAT.accessURL, api) in g
            file_type = str(g.value(download, DCT["format"]))
            assert file_type.endswith(f"/file-type/{parameter.upper()}")


def test_the_licence_is_the_configured_one_on_catalogue_and_datasets(client, zone, settings):
    settings.OPEN_DATA_LICENSE = "https://example.org/licence/open-2"
    g = graph(catalogue(client))
    licence = URIRef("https://example.org/licence/open-2")
    [catalog] = g.subjects(RDF.type, DCAT.Catalog)
    assert (catalog, DCT.license, licence) in g
    for dataset in open_data.DATASETS:
        assert (dataset_node(g, dataset.key), DCT.license, licence) in g


def test_the_default_licence_is_cc_by_4():
    from django.conf import settings

    assert settings.OPEN_DATA_LICENSE == "https://creativecommons.org/licenses/by/4.0/"


def test_modified_dates_follow_the_published_records_and_a_draft_changes_none(client, zone):
    policy = factories.policy()
    type(policy).objects.filter(pk=policy.pk).update(
        updated_at=datetime(2091, 3, 5, 8, 0, tzinfo=UTC)
    )

    g = graph(catalogue(client))
    changed = g.value(dataset_node(g, "policies"), DCT.modified)
    assert changed.toPython() == datetime(2091, 3, 5, 8, 0, tzinfo=UTC)
    assert g.value(dataset_node(g, "platforms"), DCT.modified) is None  # nothing published
    before = catalogue(client).content
    draft = factories.policy(status=PublicationStatus.DRAFT)
    type(draft).objects.filter(pk=draft.pk).update(
        updated_at=datetime(2091, 3, 20, 8, 0, tzinfo=UTC)  # later than the published one
    )
    assert json.loads(catalogue(client).content) == json.loads(before)


def test_etag_answers_304_until_a_write_and_sets_cache_control(client, zone):
    first = catalogue(client)
    etag = first["ETag"]
    assert first["Cache-Control"] == "public, max-age=60" and first["Last-Modified"]
    again = client.get("/data.jsonld", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again["ETag"] == etag
    factories.platform()
    changed = client.get("/data.jsonld", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_a_client_asking_for_plain_json_still_gets_json_ld(client, zone):
    response = catalogue(client, Accept="application/json")
    assert json.loads(response.content)["@type"] == "dcat:Catalog"


def test_addresses_are_absolute_on_the_host_asked(client, zone, settings):
    settings.ALLOWED_HOSTS = ["data.example.gov.cn"]
    response = client.get("/data.jsonld", headers={"Host": "data.example.gov.cn"})
    document = json.loads(response.content)
    assert document["@id"] == "http://data.example.gov.cn/data.jsonld"
    api = document["dcat:dataset"][0]["dcat:distribution"][0]["dcat:accessURL"]["@id"]
    assert api == "http://data.example.gov.cn/api/v1/zone/"


def test_every_address_the_catalogue_gives_answers(client, zone):
    g = graph(catalogue(client))
    addresses = {str(o) for p in (DCAT.accessURL, DCAT.downloadURL) for o in g.objects(None, p)}
    assert len(addresses) == 1 + 3 * (len(open_data.DATASETS) - 1)
    for address in addresses:
        assert client.get(address.removeprefix(BASE)).status_code == 200, address
