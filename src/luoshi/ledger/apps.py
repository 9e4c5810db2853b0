from django.apps import AppConfig


class LedgerConfig(AppConfig):
    verbose_name = "任务台账"
    name = "luoshi.ledger"
    label = "ledger"
