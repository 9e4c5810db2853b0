"""A small world for permission tests: a city with two ledgers, a county with one, and a persona per role.

金华市 (city) publishes a three-task ledger for 2019 and has a draft for 2020; 婺城区 (county, under
金华市) publishes its own. Task 1-1 is led by 市建设局 with 市财政局 cooperating, 1-2 is led by
市财政局, both in 尹学群's group; 1-3 is led by 市教育局 in 陈龙's group and is labelled 公开.

Personas (healthchecks-style): `anon`, the city office's administrator and reviewer, the county office,
the leader 尹学群, reporters of a lead unit (市建设局), a cooperating unit (市财政局) and a unit of
another task (市教育局), the lead unit's head, and the three administrators.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Luoshi-World-2018!"

CITY_NOTICE = """{name}人民政府办公室关于印发{year}年政府工作报告重点工作责任分解的通知

  附件1

{year}年政府工作报告重点工作责任分解

  一、尹学群市长牵头的重点工作

  1.推进城市建设，新开工项目100个。

  牵头单位:市建设局

  配合单位:市财政局

  2.加强财政收支管理。

  牵头单位:市财政局

  二、陈龙副市长牵头的重点工作

  3.办好教育民生实事，新建幼儿园10所。

  牵头单位:市教育局
"""

COUNTY_NOTICE = """婺城区人民政府办公室关于印发{year}年政府工作报告重点工作责任分解的通知

  附件1

{year}年政府工作报告重点工作责任分解

  一、王区长牵头的重点工作

  1.落实城市建设任务，新开工项目20个。

  牵头单位:区建设局
"""

PERSONAS = (
    "anon", "office_admin", "office_reviewer", "county_office", "leader", "lead_unit", "coop_unit", "other_unit",
    "unit_head", "system_admin", "security_admin", "audit_admin",
)


@dataclass
class World:
    city: object
    county: object
    ledger: object  # the city's published ledger
    draft: object  # the city's draft ledger
    county_ledger: object
    users: dict = field(default_factory=dict)

    def task(self, code: str, ledger=None):
        return self.ledger_of(ledger).tasks.get(code=code)

    def ledger_of(self, ledger):
        return ledger or self.ledger

    def unit(self, name: str):
        from luoshi.units.models import Unit

        return Unit.objects.get(name=name)

    def leader(self, name: str):
        from luoshi.ledger.models import Leader

        return Leader.objects.get(name=name)


def build_world(*, passwords: bool = True) -> World:
    """`passwords=False` leaves the personas without a usable password (for `force_login` only): hashing
    eleven passwords is most of the cost of a world, which a module building one per test cannot pay."""
    from django.contrib.auth import get_user_model

    from luoshi.ledger.models import ImportWarning, SecurityLabel, Task
    from luoshi.ledger.services import import_text, publish_ledger
    from luoshi.units.models import Jurisdiction, JurisdictionLevel
    from personas import grant

    profile = json.loads((ROOT / "src" / "luoshi" / "notice" / "profiles" / "jinhua.json").read_text(encoding="utf-8"))
    city = Jurisdiction.objects.create(name="金华市", level=JurisdictionLevel.CITY, profile=profile)
    county = Jurisdiction.objects.create(name="婺城区", level=JurisdictionLevel.COUNTY, parent=city)
    ledger = publish_ledger(actor=None, ledger=import_text(actor=None, jurisdiction=city, text=CITY_NOTICE.format(name="金华市", year=2019)).ledger)
    draft = import_text(actor=None, jurisdiction=city, text=CITY_NOTICE.format(name="金华市", year=2020)).ledger
    ImportWarning.objects.create(ledger=draft, line=1, code="unknown_unit", message="测试用的导入警告")
    county_ledger = publish_ledger(actor=None, ledger=import_text(actor=None, jurisdiction=county, text=COUNTY_NOTICE.format(year=2019)).ledger)
    Task.objects.filter(ledger=ledger, code="1-3").update(security_label=SecurityLabel.PUBLIC)
    world = World(city, county, ledger, draft, county_ledger)

    User = get_user_model()
    scopes = {
        "office_admin": ("office_admin", {"jurisdiction": city}),
        "office_reviewer": ("office_reviewer", {"jurisdiction": city}),
        "county_office": ("county_office", {"jurisdiction": county}),
        "leader": ("leader", {"leader": world.leader("尹学群")}),
        "lead_unit": ("unit_reporter", {"unit": world.unit("市建设局")}),
        "coop_unit": ("unit_reporter", {"unit": world.unit("市财政局")}),
        "other_unit": ("unit_reporter", {"unit": world.unit("市教育局")}),
        "unit_head": ("unit_head", {"unit": world.unit("市建设局")}),
        "system_admin": ("system_admin", {}),
        "security_admin": ("security_admin", {"jurisdiction": city}),
        "audit_admin": ("audit_admin", {}),
    }
    for persona, (role, scope) in scopes.items():
        user = User.objects.create_user(persona.replace("_", "-"), password=PASSWORD if passwords else None, first_name=persona)
        world.users[persona] = grant(user, role, **scope)
    world.users["anon"] = None
    return world
