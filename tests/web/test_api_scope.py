"""A token answers exactly what its owner's `visible_to` gives: checked against the querysets themselves,
so the test still holds when the role model narrows what each user sees."""

import pytest
from api_helpers import all_items, bearer, error, fresh_rate_limits, make_token, read  # noqa: F401
from django.test import Client

from luoshi.ledger.models import Ledger, Target, Task
from luoshi.ledger.services import import_notice
from luoshi.units.models import Jurisdiction, JurisdictionLevel, Unit


@pytest.fixture
def two_ledgers(seed_ledger, jinhua, office, seed_bytes):
    """The city's seed ledger and a county's ledger (same notice, another jurisdiction)."""
    county = Jurisdiction.objects.create(name="兰溪市", level=JurisdictionLevel.COUNTY, parent=jinhua, profile=jinhua.profile)
    other = import_notice(actor=office, jurisdiction=county, data=seed_bytes, filename="lanxi.txt").ledger
    return seed_ledger, other


@pytest.fixture
def people(office, two_ledgers):
    """The city office (both ledgers), the county office (its own), a unit's reporter (its tasks), a leader, nobody."""
    from personas import make_user

    county = two_ledgers[1].jurisdiction
    return [
        office,
        make_user("lanxi", "county_office", jurisdiction=county),
        make_user("jianshe", "unit_reporter", unit=Unit.objects.get(jurisdiction__name="金华市", name="市建设局")),
        make_user("nobody"),
    ]


def same_answer(a, b) -> bool:
    """Equal bodies, apart from each error's own request id."""
    if a.status_code != b.status_code:
        return False
    if a.status_code < 400:
        return a.content == b.content
    first, second = a.json(), b.json()
    first.pop("request_id", None), second.pop("request_id", None)
    return first == second


def check_scope(caller: Client, user) -> None:
    ledgers = Ledger.objects.visible_to(user)
    assert sorted(item["id"] for item in all_items(caller, "/api/ledgers")) == sorted(ledgers.values_list("id", flat=True))
    for ledger in Ledger.objects.all():
        if not ledgers.filter(pk=ledger.pk).exists():
            assert error(caller.get(f"/api/ledgers/{ledger.pk}"), 404) == "台账不存在或无权查看"
            assert error(caller.get(f"/api/ledgers/{ledger.pk}/tasks"), 404) == "台账不存在或无权查看"
            continue
        visible = Task.objects.visible_to(user).filter(ledger=ledger)
        listed = [item["code"] for item in all_items(caller, f"/api/ledgers/{ledger.pk}/tasks")]
        assert sorted(listed) == sorted(visible.values_list("code", flat=True))
        hidden = Task.objects.filter(ledger=ledger).exclude(pk__in=visible.values("pk")).first()
        if hidden is not None:
            assert error(caller.get(f"/api/ledgers/{ledger.pk}/tasks/{hidden.code}"), 404) == "任务不存在或无权查看"
        targets = all_items(caller, f"/api/ledgers/{ledger.pk}/targets")
        assert sorted(t["id"] for t in targets) == sorted(Target.objects.filter(task__in=visible).values_list("id", flat=True))
    units = Unit.objects.visible_to(user).canonical()
    assert sorted(u["id"] for u in all_items(caller, "/api/units")) == sorted(units.values_list("id", flat=True))


def test_each_token_sees_what_its_owner_may_see(two_ledgers, people):
    for user in people:
        check_scope(Client(headers=bearer(make_token(user))), user)


def test_token_and_session_of_the_same_user_answer_alike(two_ledgers, people):
    for user in people:
        script = Client(headers=bearer(make_token(user)))
        browser = Client()
        browser.force_login(user)
        for url in ("/api/ledgers", "/api/units?page_size=200", f"/api/ledgers/{two_ledgers[1].pk}/tasks?unit=市建设局"):
            assert same_answer(script.get(url), browser.get(url)), (user, url)
        assert read(script.get("/api/me"))["username"] == user.username
