"""Rules in the cover notice that change roles, found as sentences and applied to each task.

Three kinds occur: default cooperating units (`除特别注明的外,…都是配合单位`), "the first listed unit
leads" (`列第一位的责任单位为牵头单位`) and "responsible units lead where no lead is named"
(`无牵头单位的,责任单位即为牵头单位`). Each applied rule is recorded on the task and the rule.

"Specially noted" (特别注明) is read as: the task names county-level governments or zone committees
itself (one of them, or a collective such as 各县(市、区)政府 / 所涉县(市、区)政府), as a lead or a
cooperating unit. Such a task says which localities take part, so the default does not add the rest.
"""

from __future__ import annotations

import re

from . import units
from .labels import label_view
from .model import ParsedNotice, Rule, Task

_DEFAULT_COOP = re.compile(
    r"除(?:特别|另有|单独|专门)?(?:注明|明确|说明|标注|列明)(?:的)?(?:外|以外)[,]?(?P<units>.+?)(?:都|均|皆)?(?:是|为|作为|列为)(?:各项任务的)?配合(?:责任)?单位"
)
_FIRST_LEADS = re.compile(
    r"((列|排)(在)?(第一|首)(位|个)的?(责任)?(单位)?(为|是)牵头(责任)?单位)|(排名第一的?(责任)?单位?(为|是)牵头)|"
    r"(第一(个|位)?(责任)?(单位)?(为|是)牵头(责任)?单位)"
)
_RESPONSIBLE_LEADS = re.compile(
    r"(无|没有|未明确|未列明|未标明|未注明)牵头单位的?[,]?(其)?责任单位(即|均|都)?(为|是|视为)牵头单位"
)


def find_rules(lines: list[tuple[int, str]], profile: units.JurisdictionProfile | None) -> list[Rule]:
    """Rules stated in the cover (and section preambles), in document order."""
    rules: list[Rule] = []
    for line, text in lines:
        view = label_view(text)
        for sentence_match in re.finditer(r"[^。]+。?", view):
            sentence = sentence_match.group(0)
            original = text[sentence_match.start() : sentence_match.end()]
            match = _DEFAULT_COOP.search(sentence)
            if match:
                written = units.parse_unit_sentence(original[match.start("units") : match.end("units")])
                members: list[str] = []
                for name in written:
                    expanded = units.expand_collective(name, profile) if profile else None
                    members.extend(expanded or [name])
                rules.append(
                    Rule(
                        id=f"R{len(rules) + 1}",
                        kind="default_cooperating",
                        text=original.strip(),
                        line=line,
                        units=_unique(members),
                        exception="任务自身列明了县(市、区)政府或开发区(新区、经济区)管委会(含“各县(市、区)政府”“所涉县(市、区)政府”)的，视为特别注明，不再追加默认配合单位",
                    )
                )
                continue
            if _FIRST_LEADS.search(sentence):
                rules.append(Rule(id=f"R{len(rules) + 1}", kind="first_listed_leads", text=original.strip(), line=line))
                continue
            if _RESPONSIBLE_LEADS.search(sentence):
                rules.append(Rule(id=f"R{len(rules) + 1}", kind="responsible_lead_when_no_lead", text=original.strip(), line=line))
    return rules


def apply_rules(notice: ParsedNotice, profile: units.JurisdictionProfile | None) -> None:
    """Decide each task's lead/cooperating units from 责任单位 and apply default cooperating units."""
    by_kind = {rule.kind: rule for rule in notice.rules}
    for task in notice.tasks:
        _resolve_responsible(task, by_kind)
        default = by_kind.get("default_cooperating")
        if default is not None:
            _apply_default_cooperating(task, default)


def _resolve_responsible(task: Task, rules: dict[str, Rule]) -> None:
    responsible = [u for u in task.responsible_units if u not in task.lead_units]
    if not responsible:
        return
    if task.lead_units:
        task.cooperating_units = _unique(responsible + task.cooperating_units)
        task.role_source = task.role_source or "写明了牵头单位，同列的责任单位作为配合单位"
    elif "first_listed_leads" in rules:
        rule = rules["first_listed_leads"]
        task.lead_units = responsible[:1]
        task.cooperating_units = _unique(responsible[1:] + task.cooperating_units)
        _record(task, rule)
        task.role_source = f"依通知规则（{rule.id}）：列第一位的责任单位为牵头单位"
    elif "responsible_lead_when_no_lead" in rules:
        rule = rules["responsible_lead_when_no_lead"]
        task.lead_units = responsible
        _record(task, rule)
        task.role_source = f"依通知规则（{rule.id}）：无牵头单位的，责任单位即为牵头单位"
    else:
        task.lead_units = responsible
        task.role_source = "只列了责任单位，未写明牵头单位：各责任单位共同牵头"


def _apply_default_cooperating(task: Task, rule: Rule) -> None:
    if names_localities(task):
        return
    present = set(task.lead_units) | set(task.cooperating_units)
    implied = [u for u in rule.units if u not in present]
    if implied:
        task.implied_cooperating_units = implied
        _record(task, rule)


def names_localities(task: Task) -> bool:
    """True when the task itself names county-level governments or zone committees ("specially noted")."""
    for name in task.lead_units + task.cooperating_units:
        if units.classify_unit(name) in ("county_government", "zone_committee"):
            return True
        if re.search(r"县\(市、区\)|县\(市\)|县市区|各县|所涉县|各区县|各乡镇|各街道", name):
            return True
    return False


def _record(task: Task, rule: Rule) -> None:
    if rule.id not in task.rules_applied:
        task.rules_applied.append(rule.id)
    if task.id not in rule.applied_to:
        rule.applied_to.append(task.id)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
