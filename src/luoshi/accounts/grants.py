"""Granting and revoking roles: the security administrator's work, each change one audited transaction.

Rules kept here and nowhere else:
- a grant names what its role needs (an office role a jurisdiction, a unit role a unit, a leader a
  leader; the system and audit administrators nothing);
- 三员分立: an account with one administrator role holds no other grant, administrator or business;
- in the web, a security administrator grants within the jurisdictions granted to them, never to
  themselves, and never the system or audit administrator roles (those come from the console,
  `luoshi createadmin --role`, like the first administrator);
- every refusal for want of permission is itself audited (outcome "denied").
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from luoshi.audit.services import record

from .models import RoleGrant
from .roles import ADMIN_ROLES, Capability, UserRole, can, forget

CONSOLE_ONLY_ROLES = frozenset({UserRole.SYSTEM_ADMIN, UserRole.AUDIT_ADMIN})


class GrantError(Exception):
    """A refused grant or revocation; the message is Chinese, nothing was changed."""


def grant_role(actor, user, role: str, *, jurisdiction=None, unit=None, leader=None, console: bool = False) -> RoleGrant:
    """Give `user` the role over its scope. `console=True` is the CLI (no actor to check)."""
    try:
        choice = UserRole(role)
    except ValueError:
        raise GrantError(f"未知角色“{role}”") from None
    scope = _scope_of(choice, jurisdiction, unit, leader)
    if not console:  # before the transaction: a refusal's own audit row must outlive the rollback
        _check_actor(actor, user, choice, _jurisdiction_of(**scope), action="account.role_grant")
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # serialise grants per user
        held = list(RoleGrant.objects.filter(user=user).select_related("jurisdiction", "unit", "leader"))
        _check_exclusion(user, choice, held)
        grant = RoleGrant(user=user, role=choice.value, granted_by=actor if getattr(actor, "is_authenticated", False) else None,
                          **scope)
        if any(_same(g, grant) for g in held):
            raise GrantError(f"{user.get_username()} 已有“{choice.label}（{grant.scope_name}）”角色，未做任何修改")
        grant.save()
        record(actor, "account.role_grant", user, after=_describe(grant),
               message=f"授予 {user.get_username()}“{choice.label}”角色（{grant.scope_name}）")
    forget(user)
    return grant


def revoke_role(actor, grant: RoleGrant, *, console: bool = False) -> None:
    user = grant.user
    choice = grant.role_choice
    if not console:
        _check_actor(actor, user, choice, _jurisdiction_of(grant.jurisdiction, grant.unit, grant.leader), action="account.role_revoke")
    with transaction.atomic():
        before = _describe(grant)
        deleted, _ = RoleGrant.objects.filter(pk=grant.pk).delete()
        if not deleted:
            raise GrantError("该角色授权已被撤销，未做任何修改")
        record(actor, "account.role_revoke", user, before=before,
               message=f"撤销 {user.get_username()} 的“{choice.label}”角色（{before['scope']}）")
    forget(user)


def _scope_of(choice: UserRole, jurisdiction, unit, leader) -> dict:
    kind = choice.scope_kind
    given = {"jurisdiction": jurisdiction, "unit": unit, "leader": leader}
    if kind and given[kind] is None:
        names = {"jurisdiction": "辖区", "unit": "单位", "leader": "领导"}
        raise GrantError(f"“{choice.label}”角色须指定{names[kind]}")
    if unit is not None and getattr(unit, "merged_into_id", None):
        raise GrantError(f"单位“{unit.name}”已合并到其他单位，请授权给合并后的单位")
    return {name: (value if name == kind else None) for name, value in given.items()}


def _jurisdiction_of(jurisdiction=None, unit=None, leader=None):
    """Where a grant's scope lies: its jurisdiction, or that of its unit or leader (None for system-wide roles)."""
    if unit is not None:
        return unit.jurisdiction
    if leader is not None:
        return leader.jurisdiction
    return jurisdiction


def _check_actor(actor, user, choice: UserRole, jurisdiction, *, action: str) -> None:
    reason = None
    if not can(actor, Capability.ROLE_ASSIGN):
        reason = "只有安全管理员可以授予或撤销角色"
    elif getattr(actor, "pk", None) == user.pk:
        reason = "不能给自己授予或撤销角色"
    elif choice in CONSOLE_ONLY_ROLES:
        reason = f"“{choice.label}”角色只能在服务器上用 luoshi createadmin 命令设置"
    elif jurisdiction is None or not can(actor, Capability.ROLE_ASSIGN, jurisdiction):
        reason = "只能在您负责的辖区内授予或撤销角色"
    if reason:
        with transaction.atomic():
            record(actor, action, user, after={"role": choice.value}, message=f"拒绝：{reason}", outcome="denied")
        raise GrantError(reason)


def _check_exclusion(user, choice: UserRole, held: list[RoleGrant]) -> None:
    """三员分立: an administrator role is the account's only kind of grant."""
    name = user.get_username()
    if choice in ADMIN_ROLES:
        other = next((g for g in held if g.role != choice.value), None)
        if other is not None:
            raise GrantError(f"三员分立：{name} 已有“{other.role_choice.label}”角色，不能再兼任“{choice.label}”，请使用另一个账号")
        return
    admin = next((g for g in held if g.role in ADMIN_ROLES), None)
    if admin is not None:
        raise GrantError(f"三员分立：{name} 是{admin.role_choice.label}，不能再兼任“{choice.label}”，请使用另一个账号")


def _same(a: RoleGrant, b: RoleGrant) -> bool:
    return (a.role, a.jurisdiction_id, a.unit_id, a.leader_id) == (b.role, b.jurisdiction_id, b.unit_id, b.leader_id)


def _describe(grant: RoleGrant) -> dict:
    return {
        "user": grant.user.get_username(), "role": grant.role, "role_label": grant.role_choice.label,
        "jurisdiction_id": grant.jurisdiction_id, "unit_id": grant.unit_id, "leader_id": grant.leader_id,
        "scope": grant.scope_name,
    }
