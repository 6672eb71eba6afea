"""The public home page shows the zone profile and only published records."""

import pytest

from hightech_zone.models import Designation, PublicationStatus

pytestmark = pytest.mark.django_db


def test_home_shows_the_zone_profile_and_its_designations(client):
    response = client.get("/")
    assert response.status_code == 200
    text = response.text
    assert text.count("<h1") == 1
    assert "锦州高新技术产业开发区" in text
    assert "220" in text
    assert "国家火炬锦州汽车零部件特色产业基地" in text


def test_home_hides_draft_designations(client):
    Designation.objects.filter(name="国家科技兴贸创新基地").update(status=PublicationStatus.DRAFT)
    assert "国家科技兴贸创新基地" not in client.get("/").text
