"""`luoshi export LEDGER --format xlsx|docx|csv -o FILE`: a ledger's 责任分解表 written to a file.

The file is rendered in memory and written whole, so a failed run leaves no half-written file; the
export is then recorded in the audit trail with the actor "命令行". Exit 0 on success, 1 with one
Chinese line on stderr (missing ledger, unwritable path, database not ready).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.db import DatabaseError

CLI_ACTOR = "命令行"  # the audit trail's actor name for exports made with `luoshi export`


def run(args) -> int:
    from .exports import record_export
    from .exports.documents import ledger_export
    from .models import Ledger

    raw = str(args.ledger).strip()
    if not raw.isdigit():
        return _fail(f"台账编号应为数字（台账页面地址 /ledgers/<编号>/ 中的数字），收到“{raw}”")
    try:
        ledger = Ledger.objects.select_related("jurisdiction").filter(pk=int(raw)).first()
        if ledger is None:
            return _fail(f"台账 {raw} 不存在")
        export = ledger_export(ledger, args.format)
    except DatabaseError as err:
        return _fail(f"数据库不可用或尚未初始化（请先运行 python manage.py migrate）：{str(err).splitlines()[0] if str(err) else err}")
    output = Path(args.output)
    try:
        _write_whole(output, export.content)
    except OSError as err:
        return _fail(f"无法写入 {args.output}：{_reason(err)}")
    try:
        record_export(CLI_ACTOR, ledger, args.format, filename=output.name, tasks=export.tasks)
    except DatabaseError as err:
        return _fail(f"文件已写入 {args.output}，但未能记入审计日志：{err}")
    print(f"已导出台账 {ledger.id}（{ledger.title}）的责任分解表：{export.tasks} 项任务 → {args.output}")
    return 0


def _write_whole(path: Path, content: bytes) -> None:
    """Write to a temporary file beside the target, then rename: the target is whole or untouched."""
    if path.is_dir():
        raise IsADirectoryError(21, "是一个目录")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(content)
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()


def _reason(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "目录不存在"
    if isinstance(err, PermissionError):
        return "没有写入权限"
    if isinstance(err, IsADirectoryError):
        return "这是一个目录，请给出文件名"
    return err.strerror or str(err)


def _fail(message: str) -> int:
    print(f"luoshi: {message}", file=sys.stderr)
    return 1
