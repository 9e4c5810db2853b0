"""`luoshi parse`: the stable command our acceptance checks call."""

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import openpyxl
import pytest

from luoshi.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "samples" / "jinhua-2018-notice.txt"
SCHEMA = json.loads((ROOT / "src/luoshi/notice/schema/notice.schema.json").read_text(encoding="utf-8"))


def run(*args, stdin: bytes | None = None):
    return subprocess.run(
        [sys.executable, "-m", "luoshi.cli", *args], input=stdin, capture_output=True, timeout=60
    )


def test_json_output_is_one_object_matching_the_schema():
    result = run("parse", str(SEED), "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    assert len(data["tasks"]) == 107
    task = data["tasks"][0]
    assert task["id"] == "1-1" and task["number"] == "1" and task["leaders"] == ["尹学群"]
    assert task["targets"][0]["text"] == "地区生产总值增长7%左右"
    assert data["default_cooperating_units"][0] == "婺城区政府" and len(data["default_cooperating_units"]) == 12


def test_stdin_with_filename_hint():
    result = run("parse", "-", "--format", "json", "--filename", "seed.txt", stdin=SEED.read_bytes())
    assert result.returncode == 0
    assert len(json.loads(result.stdout)["tasks"]) == 107


def test_gbk_text_reads_the_same():
    result = run("parse", "-", "--format", "json", stdin=SEED.read_text(encoding="utf-8").encode("gb18030"))
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert len(data["tasks"]) == 107 and data["doc_number"] == "金政办发〔2018〕23号"


def test_text_summary(capsys):
    assert main(["parse", str(SEED), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "任务 107 项" in out
    assert "规则 R1（第14行）" in out
    assert "46. 聚全市之力培育发展义新欧班列" in out


def test_xlsx_output(tmp_path):
    out = tmp_path / "table.xlsx"
    assert main(["parse", str(SEED), "--format", "xlsx", "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert len(book.sheetnames) == 2
    values = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row if c]
    assert "市商务局、义乌市政府" in values


def test_xlsx_needs_output_file(capsys):
    assert main(["parse", str(SEED), "--format", "xlsx"]) == 2
    assert "-o" in capsys.readouterr().err


def test_missing_file_is_a_one_line_error():
    result = run("parse", "/nonexistent/通知.txt")
    assert result.returncode != 0
    err = result.stderr.decode().strip()
    assert err.count("\n") == 0 and "通知.txt" in err and "Traceback" not in err


def test_binary_junk_is_a_one_line_error(tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(os.urandom(4096))
    result = run("parse", str(junk))
    assert result.returncode != 0
    err = result.stderr.decode().strip()
    assert err and err.count("\n") == 0 and "Traceback" not in err


def test_empty_file_gives_an_empty_result_with_warnings(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("parse", str(empty))
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["tasks"] == [] and data["warnings"]


def test_page_without_task_list_warns(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><nav>首页</nav><p>关于开展某项活动的通知</p><p>请各单位认真落实。</p></body></html>", encoding="utf-8")
    result = run("parse", str(page))
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["tasks"] == []
    assert any(w["code"] == "no_tasks" for w in data["warnings"])


@pytest.mark.parametrize("size_mb", [50])
def test_oversized_file_is_refused(tmp_path, size_mb):
    big = tmp_path / "big.txt"
    big.write_bytes(b"1.task\n" * (size_mb * 2**20 // 7))
    result = run("parse", str(big))
    assert result.returncode != 0
    assert "MB" in result.stderr.decode() and "Traceback" not in result.stderr.decode()


def test_schema_lists_every_unit_kind():
    from luoshi.notice.units import UNIT_KINDS

    assert SCHEMA["properties"]["units"]["items"]["properties"]["kind"]["enum"] == list(UNIT_KINDS)
