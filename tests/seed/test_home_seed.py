"""The shipped data on the home page and as published records."""

import datetime

import pytest

from hightech_zone.models import PublicationStatus, zone_data_models

pytestmark = pytest.mark.django_db


def test_research_topics_are_not_among_the_latest_policies(client):
    html = client.get("/").content.decode()
    section = html[html.index("最新政策文件") :]
    assert "农业转移人口市民化" not in section[: section.index("</section>")]


def test_industrial_value_added_card_shows_its_growth(client):
    html = client.get("/").content.decode()
    card = html[html.index("规模以上工业增加值") :]
    card = card[: card.index("</li>")]
    assert "同比增长 21%" in card and "—" not in card


def test_every_published_record_carries_the_report_s_date_as_its_publication_time():
    report_day = datetime.date(2018, 4, 17)
    for model in zone_data_models():
        if not hasattr(model, "published_at"):
            continue
        for record in model.objects.filter(status=PublicationStatus.PUBLISHED):
            assert record.published_at is not None, record
            assert (
                record.published_at.astimezone(
                    datetime.timezone(datetime.timedelta(hours=8))
                ).date()
                == report_day
            )


def test_loading_the_fixtures_again_changes_no_publication_time():
    from hightech_zone import seed
    from hightech_zone.models import PolicyDocument

    before = dict(PolicyDocument.objects.values_list("title", "published_at"))
    seed.load_seed_data(force=True)
    assert dict(PolicyDocument.objects.values_list("title", "published_at")) == before
