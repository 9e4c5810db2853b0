"""Every audit event type, produced the way a person produces it, writes complete rows.

`ACTION_TRIGGERS` maps each action of `luoshi.audit.services.ACTIONS` to a function that performs the
user action for real: through the page a person would use, with a test client whose requests come from
`IP`, so the row's address and role are the request's own. Only `audit.purge` has no page (the console
command `luoshi audit purge` does it, and writes no address): its service is called with the request
information set as a request would set it. Each function returns an `Expect`: who acted, on what, how
many rows the action writes (one, except a unit merge: see there) and which of `before`/`after` each
fills. The test checks every field of every new row of that action, and the hash chain after it. A guard
test fails when ACTIONS gains an action without a trigger here.

Fields empty on purpose (checked to be empty, so that a change is noticed):
- `actor` (the account) after a failed sign-in (`auth.login_failed`, `auth.lockout` after wrong
  passwords): nobody is signed in and the user name typed is only a claim; `actor_name` keeps the name
  and the row's object is that name's failure counter (LoginThrottle).
- `before` where nothing existed or no field changed before the action (a new ledger, task, unit,
  account, grant or token; an export; a purge, whose deleted range is in `after`); `after` where the
  thing is gone (a deleted task, a removed unit, a revoked grant); both for events that change no field
  shown in the log (sign-in, sign-out, a password changed or reset, a second factor enabled: secrets
  never go into the log).
- `ledger_id` / `task_id` / `unit_id` where the row is about none of them (accounts, jurisdictions, the log).
`message` is free text and not checked: ledger.publish, task.update, unit.rename, unit.update,
jurisdiction.create, jurisdiction.update and the receiving unit's unit.merge row write none today.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from world import CITY_NOTICE, PASSWORD, build_world

from luoshi.accounts import totp
from luoshi.accounts.models import AccountProfile, LoginThrottle, RoleGrant
from luoshi.accounts.roles import role_label
from luoshi.accounts.services import ENROL_SECRET
from luoshi.api.models import ApiToken
from luoshi.api.services import create_token
from luoshi.audit.context import RequestInfo, reset_request_info, set_request_info
from luoshi.audit.models import AuditEvent
from luoshi.audit.services import ACTIONS, AuditLog, latest_purge_date, purge_events
from luoshi.audit.verify import verify_chain
from luoshi.ledger.models import Assignment, ImportWarning, Ledger, Task
from luoshi.units.models import Jurisdiction, Unit

pytestmark = pytest.mark.django_db

IP = "198.51.100.7"  # TEST-NET-2 (RFC 5737): only ever a header value here, never an address anyone talks to
HASH = re.compile(r"[0-9a-f]{64}")
NEW_PASSWORD = "Luoshi-Changed-2019!"


LEDGER = ("ledger_id",)  # which of ledger_id / task_id / unit_id a row carries: the task history and unit pages read them
TASK = ("ledger_id", "task_id")
TASK_UNIT = ("ledger_id", "task_id", "unit_id")
UNIT = ("unit_id",)


@dataclass
class Row:
    """One expected row: its object, whether `before` and `after` are filled, and its links."""

    obj: object
    before: bool = False
    after: bool = False
    links: tuple = ()


@dataclass
class Expect:
    """What the rows written by one user action should say."""

    actor: object  # the user the rows name; None when no account is behind the request (see `why`)
    role: str  # actor_role: the role value(s) of whoever asked
    rows: list[Row]
    actor_name: str = ""  # defaults to the actor's user name
    outcome: str = "success"
    ordered: bool = True  # False: rows are matched to `rows` by object, not by id order
    why: str = ""  # why a user action writes several rows, or why a field is empty


class Scene:
    """The world (tests/world.py) and clients that come from `IP`, signed in as a persona."""

    def __init__(self, world, monkeypatch):
        self.world = world
        self.users = world.users
        self.monkeypatch = monkeypatch

    def client(self, persona: str | None = None) -> Client:
        client = Client(REMOTE_ADDR=IP)
        if persona is not None:
            client.force_login(self.users[persona])
        return client

    def task(self, code: str, ledger=None) -> Task:
        return self.world.task(code, ledger)

    def with_password(self, persona: str):
        user = self.users[persona]
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        return user


@pytest.fixture
def scene(settings, tmp_path, monkeypatch):
    settings.DATA_DIR = tmp_path  # where a re-imported notice waits between the diff page and "apply"
    return Scene(build_world(passwords=False), monkeypatch)


def posted(response, *statuses):
    """The request was answered as a success is: a redirect (default), or `statuses` (a page, a download)."""
    assert response.status_code in (statuses or (302,)), (response.status_code, response.content[:300].decode(errors="replace"))
    return response


# --- ledgers and tasks --------------------------------------------------------------------------------------

ORIGINAL_NOTICE = CITY_NOTICE.format(name="金华市", year=2019)
CHANGED_NOTICE = ORIGINAL_NOTICE.replace("新开工项目100个", "新开工项目120个")
ADDED_NOTICE = ORIGINAL_NOTICE + "\n  4.推进美丽乡村建设，建成精品村20个。\n\n  牵头单位:市农业局\n"
REMOVED_NOTICE = ORIGINAL_NOTICE.split("  二、")[0]


def reimport(scene: Scene, text: str) -> Ledger:
    """Upload a corrected notice, read the diff page, apply it: what the office does."""
    client, ledger = scene.client("office_admin"), scene.world.ledger
    page = posted(client.post(f"/ledgers/{ledger.pk}/reimport/", {"text": text}), 200).content.decode()
    fields = dict(re.findall(r'<input type="hidden" name="(sha256|filename|fingerprint)" value="([^"]*)"', page))
    assert set(fields) == {"sha256", "filename", "fingerprint"}, page[:500]
    posted(client.post(f"/ledgers/{ledger.pk}/reimport/apply/", fields))
    return ledger


def ledger_import(scene):
    city = scene.world.city
    posted(scene.client("office_admin").post("/import/", {"text": CITY_NOTICE.format(name="金华市", year=2021), "jurisdiction": city.pk}))
    ledger = Ledger.objects.get(jurisdiction=city, year=2021)
    return Expect(scene.users["office_admin"], "office_admin", [Row(ledger, after=True, links=LEDGER)])


def ledger_reimport(scene):
    ledger = reimport(scene, CHANGED_NOTICE)
    return Expect(scene.users["office_admin"], "office_admin", [Row(ledger, before=True, after=True, links=LEDGER)])


def ledger_publish(scene):
    draft = scene.world.draft
    posted(scene.client("office_admin").post(f"/ledgers/{draft.pk}/review/publish/", {"version": draft.version}))
    return Expect(scene.users["office_admin"], "office_admin", [Row(draft, before=True, after=True, links=LEDGER)])


def ledger_update(scene):
    """The city office links the county's ledger to the city's (the link page)."""
    county_ledger = scene.world.county_ledger
    posted(scene.client("office_admin").post(
        f"/ledgers/{county_ledger.pk}/link/", {"parent_ledger": scene.world.ledger.pk, "version": county_ledger.version}))
    return Expect(scene.users["office_admin"], "office_admin", [Row(county_ledger, before=True, after=True, links=LEDGER)])


def task_update(scene):
    task = scene.task("1-1")
    posted(scene.client("office_admin").post(
        f"/ledgers/{task.ledger_id}/review/tasks/1-1/update/",
        {"text": task.text + "（含续建项目）", "deadline_text": "2019年底前", "deadline": "", "version": task.version}))
    return Expect(scene.users["office_admin"], "office_admin", [Row(task, before=True, after=True, links=TASK)])


def task_create(scene):
    ledger = reimport(scene, ADDED_NOTICE)
    task = ledger.tasks.get(text__startswith="推进美丽乡村建设")
    return Expect(scene.users["office_admin"], "office_admin", [Row(task, after=True, links=TASK)],
                  why="a task that did not exist has no `before`")


def task_label(scene):
    task = scene.task("1-1")
    posted(scene.client("office_admin").post(f"/ledgers/{task.ledger_id}/tasks/1-1/label/", {"label": "public", "version": task.version}))
    return Expect(scene.users["office_admin"], "office_admin", [Row(task, before=True, after=True, links=TASK)])


def task_delete(scene):
    task = scene.task("1-3")
    reimport(scene, REMOVED_NOTICE)
    return Expect(scene.users["office_admin"], "office_admin", [Row(task, before=True, links=TASK)],
                  why="a deleted task has no `after`; `before` keeps what it said")


def assignment_add(scene):
    task = scene.task("1-2")
    posted(scene.client("office_admin").post(
        f"/ledgers/{task.ledger_id}/review/tasks/1-2/units/", {"unit_name": "市建设局", "role": "cooperating", "version": task.version}))
    return Expect(scene.users["office_admin"], "office_admin", [Row(task, after=True, links=TASK_UNIT)])


def _finance_on_1_1(scene) -> tuple[Task, Assignment]:
    task = scene.task("1-1")
    return task, Assignment.objects.get(task=task, unit__name="市财政局")


def assignment_remove(scene):
    task, assignment = _finance_on_1_1(scene)
    posted(scene.client("office_admin").post(
        f"/ledgers/{task.ledger_id}/review/tasks/1-1/units/{assignment.pk}/remove/", {"version": task.version}))
    return Expect(scene.users["office_admin"], "office_admin", [Row(task, before=True, links=TASK_UNIT)],
                  why="a removed unit has no `after`")


def assignment_role(scene):
    task, assignment = _finance_on_1_1(scene)
    posted(scene.client("office_admin").post(
        f"/ledgers/{task.ledger_id}/review/tasks/1-1/units/{assignment.pk}/role/", {"role": "lead", "version": task.version}))
    return Expect(scene.users["office_admin"], "office_admin", [Row(task, before=True, after=True, links=TASK_UNIT)])


def target_update(scene):
    task = scene.task("1-1")
    target = task.targets.get()
    posted(scene.client("office_admin").post(
        f"/ledgers/{task.ledger_id}/review/tasks/1-1/targets/{target.pk}/",
        {"indicator": target.indicator, "comparator": ">=", "value": "120", "unit": target.unit, "version": task.version}))
    return Expect(scene.users["office_admin"], "office_admin", [Row(target, before=True, after=True, links=TASK)])


def warning_resolve(scene):
    draft = scene.world.draft
    warning = ImportWarning.objects.get(ledger=draft, message="测试用的导入警告")
    posted(scene.client("office_admin").post(f"/ledgers/{draft.pk}/review/warnings/{warning.pk}/", {"action": "resolve"}))
    return Expect(scene.users["office_admin"], "office_admin", [Row(warning, after=True, links=LEDGER)],
                  why="an open warning has no resolution: `after` holds the one given")


# --- the unit registry and jurisdictions --------------------------------------------------------------------


def unit_create(scene):
    """A unit name not yet in the registry, added to a task, creates the unit (and an assignment.add row)."""
    task = scene.task("1-2")
    posted(scene.client("office_admin").post(
        f"/ledgers/{task.ledger_id}/review/tasks/1-2/units/", {"unit_name": "市统计局", "role": "cooperating", "version": task.version}))
    return Expect(scene.users["office_admin"], "office_admin", [Row(Unit.objects.get(name="市统计局"), after=True, links=UNIT)])


def unit_rename(scene):
    unit = scene.world.unit("市教育局")
    posted(scene.client("office_admin").post(f"/units/{unit.pk}/rename/", {"new_name": "市教育体育局", "version": unit.version}))
    return Expect(scene.users["office_admin"], "office_admin", [Row(unit, before=True, after=True, links=UNIT)])


def unit_merge(scene):
    """市财政局 merged into 市建设局: it is on 1-1 (beside 市建设局) and 1-2 of both the 2019 and the 2020 ledger."""
    source, target = scene.world.unit("市财政局"), scene.world.unit("市建设局")
    tasks = list(Task.objects.filter(assignments__unit=source).distinct())
    posted(scene.client("office_admin").post(
        f"/units/{source.pk}/merge/", {"target_name": "市建设局", "confirm": "True", "version": source.version}))
    return Expect(
        scene.users["office_admin"], "office_admin",
        [*(Row(task, before=True, after=True, links=TASK_UNIT) for task in tasks),
         Row(source, before=True, after=True, links=UNIT), Row(target, after=True, links=UNIT)],
        ordered=False,
        why=f"one row per task the merged unit was on ({len(tasks)} here: its units before and after, in that task's history), "
            "one for the merged unit (name before, where it went after) and one for the unit it went into "
            "(which had no field changed: `after` only, saying what came in)",
    )


def unit_update(scene):
    unit = scene.world.unit("市建设局")
    kind = "command_post" if unit.kind != "command_post" else "department"
    posted(scene.client("office_admin").post(f"/units/{unit.pk}/edit/", {"kind": kind, "parent_name": "", "version": unit.version}))
    return Expect(scene.users["office_admin"], "office_admin", [Row(unit, before=True, after=True, links=UNIT)])


def jurisdiction_create(scene):
    """The system administrator adds a county under the city."""
    posted(scene.client("system_admin").post(
        "/jurisdictions/new/", {"name": "兰溪市", "level": "county", "parent": scene.world.city.pk, "profile": ""}))
    return Expect(scene.users["system_admin"], "system_admin", [Row(Jurisdiction.objects.get(name="兰溪市"), after=True)])


def jurisdiction_update(scene):
    city = scene.world.city
    profile = {**city.profile, "aliases": {**city.profile.get("aliases", {}), "市建委": "市建设局"}}
    posted(scene.client("office_admin").post(
        f"/jurisdictions/{city.pk}/", {"profile": json.dumps(profile, ensure_ascii=False), "version": city.version}))
    return Expect(scene.users["office_admin"], "office_admin", [Row(city, before=True, after=True)])


def jurisdiction_settings(scene):
    city = scene.world.city
    assert not city.require_head_signoff
    posted(scene.client("office_admin").post(f"/jurisdictions/{city.pk}/settings/", {"require_head_signoff": "on", "version": city.version}))
    return Expect(scene.users["office_admin"], "office_admin", [Row(city, before=True, after=True)])


def export(scene):
    """A unit's reporter downloads the ledger (what it may see of it) as CSV."""
    ledger = scene.world.ledger
    response = posted(scene.client("lead_unit").get(f"/ledgers/{ledger.pk}/export.csv"), 200)
    assert response["Content-Disposition"].startswith("attachment")
    return Expect(scene.users["lead_unit"], "unit_reporter", [Row(ledger, after=True, links=LEDGER)],
                  why="an export changes nothing: no `before`; `after` says what was taken (format, file, tasks)")


