"""The audit log is append-only and hash-chained; `luoshi audit verify` names the first broken row."""

from __future__ import annotations

import hashlib
import json

import pytest
from audit_helpers import tamper, write_events
from django.db import DatabaseError, connection, transaction

from luoshi.audit import chain
from luoshi.audit.context import RequestInfo, reset_request_info, set_request_info
from luoshi.audit.models import AuditEvent
from luoshi.audit.services import record
from luoshi.audit.verify import HASH_MISMATCH, LINK_MISMATCH, verify_chain
from luoshi.cli import main

pytestmark = pytest.mark.django_db


def test_many_writes_form_one_unbroken_chain(office):
    write_events(60, actor=office, ledger_id=1, task_id=2, unit_id=3)
    rows = list(AuditEvent.objects.order_by("id"))
    assert rows[0].prev_hash == chain.GENESIS
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(rows, rows[1:]))
    assert len({row.hash for row in rows}) == 60
    result = verify_chain()
    assert result.ok and result.count == 60


def test_the_hash_is_sha256_of_prev_hash_and_the_documented_canonical_json(office):
    token = set_request_info(RequestInfo(ip="2001:DB8::0:1", role="督考办审核员"))
    try:
        first = record(office, "task.update", office, before={"b": 1.0, "a": "旧"}, after={"a": "新"}, message="改", ledger_id=7)
    finally:
        reset_request_info(token)
    stored = AuditEvent.objects.get(pk=first.pk)
    assert stored.ip == "2001:db8::1" and stored.created_at == first.created_at and stored.created_at.microsecond == first.created_at.microsecond
    payload = {
        "created_at": stored.created_at.astimezone(__import__("datetime").timezone.utc).isoformat(timespec="microseconds"),
        "actor_id": office.pk, "actor_name": "duban", "actor_role": "督考办审核员", "ip": "2001:db8::1",
        "action": "task.update", "object_type": "user", "object_id": str(office.pk), "object_repr": "duban",
        "ledger_id": 7, "task_id": None, "unit_id": None, "before": {"a": "旧", "b": 1}, "after": {"a": "新"},
        "message": "改", "outcome": "success",
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert stored.hash == hashlib.sha256(("" + text).encode("utf-8")).hexdigest()
    second = record("命令行", "export")
    assert second.prev_hash == stored.hash


def test_raw_update_is_refused_by_the_database(office):
    event = write_events(1, actor=office)[0]
    with pytest.raises(DatabaseError, match="审计日志只能追加"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET message = %s WHERE id = %s", ["改过", event.pk])
    assert AuditEvent.objects.get(pk=event.pk).message == "第0次"


def test_raw_delete_is_refused_by_the_database(office):
    event = write_events(1, actor=office)[0]
    with pytest.raises(DatabaseError, match="审计日志只能追加"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="审计日志只能追加"):
        with transaction.atomic():
            AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_orm_cannot_edit_a_row_either(office):
    event = write_events(1, actor=office)[0]
    event.message = "改过"
    with pytest.raises(DatabaseError, match="审计日志只能追加"):
        with transaction.atomic():
            event.save()


def test_an_account_with_audit_history_cannot_be_deleted(office):
    from django.db.models import ProtectedError

    write_events(1, actor=office)
    with pytest.raises(ProtectedError):
        office.delete()


def test_verify_names_a_changed_row(office, capsys):
    events = write_events(5, actor=office)
    tamper("UPDATE audit_auditevent SET message = %s WHERE id = %s", ["悄悄改过", events[2].pk])
    assert main(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert f"审计日志第 {events[2].pk} 条" in err and "task.update" in err and HASH_MISMATCH in err


def test_verify_names_the_row_after_a_deleted_middle_row(office, capsys):
    events = write_events(5, actor=office)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    assert main(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert f"审计日志第 {events[3].pk} 条" in err and LINK_MISMATCH in err


def test_verify_notices_the_oldest_rows_removed_outside_a_purge(office):
    events = write_events(4, actor=office)
    tamper("DELETE FROM audit_auditevent WHERE id <= %s", [events[1].pk])
    result = verify_chain()
    assert not result.ok and result.broken.id == events[2].pk and result.broken.reason == LINK_MISMATCH


def test_verify_notices_a_rehashed_row_at_the_next_link(office):
    events = write_events(4, actor=office)
    tamper("UPDATE audit_auditevent SET message = %s, hash = %s WHERE id = %s", ["改", "0" * 64, events[1].pk])
    assert verify_chain().broken.id == events[1].pk
    tamper("UPDATE audit_auditevent SET hash = %s WHERE id = %s",
           [chain.compute_hash(events[1].prev_hash, {**{n: getattr(events[1], n) for n in chain.HASHED_FIELDS}, "message": "改"}), events[1].pk])
    result = verify_chain()
    assert result.broken.id == events[2].pk and result.broken.reason == LINK_MISMATCH


def test_verify_of_an_intact_log_exits_0(office, capsys):
    write_events(3, actor=office)
    assert main(["audit", "verify"]) == 0
    assert capsys.readouterr().out.strip() == "审计日志完整：共 3 条"


def test_services_write_chained_rows(seed_ledger):
    """The real import path (many events in one transaction) leaves a verifiable chain."""
    assert AuditEvent.objects.count() >= 1
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain():
    """PostgreSQL only: SQLite's BEGIN IMMEDIATE already serialises every writer (and the in-memory test database is one connection)."""
    import threading
    import time

    from django.db import connections

    if connection.vendor != "postgresql":
        pytest.skip("并发写入只在 PostgreSQL 上可能分叉；SQLite 的事务为 BEGIN IMMEDIATE，天然串行")
    barrier = threading.Barrier(4)
    failures = []

    def writer(n: int) -> None:
        try:
            barrier.wait()
            for i in range(15):
                with transaction.atomic():
                    record(f"写入者{n}", "export", message=str(i))
                    time.sleep(0.002)  # keep the transaction open after reading the last hash
        except Exception as err:  # noqa: BLE001 - reported by the assertion below
            failures.append(err)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    result = verify_chain()
    assert result.ok and result.count == 60, result.describe()
    assert AuditEvent.objects.values("prev_hash").distinct().count() == 60
