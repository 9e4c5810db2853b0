"""import_notice: the seed becomes a draft ledger; the same file again changes nothing; bad files store nothing."""

import pytest

from luoshi.audit.models import AuditEvent
from luoshi.ledger.models import Assignment, ImportWarning, Ledger, LedgerStatus, SourceFile, Target, Task
from luoshi.ledger.services import ImportRejected, import_notice, import_text, publish_ledger
from luoshi.units.models import Unit


def test_seed_becomes_a_draft_ledger(seed_ledger, seed_bytes):
    ledger = seed_ledger
    assert ledger.status == LedgerStatus.DRAFT
    assert ledger.year == 2018 and ledger.doc_number == "金政办发〔2018〕23号"
    assert ledger.source.size == len(seed_bytes) and len(ledger.source.sha256) == 64
    assert bytes(ledger.source.content) == seed_bytes
    assert Task.objects.filter(ledger=ledger).count() == 107
    assert [s.title for s in ledger.sections.all()] == ["2018年政府工作报告重点工作责任分解", "2018年十方面民生实事责任分解"]
    construction = Assignment.objects.filter(task__ledger=ledger, unit__name="市建设局")
    assert construction.count() == 39
    assert construction.filter(role="lead").count() == 10
    task46 = Task.objects.get(ledger=ledger, code="1-46")
    assert list(task46.assignments.filter(role="lead").values_list("unit__name", flat=True)) == ["市商务局", "义乌市政府"]
    assert [l.name for l in task46.leaders.all()] == ["邵国强"]
    task1 = Task.objects.get(ledger=ledger, code="1-1")
    implied = task1.assignments.filter(source="rule")
    assert implied.count() == 12 and implied.first().rule.code == "R1"
    assert Target.objects.filter(task__ledger=ledger).count() == 155
    sub = Target.objects.get(task=task46, order=1)
    assert sub.parent.text == "往返400列" and sub.text == "中亚班列100列"
    assert ImportWarning.objects.filter(ledger=ledger, code="suspected_alias").count() == 12
    collective = Unit.objects.get(name="各县(市、区)政府")
    assert collective.is_collective and collective.members.count() == 9
    event = AuditEvent.objects.get(action="ledger.import")
    assert event.ledger_id == ledger.id and event.actor.username == "duban"


def test_same_file_again_changes_nothing(seed_ledger, jinhua, office, seed_bytes):
    events = AuditEvent.objects.count()
    again = import_notice(actor=office, jurisdiction=jinhua, data=seed_bytes, filename="copy.txt")
    assert not again.created and again.ledger == seed_ledger
    assert Ledger.objects.count() == 1 and SourceFile.objects.count() == 1
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    "data, filename, message",
    [
        (b"", "empty.txt", "中找到任何任务"),
        (b"\x00\x01\x02" * 500, "junk.bin", "不支持"),
        ("<html><body><p>新闻</p></body></html>".encode(), "page.html", "中找到任何任务"),
        (b"PK\x03\x04broken", "notice.docx", "docx"),
    ],
)
def test_bad_uploads_store_nothing(jinhua, office, data, filename, message):
    with pytest.raises(ImportRejected) as err:
        import_notice(actor=office, jurisdiction=jinhua, data=data, filename=filename)
    assert message.lower() in str(err.value).lower()
    assert Ledger.objects.count() == 0 and SourceFile.objects.count() == 0 and Task.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_oversized_upload_is_refused(jinhua, office, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ImportRejected, match="超过了"):
        import_notice(actor=office, jurisdiction=jinhua, data=b"1.x\n" * 1000, filename="big.txt")
    assert Ledger.objects.count() == 0


def test_pasted_text_and_publish(jinhua, office, seed_bytes):
    result = import_text(actor=office, jurisdiction=jinhua, text=seed_bytes.decode("utf-8"))
    assert result.created and result.ledger.source.filename == "粘贴的通知.txt"
    published = publish_ledger(actor=office, ledger=result.ledger)
    assert published.status == LedgerStatus.PUBLISHED and published.published_at
    assert AuditEvent.objects.filter(action="ledger.publish", ledger_id=published.id).count() == 1
