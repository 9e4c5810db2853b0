"""Who someone is in Luoshi: roles, what each role may do, and the scope a user's grants cover.

A user holds role grants (`RoleGrant`): an office role over a jurisdiction (and the jurisdictions
below it), a unit role for one unit, a leader role for one leader, or one of the three
administrator roles (三员分立), which exclude every other grant. `principal(user)` reads the grants
once per request; `can(user, capability, jurisdiction)` answers "may this user do that there";
the `visible_to(user)` querysets read the principal's scope. Nothing else decides permissions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import models


class UserRole(models.TextChoices):
    OFFICE_REVIEWER = "office_reviewer", "督考办审核员"
    OFFICE_ADMIN = "office_admin", "督考办管理员"
    COUNTY_OFFICE = "county_office", "县级督考办"
    LEADER = "leader", "分管领导"
    UNIT_REPORTER = "unit_reporter", "单位填报员"
    UNIT_HEAD = "unit_head", "单位负责人"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"

    @property
    def colour(self) -> str:
        return ROLE_COLOURS[self.value]

    @property
    def scope_kind(self) -> str:
        """What a grant of this role names: "jurisdiction", "unit", "leader" or "" (system-wide)."""
        if self.value in OFFICE_ROLES or self.value == self.SECURITY_ADMIN:
            return "jurisdiction"
        if self.value in UNIT_ROLES:
            return "unit"
        if self.value == self.LEADER:
            return "leader"
        return ""


ROLE_COLOURS = {
    "office_reviewer": "blue", "office_admin": "blue", "county_office": "blue", "leader": "purple",
    "unit_reporter": "green", "unit_head": "green", "system_admin": "grey", "security_admin": "grey",
    "audit_admin": "grey",
}
OFFICE_ROLES = frozenset({UserRole.OFFICE_REVIEWER, UserRole.OFFICE_ADMIN, UserRole.COUNTY_OFFICE})
UNIT_ROLES = frozenset({UserRole.UNIT_REPORTER, UserRole.UNIT_HEAD})
# 三员分立: an account holding one of these holds no other grant at all.
ADMIN_ROLES = frozenset({UserRole.SYSTEM_ADMIN, UserRole.SECURITY_ADMIN, UserRole.AUDIT_ADMIN})
# Roles that must pass the second factor when the deployment sets LUOSHI_REQUIRE_TOTP.
TOTP_ROLES = OFFICE_ROLES | ADMIN_ROLES


class Capability(models.TextChoices):
    LEDGER_VIEW = "ledger.view", "查看台账"
    LEDGER_EXPORT = "ledger.export", "导出台账"
    LEDGER_IMPORT = "ledger.import", "导入通知"
    LEDGER_EDIT = "ledger.edit", "校对修改台账"
    LEDGER_PUBLISH = "ledger.publish", "发布台账"
    LEDGER_LINK = "ledger.link", "关联上级台账"
    TASK_LABEL = "task.label", "设置密级标识"
    UNIT_EDIT = "unit.edit", "维护单位库"
    JURISDICTION_EDIT = "jurisdiction.edit", "辖区配置"
    REPORT_SUBMIT = "report.submit", "填报进展"
    REPORT_SIGN_OFF = "report.sign_off", "审核签发本单位报送"
    REPORT_REVIEW = "report.review", "审核进展报送"
    ACCOUNT_MANAGE = "account.manage", "账号管理"
    ROLE_ASSIGN = "role.assign", "角色授权"
    AUDIT_READ = "audit.read", "查阅审计日志"
    AUDIT_PURGE = "audit.purge", "清理审计日志"


_READ = {Capability.LEDGER_VIEW, Capability.LEDGER_EXPORT}
_OFFICE_ADMIN = _READ | {
    Capability.LEDGER_IMPORT, Capability.LEDGER_EDIT, Capability.LEDGER_PUBLISH, Capability.LEDGER_LINK,
    Capability.TASK_LABEL, Capability.UNIT_EDIT, Capability.JURISDICTION_EDIT, Capability.REPORT_REVIEW,
}
CAPABILITIES: dict[str, frozenset[str]] = {
    UserRole.OFFICE_REVIEWER: frozenset(_READ | {Capability.LEDGER_EDIT, Capability.REPORT_REVIEW}),
    UserRole.OFFICE_ADMIN: frozenset(_OFFICE_ADMIN),
    UserRole.COUNTY_OFFICE: frozenset(_OFFICE_ADMIN),
    UserRole.LEADER: frozenset(_READ),
    UserRole.UNIT_REPORTER: frozenset(_READ | {Capability.REPORT_SUBMIT}),
    UserRole.UNIT_HEAD: frozenset(_READ | {Capability.REPORT_SUBMIT, Capability.REPORT_SIGN_OFF}),
    UserRole.SYSTEM_ADMIN: frozenset({Capability.ACCOUNT_MANAGE, Capability.JURISDICTION_EDIT}),
    UserRole.SECURITY_ADMIN: frozenset({Capability.ROLE_ASSIGN, Capability.TASK_LABEL, Capability.LEDGER_VIEW}),
    UserRole.AUDIT_ADMIN: frozenset({Capability.AUDIT_READ, Capability.AUDIT_PURGE}),
}


@dataclass
class Principal:
    """A user's grants resolved into scope: which jurisdictions, units and leaders they answer for."""

    roles: frozenset[str] = frozenset()
    # jurisdiction id → capabilities there (office and security grants cover the subtree below them)
    capabilities_in: dict[int, set[str]] = field(default_factory=dict)
    global_capabilities: set[str] = field(default_factory=set)  # system and audit administrators
    # where every ledger and task is visible, drafts included (office and security grants, with the subtree)
    ledger_jurisdictions: set[int] = field(default_factory=set)
    unit_ids: set[int] = field(default_factory=set)  # the units' own tasks, published ledgers only
    # the units plus the collectives they belong to (各县(市、区)政府 …): whose assignments are theirs too
    assignment_unit_ids: set[int] = field(default_factory=set)
    leader_ids: set[int] = field(default_factory=set)  # the leaders' tasks, published ledgers only
    member_jurisdictions: set[int] = field(default_factory=set)  # where unit and leader grants sit

    @property
    def role_label(self) -> str:
        """For audit rows: the role values, comma-joined ("" for none)."""
        return ",".join(sorted(self.roles))

    def has(self, capability: str) -> bool:
        return capability in self.global_capabilities or any(capability in caps for caps in self.capabilities_in.values())


