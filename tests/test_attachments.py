"""A public policy's attachment downloads from its page; a draft's does not, whoever guesses."""

from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile

from hightech_zone.models import PolicyDocument, PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% a policy\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def policy_with_attachment(status=PublicationStatus.PUBLISHED, name="科技创新券实施管理办法.pdf"):
    policy = factories.policy()
    PolicyDocument.objects.filter(pk=policy.pk).update(status=status, withdrawn_reason="已替代")
    policy.refresh_from_db()
    policy.attachment.save(name, ContentFile(PDF))
    return policy


def download(client, policy):
    return client.get(f"/policies/{policy.pk}/attachment/")


def test_a_published_policys_attachment_downloads_under_its_chinese_name(client):
    policy = policy_with_attachment()
    page = client.get(policy.get_absolute_url()).content.decode()
    assert f'href="/policies/{policy.pk}/attachment/"' in page
    response = download(client, policy)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('科技创新券实施管理办法.pdf')}" in disposition


def test_a_withdrawn_policys_attachment_still_downloads_as_its_page_still_shows(client):
    assert download(client, policy_with_attachment(PublicationStatus.WITHDRAWN)).status_code == 200


def test_a_drafts_attachment_is_not_found_by_its_page_nor_by_its_file_address(client):
    policy = policy_with_attachment(PublicationStatus.DRAFT)
    assert download(client, policy).status_code == 404
    assert client.get(f"/media/{policy.attachment.name}").status_code == 404
    assert client.get(f"/admin/media/{policy.attachment.name}").status_code == 302  # to login


def test_no_attachment_or_a_lost_file_is_a_404(client, media):
    plain = factories.policy()
    assert client.get(plain.get_absolute_url()).status_code == 200
    assert download(client, plain).status_code == 404
    policy = policy_with_attachment()
    (media / policy.attachment.name).unlink()
    assert download(client, policy).status_code == 404


def test_staff_who_may_see_policies_download_any_attachment_from_the_admin(client, editor):
    policy = policy_with_attachment(PublicationStatus.DRAFT)
    client.force_login(editor)
    form = client.get(f"/admin/hightech_zone/policydocument/{policy.pk}/change/")
    assert f'href="/admin/media/{quote(policy.attachment.name)}"' in form.content.decode()
    response = client.get(f"/admin/media/{policy.attachment.name}")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert client.get("/admin/media/policies/2090/nothing.pdf").status_code == 404
    client.force_login(User.objects.create_user("outsider", is_staff=True))
    assert client.get(f"/admin/media/{policy.attachment.name}").status_code == 403


def test_nginx_sends_the_file_when_its_internal_location_is_configured(client, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    policy = policy_with_attachment()
    response = download(client, policy)
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/protected-media/" + quote(policy.attachment.name)
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''" in response["Content-Disposition"]
    draft = policy_with_attachment(PublicationStatus.DRAFT)
    assert "X-Accel-Redirect" not in download(client, draft)
