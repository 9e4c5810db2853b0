"""Tables: the 责任分解表 as a real table (DOCX/XLSX/HTML) or flattened to text.

Flattened tables come as `a | b | c |` rows, or one cell per line (`序号 |`, `主要任务 |`, …). Columns
are recognised by their header words; a row with fewer cells than the header (a cell the publisher
dropped) is aligned to the columns by what each cell looks like, so a leader's name never lands
in the target column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .labels import _UNIT_TAIL, label_view
from .model import Block, Paragraph, Table
from .normalize import squeeze_han_spaces
from .units import classify_unit

# Column kinds, tried in order against the header cell (spaces between characters removed).
_COLUMN_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("number", re.compile(r"^(序号|编号|序列|项次|序)$")),
    ("lead", re.compile(r"牵头|主责|主办")),
    ("cooperating", re.compile(r"配合|协同|协办|协助|参与")),
    ("leader", re.compile(r"领导|责任人$|分管")),
    ("responsible", re.compile(r"责任单位|责任部门|责任主体|实施单位|承办单位|落实单位|单位$")),
    ("deadline", re.compile(r"时限|完成时间|时间节点|时间要求|完成期限")),
    ("category", re.compile(r"^(类别|分类|领域|板块|项目类别|任务类别|类型|方面)$")),
    ("progress", re.compile(r"推进情况|进展|完成情况|达序|说明|备注|评价|存在问题")),
    ("measures", re.compile(r"举措|措施|实施计划|工作计划|推进计划|具体内容|细化")),
    ("target", re.compile(r"目标|指标")),
    ("task", re.compile(r"任务|工作|事项|项目|内容|实事|名称")),
]


def column_kind(header: str) -> str | None:
    """What a header cell names (`牵头单位` → lead), or None."""
    text = squeeze_han_spaces(label_view(header)).replace(" ", "")
    if not text or len(text) > 16:
        return None
    for kind, pattern in _COLUMN_RULES:
        if pattern.search(text):
            return kind
    return None


def header_kinds(row: list[str]) -> list[str | None] | None:
    """Column kinds when the row is a header row: a task column and a unit column at least."""
    kinds = [column_kind(cell) for cell in row]
    kinds = _resolve_duplicate_tasks(kinds, row)
    present = set(k for k in kinds if k)
    if "task" in present and present & {"lead", "responsible", "cooperating"}:
        return kinds
    if "target" in present and present & {"lead", "responsible"} and "task" not in present:
        # A table whose only text column is called 目标任务: it is the task column.
        return ["task" if k == "target" else k for k in kinds]
    return None


def _resolve_duplicate_tasks(kinds: list[str | None], row: list[str]) -> list[str | None]:
    """With two task-like columns, the shorter header (主要任务) is the task, the other holds measures."""
    idx = [i for i, k in enumerate(kinds) if k == "task"]
    if len(idx) > 1:
        keep = min(idx, key=lambda i: len(row[i]))
        for i in idx:
            if i != keep:
                kinds[i] = "measures"
    return kinds


# --------------------------------------------------------------------------------------------
# Cell shapes, for aligning short rows
# --------------------------------------------------------------------------------------------

_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:[、,][\u4e00-\u9fff]{2,4})*$")
_TIME = re.compile(r"(年|月|季度|底前|长期|持续)")


def _is_person(cell: str) -> bool:
    return bool(_PERSON.match(cell)) and not any(_UNIT_TAIL.search(p) for p in re.split(r"[、,]", cell))


def _is_unit(name: str) -> bool:
    if re.search(r"\d|。", name) or len(name) > 30:
        return False
    return bool(_UNIT_TAIL.search(name)) or classify_unit(name) != "unknown"


def _is_units(cell: str) -> bool:
    parts = [p.strip() for p in re.split(r"[、,;]", cell) if p.strip()]
    return bool(parts) and sum(_is_unit(p) for p in parts) >= max(1, len(parts) * 0.6)


def _score(kind: str | None, cell: str) -> float:
    if not cell:
        return 0.0
    if kind == "number":
        if re.fullmatch(r"\d{1,4}", cell):
            return 3.0
        return 2.0 if re.fullmatch(r"[一二三四五六七八九十]{1,3}[、.]?", cell) else -3.0
    if kind == "leader":
        return 3.0 if _is_person(cell) else (-2.0 if len(cell) > 8 else -1.0)
    if kind in ("lead", "cooperating", "responsible"):
        if _is_person(cell) and not _is_units(cell):
            return -1.5
        return 2.5 if _is_units(cell) and "。" not in cell else -1.5
    if kind == "deadline":
        return 2.0 if _TIME.search(cell) and len(cell) < 30 else -1.0
    if kind in ("task", "target"):
        if _is_person(cell) or (_is_units(cell) and len(cell) < 12):
            return -1.5
        return 2.0 if len(cell) >= 6 else 0.5
    return 0.3


def align_cells(cells: list[str], kinds: list[str | None]) -> list[str]:
    """Spread a row's cells over the header's columns; missing columns get ''."""
    n, m = len(cells), len(kinds)
    if n >= m:
        return cells[:m]
    neg = float("-inf")
    # best[i][j]: best score placing the first i cells in the first j columns.
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[bool]] = [[False] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        best[0][j] = 0.0
    for i in range(1, n + 1):
        for j in range(i, m + 1):
            skip = best[i][j - 1]
            take = best[i - 1][j - 1] + _score(kinds[j - 1], cells[i - 1])
            if take > skip:  # on a tie the cell goes to the earlier column
                best[i][j], back[i][j] = take, True
            else:
                best[i][j], back[i][j] = skip, False
    out = [""] * m
    i, j = n, m
    while i > 0 and j > 0:
        if back[i][j]:
            out[j - 1] = cells[i - 1]
            i -= 1
        j -= 1
    return out


def _place_cells(row: list[str], kinds: list[str | None]) -> list[str]:
    """Cells by column: as they stand when that reads well, else aligned by their shapes.

    A flattened row can hold the right number of cells and still be shifted (a dropped middle
    cell, two empty cells at the end), so the aligned reading wins when it scores clearly better.
    """
    width = len(kinds)
    direct = (row + [""] * width)[:width]
    if all(_score(k, c) >= 0 for k, c in zip(kinds, direct) if c):
        return direct  # every cell fits its column: nothing to realign
    trimmed = list(row)
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    if len(trimmed) >= width:
        return direct
    aligned = align_cells(trimmed, kinds)
    score = lambda cells: sum(_score(k, c) for k, c in zip(kinds, cells))  # noqa: E731
    return aligned if score(aligned) > score(direct) + 2.0 else direct


# --------------------------------------------------------------------------------------------
# Tables flattened to text
# --------------------------------------------------------------------------------------------


def _pipe_cells(line: str) -> list[str]:
    cells = [c.strip() for c in line.split("|")]
    if line.rstrip().endswith("|"):
        cells = cells[:-1]
    return cells


def rebuild_text_tables(blocks: list[Block]) -> list[Block]:
    """Turn runs of `a | b |` lines into Tables; everything else passes through."""
    out: list[Block] = []
    run: list[Paragraph] = []

    def flush() -> None:
        if len(run) >= 2:
            out.append(_run_to_table(run))
        else:
            out.extend(run)
        run.clear()

    for block in blocks:
        if isinstance(block, Paragraph) and ("|" in block.text or _row_is_open(run)):
            if _row_is_open(run):
                # A cell broken over lines: the row goes on until a line ends with `|`.
                last = run[-1]
                run[-1] = Paragraph(text=last.text + block.text, line=last.line)
            else:
                run.append(block)
            continue
        flush()
        out.append(block)
    flush()
    return out


def _row_is_open(run: list[Paragraph]) -> bool:
    """The last row has not ended yet: the header's rows end with `|`, this one does not (yet)."""
    if len(run) < 2 or not run[0].text.rstrip().endswith("|"):
        return False
    if len(_pipe_cells(run[0].text)) <= 1:
        return False  # one cell per line: rows are rebuilt differently
    last = run[-1].text.rstrip()
    return not last.endswith("|") and len(_pipe_cells(last)) < len(_pipe_cells(run[0].text))


