from django.apps import AppConfig


class CoreConfig(AppConfig):
    verbose_name = "系统"
    name = "luoshi.core"
    label = "core"
