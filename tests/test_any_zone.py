"""Nothing about any one zone in the product: every page reads right for a zone built from
factories, for an empty zone, and for the made-up demo zone, which says that it is made up."""

import io
import zipfile

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from tests import factories
from tests.conftest import public_pages

pytestmark = pytest.mark.django_db

# Words that belong to the zone the project was first built for, never to the product.
ZONE_WORDS = ("锦州", "辽宁", "凌海", "松山", "辽ICP", "辽公网安备", "Jinzhou", "Liaoning")


def zone_words_in(text):
    return sorted(word for word in ZONE_WORDS if word in text)


def response_text(response):
    """What a reader gets: a page, a CSV, or the text inside an XLSX."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return "".join(book.read(name).decode(errors="replace") for name in book.namelist())
    return content.decode("utf-8-sig")


def records_of(zone):
    """whole_zone()'s records by model, the first of each kind."""
    records = {}
    for value in vars(zone).values():
        for record in value if isinstance(value, list) else [value]:
            records.setdefault(type(record), record)
    records[Group] = Group.objects.order_by("pk").first()
    return records


def admin_urls(zone, user):
    """The admin's index and own pages; for every registered model its list, add form, import
    and download pages, and one record's change form and history."""
    records = records_of(zone)
    urls = [
        reverse("admin:index"),
        reverse("admin_consistency"),
        reverse("admin_workbook"),
        reverse("admin:password_change"),
        reverse("admin:hightech_zone_workreport_preview", args=[zone.report.pk]),
    ]
    request = RequestFactory().get("/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse("admin:app_list", args=[model._meta.app_label]))
        urls.append(reverse(f"{prefix}_changelist"))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{prefix}_add"))
        for page in ("import", "deleted", "import_template", "export", "export_by_year"):
            try:
                urls.append(reverse(f"{prefix}_{page}"))
            except NoReverseMatch:
                continue
        record = records.get(model) or model.objects.order_by("pk").first()
        if record is not None:
            urls.append(reverse(f"{prefix}_change", args=[record.pk]))
            urls.append(reverse(f"{prefix}_history", args=[record.pk]))
    return sorted(set(urls))


@pytest.fixture
def other_zone(db):
    """A zone unlike the one the project was first built for, in every figure."""
    zone = factories.whole_zone()
    zone.zone.name = "测试高新技术产业开发区"
    zone.zone.management_body = "测试高新技术产业开发区管理委员会"
    zone.zone.save()
    return zone


def test_no_public_page_download_or_error_page_names_another_zone(client, other_zone):
    pages = [
        *public_pages(query="测试"),
        "/indicators/?_export=csv",
        "/indicators/?_export=xlsx",
        "/projects/?_export=csv",
        "/policies/?_export=csv",
        "/platforms/?_export=xlsx",
        "/search/?q=高新区",
        "/en/",
        "/en/indicators/",
    ]
    found = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = zone_words_in(response_text(response))
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    found["404"] = zone_words_in(response_text(missing))
    assert {url: words for url, words in found.items() if words} == {}


def test_the_report_pdf_names_no_other_zone(client, other_zone, monkeypatch):
    """The PDF's document, before WeasyPrint turns it into a PDF."""
    monkeypatch.setattr("portal.views.cached_pdf", lambda html: html.encode())
    response = client.get(f"{other_zone.report.get_absolute_url()}pdf/")
    assert response.status_code == 200
    text = response.content.decode()
    assert other_zone.report.title in text
    assert zone_words_in(text) == []


def test_no_admin_page_names_another_zone(client, other_zone):
    user = factories.superuser()
    client.force_login(user)
    found = {}
    for url in admin_urls(other_zone, user):
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = zone_words_in(response_text(response))
    assert len(found) > 60
    assert {url: words for url, words in found.items() if words} == {}
