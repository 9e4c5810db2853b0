"""What the API lets a caller do beyond seeing: one function per decision, for the role model to fill in.

Seeing is decided by `visible_to(user)` on each model, never here.
"""

from __future__ import annotations


def may_edit_ledger(user, ledger) -> bool:
    """Whether `user` may change the tasks of `ledger` through the API (PATCH)."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def roles_of(user) -> list[str]:
    """The caller's roles as shown by /api/me; empty until the role model is wired in."""
    return []