# --- signing in and accounts ---------------------------------------------------------------------------------

ANONYMOUS_FAILURE = ("nobody is signed in when a sign-in fails: no `actor`; `actor_name` is the name typed and "
                     "the object is that name's failure counter")


def auth_login(scene):
    user = scene.with_password("lead_unit")
    posted(scene.client().post("/accounts/login/", {"username": "lead-unit", "password": PASSWORD}))
    return Expect(user, "unit_reporter", [Row(user)], why="the role is the one signed in as, not the anonymous request's")


def auth_login_failed(scene):
    page = posted(scene.client().post("/accounts/login/", {"username": "ghost-user", "password": "Wrong-Password-1"}), 200)
    assert "用户名或密码不正确" in page.content.decode()
    return Expect(None, "anonymous", [Row(LoginThrottle.objects.get(username="ghost-user"))], actor_name="ghost-user",
                  outcome="failure", why=ANONYMOUS_FAILURE)


def auth_lockout(scene):
    """Five wrong passwords for an existing account: five auth.login_failed rows, and one auth.lockout."""
    client = scene.client()
    for _ in range(5):
        posted(client.post("/accounts/login/", {"username": "lead-unit", "password": "Wrong-Password-1"}), 200)
    throttle = LoginThrottle.objects.get(username="lead-unit")
    assert throttle.locked_until is not None
    return Expect(None, "anonymous", [Row(throttle)], actor_name="lead-unit", outcome="failure", why=ANONYMOUS_FAILURE)


