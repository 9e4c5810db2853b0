"""Who may see which jurisdictions and units: one `visible_to(user)` per model.

Until the role model arrives (issue 4), every signed-in staff member of the supervision office sees
everything and anonymous visitors see nothing.
"""

from __future__ import annotations

from django.db import models


def is_staff_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


class JurisdictionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all() if is_staff_member(user) else self.none()


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all() if is_staff_member(user) else self.none()

    def canonical(self):
        """Units that have not been merged into another."""
        return self.filter(merged_into__isnull=True)
