"""Test personas: users holding one role each.

Fixtures write the grant row directly (like `create_user`, without an audit row) so that tests
counting audit events see only their own; the grant service itself is tested in test_roles_*.
"""

from __future__ import annotations


def grant(user, role: str, **scope):
    """Give `user` the role over `scope` (jurisdiction=, unit= or leader=); returns the user."""
    from luoshi.accounts.models import RoleGrant
    from luoshi.accounts.roles import forget

    RoleGrant.objects.create(user=user, role=role, **scope)
    forget(user)
    return user


def make_user(username: str, role: str | None = None, password: str = "Luoshi-Test-2018!", **scope):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username, password=password, first_name=username)
    return grant(user, role, **scope) if role else user