def auth_logout(scene):
    posted(scene.client("lead_unit").post("/accounts/logout/"))
    return Expect(scene.users["lead_unit"], "unit_reporter", [Row(scene.users["lead_unit"])])


def auth_password_change(scene):
    user = scene.with_password("lead_unit")
    posted(scene.client("lead_unit").post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}))
    return Expect(user, "unit_reporter", [Row(user)], why="a password is never written to the log: no `before`/`after`")


def auth_password_reset(scene):
    clerk = scene.users["lead_unit"]
    page = posted(scene.client("system_admin").post(f"/manage/accounts/{clerk.pk}/password/"), 200)
    assert "一次性密码" in page.content.decode()
    return Expect(scene.users["system_admin"], "system_admin", [Row(clerk)], why="a password is never written to the log: no `before`/`after`")


def auth_totp_enable(scene):
    client = scene.client("lead_unit")
    posted(client.get("/accounts/totp/"), 200)
    secret = client.session[ENROL_SECRET]
    posted(client.post("/accounts/totp/", {"code": totp.hotp(secret, totp.step_at(time.time()))}))
    user = scene.users["lead_unit"]
    return Expect(user, "unit_reporter", [Row(user)], why="the secret is never written to the log: no `before`/`after`")


def auth_totp_reset(scene):
    clerk = scene.users["lead_unit"]
    AccountProfile.objects.create(user=clerk, totp_secret=totp.new_secret(), totp_confirmed_at=timezone.now())
    posted(scene.client("system_admin").post(f"/manage/accounts/{clerk.pk}/totp/"))
    return Expect(scene.users["system_admin"], "system_admin", [Row(clerk, before=True, after=True)])


