"""A synthetic notice in the seed's layout with any number of tasks, for benchmarks."""

from __future__ import annotations

from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "samples" / "jinhua-2018-notice.txt"

_LEADERS = ["尹学群市长", "陈晓常务副市长", "张伟亚副市长", "邵国强副市长", "祝伦根副市长", "林毅副市长", "黄敏副市长", "陶叶萍副市长"]


def seed_task_blocks() -> list[str]:
    """The seed's tasks of attachment 1, each with its unit lines, number stripped."""
    lines = [l.strip() for l in SEED.read_text(encoding="utf-8").splitlines()]
    start = lines.index("附件1")
    end = lines.index("附件2")
    blocks: list[list[str]] = []
    for line in lines[start:end]:
        if line[:1].isdigit() and "." in line[:4]:
            blocks.append([line.split(".", 1)[1]])
        elif blocks and line.startswith(("牵头单位", "配合单位")):
            blocks[-1].append(line)
    return ["\n\n".join(b) for b in blocks]


def synthetic_notice(task_count: int) -> str:
    """Cover of the seed, then `task_count` tasks in eight leader groups."""
    text = SEED.read_text(encoding="utf-8")
    cover = text[: text.index("附件1")]
    tasks = seed_task_blocks()
    out = [cover, "附件1", "", "2018年政府工作报告重点工作责任分解", ""]
    per_group = max(1, task_count // len(_LEADERS))
    number = 0
    for g, leader in enumerate(_LEADERS):
        out.append(f"{'一二三四五六七八'[g]}、{leader}牵头的重点工作\n")
        count = per_group if g < len(_LEADERS) - 1 else task_count - number
        for _ in range(count):
            number += 1
            out.append(f"{number}.{tasks[number % len(tasks)]}\n")
    return "\n".join(out)
