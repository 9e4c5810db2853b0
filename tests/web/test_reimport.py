"""Re-importing a corrected notice: a diff by task code, then only the changed tasks are updated, each in its history."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from luoshi.audit.models import AuditEvent
from luoshi.ledger.models import Ledger, SourceFile, Task
from luoshi.ledger.reimport import compute_diff
from luoshi.ledger.services import ServiceError, StaleEdit, apply_reimport, import_notice, parse_upload, publish_ledger, update_task
from luoshi.units.models import Unit

OLD_TASK2 = "建设浙江政务服务网金华分厅升级版"
NEW_TASK2 = "建设浙江政务服务网金华分厅2.0版"
OLD_COOP46 = "配合单位:市发改委、市经信委、市财政(地税)局、市交通运输局、市外侨办、金华海关"
NEW_COOP46 = "配合单位:市发改委、市经信委、市财政(地税)局、市交通运输局、市口岸办、金华海关"


@pytest.fixture
def corrected(seed_bytes) -> bytes:
    """The seed with task 1-2's text and task 1-46's 配合单位 line changed, nothing else."""
    text = seed_bytes.decode("utf-8")
    assert text.count(OLD_TASK2) == 1 and text.count(OLD_COOP46) == 1
    return text.replace(OLD_TASK2, NEW_TASK2).replace(OLD_COOP46, NEW_COOP46).encode("utf-8")


@pytest.fixture
def published(seed_ledger, office):
    return publish_ledger(actor=office, ledger=seed_ledger)


@pytest.fixture(autouse=True)
def pending_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def diff_of(ledger, data: bytes):
    notice, _ = parse_upload(data, "corrected.txt", ledger.jurisdiction)
    return compute_diff(ledger, notice, hashlib.sha256(data).hexdigest())


def snapshot(ledger) -> dict[str, tuple]:
    return {t.code: (t.version, t.updated_at, t.text) for t in Task.objects.filter(ledger=ledger)}


def test_the_diff_names_exactly_the_two_changed_tasks(published, corrected):
    diff = diff_of(published, corrected)
    assert [t.code for t in diff.changed] == ["1-2", "1-46"]
    assert diff.added == [] and diff.removed == [] and diff.ledger_changes == [] and diff.unchanged == 105
    task2, task46 = diff.changed
    assert [c.field for c in task2.changes] == ["text"]
    assert OLD_TASK2 in task2.changes[0].old and NEW_TASK2 in task2.changes[0].new
    assert [c.field for c in task46.changes] == ["cooperating_units"]
    assert task46.changes[0].removed == ["市外侨办"] and task46.changes[0].added == ["市口岸办"]
    assert diff.new_units == ["市口岸办"]


def test_applying_updates_only_the_changed_tasks(published, corrected, office):
    before = snapshot(published)
    events = AuditEvent.objects.count()
    diff = diff_of(published, corrected)

    apply_reimport(actor=office, ledger=published, data=corrected, filename="corrected.txt", expected_fingerprint=diff.fingerprint)

    after = snapshot(published)
    assert {code for code in before if before[code] != after[code]} == {"1-2", "1-46"}
    assert after["1-2"][0] == before["1-2"][0] + 1 and after["1-46"][0] == before["1-46"][0] + 1
    assert NEW_TASK2 in after["1-2"][2]
    task46 = Task.objects.get(ledger=published, code="1-46")
    cooperating = set(task46.assignments.filter(role="cooperating").values_list("unit__name", flat=True))
    assert "市口岸办" in cooperating and "市外侨办" not in cooperating
    assert list(task46.assignments.filter(role="lead").values_list("unit__name", flat=True)) == ["市商务局", "义乌市政府"]
    assert task46.targets.count() == 2  # untouched
    # one task.update per changed task, with before and after; one ledger.reimport
    updates = AuditEvent.objects.filter(action="task.update").order_by("id")
    assert [e.task_id for e in updates] == [Task.objects.get(ledger=published, code=c).id for c in ("1-2", "1-46")]
    assert OLD_TASK2 in updates[0].before["text"] and NEW_TASK2 in updates[0].after["text"]
    assert "市外侨办" in updates[1].before["cooperating_units"] and "市口岸办" in updates[1].after["cooperating_units"]
    reimport = AuditEvent.objects.get(action="ledger.reimport")
    assert reimport.after["changed"] == 2 and reimport.after["sha256"] == hashlib.sha256(corrected).hexdigest()
    assert AuditEvent.objects.count() == events + 2 + 1 + 1  # two updates, the new unit, the re-import
    # the corrected file is kept and is now the ledger's source; the original is kept too
    published.refresh_from_db()
    assert published.source.sha256 == hashlib.sha256(corrected).hexdigest() and bytes(published.source.content) == corrected
    assert SourceFile.objects.count() == 2 and published.status == "published"


def test_the_same_file_as_the_current_source_is_no_change(published, seed_bytes, office):
    diff = diff_of(published, seed_bytes)
    assert diff.same_source and diff.empty
    with pytest.raises(ServiceError, match="没有变化"):
        apply_reimport(actor=office, ledger=published, data=seed_bytes, filename="again.txt")
    assert SourceFile.objects.count() == 1 and not AuditEvent.objects.filter(action="ledger.reimport").exists()


def test_applying_twice_changes_nothing_the_second_time(published, corrected, office):
    apply_reimport(actor=office, ledger=published, data=corrected, filename="corrected.txt")
    before = snapshot(published)
    with pytest.raises(ServiceError, match="没有变化"):
        apply_reimport(actor=office, ledger=published, data=corrected, filename="corrected.txt")
    assert snapshot(published) == before


def test_an_edit_after_the_diff_was_shown_makes_it_stale(published, corrected, office):
    diff = diff_of(published, corrected)
    task = Task.objects.get(ledger=published, code="1-3")
    update_task(actor=office, task=task, expected_version=task.version, deadline_text="2018年底前")
    before = snapshot(published)
    with pytest.raises(StaleEdit, match="预览差异之后台账已被修改"):
        apply_reimport(actor=office, ledger=published, data=corrected, filename="c.txt", expected_fingerprint=diff.fingerprint)
    assert snapshot(published) == before and SourceFile.objects.count() == 1


def test_added_and_removed_tasks(published, seed_bytes, office):
    text = seed_bytes.decode("utf-8")
    start = text.rindex("  22.开工建设棚改安置住房")  # the last livelihood project goes, a new 23 comes
    end = text.index("牵头单位:市建设局\n", start) + len("牵头单位:市建设局\n")
    data = (text[:start] + "  23.建设城市书房10家。\n\n  牵头单位:市文广新局\n" + text[end:]).encode("utf-8")
    diff = diff_of(published, data)
    assert [t.code for t in diff.added] == ["2-23"] and [t.code for t in diff.removed] == ["2-22"]
    assert diff.changed == []
    apply_reimport(actor=office, ledger=published, data=data, filename="c.txt", expected_fingerprint=diff.fingerprint)
    codes = set(Task.objects.filter(ledger=published).values_list("code", flat=True))
    assert "2-23" in codes and "2-22" not in codes and len(codes) == 107
    added = Task.objects.get(ledger=published, code="2-23")
    assert list(added.assignments.filter(role="lead").values_list("unit__name", flat=True)) == ["市文广新局"]
    assert AuditEvent.objects.filter(action="task.create", task_id=added.id).exists()
    assert AuditEvent.objects.get(action="task.delete").before["text"]


def test_importing_the_original_file_after_a_reimport_finds_the_ledger(published, corrected, office, jinhua, seed_bytes):
    apply_reimport(actor=office, ledger=published, data=corrected, filename="corrected.txt")
    again = import_notice(actor=office, jurisdiction=jinhua, data=seed_bytes, filename="original.txt")
    assert not again.created and again.ledger == published
    again = import_notice(actor=office, jurisdiction=jinhua, data=corrected, filename="corrected.txt")
    assert not again.created and again.ledger == published
    assert Ledger.objects.count() == 1


def test_a_merged_spelling_is_no_change(published, office, seed_bytes):
    """After 市财政(地税)局 was merged into 市财政局, a notice that writes either name changes nothing."""
    from luoshi.units.services import merge_units

    merge_units(office, Unit.objects.get(name="市财政(地税)局"), Unit.objects.get(name="市财政局"))
    text = seed_bytes.decode("utf-8").replace("配合单位:市发改委、市经信委、市财政(地税)局", "配合单位:市发改委、市经信委、市财政局", 1)
    diff = diff_of(published, text.encode("utf-8"))
    assert diff.changed == [] and diff.empty


# --- the pages ----------------------------------------------------------------------------------------


def test_upload_shows_the_diff_and_apply_updates(office_client, published, corrected):
    url = f"/ledgers/{published.pk}/reimport/"
    assert "导入修订后的通知" in office_client.get(url).content.decode()
    response = office_client.post(url, {"file": SimpleUploadedFile("corrected.txt", corrected)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>2</strong> 项修改" in page and "1-2" in page and "1-46" in page and "应用这些修改" in page
    assert "<del>升级</del>" in page and "<ins>2.0</ins>" in page
    assert "删去：市外侨办" in page and "增加：市口岸办" in page
    assert Task.objects.get(ledger=published, code="1-2").version == 1  # nothing applied yet
    sha = hashlib.sha256(corrected).hexdigest()
    fingerprint = page.split('name="fingerprint" value="')[1].split('"')[0]
    response = office_client.post(
        f"/ledgers/{published.pk}/reimport/apply/", {"sha256": sha, "filename": "corrected.txt", "fingerprint": fingerprint}
    )
    assert response.status_code == 302 and response["Location"] == f"/ledgers/{published.pk}/review/"
    assert NEW_TASK2 in Task.objects.get(ledger=published, code="1-2").text
    assert "修改 2 项" in office_client.get(response["Location"]).content.decode()
    # applying again: the stash is gone
    response = office_client.post(f"/ledgers/{published.pk}/reimport/apply/", {"sha256": sha, "filename": "c.txt", "fingerprint": fingerprint})
    assert "已过期或已应用" in response.content.decode()


def test_same_file_page_says_no_change(office_client, published, seed_bytes):
    response = office_client.post(f"/ledgers/{published.pk}/reimport/", {"file": SimpleUploadedFile("same.txt", seed_bytes)})
    assert response.status_code == 200 and "没有变化" in response.content.decode()
    assert "应用这些修改" not in response.content.decode()


def test_bad_reimport_uploads_store_nothing(office_client, published):
    url = f"/ledgers/{published.pk}/reimport/"
    page = office_client.post(url, {"file": SimpleUploadedFile("x.exe", b"MZ\x00\x01" * 100)}).content.decode()
    assert "不支持文件“x.exe”的文件类型" in page
    page = office_client.post(url, {"file": SimpleUploadedFile("big.txt", b"x" * (21 * 1024 * 1024))}).content.decode()
    assert "超过了 20 MB 的上限" in page
    page = office_client.post(url, {"text": "没有任务的文字"}).content.decode()
    assert "找到任何任务" in page
    page = office_client.post(f"/ledgers/{published.pk}/reimport/apply/", {"sha256": "../../etc/passwd", "fingerprint": "x"}).content.decode()
    assert "请重新上传" in page
    assert SourceFile.objects.count() == 1 and not AuditEvent.objects.filter(action="ledger.reimport").exists()


def test_the_diff_page_queries_do_not_grow_with_the_ledger(office_client, office, jinhua):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from test_review_page import synthetic_notice

    from luoshi.ledger.services import import_text

    counts = []
    for size in (3, 2000):
        text = synthetic_notice(size).replace("金政办发〔2018〕99号", f"金政办发〔2018〕{size}号")
        ledger = import_text(actor=office, jurisdiction=jinhua, text=text).ledger
        corrected = text.replace("2.推进第2项工作", "2.全面推进第2项工作").encode("utf-8")
        office_client.get(f"/ledgers/{ledger.pk}/reimport/")
        with CaptureQueriesContext(connection) as queries:
            response = office_client.post(f"/ledgers/{ledger.pk}/reimport/", {"file": SimpleUploadedFile("c.txt", corrected)})
        assert "<strong>1</strong> 项修改" in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
