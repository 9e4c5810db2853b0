"""Who may see which ledgers, tasks and leaders: one `visible_to(user)` per model.

- the supervision office (office roles, and the security administrator who labels tasks): every
  ledger of its jurisdictions and those below them, drafts included;
- a unit's reporter or head: published ledgers, the tasks where the unit (or a collective it belongs
  to) is lead or cooperating unit;
- a leader: published ledgers, the tasks they are in charge of;
- the public (anonymous, and public pages whoever asks): published ledgers, tasks labelled 公开;
- the system and audit administrators: no ledger data at all (三员分立).
Views, exports, the API and the CLI start from these querysets, never from `.all()`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.http import Http404

from luoshi.accounts.roles import principal, require


def task_scope(user) -> Q | None:
    """The Q selecting the tasks `user` may see, or None for none at all."""
    from .models import Assignment, LedgerStatus, SecurityLabel

    who = principal(user)
    if not getattr(user, "is_authenticated", False):
        return Q(ledger__status=LedgerStatus.PUBLISHED, security_label=SecurityLabel.PUBLIC)
    scope = None
    if who.ledger_jurisdictions:
        scope = Q(ledger__jurisdiction__in=who.ledger_jurisdictions)
    if who.assignment_unit_ids:
        own = Q(ledger__status=LedgerStatus.PUBLISHED,
                id__in=Assignment.objects.filter(unit__in=who.assignment_unit_ids).values("task"))
        scope = own if scope is None else scope | own
    if who.leader_ids:
        led = Q(ledger__status=LedgerStatus.PUBLISHED, id__in=_tasks_led_by(who.leader_ids))
        scope = led if scope is None else scope | led
    return scope


def _tasks_led_by(leader_ids):
    from .models import Task

    return Task.leaders.through.objects.filter(leader__in=leader_ids).values("task")


class LedgerQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .models import LedgerStatus, Task

        if not getattr(user, "is_authenticated", False):
            return self.filter(status=LedgerStatus.PUBLISHED)
        who = principal(user)
        scope = Q(jurisdiction__in=who.ledger_jurisdictions) if who.ledger_jurisdictions else None
        if who.unit_ids or who.leader_ids:
            own = Q(status=LedgerStatus.PUBLISHED, id__in=Task.objects.visible_to(user).values("ledger"))
            scope = own if scope is None else scope | own
        return self.none() if scope is None else self.filter(scope)


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        scope = task_scope(user)
        return self.none() if scope is None else self.filter(scope)


class LeaderQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office's leaders in full; anyone else the leaders of the tasks they see (and a leader themself)."""
        from .models import Task

        who = principal(user)
        scope = Q(id__in=Task.leaders.through.objects.filter(task__in=Task.objects.visible_to(user)).values("leader"))
        if who.ledger_jurisdictions:
            scope |= Q(jurisdiction__in=who.ledger_jurisdictions)
        if who.leader_ids:
            scope |= Q(id__in=who.leader_ids)
        return self.filter(scope)


def access_ledger(user, pk, capability: str | None = None):
    """The ledger if the user may see it; 404 alike for missing and forbidden, so existence does not leak.

    With `capability` (e.g. "ledger.edit"), a ledger the user sees but may not act on answers 403.
    """
    from .models import Ledger

    try:
        ledger = Ledger.objects.visible_to(user).get(pk=pk)
    except (Ledger.DoesNotExist, ValueError, TypeError):
        raise Http404("台账不存在或无权查看") from None
    if capability:
        require(user, capability, ledger.jurisdiction_id)
    return ledger


def access_task(user, ledger, code):
    from .models import Task

    try:
        return Task.objects.visible_to(user).select_related("section", "group", "ledger").get(ledger=ledger, code=code)
    except Task.DoesNotExist:
        raise Http404("任务不存在或无权查看") from None
