"""Database triggers that make `audit_auditevent` append-only, and the purge permit that lets a purge through.

SQLite: BEFORE UPDATE and BEFORE DELETE triggers `RAISE(ABORT, …)`; the DELETE trigger stays quiet
while the one-row table `audit_purgepermit` holds a row. That table is created here with raw SQL,
not as a model, so `manage.py flush` never empties it on its own.
PostgreSQL: one plpgsql function, fired BEFORE UPDATE OR DELETE (per row) and BEFORE TRUNCATE (per
statement), raises unless the transaction has `SET LOCAL luoshi.audit_purge = 'on'`.

A permit exists only inside one transaction (`purge_permit`): opened by `services.purge_events`
and by the `flush` command (which empties every table, e.g. between live-server tests), closed
before that transaction commits.

Careful: on SQLite, a migration that alters `AuditEvent` rebuilds the table and drops its triggers;
such a migration must call `install(schema_editor)` again afterwards.
"""

from __future__ import annotations

from contextlib import contextmanager

REFUSAL = "审计日志只能追加，不能修改或删除"

_SQLITE_INSTALL = [
    "CREATE TABLE IF NOT EXISTS audit_purgepermit (id INTEGER PRIMARY KEY CHECK (id = 1))",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_delete",
    f"CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END",
    f"CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent "
    f"WHEN NOT EXISTS (SELECT 1 FROM audit_purgepermit) BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END",
]
_SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_delete",
    "DROP TABLE IF EXISTS audit_purgepermit",
]
_POSTGRES_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE') AND coalesce(current_setting('luoshi.audit_purge', true), '') = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '{REFUSAL}';
END
$$""",
    "DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON audit_auditevent",
    "CREATE TRIGGER audit_auditevent_append_only BEFORE UPDATE OR DELETE ON audit_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only()",
    "CREATE TRIGGER audit_auditevent_no_truncate BEFORE TRUNCATE ON audit_auditevent "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_auditevent_append_only()",
]
_POSTGRES_UNINSTALL = [
    "DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_auditevent_append_only()",
]


def _statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "sqlite":
        return _SQLITE_INSTALL if install else _SQLITE_UNINSTALL
    if vendor == "postgresql":
        return _POSTGRES_INSTALL if install else _POSTGRES_UNINSTALL
    raise NotImplementedError(f"审计日志的防篡改触发器不支持 {vendor} 数据库（支持 SQLite 与 PostgreSQL）")


def install(schema_editor) -> None:
    for sql in _statements(schema_editor.connection.vendor, install=True):
        schema_editor.execute(sql, params=None)


def uninstall(schema_editor) -> None:
    for sql in _statements(schema_editor.connection.vendor, install=False):
        schema_editor.execute(sql, params=None)


@contextmanager
def purge_permit(connection):
    """Let DELETE (and, on PostgreSQL, TRUNCATE) through for the rest of this block of the current transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("purge_permit must be opened inside a transaction")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT OR IGNORE INTO audit_purgepermit (id) VALUES (1)")
        else:
            cursor.execute("SET LOCAL luoshi.audit_purge = 'on'")
    try:
        yield
    finally:
        if not connection.needs_rollback:
            with connection.cursor() as cursor:
                if connection.vendor == "sqlite":
                    cursor.execute("DELETE FROM audit_purgepermit")
                else:
                    cursor.execute("SET LOCAL luoshi.audit_purge = 'off'")
