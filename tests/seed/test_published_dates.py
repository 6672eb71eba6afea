"""The shipped records carry the date this site published them, shown on their pages."""

import re

import pytest
from django.utils.html import strip_tags

from hightech_zone import rules
from hightech_zone.models import PublicationStatus, WorkReport, zone_data_models

pytestmark = pytest.mark.django_db


def test_every_shipped_published_record_has_a_publication_date():
    for model in filter(rules.has_state, zone_data_models()):
        published = model.objects.filter(status=PublicationStatus.PUBLISHED)
        assert not published.filter(published_at__isnull=True).exists(), model.__name__


def test_the_shipped_report_page_says_when_it_was_published(client):
    url = WorkReport.objects.get(year=2017).get_absolute_url()
    text = " ".join(strip_tags(client.get(url).content.decode()).split())
    assert re.search(r"本站发布日期 \d{4}年\d{1,2}月\d{1,2}日", text)