def _run_to_table(run: list[Paragraph]) -> Table:
    single = sum(1 for p in run if len(_pipe_cells(p.text)) <= 1 or p.text.strip() in ("|", "||"))
    if single >= len(run) * 0.7:
        return _cell_per_line_table(run)
    rows = [_pipe_cells(p.text) for p in run]
    return Table(rows=rows, line=run[0].line, row_lines=[p.line for p in run])


def _cell_per_line_table(run: list[Paragraph]) -> Table:
    """One cell per line: rows start at a number cell (序号) that follows the previous row's number."""
    cells: list[tuple[str, int]] = []
    for p in run:
        stripped = p.text.strip()
        if stripped.endswith("|"):
            stripped = stripped[:-1]
        parts = stripped.split("|")
        for part in parts:
            cells.append((part.strip(), p.line))
    rows: list[list[str]] = []
    row_lines: list[int] = []
    current: list[str] = []
    last_number: int | None = None
    for text, line in cells:
        is_number = bool(re.fullmatch(r"\d{1,4}", text))
        starts = is_number and (last_number is None or int(text) == last_number + 1)
        if starts and (current or not rows):
            if current:
                rows.append(current)
            current = [text]
            row_lines.append(line)
            last_number = int(text)
            continue
        if not current and not rows:
            row_lines.append(line)
        current.append(text)
    if current:
        rows.append(current)
    if len(row_lines) < len(rows):
        row_lines.extend([run[-1].line] * (len(rows) - len(row_lines)))
    return Table(rows=rows, line=run[0].line, row_lines=row_lines[: len(rows)])


