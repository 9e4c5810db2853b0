"""Template context shared by every page: the one top navigation and what the user may do.

Links point at "current ledger" URLs (`/tasks/`, `/matrix/` redirect to the current ledger's page),
so every page is reachable from here; `nav_active` marks the entry a page belongs to, including
the per-ledger pages under /ledgers/<id>/. Each entry shows only to those holding its capability,
and `capabilities` lets templates hide the buttons of actions the user cannot do (the views refuse
them anyway: this only spares people dead buttons).
"""

from __future__ import annotations

import re
from typing import NamedTuple


class NavEntry(NamedTuple):
    key: str
    label: str
    url: str
    capability: str


NAVIGATION = [
    NavEntry("home", "台账总览", "/", "ledger.view"),
    NavEntry("tasks", "任务清单", "/tasks/", "ledger.view"),
    NavEntry("matrix", "责任矩阵", "/matrix/", "ledger.view"),
    NavEntry("units", "单位库", "/units/", "ledger.view"),
    NavEntry("leaders", "领导", "/leaders/", "ledger.view"),
    NavEntry("import", "导入通知", "/import/", "ledger.import"),
    NavEntry("jurisdictions", "辖区配置", "/jurisdictions/", "jurisdiction.edit"),
    NavEntry("audit", "审计日志", "/audit/", "audit.read"),
    NavEntry("accounts", "账号管理", "/manage/accounts/", "account.manage"),
    NavEntry("roles", "角色授权", "/manage/roles/", "role.assign"),
]

# Pages under /ledgers/<id>/… and which entry they belong to; first match wins.
_LEDGER_PAGES = [
    (re.compile(r"^/ledgers/\d+/tasks/"), "tasks"),
    (re.compile(r"^/ledgers/\d+/matrix"), "matrix"),
    (re.compile(r"^/ledgers/\d+/(review|reimport|import)"), "import"),
    (re.compile(r"^/ledgers/\d+/"), "home"),
]


def active_entry(path: str) -> str:
    """The navigation key of the entry a path belongs to ("" when none)."""
    if path == "/":
        return "home"
    for pattern, key in _LEDGER_PAGES:
        if pattern.match(path):
            return key
    return next((entry.key for entry in reversed(NAVIGATION) if entry.url != "/" and path.startswith(entry.url)), "")


def capabilities_of(user) -> frozenset[str]:
    """Every capability the user holds anywhere (global grants and any jurisdiction's)."""
    from luoshi.accounts.roles import principal

    who = principal(user)
    held = set(who.global_capabilities)
    for caps in who.capabilities_in.values():
        held |= caps
    return frozenset(str(cap) for cap in held)


def entries_for(user) -> list[NavEntry]:
    """The navigation entries the user may open, in menu order."""
    held = capabilities_of(user)
    return [entry for entry in NAVIGATION if entry.capability in held]


def navigation(request):
    from luoshi.accounts.roles import role_names

    user = getattr(request, "user", None)
    held = capabilities_of(user)
    return {
        "navigation": [(entry.key, entry.label, entry.url) for entry in NAVIGATION if entry.capability in held],
        "nav_active": active_entry(request.path),
        "capabilities": held,
        "user_roles": role_names(user) if getattr(user, "is_authenticated", False) else [],
    }
