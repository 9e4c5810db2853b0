from django.apps import AppConfig


class ApiConfig(AppConfig):
    verbose_name = "接口"
    name = "luoshi.api"
    label = "api"
