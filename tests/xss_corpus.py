"""Hostile strings, and one ledger that carries them in every field a page or an export shows.

Shared by the browser test (tests/browser/test_xss.py: the pages must show the markup as text and
run none of it) and the export test (tests/web/test_export_injection.py: no cell may start a
formula). A script that runs sets `window.__xss`; the short forms fit the short columns
(a leader's name holds 20 characters).

`plant_payloads` writes through the services where one exists (import, task and target
corrections, unit create/rename, warning resolution), so the audit log and the task history carry
the payloads too; the few fields no service edits yet (ledger, section and group titles, leaders,
an alias with its evidence) are set directly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=1">'
JS_LINK = '<a href="javascript:window.__xss=1">点我</a>'
SVG = '<svg onload="window.__xss=1"><script>window.__xss=1</script></svg>'
BREAK_DOUBLE = '"><script>window.__xss=1</script>'
BREAK_SINGLE = "'><img src=x onerror=window.__xss=1>"
IFRAME = '<iframe src="javascript:window.__xss=1">'
MARKUP = [SCRIPT, IMG, JS_LINK, SVG, BREAK_DOUBLE, BREAK_SINGLE, IFRAME]

# Unit names lose their spaces (clean_unit_name), so these need none; SHORT fits a leader's 20 characters.
IMG_NO_SPACE = "<img/src=x/onerror=window.__xss=1>"
SHORT = "<svg/onload=__xss=1>"
SHORT_IMG = "<img src=x onerror=__xss=1>"

HYPERLINK = '=HYPERLINK("http://evil","x")'
DDE = "+cmd|' /C calc'!A0"
AT_SUM = "@SUM(1)"
MINUS = "-1+1"
FORMULAS = [HYPERLINK, DDE, AT_SUM, MINUS, "\t=1+1", "\r=1+1"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

PAYLOADS = MARKUP + FORMULAS

NOTICE = f"""{{jurisdiction}}人民政府办公室关于印发{{year}}年政府工作报告重点工作责任分解的通知

  附件1

{{year}}年政府工作报告重点工作责任分解

  一、尹学群市长牵头的重点工作

  1.全面完成{{year}}年全市经济社会发展预期目标{SCRIPT}。其中,地区生产总值增长7%左右。

  牵头单位:市发改委、{BREAK_SINGLE}

  配合单位:市财政局、{SVG}

  2.推进政府治理数字化转型{BREAK_DOUBLE}。

  牵头单位:市政府办公室

  配合单位:市编办