def auth_unlock(scene):
    clerk = scene.users["lead_unit"]
    LoginThrottle.objects.create(username=clerk.get_username(), failures=0, locked_until=timezone.now() + timedelta(minutes=30))
    posted(scene.client("system_admin").post(f"/manage/accounts/{clerk.pk}/unlock/"))
    return Expect(scene.users["system_admin"], "system_admin", [Row(clerk, before=True, after=True)])


def account_create(scene):
    page = posted(scene.client("system_admin").post("/manage/accounts/new/", {"username": "new-clerk", "full_name": "市建设局 陈科员"}), 200)
    assert "一次性密码" in page.content.decode()
    return Expect(scene.users["system_admin"], "system_admin", [Row(get_user_model().objects.get(username="new-clerk"), after=True)])


def account_deactivate(scene):
    clerk = scene.users["lead_unit"]
    posted(scene.client("system_admin").post(f"/manage/accounts/{clerk.pk}/deactivate/"))
    return Expect(scene.users["system_admin"], "system_admin", [Row(clerk, before=True, after=True)])


def account_activate(scene):
    clerk = scene.users["lead_unit"]
    get_user_model().objects.filter(pk=clerk.pk).update(is_active=False)
    posted(scene.client("system_admin").post(f"/manage/accounts/{clerk.pk}/activate/"))
    return Expect(scene.users["system_admin"], "system_admin", [Row(clerk, before=True, after=True)])


