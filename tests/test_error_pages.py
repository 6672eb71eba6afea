"""The 404 and 500 pages carry the zone's name, and the 500 page never fails for want of it."""

from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client

from hightech_zone.models import ZoneProfile
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiet_client():
    return Client(raise_request_exception=False)


@pytest.fixture
def zone():
    return factories.zone(name="测试高新技术产业开发区")


def failing_home():
    return mock.patch(
        "portal.views.HomeView.get_context_data", side_effect=RuntimeError("测试错误")
    )


def test_the_404_page_carries_the_zone_s_name(client, zone):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404 and "页面不存在" in html
    assert "测试高新技术产业开发区" in html and "高新区门户" not in html


def test_the_english_404_page_carries_the_zone_s_name_too(client, zone):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "测试高新技术产业开发区" in response.content.decode()


def test_the_500_page_carries_the_zone_s_name(quiet_client, zone):
    with failing_home():
        response = quiet_client.get("/")
    html = response.content.decode()
    assert response.status_code == 500 and "服务暂时不可用" in html
    assert "测试高新技术产业开发区" in html and "高新区门户" not in html


def test_the_500_page_falls_back_when_the_zone_s_name_cannot_be_read(quiet_client, zone):
    with (
        failing_home(),
        mock.patch.object(
            ZoneProfile.objects, "only", side_effect=DatabaseError("测试:数据库出错")
        ),
    ):
        response = quiet_client.get("/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "服务暂时不可用" in html and "高新区门户" in html


def test_the_404_page_falls_back_when_no_zone_is_set_up(client):
    assert not ZoneProfile.objects.exists()
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "高新区门户" in response.content.decode()