"""


@dataclass
class Planted:
    """What `plant_payloads` made, and the values it wrote (as stored, for the checks)."""

    jurisdiction: object
    ledger: object
    other_ledger: object
    task: object  # 1-1: every markup payload in its text
    formula_task: object  # 1-2: a formula at the start of each of its cells
    unit: object  # the renamed payload unit (its old name is now an alias)
    formula_unit: object
    leader: object
    values: dict[str, str]


AUDITOR = ("shenji", "Shenji-Audit-2018!")


def make_auditor():
    """The audit administrator who reads the log (三员分立: a separate account from the office's)."""
    from personas import make_user

    return make_user(AUDITOR[0], "audit_admin", password=AUDITOR[1])


def notice_text(jurisdiction: str, year: int) -> str:
    """A two-task notice in the seed's layout whose task texts and unit names carry payloads."""
    return NOTICE.format(jurisdiction=jurisdiction, year=year)


def plant_payloads(actor) -> Planted:
    """A published ledger (and a second, draft one) with a payload in every field the pages show."""
    from luoshi.ledger.models import ImportWarning, Leader, Task
    from luoshi.ledger.services import (
        add_assignment, import_text, publish_ledger, remove_assignment, resolve_warning, update_target, update_task,
    )
    from luoshi.units.models import Unit, UnitAlias
    from luoshi.units.services import create_jurisdiction, rename_unit
    from personas import grant

    name = f"{IMG}市"
    profile = {
        "name": name,
        "level": "city",
        "divisions": [{"name": f"{SCRIPT}区", "kind": "district", "government": f"{BREAK_DOUBLE}区政府"}],
        "zones": [{"name": f"{IFRAME}新区", "committee": f"{JS_LINK}管委会"}],
        "aliases": {f"{SHORT}别名": "市编办"},
    }
    # A city of its own (made from the console, as top-level jurisdictions are), which the actor's office runs too.
    jurisdiction = create_jurisdiction(None, name, "city", profile_json_text=json.dumps(profile, ensure_ascii=False))
    grant(actor, "office_admin", jurisdiction=jurisdiction)
    ledger = import_text(actor=actor, jurisdiction=jurisdiction, text=notice_text("金华市", 2018)).ledger
    other = import_text(actor=actor, jurisdiction=jurisdiction, text=notice_text("金华市", 2017)).ledger

    values = {
        "ledger_title": f"{HYPERLINK}{BREAK_DOUBLE}台账",
        "other_title": f"{BREAK_SINGLE}另一份台账",
        "doc_number": f"{IMG}〔2018〕1号",
        "section_title": f"{MINUS}{SCRIPT}附件",
        "group_title": f"{AT_SUM}{IMG}分组",
        "task_text": SCRIPT + "地区生产总值增长7%左右" + "".join(MARKUP[1:]),
        "formula_text": HYPERLINK + IMG,
        "deadline": f"{SVG}年底前",
        "formula_deadline": MINUS,
        "indicator": IFRAME,
        "leader_name": SHORT,
        "leader_title": SHORT_IMG,
        "formula_leader": AT_SUM,
        "unit_name": f"{IMG_NO_SPACE}改名后",
        "formula_unit": DDE.replace(" ", ""),
        "alias_name": BREAK_DOUBLE,
        "alias_evidence": JS_LINK,
        "resolution": f"{IFRAME}已核实",
        "jurisdiction": name,
    }
    ledger.__class__.objects.filter(pk=ledger.pk).update(title=values["ledger_title"], doc_number=values["doc_number"])
    other.__class__.objects.filter(pk=other.pk).update(title=values["other_title"])
    ledger.sections.update(title=values["section_title"])
    for section in ledger.sections.all():
        section.groups.update(title=values["group_title"])

    task = Task.objects.get(ledger=ledger, code="1-1")
    task = update_task(actor=actor, task=task, expected_version=task.version, text=values["task_text"], deadline_text=values["deadline"])
    target = task.targets.first()
    update_target(actor, target, task.version, indicator=values["indicator"], comparator=target.comparator, value=target.value, unit=target.unit)
    task.refresh_from_db()

    formula_task = Task.objects.get(ledger=ledger, code="1-2")
    formula_task = update_task(
        actor=actor, task=formula_task, expected_version=formula_task.version,
        text=values["formula_text"], deadline_text=values["formula_deadline"],
    )
    add_assignment(actor, formula_task, DDE, "lead", formula_task.version)
    formula_task.refresh_from_db()
    # The formula unit as the only lead unit, so that it starts the 牵头单位 cell of the exports.
    remove_assignment(actor, formula_task.assignments.get(unit__name="市政府办公室"), formula_task.version)
    formula_task.refresh_from_db()
    formula_unit = Unit.objects.get(jurisdiction=jurisdiction, name=values["formula_unit"])

    leader = task.leaders.get()
    Leader.objects.filter(pk=leader.pk).update(name=values["leader_name"], title=values["leader_title"])
    leader.refresh_from_db()
    formula_leader = Leader.objects.create(jurisdiction=jurisdiction, name=AT_SUM, title=MINUS)
    formula_task.leaders.set([formula_leader])

    unit = Unit.objects.get(jurisdiction=jurisdiction, name=BREAK_SINGLE)
    unit = rename_unit(actor, unit, values["unit_name"], unit.version)  # BREAK_SINGLE becomes its alias
    svg_unit = Unit.objects.get(jurisdiction=jurisdiction, name=SVG)
    UnitAlias.objects.create(jurisdiction=jurisdiction, unit=svg_unit, name=values["alias_name"], evidence=values["alias_evidence"])

    warnings = list(ImportWarning.objects.filter(ledger=ledger, code="unknown_unit_kind").order_by("id"))
    assert len(warnings) == 2, [w.message for w in warnings]  # one per payload unit; the other stays open
    resolve_warning(actor=actor, warning=warnings[0], note=values["resolution"])
    publish_ledger(actor=actor, ledger=ledger)
    ledger.refresh_from_db()
    return Planted(jurisdiction, ledger, other, task, formula_task, unit, formula_unit, leader, values)
