"""`luoshi export LEDGER --format xlsx|docx|csv -o FILE` on the seed ledger."""

from __future__ import annotations

import csv
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from luoshi.audit.models import AuditEvent
from luoshi.cli import main


def export(ledger_id, fmt, output) -> int:
    return main(["export", str(ledger_id), "--format", fmt, "-o", str(output)])


def test_xlsx_written_and_recorded(seed_ledger, tmp_path, capsys):
    output = tmp_path / "分解表.xlsx"
    assert export(seed_ledger.pk, "xlsx", output) == 0
    workbook = load_workbook(output)
    assert workbook.sheetnames == ["2018年政府工作报告重点工作责任分解", "2018年十方面民生实事责任分解"]
    assert workbook.worksheets[0]["G4"].value == "地区生产总值增长7%左右"
    out = capsys.readouterr().out
    assert "107 项任务" in out and str(output) in out
    event = AuditEvent.objects.get(action="export")
    assert event.actor is None and event.actor_name == "命令行"
    assert event.ledger_id == seed_ledger.pk and event.after["format"] == "xlsx" and event.after["tasks"] == 107


def test_docx_and_csv(seed_ledger, tmp_path):
    assert export(seed_ledger.pk, "docx", tmp_path / "a.docx") == 0
    document = Document(tmp_path / "a.docx")
    assert any(p.text == "金政办发〔2018〕23号" for p in document.paragraphs)
    assert export(seed_ledger.pk, "csv", tmp_path / "a.csv") == 0
    content = (tmp_path / "a.csv").read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    assert len(list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))) == 108
    assert AuditEvent.objects.filter(action="export").count() == 2


@pytest.mark.parametrize(
    "ledger_id, message",
    [("99999", "台账 99999 不存在"), ("abc", "台账编号应为数字")],
)
def test_bad_ledger_id_is_one_chinese_line(seed_ledger, tmp_path, capsys, ledger_id, message):
    output = tmp_path / "x.xlsx"
    assert export(ledger_id, "xlsx", output) == 1
    err = capsys.readouterr().err
    assert err.startswith("luoshi: ") and message in err and err.count("\n") == 1
    assert not output.exists()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_unwritable_path(seed_ledger, tmp_path, capsys):
    assert export(seed_ledger.pk, "xlsx", tmp_path / "missing" / "x.xlsx") == 1
    err = capsys.readouterr().err
    assert "无法写入" in err and "目录不存在" in err and err.count("\n") == 1
    assert export(seed_ledger.pk, "csv", tmp_path) == 1  # a directory, not a file
    assert "这是一个目录" in capsys.readouterr().err
    assert not AuditEvent.objects.filter(action="export").exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_an_existing_file_is_replaced_whole(seed_ledger, tmp_path):
    output = tmp_path / "out.csv"
    output.write_bytes(b"old")
    assert export(seed_ledger.pk, "csv", output) == 0
    assert output.read_bytes().startswith(b"\xef\xbb\xbf")
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
