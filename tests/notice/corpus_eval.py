"""Score the parser against the development corpus's hand-made gold (task recall, unit F1).

Used by tests/notice/test_corpus.py and printed by `make bench`. Tasks are matched by their number
and the first characters of their text; units are compared as (task, role, name) triples and as
(task, name) triples regardless of role.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from luoshi.notice import parse_path

import os

REPO = Path(__file__).resolve().parents[2]
# The development corpus lives in the team's shared folder beside the repository (read-only).
CORPUS = Path(os.environ.get("LUOSHI_SHARED", REPO.parent / "shared")) / "corpus"


@dataclass
class Score:
    name: str
    gold_tasks: int = 0
    found_tasks: int = 0
    unit_tp: int = 0
    unit_fp: int = 0
    unit_fn: int = 0
    role_tp: int = 0
    role_fp: int = 0
    role_fn: int = 0
    leader_ok: int = 0
    leader_total: int = 0

    @staticmethod
    def f1(tp: int, fp: int, fn: int) -> float:
        return 1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)

    @property
    def recall(self) -> float:
        return self.found_tasks / self.gold_tasks if self.gold_tasks else 1.0

    @property
    def unit_f1(self) -> float:
        return self.f1(self.unit_tp, self.unit_fp, self.unit_fn)

    @property
    def role_f1(self) -> float:
        return self.f1(self.role_tp, self.role_fp, self.role_fn)


def _norm(text: str) -> str:
    return "".join(text.split()).replace("（", "(").replace("）", ")").replace("，", ",")


def score_file(raw: Path, gold_path: Path) -> tuple[Score, list[str]]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    notice = parse_path(raw)
    score = Score(raw.stem, gold_tasks=len(gold))
    problems: list[str] = []
    for item in gold:
        start = _norm(item["text_start"])[:8]
        match = next(
            (t for t in notice.tasks if t.number == item["number"] and _norm(t.text).startswith(start)), None
        ) or next((t for t in notice.tasks if _norm(t.text).startswith(start)), None)
        if match is None:
            problems.append(f"{raw.stem} task {item['number']} not found")
            score.unit_fn += len(item["all_units"])
            score.role_fn += len(item["lead_units"]) + len(item["cooperating_units"])
            continue
        score.found_tasks += 1
        got_all = set(match.lead_units) | set(match.cooperating_units)
        want_all = set(item["all_units"])
        score.unit_tp += len(got_all & want_all)
        score.unit_fp += len(got_all - want_all)
        score.unit_fn += len(want_all - got_all)
        got_roles = {("L", u) for u in match.lead_units} | {("C", u) for u in match.cooperating_units}
        want_roles = {("L", u) for u in item["lead_units"]} | {("C", u) for u in item["cooperating_units"]}
        score.role_tp += len(got_roles & want_roles)
        score.role_fp += len(got_roles - want_roles)
        score.role_fn += len(want_roles - got_roles)
        if got_roles != want_roles:
            problems.append(f"{raw.stem} task {item['number']}: extra {sorted(got_roles - want_roles)} missing {sorted(want_roles - got_roles)}")
        score.leader_total += 1
        if [l.name for l in match.leaders] == item["leaders"]:
            score.leader_ok += 1
        else:
            problems.append(f"{raw.stem} task {item['number']}: leaders {[l.name for l in match.leaders]} != {item['leaders']}")
    return score, problems


def score_corpus() -> tuple[list[Score], list[str]]:
    scores, problems = [], []
    for gold_path in sorted((CORPUS / "gold").glob("*.json")):
        raw = CORPUS / "raw" / (gold_path.stem + ".txt")
        score, found = score_file(raw, gold_path)
        scores.append(score)
        problems.extend(found)
    return scores, problems


def totals(scores: list[Score]) -> Score:
    total = Score("total")
    for s in scores:
        for field in ("gold_tasks", "found_tasks", "unit_tp", "unit_fp", "unit_fn", "role_tp", "role_fp", "role_fn", "leader_ok", "leader_total"):
            setattr(total, field, getattr(total, field) + getattr(s, field))
    return total


if __name__ == "__main__":
    scores, problems = score_corpus()
    for s in scores + [totals(scores)]:
        print(f"{s.name:32} tasks {s.found_tasks}/{s.gold_tasks}  unit F1 {s.unit_f1:.3f}  role F1 {s.role_f1:.3f}  leaders {s.leader_ok}/{s.leader_total}")
    for p in problems:
        print("  ", p)
