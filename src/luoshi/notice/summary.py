"""A readable plain-text summary of a parsed notice (`luoshi parse --format text`)."""

from __future__ import annotations

from .model import ParsedNotice


def render_summary(notice: ParsedNotice) -> str:
    """Title block, rules, then each section's groups and tasks with units and targets, then warnings."""
    out: list[str] = []
    out.append(notice.title or "(未识别标题)")
    facts = [
        ("文号", notice.doc_number),
        ("发文机关", notice.issuer),
        ("成文日期", notice.date or ""),
        ("发布日期", notice.published or ""),
        ("年度", str(notice.year or "")),
    ]
    out.extend(f"{k}：{v}" for k, v in facts if v)
    if notice.addressees:
        out.append("主送：" + "、".join(notice.addressees))
    out.append(f"任务 {len(notice.tasks)} 项，单位 {len(notice.units)} 个，量化目标 {sum(len(t.targets) for t in notice.tasks)} 个，警告 {len(notice.warnings)} 条")
    for rule in notice.rules:
        out.append(f"规则 {rule.id}（第{rule.line}行）：{rule.text}")
        if rule.units:
            out.append(f"  涉及单位 {len(rule.units)} 个：" + "、".join(rule.units))
        if rule.applied_to:
            out.append(f"  适用任务 {len(rule.applied_to)} 项")
    for section in notice.sections:
        out.append("")
        out.append(f"【{section.title}】 {section.task_count} 项")
        group = None
        for task in notice.tasks:
            if task.section != section.title:
                continue
            if task.group != group:
                group = task.group
                out.append(f"  {group}")
            out.append(f"    {task.number}. {task.text}")
            if task.leaders:
                out.append("       牵头领导：" + "、".join(l.name + l.title for l in task.leaders))
            out.append("       牵头单位：" + ("、".join(task.lead_units) or "(无)"))
            if task.cooperating_units:
                out.append("       配合单位：" + "、".join(task.cooperating_units))
            if task.implied_cooperating_units:
                out.append(f"       依规则配合：{len(task.implied_cooperating_units)} 个单位")
            if task.deadline:
                out.append(f"       完成时限：{task.deadline}" + (f"（{task.deadline_date}）" if task.deadline_date else ""))
            for target in task.targets:
                out.append(f"       目标：{target.text}  [{target.indicator} {target.comparator} {target.value:g}{target.unit}]")
    if notice.warnings:
        out.append("")
        out.append("警告：")
        out.extend(f"  第{w.line}行：{w.message}" if w.line and not w.message.startswith("第") else f"  {w.message}" for w in notice.warnings)
    return "\n".join(out)