def account_role_grant(scene):
    newcomer = get_user_model().objects.create_user("new-reporter")
    posted(scene.client("security_admin").post("/manage/roles/grant/", {
        "username": "new-reporter", "role": "unit_reporter", "jurisdiction": scene.world.city.pk, "unit": "市建设局", "leader": "",
    }))
    return Expect(scene.users["security_admin"], "security_admin", [Row(newcomer, after=True)], why="a new grant has no `before`")


def account_role_revoke(scene):
    clerk = scene.users["lead_unit"]
    held = RoleGrant.objects.get(user=clerk)
    posted(scene.client("security_admin").post(f"/manage/roles/grants/{held.pk}/revoke/"))
    return Expect(scene.users["security_admin"], "security_admin", [Row(clerk, before=True)], why="a revoked grant has no `after`")


def api_token_create(scene):
    user = scene.users["lead_unit"]
    page = posted(scene.client("lead_unit").post("/accounts/tokens/", {"name": "督查通报脚本"}), 200)
    assert "ls_" in page.content.decode()
    return Expect(user, "unit_reporter", [Row(ApiToken.objects.get(user=user), after=True)], why="a new token has no `before`")


def api_token_revoke(scene):
    user = scene.users["lead_unit"]
    token, _raw = create_token(user, "旧的统计脚本")  # its api_token.create row is not this test's action
    posted(scene.client("lead_unit").post(f"/accounts/tokens/{token.pk}/revoke/"))
    return Expect(user, "unit_reporter", [Row(token, before=True, after=True)])


