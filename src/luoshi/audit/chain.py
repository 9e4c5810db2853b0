"""The hash chain that makes the audit log tamper-evident.

Each row stores `prev_hash` (the previous row's `hash`, "" for the first row ever written) and
`hash = sha256(prev_hash + canonical JSON of the row's fields)`, hex-encoded. The canonical JSON is
`json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))`, UTF-8 encoded, of
the dict `{name: value for name in HASHED_FIELDS}` where:

- `created_at` is the UTC time in ISO 8601 with microseconds (`2026-11-26T06:05:15.123456+00:00`);
- `actor_id`, `ledger_id`, `task_id`, `unit_id` are integers or null; `ip` a string or null;
- `before` and `after` are the stored JSON values; a float with an integral value is written as an
  integer (PostgreSQL's jsonb may hand `1e20` back as `100000000000000000000`);
- every other field is the stored string.

The row id is not hashed (the database assigns it); order is the id order, and a deleted, inserted
or reordered row breaks the `prev_hash` link of the row after it. Writers serialise on the chain
(`lock`) so two transactions can never both extend the same last row.
This module is imported by migrations: change the format only together with a migration that
re-chains the table.
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import datetime, timezone
from typing import Any, Mapping

GENESIS = ""
# pg_advisory_xact_lock key for "the audit chain" (any constant; b"Luoshi" read as an integer).
ADVISORY_LOCK_KEY = 0x4C756F736869

HASHED_FIELDS = (
    "created_at",
    "actor_id",
    "actor_name",
    "actor_role",
    "ip",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "ledger_id",
    "task_id",
    "unit_id",
    "before",
    "after",
    "message",
    "outcome",
)


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(key): _json_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(item) for item in value]
    return value


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def canonical_json(fields: Mapping[str, Any]) -> str:
    """The canonical text of one row's hashed fields (see the module docstring)."""
    payload = {}
    for name in HASHED_FIELDS:
        value = fields.get(name)
        if name == "created_at":
            value = iso_utc(value)
        elif name in ("before", "after"):
            value = _json_value(value)
        elif name == "ip":
            value = str(value) if value else None
        payload[name] = value
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def compute_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical_json(fields)).encode("utf-8")).hexdigest()


def lock(connection) -> None:
    """Serialise chain writers until the current transaction ends.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: nothing to do, every transaction is
    BEGIN IMMEDIATE (settings), so the writer already holds the database's single write lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
