from django.apps import AppConfig


class AccountsConfig(AppConfig):
    verbose_name = "账号与登录"
    name = "luoshi.accounts"
    label = "accounts"

    def ready(self):
        from . import signals  # noqa: F401  (stamps every new session, whatever logged it in)
