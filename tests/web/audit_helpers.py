"""Shared by the test_audit_* files: writing events at a chosen time, and tampering behind the triggers' back."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

from django.db import connection
from django.utils import timezone

from luoshi.audit import triggers
from luoshi.audit.services import record


def write_events(count: int, *, actor="测试", at: datetime | None = None, **fields) -> list:
    """`count` events through the real service; `at` pins their time (for retention tests)."""
    events = []
    for n in range(count):
        if at is None:
            events.append(record(actor, "task.update", before={"text": f"旧{n}"}, after={"text": f"新{n}"}, message=f"第{n}次", **fields))
        else:
            original = timezone.now
            timezone.now = lambda: at  # record() stamps created_at with timezone.now()
            try:
                events.append(record(actor, "task.update", after={"n": n}, message=f"旧事件{n}", **fields))
            finally:
                timezone.now = original
    return events


@contextmanager
def triggers_disabled():
    """What an intruder with database access does; rolled back with the test's transaction either way."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_auditevent_no_update")
            cursor.execute("DROP TRIGGER audit_auditevent_no_delete")
        else:  # deferred foreign-key checks pending on the table would block ALTER TABLE
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                for sql in triggers._SQLITE_INSTALL:
                    cursor.execute(sql)
            else:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def tamper(sql: str, params=()) -> None:
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute(sql, params)
