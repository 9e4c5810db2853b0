"""What the API lets a caller do beyond seeing, decided by the role model (`accounts.roles`).

Seeing is decided by `visible_to(user)` on each model, never here.
"""

from __future__ import annotations

from luoshi.accounts.roles import Capability, can, principal


def may_edit_ledger(user, ledger) -> bool:
    """Whether `user` may change the tasks of `ledger` through the API (PATCH): ledger.edit in its jurisdiction."""
    return can(user, Capability.LEDGER_EDIT, ledger.jurisdiction_id)


def roles_of(user) -> list[str]:
    """The caller's role values (e.g. "unit_reporter"), sorted, as shown by /api/me."""
    return sorted(principal(user).roles)
