"""`flush` with the audit log's purge permit: emptying the whole database empties the audit log too.

Django's own `flush` (run by `TransactionTestCase` and the live-server tests between tests) issues
`DELETE FROM` on SQLite and `TRUNCATE` on PostgreSQL, which the append-only triggers refuse. This
command runs the same flush inside one transaction that holds the purge permit, so nothing else
ever sees the permit open. It is an operator command that destroys every table; ordinary SQL and
the application still cannot delete a single audit row.
"""

from __future__ import annotations

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from luoshi.audit.triggers import purge_permit


class Command(flush.Command):
    def handle(self, **options):
        alias = options.get("database") or DEFAULT_DB_ALIAS
        connection = connections[alias]
        if connection.vendor == "sqlite" and "audit_purgepermit" not in connection.introspection.table_names():
            return super().handle(**options)  # not migrated yet: no triggers either
        with transaction.atomic(using=alias):
            with purge_permit(connection):
                return super().handle(**options)