# --- the audit log itself ------------------------------------------------------------------------------------


def audit_export(scene):
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    response = posted(scene.client("audit_admin").get("/audit/export.csv"), 200)
    assert len(b"".join(response.streaming_content).splitlines()) == len(ids) + 1  # the header, then every row
    return Expect(scene.users["audit_admin"], "audit_admin", [Row(AuditLog(ids[0], ids[-1]), after=True)],
                  why="an export changes nothing: no `before`; `after` has the filters and the number of rows")


def audit_purge(scene):
    """No page purges the log (the console command `luoshi audit purge` does, without an IP): the service is
    called with the request information set as a request would set it. A year from now, after the office
    has kept working, the audit administrator purges what is past retention: this year's rows."""
    year_later = timezone.now() + timedelta(days=400)
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    scene.monkeypatch.setattr("django.utils.timezone.now", lambda: year_later)
    posted(scene.client("office_admin").get(f"/ledgers/{scene.world.ledger.pk}/export.csv"), 200)  # kept: within retention
    auditor = scene.users["audit_admin"]
    token = set_request_info(RequestInfo(ip=IP, role=role_label(auditor)))
    try:
        result = purge_events(auditor, latest_purge_date())
    finally:
        reset_request_info(token)
    assert result.deleted == len(ids)
    return Expect(auditor, "audit_admin", [Row(AuditLog(ids[0], ids[-1]), after=True)],
                  why="the deleted rows are not a field's old value: their range and last hash are in `after`")


ACTION_TRIGGERS = {
    "ledger.import": ledger_import,
    "ledger.reimport": ledger_reimport,
    "ledger.publish": ledger_publish,
    "ledger.update": ledger_update,
    "task.update": task_update,
    "task.create": task_create,
    "task.label": task_label,
    "task.delete": task_delete,
    "assignment.add": assignment_add,
    "assignment.remove": assignment_remove,
    "assignment.role": assignment_role,
    "target.update": target_update,
    "warning.resolve": warning_resolve,
    "unit.create": unit_create,
    "unit.rename": unit_rename,
    "unit.merge": unit_merge,
    "unit.update": unit_update,
    "jurisdiction.create": jurisdiction_create,
    "jurisdiction.update": jurisdiction_update,
    "jurisdiction.settings": jurisdiction_settings,
    "export": export,
    "auth.login": auth_login,
    "auth.login_failed": auth_login_failed,
    "auth.lockout": auth_lockout,
    "auth.logout": auth_logout,
    "auth.password_change": auth_password_change,
    "auth.password_reset": auth_password_reset,
    "auth.totp_enable": auth_totp_enable,
    "auth.totp_reset": auth_totp_reset,
    "auth.unlock": auth_unlock,
    "account.create": account_create,
    "account.deactivate": account_deactivate,
    "account.activate": account_activate,
    "account.role_grant": account_role_grant,
    "account.role_revoke": account_role_revoke,
    "api_token.create": api_token_create,
    "api_token.revoke": api_token_revoke,
    "audit.export": audit_export,
    "audit.purge": audit_purge,
}


