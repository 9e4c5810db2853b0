"""Sign-in backend: in production (settings.LUOSHI_PRODUCTION) a Django superuser may not sign in.

Accounts are staff with roles; the first administrator comes from `luoshi createadmin`, never
`createsuperuser`. The refusal goes through the ordinary failure path (same message, counted towards
the lockout), and an existing superuser session stops being accepted as well (`get_user`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class ProductionModelBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        if getattr(settings, "LUOSHI_PRODUCTION", False) and getattr(user, "is_superuser", False):
            return False
        return super().user_can_authenticate(user)
