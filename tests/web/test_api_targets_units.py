"""GET /api/ledgers/{id}/targets, /api/units and /api/units/{id}."""

from api_helpers import all_items, api_client, error, fresh_rate_limits, office_token, read  # noqa: F401

from luoshi.ledger.models import Target
from luoshi.units.models import Unit, UnitAlias


def test_targets_of_the_seed(api_client, seed_ledger):
    body = read(api_client.get(f"/api/ledgers/{seed_ledger.pk}/targets"))
    assert body["count"] == Target.objects.filter(task__ledger=seed_ledger).count() > 100
    first = body["items"][0]
    assert first["task"] == "1-1" and first["text"] == "地区生产总值增长7%左右"
    assert (first["indicator"], first["comparator"], first["value"], first["unit"], first["direction"]) == ("地区生产总值", "~", 7.0, "%", "growth")
    everything = all_items(api_client, f"/api/ledgers/{seed_ledger.pk}/targets")
    loans = [t for t in everything if t["text"].startswith("新增贷款")]
    assert loans and loans[0]["base_value"] == 500 * 10**8 and loans[0]["comparator"] == ">="


def test_unit_list_search_and_detail(api_client, seed_ledger, jinhua):
    body = read(api_client.get("/api/units", {"page_size": 200}))
    assert body["count"] == Unit.objects.canonical().count()
    names = [u["name"] for u in body["items"]]
    assert "市商务局" in names and "各县(市、区)政府" in names
    collective = next(u for u in body["items"] if u["name"] == "各县(市、区)政府")
    assert collective["is_collective"] is True and collective["jurisdiction"] == "金华市"

    UnitAlias.objects.create(jurisdiction=jinhua, unit=Unit.objects.get(name="市建设局"), name="市住建局")
    found = read(api_client.get("/api/units", {"q": "住建"}))["items"]
    assert [u["name"] for u in found] == ["市建设局"] and found[0]["aliases"] == ["市住建局"]
    assert read(api_client.get("/api/units", {"jurisdiction": jinhua.pk + 99}))["count"] == 0

    unit = Unit.objects.get(name="市商务局")
    detail = read(api_client.get(f"/api/units/{unit.pk}"))
    assert detail["name"] == "市商务局" and detail["kind"] == unit.kind and detail["kind_label"] == unit.get_kind_display()
    assert error(api_client.get(f"/api/units/{unit.pk + 10000}"), 404) == "单位不存在或无权查看"
    assert "jurisdiction" in error(api_client.get("/api/units", {"jurisdiction": "金华"}), 422)
