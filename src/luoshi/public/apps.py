from django.apps import AppConfig


class PublicConfig(AppConfig):
    verbose_name = "公开信息"
    name = "luoshi.public"
    label = "public"
