"""Who may see which jurisdictions and units: one `visible_to(user)` per model.

The supervision office and the security administrator see the jurisdictions they are granted and
those below them, with all their units; a unit's reporter or head sees their own unit; a leader sees
the units on the tasks they are in charge of (a unit's page lists only tasks `Task.visible_to` gives);
the system administrator sees every jurisdiction (configuration) and no unit; the audit administrator
and the public see neither.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from luoshi.accounts.roles import Capability, principal


class JurisdictionQuerySet(models.QuerySet):
    def visible_to(self, user):
        who = principal(user)
        if Capability.JURISDICTION_EDIT in who.global_capabilities:
            return self.all()
        ids = who.ledger_jurisdictions | who.member_jurisdictions
        return self.filter(id__in=ids) if ids else self.none()


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        who = principal(user)
        scope = Q(jurisdiction__in=who.ledger_jurisdictions) if who.ledger_jurisdictions else None
        for part in (Q(id__in=who.unit_ids) if who.unit_ids else None,
                     Q(id__in=_units_on_tasks_of(user)) if who.leader_ids else None):
            if part is not None:
                scope = part if scope is None else scope | part
        return self.none() if scope is None else self.filter(scope)

    def canonical(self):
        """Units that have not been merged into another."""
        return self.filter(merged_into__isnull=True)


def _units_on_tasks_of(user):
    from luoshi.ledger.models import Assignment, Task

    return Assignment.objects.filter(task__in=Task.objects.visible_to(user)).values("unit")


def linkable_unit_ids(user) -> set[int] | None:
    """The units whose pages `user` may open, for linking unit names; None means every unit they meet.

    The office sees every unit of the jurisdictions whose tasks it sees; a unit's reporter or a leader
    meets other units on their tasks whose pages they may not open: those names are shown as text.
    """
    from luoshi.units.models import Unit

    if principal(user).ledger_jurisdictions:
        return None
    return set(Unit.objects.visible_to(user).values_list("id", flat=True))
