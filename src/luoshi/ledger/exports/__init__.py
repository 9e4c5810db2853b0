"""Exports of a ledger: the 责任分解表 (XLSX, 公文-style DOCX, CSV), a unit's own task list and the
responsibility matrix. Every format is built from one read of the ledger (`rows.load_table`), so the
number of SQL queries does not depend on how many tasks the ledger has.
"""

from .rows import LedgerTable, SectionTable, TaskLine, load_table
from .services import record_export

__all__ = ["LedgerTable", "SectionTable", "TaskLine", "load_table", "record_export"]
