"""Security labels (密级标识) in the internal pages: badges, the per-task form, the per-section buttons,
who may use them (task.label in the ledger's jurisdiction), stale forms and bad input."""

import pytest

from luoshi.audit.models import AuditEvent
from luoshi.ledger.models import Leader, SecurityLabel, Task
from luoshi.ledger.services import ServiceError, set_section_label, update_task
from luoshi.units.models import Jurisdiction, JurisdictionLevel, Unit
from personas import make_user


def label_url(ledger, code):
    return f"/ledgers/{ledger.pk}/tasks/{code}/label/"


def section_url(ledger, index):
    return f"/ledgers/{ledger.pk}/sections/{index}/label/"


def labels(ledger, **filters):
    return list(Task.objects.filter(ledger=ledger, **filters).values_list("security_label", flat=True))


@pytest.fixture
def reporter(seed_ledger):
    """A reporter of 市建设局, which leads or cooperates on tasks of the seed ledger."""
    return make_user("jianshe", "unit_reporter", unit=Unit.objects.get(jurisdiction=seed_ledger.jurisdiction, name="市建设局"))


@pytest.fixture
def leader(seed_ledger):
    return make_user("lingdao", "leader", leader=Leader.objects.get(name="邵国强"))


@pytest.fixture
def published(seed_ledger, office):
    from luoshi.ledger.services import publish_ledger

    return publish_ledger(actor=office, ledger=seed_ledger)


def test_task_list_and_detail_show_the_label_as_a_badge(office_client, seed_ledger, office):
    task = Task.objects.get(ledger=seed_ledger, code="2-1")
    set_section_label(office, task.section, SecurityLabel.PUBLIC)
    listing = office_client.get(f"/ledgers/{seed_ledger.pk}/tasks/").content.decode()
    assert listing.count('<span class="badge grey">内部</span>') == 50  # first page: tasks of 附件1
    listing = office_client.get(f"/ledgers/{seed_ledger.pk}/tasks/", {"section": task.section_id}).content.decode()
    assert listing.count('<span class="badge green">公开</span>') == 22
    detail = office_client.get(f"/ledgers/{seed_ledger.pk}/tasks/2-1/").content.decode()
    assert '<span class="badge green" title="密级标识">公开</span>' in detail
    detail = office_client.get(f"/ledgers/{seed_ledger.pk}/tasks/1-1/").content.decode()
    assert '<span class="badge grey" title="密级标识">内部</span>' in detail


def test_office_admin_labels_a_task_and_the_audit_row_says_before_and_after(office_client, seed_ledger):
    task = Task.objects.get(ledger=seed_ledger, code="1-46")
    page = office_client.get(f"/ledgers/{seed_ledger.pk}/tasks/1-46/").content.decode()
    assert f'action="{label_url(seed_ledger, "1-46")}"' in page and f'name="version" value="{task.version}"' in page
    response = office_client.post(label_url(seed_ledger, "1-46"), {"label": "public", "version": task.version}, follow=True)
    assert response.redirect_chain[-1][0] == f"/ledgers/{seed_ledger.pk}/tasks/1-46/"
    assert "任务 1-46 的密级标识已改为“公开”" in response.content.decode()
    task.refresh_from_db()
    assert task.security_label == "public"
    event = AuditEvent.objects.get(action="task.label", task_id=task.id)
    assert event.before == {"security_label": "internal"} and event.after == {"security_label": "public"}
    assert event.actor.username == "duban" and event.ledger_id == seed_ledger.pk
    history = office_client.get(f"/ledgers/{seed_ledger.pk}/tasks/1-46/", {"tab": "history"}).content.decode()
    assert "修改密级标识" in history


