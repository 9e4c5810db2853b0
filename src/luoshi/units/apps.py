from django.apps import AppConfig


class UnitsConfig(AppConfig):
    verbose_name = "辖区与单位"
    name = "luoshi.units"
    label = "units"
