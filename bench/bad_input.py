"""Bad input end to end (reader + parser): time and peak memory of each case, in a child process.

Bar: every case gives a clear error or an empty/capped result with a warning within 5 s and 200 MB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "notice"))

from readers_support.xlsx_builder import write_xlsx  # noqa: E402

CHILD = """
import json, sys, time
from luoshi.notice import NoticeError, parse_path
start = time.perf_counter()
try:
    notice = parse_path(sys.argv[1])
    outcome = f"{len(notice.tasks)} tasks, {len(notice.warnings)} warnings"
except NoticeError as err:
    outcome = "error: " + str(err)
elapsed = time.perf_counter() - start
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024
print(json.dumps({"outcome": outcome, "seconds": elapsed, "peak_mb": peak}, ensure_ascii=False))
"""


def task_rows(count: int):
    yield (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="inlineStr"><is><t>工作任务</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>牵头单位</t></is></c><c r="D1" t="inlineStr"><is><t>配合单位</t></is></c></row>'
    )
    for start in range(2, count + 2, 10_000):
        yield "".join(
            f'<row r="{n}"><c r="A{n}"><v>{n - 1}</v></c><c r="B{n}" t="inlineStr"><is><t>任务{n}</t></is></c>'
            f'<c r="C{n}" t="inlineStr"><is><t>市教育局</t></is></c></row>'
            for n in range(start, min(start + 10_000, count + 2))
        )


def cases(folder: Path) -> dict[str, Path]:
    out = {}
    out["empty file"] = folder / "empty.txt"
    out["empty file"].write_bytes(b"")
    out["binary junk (1 MB)"] = folder / "junk.bin"
    out["binary junk (1 MB)"].write_bytes(os.urandom(2**20))
    out["50 MB text"] = folder / "big.txt"
    with open(out["50 MB text"], "wb") as handle:
        handle.write(("1.任务。\n牵头单位:市发改委\n" * (50 * 2**20 // 40)).encode())
    bomb = folder / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (400 * 2**20) + b"</w:document>")
    out["DOCX zip bomb (400 MB inflated)"] = bomb
    out["XLSX with a million task rows"] = write_xlsx(folder / "million.xlsx", task_rows(1_000_000))
    out["XLSX with 200,000 task rows"] = write_xlsx(folder / "many.xlsx", task_rows(200_000))
    page = folder / "page.html"
    page.write_text("<html><body><nav>首页</nav>" + "<p>新闻动态</p>" * 5000 + "</body></html>", encoding="utf-8")
    out["HTML page with no task list"] = page
    seed = (ROOT / "samples" / "jinhua-2018-notice.txt").read_text(encoding="utf-8")
    out["GBK text without charset"] = folder / "gbk.txt"
    out["GBK text without charset"].write_bytes(seed.replace("\xa0", " ").encode("gbk"))
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in cases(Path(tmp)).items():
            result = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, timeout=120)
            if result.returncode != 0:
                print(f"{name:34} CRASHED: {result.stderr.strip().splitlines()[-1:]}")
                continue
            data = json.loads(result.stdout)
            print(f"{name:34} {data['seconds']:5.2f} s  peak {data['peak_mb']:6.1f} MB  {data['outcome'][:90]}")


if __name__ == "__main__":
    main()