@pytest.mark.parametrize("who", ["reporter", "leader"])
def test_unit_reporters_and_leaders_may_not_label(client, published, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    visible = Task.objects.visible_to(user).filter(ledger=published).first()
    assert visible is not None
    code = visible.code
    page = client.get(f"/ledgers/{published.pk}/tasks/{code}/").content.decode()
    assert "/label/" not in page and "密级标识" in page  # the badge, not the form
    response = client.post(label_url(published, code), {"label": "public", "version": visible.version})
    assert response.status_code == 403
    assert client.post(section_url(published, 2), {"label": "public"}).status_code == 403
    assert labels(published, security_label="public") == []
    assert not AuditEvent.objects.filter(action="task.label").exists()
    overview = client.get(f"/ledgers/{published.pk}/").content.decode()
    assert "本附件全部设为公开" not in overview


def test_the_reviewer_without_task_label_gets_403(client, seed_ledger, jinhua):
    client.force_login(make_user("shenhe", "office_reviewer", jurisdiction=jinhua))
    task = Task.objects.get(ledger=seed_ledger, code="1-1")
    assert client.post(label_url(seed_ledger, "1-1"), {"label": "public", "version": task.version}).status_code == 403


def test_another_jurisdictions_office_gets_404_and_the_security_admin_may_label(client, seed_ledger, jinhua):
    county = Jurisdiction.objects.create(name="婺城区", level=JurisdictionLevel.COUNTY, parent=jinhua)
    client.force_login(make_user("wucheng", "county_office", jurisdiction=county))
    task = Task.objects.get(ledger=seed_ledger, code="1-1")
    assert client.post(label_url(seed_ledger, "1-1"), {"label": "public", "version": task.version}).status_code == 404
    client.force_login(make_user("secadmin", "security_admin", jurisdiction=jinhua))
    response = client.post(label_url(seed_ledger, "1-1"), {"label": "public", "version": task.version})
    assert response.status_code == 302
    assert labels(seed_ledger, code="1-1") == ["public"]


def test_a_stale_form_is_refused_with_a_chinese_message(office_client, seed_ledger, office):
    task = Task.objects.get(ledger=seed_ledger, code="1-46")
    loaded = task.version
    update_task(actor=office, task=task, expected_version=loaded, deadline_text="年底前")  # someone else saved first
    response = office_client.post(label_url(seed_ledger, "1-46"), {"label": "public", "version": loaded}, follow=True)
    assert "该任务已被他人修改，请刷新页面后重新修改" in response.content.decode()
    assert labels(seed_ledger, code="1-46") == ["internal"]
    assert not AuditEvent.objects.filter(action="task.label").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"label": "secret"}, "密级标识只能是“公开”或“内部”，收到“secret”"),
        ({"label": ""}, "请选择密级标识"),
        ({"label": "public", "version": "abc"}, "表单缺少任务的版本号"),
        ({"label": "public", "version": None}, "表单缺少任务的版本号"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(office_client, seed_ledger, data, message):
    task = Task.objects.get(ledger=seed_ledger, code="1-46")
    data = {k: v for k, v in {"version": task.version, **data}.items() if v is not None}
    response = office_client.post(label_url(seed_ledger, "1-46"), data, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert labels(seed_ledger, code="1-46") == ["internal"]


def test_label_views_answer_post_only_and_404_for_unknown_tasks(office_client, seed_ledger):
    assert office_client.get(label_url(seed_ledger, "1-46")).status_code == 405
    assert office_client.get(section_url(seed_ledger, 2)).status_code == 405
    assert office_client.post(label_url(seed_ledger, "9-99"), {"label": "public", "version": 1}).status_code == 404
    assert office_client.post(section_url(seed_ledger, 9), {"label": "public"}).status_code == 404
    assert office_client.post(f"/ledgers/{seed_ledger.pk + 100}/sections/2/label/", {"label": "public"}).status_code == 404


def test_a_whole_section_is_labelled_in_one_go(office_client, seed_ledger):
    overview = office_client.get(f"/ledgers/{seed_ledger.pk}/").content.decode()
    assert f'action="{section_url(seed_ledger, 2)}"' in overview and "本附件全部设为公开" in overview
    assert "全部设为内部" not in overview  # nothing is public yet
    response = office_client.post(section_url(seed_ledger, 2), {"label": "public"}, follow=True)
    html = response.content.decode()
    assert "已有 22 项任务改为“公开”" in html
    assert labels(seed_ledger, section__index=2) == ["public"] * 22
    assert labels(seed_ledger, section__index=1) == ["internal"] * 85
    events = AuditEvent.objects.filter(action="task.label")
    assert events.count() == 22 and {e.after["security_label"] for e in events} == {"public"}
    assert len({e.task_id for e in events}) == 22
    assert "全部设为内部" in html and '<span class="badge green">22</span>' in html

    again = office_client.post(section_url(seed_ledger, 2), {"label": "public"}, follow=True).content.decode()
    assert "的任务已全部是“公开”，未做修改" in again
    assert AuditEvent.objects.filter(action="task.label").count() == 22

    back = office_client.post(section_url(seed_ledger, 2), {"label": "internal"}, follow=True).content.decode()
    assert "已有 22 项任务改为“内部”" in back
    assert AuditEvent.objects.filter(action="task.label").count() == 44
    bad = office_client.post(section_url(seed_ledger, 2), {"label": "绝密"}, follow=True).content.decode()
    assert "密级标识只能是“公开”或“内部”" in bad


def test_section_labelling_changes_only_what_differs_and_bumps_versions(seed_ledger, office):
    section = seed_ledger.sections.get(index=2)
    one = Task.objects.get(ledger=seed_ledger, code="2-1")
    set_section_label(office, section, "public")
    one.refresh_from_db()
    assert one.version == 2  # a form loaded before the bulk change is now stale
    first = Task.objects.get(ledger=seed_ledger, code="2-2")
    from luoshi.ledger.services import set_security_label

    set_security_label(actor=office, task=first, label="internal", expected_version=first.version)
    assert set_section_label(office, section, "public") == 1
    with pytest.raises(ServiceError, match="密级标识只能是"):
        set_section_label(office, section, "top-secret")


def test_section_labelling_is_one_transaction(seed_ledger, office, monkeypatch):
    """A failure half-way (here: the fifth audit row) leaves every task as it was."""
    from luoshi.ledger import services

    calls = []
    real = services.record

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 5:
            raise RuntimeError("audit store unavailable")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "record", failing)
    with pytest.raises(RuntimeError):
        set_section_label(office, seed_ledger.sections.get(index=2), "public")
    assert labels(seed_ledger, security_label="public") == []
    assert not AuditEvent.objects.filter(action="task.label").exists()