# --------------------------------------------------------------------------------------------
# Table → task rows
# --------------------------------------------------------------------------------------------


@dataclass
class TableRow:
    """One task's cells by column kind, with the line it came from."""

    line: int
    cells: dict[str, str]
    truncated: bool = False


@dataclass
class TableReading:
    header_line: int | None = None
    before_header: list[tuple[int, list[str]]] = field(default_factory=list)
    items: list[tuple[str, int, object]] = field(default_factory=list)  # ("task", line, TableRow) / ("group", line, str)


def read_table(table: Table) -> TableReading:
    """Find the header row, then read each row as a task, a group heading or a continuation.

    The reading is kept on the table itself (the parser asks for it more than once), so it lives
    and dies with the document instead of in a module-level cache.
    """
    reading = getattr(table, "_reading", None)
    if reading is None:
        reading = _read_table(table)
        table._reading = reading  # type: ignore[attr-defined]
    return reading


def _read_table(table: Table) -> TableReading:
    reading = TableReading()
    kinds: list[str | None] | None = None
    header_first = ""
    header_index = -1
    lines = table.row_lines or [table.line] * len(table.rows)
    for index, row in enumerate(table.rows):
        line = lines[index] if index < len(lines) else table.line
        row = [c.strip() for c in row]
        if kinds is None:
            while row and not row[-1]:
                row.pop()
            found = header_kinds(row)
            if found:
                kinds = found
                header_first = row[0] if row else ""
                header_index = index
                reading.header_line = line
            else:
                reading.before_header.append((line, row))
            continue
        nonempty = [c for c in row if c]
        if not nonempty:
            continue
        if index == header_index + 1 and all(column_kind(c) for c in nonempty):
            # A two-row header (`责任单位` over `牵头单位 | 配合单位`): the lower row names the columns.
            for col, cell in enumerate(row[: len(kinds)]):
                if cell:
                    kinds[col] = column_kind(cell)
            continue
        if row[0] == header_first and header_kinds(row):  # a repeated header (page break in a Word table)
            continue
        distinct = set(nonempty)
        number_col = kinds.index("number") if "number" in kinds else None
        if len(distinct) == 1 and (len(nonempty) > 1 or number_col is None or not re.fullmatch(r"\d+", nonempty[0])):
            reading.items.append(("group", line, nonempty[0]))
            continue
        aligned = _place_cells(row, kinds)
        cells: dict[str, str] = {}
        for kind, cell in zip(kinds, aligned):
            if kind and cell:
                cells[kind] = (cells[kind] + "、" + cell) if kind in cells and kind in ("lead", "cooperating", "responsible") else cells.get(kind, cell)
        number = cells.get("number", "")
        has_roles = any(cells.get(k) for k in ("lead", "cooperating", "responsible", "leader"))
        if not has_roles and (not number or not re.fullmatch(r"\d{1,4}", number)) and len(distinct) <= 2:
            # `一 | 教育 | |`: a group row numbered with a Chinese numeral
            title = cells.get("task") or cells.get("category") or nonempty[-1]
            reading.items.append(("group", line, title))
            continue
        previous = reading.items[-1][2] if reading.items and reading.items[-1][0] == "task" else None
        if isinstance(previous, TableRow) and cells.get("task") and cells.get("task") == previous.cells.get("task") and number == previous.cells.get("number", ""):
            # The task cell was merged over several rows (one per cooperating unit or measure).
            for kind in ("lead", "cooperating", "responsible"):
                if cells.get(kind) and cells[kind] not in previous.cells.get(kind, "").split("、"):
                    previous.cells[kind] = (previous.cells[kind] + "、" + cells[kind]) if previous.cells.get(kind) else cells[kind]
            continue
        task_text = cells.get("task", "")
        if not task_text and cells.get("target"):
            cells["task"] = task_text = cells["target"]
        if not task_text:
            first = nonempty[0]
            if len(nonempty) <= 2 and not re.fullmatch(r"\d+", first):
                reading.items.append(("group", line, first))
            continue
        reading.items.append(("task", line, TableRow(line=line, cells=cells)))
    return reading
