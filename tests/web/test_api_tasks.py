"""GET /api/ledgers/{id}/tasks and /tasks/{code}: contents, pagination and the task list's filters."""

from api_helpers import all_items, api_client, error, fresh_rate_limits, office_token, read  # noqa: F401

from luoshi.ledger.models import Leader, Target, Task
from luoshi.units.models import Unit, UnitAlias


def tasks(client, ledger, **params):
    return read(client.get(f"/api/ledgers/{ledger.pk}/tasks", params))


def codes(body) -> list[str]:
    return [task["code"] for task in body["items"]]


def test_pages_of_50_through_107_tasks(api_client, seed_ledger):
    first = tasks(api_client, seed_ledger)
    assert first["count"] == 107 and len(first["items"]) == 50
    assert codes(first)[:3] == ["1-1", "1-2", "1-3"]
    last = tasks(api_client, seed_ledger, page=3)
    assert len(last["items"]) == 7 and codes(last)[-1] == "2-22"
    assert tasks(api_client, seed_ledger, page=4)["items"] == []
    assert len(tasks(api_client, seed_ledger, page_size=500)["items"]) == 107  # capped at 200
    assert len(tasks(api_client, seed_ledger, page_size=10)["items"]) == 10


def test_bad_page_numbers_name_the_field(api_client, seed_ledger):
    assert "page" in error(api_client.get(f"/api/ledgers/{seed_ledger.pk}/tasks", {"page": 0}), 422)
    message = error(api_client.get(f"/api/ledgers/{seed_ledger.pk}/tasks", {"page_size": "许多"}), 422)
    assert "page_size" in message and "整数" in message


def test_task_1_46_in_full(api_client, seed_ledger):
    task = read(api_client.get(f"/api/ledgers/{seed_ledger.pk}/tasks/1-46"))
    assert task["code"] == "1-46" and task["number"] == "46"
    assert task["text"].startswith("聚全市之力培育发展义新欧班列")
    assert task["group"] == "邵国强副市长牵头的重点工作"
    assert [(l["name"], l["title"]) for l in task["leaders"]] == [("邵国强", "副市长")]
    assert [u["name"] for u in task["lead_units"]] == ["市商务局", "义乌市政府"]
    assert {u["source"] for u in task["lead_units"]} == {"text"}
    cooperating = [u["name"] for u in task["cooperating_units"]]
    assert "浙中公铁联运建设指挥部" in cooperating and "金华海关" in cooperating and len(cooperating) == 9
    assert all(u["id"] == Unit.objects.get(name=u["name"]).pk for u in task["lead_units"] + task["cooperating_units"])
    targets = {t["text"]: t for t in task["targets"]}
    assert targets["往返400列"]["value"] == 400 and targets["往返400列"]["task"] == "1-46"
    assert targets["中亚班列100列"]["parent"] == targets["往返400列"]["id"]
    assert task["version"] == Task.objects.get(ledger=seed_ledger, code="1-46").version
    assert task["url"] == f"http://testserver/ledgers/{seed_ledger.pk}/tasks/1-46/"


def test_units_added_by_the_notice_rule_are_listed_with_their_source(api_client, seed_ledger):
    task = read(api_client.get(f"/api/ledgers/{seed_ledger.pk}/tasks/1-1"))
    by_rule = [u["name"] for u in task["cooperating_units"] if u["source"] == "rule"]
    assert len(by_rule) == 12 and "婺城区政府" in by_rule
    assert {u["source_label"] for u in task["cooperating_units"] if u["source"] == "rule"} == {"通知规则"}


def test_list_items_match_the_detail(api_client, seed_ledger):
    listed = {task["code"]: task for task in all_items(api_client, f"/api/ledgers/{seed_ledger.pk}/tasks")}
    assert len(listed) == 107
    assert listed["1-46"] == read(api_client.get(f"/api/ledgers/{seed_ledger.pk}/tasks/1-46"))
    assert sum(len(task["targets"]) for task in listed.values()) == Target.objects.filter(task__ledger=seed_ledger).count()


def test_unit_and_role_filters_agree_with_the_task_list_page(api_client, seed_ledger):
    assert tasks(api_client, seed_ledger, unit="市建设局")["count"] == 39
    assert tasks(api_client, seed_ledger, unit="市建设局", role="lead")["count"] == 10
    assert tasks(api_client, seed_ledger, unit="市建设局", role="cooperating")["count"] == 29
    by_id = tasks(api_client, seed_ledger, unit=Unit.objects.get(name="市建设局").pk, role="lead")
    assert by_id["count"] == 10
    assert "1-46" in codes(tasks(api_client, seed_ledger, unit="义乌市政府", role="lead", page_size=200))


def test_unit_filter_accepts_an_alias(api_client, seed_ledger, jinhua):
    UnitAlias.objects.create(jurisdiction=jinhua, unit=Unit.objects.get(name="市建设局"), name="市住建局")
    assert tasks(api_client, seed_ledger, unit="市住建局", role="lead")["count"] == 10


def test_leader_filter_and_search(api_client, seed_ledger):
    shao = Leader.objects.get(name="邵国强")
    body = tasks(api_client, seed_ledger, leader=shao.pk)
    assert body["count"] == 11 and "1-46" in codes(body)
    for q in ("义新欧", "往返４００列", "浙中公铁联运"):
        body = tasks(api_client, seed_ledger, q=q)
        assert "1-46" in codes(body) and body["count"] < 107
    assert tasks(api_client, seed_ledger, q="火星基地")["count"] == 0
    assert tasks(api_client, seed_ledger, q="1-46", leader=shao.pk)["count"] == 1


def test_bad_filters_are_422_naming_the_field(api_client, seed_ledger):
    url = f"/api/ledgers/{seed_ledger.pk}/tasks"
    message = error(api_client.get(url, {"unit": "火星局"}), 422)
    assert "unit" in message and "单位库中没有“火星局”" in message
    assert "unit" in error(api_client.get(url, {"unit": 987654}), 422)
    message = error(api_client.get(url, {"role": "boss", "unit": "市建设局"}), 422)
    assert "role" in message and "lead" in message and "cooperating" in message
    assert "role" in error(api_client.get(url, {"role": "lead"}), 422)  # a role means nothing without a unit
    assert "leader" in error(api_client.get(url, {"leader": "邵国强"}), 422)
    assert "leader" in error(api_client.get(url, {"leader": 987654}), 422)
    assert "q" in error(api_client.get(url, {"q": "长" * 101}), 422)
