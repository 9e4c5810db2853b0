"""Who may see which ledgers and tasks: one `visible_to(user)` per model.

Until the role model arrives (issue 4), every signed-in staff member sees everything and anonymous
visitors see nothing. Views, exports and the CLI start from these querysets, never from `.all()`.
"""

from __future__ import annotations

from django.db import models
from django.http import Http404

from luoshi.units.scoping import is_staff_member


class LedgerQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all() if is_staff_member(user) else self.none()


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all() if is_staff_member(user) else self.none()


def access_ledger(user, pk):
    """The ledger if the user may see it; 404 alike for missing and forbidden, so existence does not leak."""
    from .models import Ledger

    try:
        return Ledger.objects.visible_to(user).get(pk=pk)
    except (Ledger.DoesNotExist, ValueError, TypeError):
        raise Http404("台账不存在或无权查看") from None


def access_task(user, ledger, code):
    from .models import Task

    try:
        return Task.objects.visible_to(user).select_related("section", "group", "ledger").get(ledger=ledger, code=code)
    except Task.DoesNotExist:
        raise Http404("任务不存在或无权查看") from None
