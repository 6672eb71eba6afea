"""The open-data API's Django app."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "开放数据接口"
