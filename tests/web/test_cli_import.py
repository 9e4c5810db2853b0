"""`luoshi import`: the seed becomes a ledger from the command line; again changes nothing; bad input → exit 1."""

from pathlib import Path

import pytest

from luoshi.audit.models import AuditEvent
from luoshi.cli import main
from luoshi.ledger.models import Assignment, Ledger, LedgerStatus, SourceFile, Task
from luoshi.units.models import Jurisdiction

SEED = Path(__file__).resolve().parents[2] / "samples" / "jinhua-2018-notice.txt"

pytestmark = pytest.mark.django_db


def luoshi_import(*extra: str, path: Path | str = SEED, jurisdiction: str = "金华市") -> int:
    return main(["import", str(path), "--jurisdiction", jurisdiction, *extra])


def test_import_creates_jurisdiction_from_profile_and_a_draft_ledger(capsys):
    assert luoshi_import("--year", "2018") == 0
    out = capsys.readouterr().out
    jinhua = Jurisdiction.objects.get()
    assert jinhua.name == "金华市" and len(jinhua.profile["divisions"]) == 9 and len(jinhua.profile["zones"]) == 3
    ledger = Ledger.objects.get()
    assert ledger.status == LedgerStatus.DRAFT and ledger.year == 2018 and ledger.doc_number == "金政办发〔2018〕23号"
    assert Task.objects.filter(ledger=ledger).count() == 107
    construction = Assignment.objects.filter(task__ledger=ledger, unit__name="市建设局")
    assert construction.count() == 39 and construction.filter(role="lead").count() == 10
    assert "已按随项目提供的配置新建辖区“金华市”" in out
    assert "已导入 107 项任务" in out and f"台账 {ledger.id}：" in out and "草稿" in out
    events = AuditEvent.objects.filter(action__in=["jurisdiction.create", "ledger.import"])
    assert sorted(events.values_list("action", "actor_name")) == [("jurisdiction.create", "命令行"), ("ledger.import", "命令行")]


def test_same_file_again_changes_nothing(capsys):
    assert luoshi_import() == 0
    capsys.readouterr()
    events = AuditEvent.objects.count()
    assert luoshi_import() == 0
    out = capsys.readouterr().out
    assert "未做任何修改" in out and "新建辖区" not in out
    assert Ledger.objects.count() == 1 and SourceFile.objects.count() == 1 and Jurisdiction.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_publish_flag_publishes_and_again_says_so(capsys):
    assert luoshi_import("--publish") == 0
    assert "台账已发布" in capsys.readouterr().out
    ledger = Ledger.objects.get()
    assert ledger.status == LedgerStatus.PUBLISHED and ledger.published_at is not None
    assert AuditEvent.objects.filter(action="ledger.publish", ledger_id=ledger.id, actor_name="命令行").count() == 1
    assert luoshi_import("--publish") == 0
    assert "台账已经发布" in capsys.readouterr().out
    assert AuditEvent.objects.filter(action="ledger.publish").count() == 1


def test_existing_jurisdiction_is_used_as_it_is(jinhua, capsys):
    assert luoshi_import() == 0
    assert "新建辖区" not in capsys.readouterr().out
    assert Jurisdiction.objects.get() == jinhua and Ledger.objects.get().jurisdiction == jinhua


def test_unknown_jurisdiction_fails_with_the_known_ones(capsys):
    assert luoshi_import(jurisdiction="杭州市") == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "辖区“杭州市”不存在" in lines[0] and "已知辖区：金华市" in lines[0]
    assert captured.out == ""
    assert Jurisdiction.objects.count() == 0 and Ledger.objects.count() == 0


@pytest.mark.parametrize(
    "content, name, message",
    [
        (None, "missing.txt", "文件不存在"),
        (b"", "empty.txt", "中找到任何任务"),
        (b"\x00\x01\x02" * 500, "junk.bin", "不支持"),
    ],
)
def test_bad_file_exits_1_and_stores_nothing(tmp_path, capsys, content, name, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert luoshi_import(path=path) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("luoshi: ") and message in err
    # The jurisdiction created for this import is rolled back with it.
    assert Jurisdiction.objects.count() == 0 and Ledger.objects.count() == 0 and AuditEvent.objects.count() == 0
