"""`luoshi import FILE --jurisdiction 金华市 [--year 2018] [--publish]`: a notice file becomes a ledger.

The command is the office's batch door to `import_notice` and `publish_ledger`; it changes nothing
itself. A jurisdiction missing from the database is created from the shipped profile of the same
name (`src/luoshi/notice/profiles/*.json`), so a fresh installation can import its first notice.
Exit 0 on success (also when the file was imported before), 1 with one Chinese line on stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.db import DatabaseError, transaction

from luoshi.notice.registry import PROFILE_DIR
from luoshi.units.models import Jurisdiction, JurisdictionLevel

CLI_ACTOR = "命令行"  # the audit trail's actor name for changes made with `luoshi import`


class JurisdictionUnknown(Exception):
    """No jurisdiction of that name, and no shipped profile for it; `str()` is the Chinese message."""


def shipped_profiles() -> dict[str, dict]:
    """The profiles shipped with the parser, by jurisdiction name."""
    profiles: dict[str, dict] = {}
    for path in sorted(PROFILE_DIR.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("name"):
            profiles[str(data["name"])] = data
    return profiles


def jurisdiction_for_import(name: str, actor=CLI_ACTOR) -> tuple[Jurisdiction, bool]:
    """The jurisdiction called `name`, created from its shipped profile on first use.

    Returns (jurisdiction, created). Raises JurisdictionUnknown naming the known jurisdictions.
    """
    name = name.strip()
    existing = Jurisdiction.objects.filter(name=name).first()
    if existing is not None:
        return existing, False
    profile = shipped_profiles().get(name)
    if profile is None:
        known = sorted(set(Jurisdiction.objects.values_list("name", flat=True)) | set(shipped_profiles()))
        listed = "、".join(known) if known else "无"
        raise JurisdictionUnknown(f"辖区“{name}”不存在，也没有随项目提供的辖区配置；已知辖区：{listed}")
    from luoshi.units.services import create_jurisdiction

    level = profile.get("level") if profile.get("level") in JurisdictionLevel.values else JurisdictionLevel.CITY
    return create_jurisdiction(actor, name, level, None, json.dumps(profile, ensure_ascii=False)), True


def run(args) -> int:
    from luoshi.ledger.services import ServiceError, import_notice, publish_ledger

    path = Path(args.path)
    try:
        data = path.read_bytes()
    except OSError as err:
        return _fail(f"无法读取文件 {args.path}：{_os_reason(err)}")
    try:
        # One action: a refused import must not leave a freshly created jurisdiction behind.
        with transaction.atomic():
            jurisdiction, created_jurisdiction = jurisdiction_for_import(args.jurisdiction)
            result = import_notice(actor=CLI_ACTOR, jurisdiction=jurisdiction, data=data, filename=path.name, year=args.year)
    except (JurisdictionUnknown, ServiceError) as err:
        return _fail(str(err))
    except DatabaseError as err:
        return _fail(f"数据库不可用或尚未初始化（请先运行 python manage.py migrate）：{_first_line(err)}")
    ledger = result.ledger
    if created_jurisdiction:
        print(f"已按随项目提供的配置新建辖区“{jurisdiction.name}”")
    print(result.message)
    print(f"台账 {ledger.id}：{ledger.title}（{jurisdiction.name} {ledger.year} 年{'，' + ledger.doc_number if ledger.doc_number else ''}）")
    if result.created:
        counts = result.counts
        print(
            f"任务 {counts.get('tasks', 0)} 项，分工 {counts.get('assignments', 0)} 条，"
            f"量化目标 {counts.get('targets', 0)} 个，新建单位 {counts.get('units_created', 0)} 个，"
            f"待处理警告 {ledger.import_warnings.filter(resolved=False).count()} 条"
        )
    if args.publish:
        if ledger.status == "published":
            print("台账已经发布")
        else:
            try:
                ledger = publish_ledger(actor=CLI_ACTOR, ledger=ledger)
            except ServiceError as err:
                return _fail(f"台账 {ledger.id} 已导入为草稿，但未能发布：{err}")
            print("台账已发布")
    elif ledger.status == "published":
        print("状态：已发布")
    else:
        print(f"状态：草稿；请在 /ledgers/{ledger.id}/review/ 核对后发布（或加 --publish 直接发布）")
    return 0


def _fail(message: str) -> int:
    print(f"luoshi: {message}", file=sys.stderr)
    return 1


def _os_reason(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "文件不存在"
    if isinstance(err, IsADirectoryError):
        return "这是一个目录，不是文件"
    if isinstance(err, PermissionError):
        return "没有读取权限"
    return err.strerror or str(err)


def _first_line(err: Exception) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0]
