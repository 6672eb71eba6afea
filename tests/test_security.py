"""An attacker's view: injected markup stays inert, logins lock, headers hold, CSRF is enforced."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.urls import reverse

from hightech_zone.models import (
    Designation,
    WorkReport,
    validate_attachment,
    zone_data_models,
)
from tests import factories
from tests.conftest import public_pages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_records")]

PAYLOAD = "<script>alert('xss')</script><img src=x onerror=alert(1)>\"'"
ESCAPED_MARKERS = ["<script>alert('xss')", "<img src=x onerror"]


def text_fields(model):
    # Fields whose format the database checks (a code, an address, a record number) hold no
    # free text; their values are rendered escaped like any other.
    skip = {"code", "qualifier", "baseline_qualifier", "unit", "website"}
    skip |= {"site_code", "icp_number", "police_record_number", "contact_email", "conac_url"}
    for field in model._meta.get_fields():
        if (
            isinstance(field, models.CharField | models.TextField)
            and not field.choices
            and field.name not in skip
            and field.editable
        ):
            yield field


def poison_every_text_field():
    """Write the payload into every free-text field of every record, keeping keys unique."""
    for model in zone_data_models():
        for record in model.objects.all():
            for field in text_fields(model):
                current = getattr(record, field.name) or ""
                value = f"{PAYLOAD}{record.pk}{current}"
                setattr(
                    record, field.name, value[: field.max_length] if field.max_length else value
                )
            record.save()


def admin_pages():
    pages = []
    for model in zone_data_models():
        meta = model._meta
        record = model.objects.first()
        pages.append(reverse(f"admin:hightech_zone_{meta.model_name}_changelist"))
        pages.append(reverse(f"admin:hightech_zone_{meta.model_name}_change", args=[record.pk]))
        pages.append(reverse(f"admin:hightech_zone_{meta.model_name}_history", args=[record.pk]))
    pages.append(reverse("admin_consistency"))
    pages.append(reverse("admin_site_check"))
    report = WorkReport.objects.first()
    pages.append(reverse("admin:hightech_zone_workreport_preview", args=[report.pk]))
    return pages


def test_every_text_field_is_covered_by_the_payload():
    covered = {(m.__name__, f.name) for m in zone_data_models() for f in text_fields(m)}
    assert ("PolicyDocument", "body") in covered and ("ReportSection", "heading") in covered
    assert ("ZoneProfile", "overview") in covered and ("Project", "name") in covered
    assert len(covered) > 40


def test_injected_markup_renders_inert_on_every_public_page(client):
    poison_every_text_field()
    for url in public_pages(query="script"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for marker in ESCAPED_MARKERS:
            assert marker not in html, url
        # Search results highlight the query ("script") inside the escaped payload.
        shown = html.replace("<mark>", "").replace("</mark>", "")
        assert "&lt;script&gt;alert(" in shown, url


def test_injected_markup_renders_inert_in_downloads(client):
    poison_every_text_field()
    for url in ["/projects/", "/policies/", "/platforms/"]:
        body = client.get(url, {"_export": "csv"}).content.decode("utf-8-sig")
        assert "<script>" in body  # kept as text, as staff typed it
        assert "\n=" not in body and ",=" not in body


@pytest.mark.slow
def test_injected_markup_renders_inert_in_the_admin(staff_client):
    poison_every_text_field()
    for url in admin_pages():
        response = staff_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for marker in ESCAPED_MARKERS:
            assert marker not in html, url


def test_security_headers_on_every_response(client, site_records):
    for url in [
        "/",
        site_records.report.get_absolute_url(),
        "/indicators/?_export=csv",
        "/healthz",
        reverse("admin:login"),
    ]:
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy, url
        assert "unsafe-eval" not in policy and "script-src 'self' 'unsafe-inline'" not in policy


def test_pages_load_no_inline_script(client, site_records):
    indicator = site_records.indicator
    factories.value(indicator=indicator, year=site_records.value.year - 1, value=60)
    html = client.get(indicator.get_absolute_url()).content.decode()
    assert 'id="indicator-chart-data"' in html  # a page that charts, so it does load scripts
    openings = [tag.split(">", 1)[0] for tag in html.split("<script")[1:]]
    assert openings
    for opening in openings:
        assert "src=" in opening or 'type="application/json"' in opening


def test_csrf_is_enforced_on_admin_and_login_posts(staff_user):
    client = Client(enforce_csrf_checks=True)
    assert (
        client.post(reverse("admin:login"), {"username": "x", "password": "y"}).status_code == 403
    )
    client.force_login(staff_user)
    url = reverse("admin:hightech_zone_designation_add")
    assert client.post(url, {"name": "伪造"}).status_code == 403
    assert not Designation.objects.filter(name="伪造").exists()


@pytest.mark.slow
def test_login_locks_after_repeated_failures(staff_user):
    client = Client()
    login = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(login, {"username": "staff", "password": "wrong"})
        assert response.status_code == 200
    assert client.post(login, {"username": "staff", "password": "wrong"}).status_code == 429
    # Even the right password is refused while the lock holds.
    locked = client.post(login, {"username": "staff", "password": "不易猜到的密码-2017"})
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.slow
def test_lockout_counts_the_client_behind_a_proxy(staff_user, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    login = reverse("admin:login")
    attacker = Client(HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.post(login, {"username": "staff", "password": "wrong"})
    # Another reader behind the same proxy is not locked out by the attacker's failures.
    other = Client(HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.1")
    response = other.post(login, {"username": "staff", "password": "不易猜到的密码-2017"})
    assert response.status_code == 302


@pytest.mark.slow
def test_check_deploy_is_clean_with_production_settings():
    # The browser tests' async-unsafe switch is a test-only setting, never a deployment's.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "k8Jq2-production-like-secret-key-with-enough-entropy-9aZx7Lm3Pq",
        "DJANGO_HTTPS": "1",
        "DJANGO_ALLOWED_HOSTS": "zone.example.gov.cn",
        "DJANGO_PROXY_COUNT": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("政策.pdf", b"MZ\x90\x00 not a pdf", "附件内容与扩展名"),
        ("政策.docx", b"%PDF-1.7", "附件内容与扩展名"),
        ("说明.txt", b"\xff\xfe\x00\x00\x81\x82", "不是有效的文字文件"),
    ],
)
def test_uploads_that_are_not_what_they_claim_are_refused(name, content, message):
    with pytest.raises(ValidationError, match=message):
        validate_attachment(SimpleUploadedFile(name, content))


def test_oversized_upload_is_refused(settings):
    settings.MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError, match="不能超过"):
        validate_attachment(SimpleUploadedFile("大.pdf", b"%PDF-" + b"0" * 2048))


def test_real_files_pass_and_the_admin_refuses_a_fake(staff_client, site_records):
    validate_attachment(SimpleUploadedFile("政策.pdf", b"%PDF-1.7\n..."))
    validate_attachment(SimpleUploadedFile("说明.txt", "中文说明".encode("gb18030")))
    policy = site_records.policy
    policy.status = "draft"
    policy.save()
    url = reverse("admin:hightech_zone_policydocument_change", args=[policy.pk])
    data = {
        "title": policy.title,
        "issuing_body": policy.issuing_body,
        "kind": policy.kind,
        "category": policy.category,
        "validity": policy.validity,
        "year": policy.year,
        "status": "draft",
        "attachment": SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00"),
        "loaded_version": policy.version,
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "附件内容与扩展名" in response.content.decode()
    policy.refresh_from_db()
    assert not policy.attachment


@pytest.mark.slow
def test_the_admin_address_is_configurable():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django,os;django.setup();from django.urls import reverse;"
            "print(reverse('admin:index'))",
        ],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_ADMIN_URL": "staff-only-7f3a/",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "/staff-only-7f3a/"