def test_every_action_in_the_registry_has_a_trigger():
    """A new audit action without a trigger here fails, and so does a trigger for an action that is gone."""
    assert set(ACTION_TRIGGERS) == set(ACTIONS)


def object_key(obj) -> tuple[str, str]:
    return obj.__class__.__name__.lower(), str(obj.pk)


def current(obj):
    """The object as it is now (a rename changes what it prints as), or as it was if it is gone."""
    manager = getattr(obj.__class__, "objects", None)
    return (manager.filter(pk=obj.pk).first() if manager is not None else None) or obj


def incomplete(row: AuditEvent, expect: Expect, want: Row) -> list[str]:
    """What is missing or wrong in a row: an empty list when the row is complete."""
    obj = current(want.obj)
    actor_name = expect.actor_name or expect.actor.get_username()
    checks = {
        "created_at": row.created_at is not None and abs(row.created_at - timezone.now()) < timedelta(minutes=5),
        "actor": row.actor_id == (expect.actor.pk if expect.actor is not None else None),
        "actor_name": row.actor_name == actor_name,
        "actor_role": row.actor_role == expect.role,
        "ip": row.ip == IP,
        "object_type": row.object_type == object_key(obj)[0],
        "object_id": row.object_id != "" and row.object_id == object_key(obj)[1],
        "object_repr": row.object_repr != "" and row.object_repr == str(obj)[:300],
        "outcome": row.outcome == expect.outcome,
        "hash": bool(HASH.fullmatch(row.hash)),
        "prev_hash": bool(HASH.fullmatch(row.prev_hash)) and row.prev_hash != row.hash,
        "before": row.before not in (None, {}, []) if want.before else row.before is None,
        "after": row.after not in (None, {}, []) if want.after else row.after is None,
    }
    for link in ("ledger_id", "task_id", "unit_id"):
        checks[link] = (getattr(row, link) is not None) == (link in want.links)
    return [f"{name}={getattr(row, name)!r}" for name, ok in checks.items() if not ok]


def assert_complete(rows: list[AuditEvent], expect: Expect, action: str) -> None:
    assert len(rows) == len(expect.rows), f"{action}: {len(rows)} 条，应为 {len(expect.rows)} 条（{expect.why}）"
    wanted = expect.rows
    if not expect.ordered:
        rows = sorted(rows, key=lambda row: (row.object_type, row.object_id))
        wanted = sorted(wanted, key=lambda want: object_key(want.obj))
    for n, (row, want) in enumerate(zip(rows, wanted)):
        assert row.action == action
        problems = incomplete(row, expect, want)
        assert not problems, f"{action} 第 {n + 1} 条（{row.object_type} {row.object_id}）：{problems}（{expect.why}）"
    assert verify_chain().ok


@pytest.mark.parametrize("action", sorted(ACTION_TRIGGERS))
def test_each_event_type_writes_its_rows_with_every_field(scene, action):
    start = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    expect = ACTION_TRIGGERS[action](scene)
    rows = list(AuditEvent.objects.filter(id__gt=start, action=action).order_by("id"))
    assert_complete(rows, expect, action)


def test_a_section_label_writes_one_row_per_task_it_changes(scene):
    """The bulk label on the overview writes a task.label row for each task whose label changed, so every
    task's history says who opened it to the public; 1-3 is already 公开 and gets no row."""
    ledger = scene.world.ledger
    start = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    posted(scene.client("security_admin").post(f"/ledgers/{ledger.pk}/sections/1/label/", {"label": "public"}))
    changed = [Row(scene.task(code), before=True, after=True, links=TASK) for code in ("1-1", "1-2")]
    expect = Expect(scene.users["security_admin"], "security_admin", changed)
    assert_complete(list(AuditEvent.objects.filter(id__gt=start, action="task.label").order_by("id")), expect, "task.label")