NOBODY = Principal()


def principal(user) -> Principal:
    """The user's resolved grants, computed once and kept on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOBODY
    cached = getattr(user, "_luoshi_principal", None)
    if cached is None:
        cached = _resolve(user)
        user._luoshi_principal = cached
    return cached


def forget(user) -> None:
    """Drop the cached principal after the user's grants changed."""
    if user is not None and hasattr(user, "_luoshi_principal"):
        del user._luoshi_principal


def _resolve(user) -> Principal:
    from luoshi.units.models import Jurisdiction

    from .models import RoleGrant

    grants = list(RoleGrant.objects.filter(user=user).select_related("unit", "leader"))
    result = Principal(roles=frozenset(g.role for g in grants))
    scoped: dict[int, set[str]] = {}
    for grant in grants:
        caps = set(CAPABILITIES[grant.role])
        kind = UserRole(grant.role).scope_kind
        if kind == "jurisdiction":
            scoped.setdefault(grant.jurisdiction_id, set()).update(caps)
        elif kind == "unit":
            result.unit_ids.add(grant.unit_id)
            result.member_jurisdictions.add(grant.unit.jurisdiction_id)
            result.capabilities_in.setdefault(grant.unit.jurisdiction_id, set()).update(caps)
        elif kind == "leader":
            result.leader_ids.add(grant.leader_id)
            result.member_jurisdictions.add(grant.leader.jurisdiction_id)
            result.capabilities_in.setdefault(grant.leader.jurisdiction_id, set()).update(caps)
        else:
            result.global_capabilities.update(caps)
    if result.unit_ids:
        from luoshi.units.models import Unit

        collectives = Unit.members.through.objects.filter(to_unit__in=result.unit_ids).values_list("from_unit", flat=True)
        result.assignment_unit_ids = result.unit_ids | set(collectives)
    if scoped:
        # A city office also answers for the counties below it: walk the tree down (it is shallow).
        children = dict(Jurisdiction.objects.filter(parent__isnull=False).values_list("id", "parent_id"))
        below: dict[int, list[int]] = {}
        for child, parent in children.items():
            below.setdefault(parent, []).append(child)
        for root, caps in scoped.items():
            for jurisdiction_id in _subtree(root, below):
                result.capabilities_in.setdefault(jurisdiction_id, set()).update(caps)
                result.ledger_jurisdictions.add(jurisdiction_id)
    return result


def _subtree(root: int, below: dict[int, list[int]]) -> list[int]:
    found, pending = [], [root]
    while pending:
        current = pending.pop()
        if current in found:
            continue
        found.append(current)
        pending.extend(below.get(current, ()))
    return found


def can(user, capability: str, jurisdiction=None) -> bool:
    """May `user` do `capability` — anywhere (no jurisdiction) or in that jurisdiction (object or id)."""
    who = principal(user)
    if capability in who.global_capabilities:
        return True
    if jurisdiction is None:
        return who.has(capability)
    jurisdiction_id = getattr(jurisdiction, "pk", jurisdiction)
    return capability in who.capabilities_in.get(jurisdiction_id, ())


def jurisdictions_where(user, capability: str) -> set[int] | None:
    """Ids of the jurisdictions where `user` may do `capability`; None means everywhere (global grant)."""
    who = principal(user)
    if capability in who.global_capabilities:
        return None
    return {j for j, caps in who.capabilities_in.items() if capability in caps}


def require(user, capability: str, jurisdiction=None) -> None:
    """PermissionDenied (the Chinese 403 page) unless `can(...)`."""
    if not can(user, capability, jurisdiction):
        raise PermissionDenied(f"您没有“{Capability(capability).label}”的权限")


def role_label(user) -> str:
    """The role written into audit rows: "anonymous", or the user's role values ("none" without grants)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    return principal(user).role_label or "none"


def role_names(user) -> list[str]:
    """The user's roles in Chinese, for the page header and the API."""
    return [UserRole(value).label for value in sorted(principal(user).roles)]
