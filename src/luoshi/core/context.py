"""Template context shared by every page: the one top navigation.

Links point at "current ledger" URLs (`/tasks/`, `/matrix/` redirect to the current ledger's page),
so every page is reachable from here; `nav_active` marks the entry a page belongs to, including
the per-ledger pages under /ledgers/<id>/.
"""

from __future__ import annotations

import re

NAVIGATION = [
    ("home", "台账总览", "/"),
    ("tasks", "任务清单", "/tasks/"),
    ("matrix", "责任矩阵", "/matrix/"),
    ("units", "单位库", "/units/"),
    ("leaders", "领导", "/leaders/"),
    ("import", "导入通知", "/import/"),
    ("jurisdictions", "辖区配置", "/jurisdictions/"),
]

# Shown only to those who may open it (staff and audit administrators, `audit.services.can_read_log`).
AUDIT_ENTRY = ("audit", "审计日志", "/audit/")

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
    return next((key for key, _, url in reversed([*NAVIGATION, AUDIT_ENTRY]) if url != "/" and path.startswith(url)), "")


def navigation(request):
    from luoshi.audit.services import can_read_log

    entries = [*NAVIGATION, AUDIT_ENTRY] if can_read_log(getattr(request, "user", None)) else NAVIGATION
    return {"navigation": entries, "nav_active": active_entry(request.path)}
