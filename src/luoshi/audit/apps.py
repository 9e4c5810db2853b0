from django.apps import AppConfig


class AuditConfig(AppConfig):
    verbose_name = "审计日志"
    name = "luoshi.audit"
    label = "audit"
