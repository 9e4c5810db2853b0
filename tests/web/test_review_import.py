"""/import/: upload or paste a notice → draft ledger → review page; bad input gets a Chinese message and stores nothing."""

from __future__ import annotations

import io
import urllib.parse
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from luoshi.audit.models import AuditEvent
from luoshi.ledger.models import Assignment, Ledger, SourceFile, Task
from luoshi.units.models import Unit

URL = "/import/"


def nothing_stored():
    return Ledger.objects.count() == 0 and SourceFile.objects.count() == 0 and Task.objects.count() == 0 and AuditEvent.objects.count() == 0


def upload(client, data: bytes, name: str, **extra):
    return client.post(URL, {"file": SimpleUploadedFile(name, data), "jurisdiction": extra.pop("jurisdiction"), **extra})


def test_the_page_offers_upload_paste_and_the_only_jurisdiction(office_client, jinhua):
    response = office_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'type="file"' in page and 'name="text"' in page
    assert f'<option value="{jinhua.pk}" selected>金华市</option>' in page
    assert 'enctype="multipart/form-data"' in page


def test_anonymous_visitors_are_sent_to_login(client, jinhua):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_uploading_the_seed_opens_its_review_page(office_client, jinhua, seed_bytes):
    response = upload(office_client, seed_bytes, "jinhua-2018-notice.txt", jurisdiction=jinhua.pk)
    ledger = Ledger.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ledger:review", args=[ledger.pk])
    assert ledger.tasks.count() == 107
    assert bytes(ledger.source.content) == seed_bytes
    page = office_client.get(response["Location"]).content.decode()
    assert "已导入 107 项任务，请核对后发布" in page


def test_pasted_text_becomes_a_ledger(office_client, jinhua, seed_bytes):
    response = office_client.post(URL, {"text": seed_bytes.decode("utf-8"), "jurisdiction": jinhua.pk})
    ledger = Ledger.objects.get()
    assert response.status_code == 302 and ledger.tasks.count() == 107
    assert ledger.source.filename == "粘贴的通知.txt"
    assert Assignment.objects.filter(task__ledger=ledger, unit__name="市建设局", role="lead").count() == 10


def test_same_file_twice_makes_one_ledger_and_links_to_it(office_client, jinhua, seed_bytes):
    upload(office_client, seed_bytes, "a.txt", jurisdiction=jinhua.pk)
    events = AuditEvent.objects.count()
    response = upload(office_client, seed_bytes, "copy-of-a.txt", jurisdiction=jinhua.pk)
    ledger = Ledger.objects.get()
    assert response.status_code == 200
    page = response.content.decode()
    notice = page[page.index('class="flash info"') : page.index("</p>", page.index('class="flash info"'))]
    assert "该文件已导入过" in notice and "未做任何修改" in notice
    assert f'<a href="{reverse("ledger:review", args=[ledger.pk])}">打开台账' in notice
    assert Ledger.objects.count() == 1 and SourceFile.objects.count() == 1 and AuditEvent.objects.count() == events


def test_a_gbk_file_without_a_charset_is_read_as_gbk(office_client, jinhua, seed_bytes):
    """Many notices are saved as GBK with nothing saying so: they import with the same units, not mojibake."""
    gbk = seed_bytes.decode("utf-8").replace("\xa0", " ").encode("gbk")
    response = upload(office_client, gbk, "notice-gbk.txt", jurisdiction=jinhua.pk)
    assert response.status_code == 302
    ledger = Ledger.objects.get()
    assert ledger.tasks.count() == 107
    assert Assignment.objects.filter(task__ledger=ledger, unit__name="市建设局").count() == 39


def test_gbk_form_text_without_a_charset_is_refused_clearly(office_client, jinhua, seed_bytes):
    """A form posted in GBK but read as UTF-8 would import garbage: refused with the reason instead."""
    body = urllib.parse.urlencode({"text": seed_bytes.decode("utf-8").replace("\xa0", " "), "jurisdiction": jinhua.pk}, encoding="gbk")
    response = office_client.post(URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert "GBK" in response.content.decode() and "未导入" in response.content.decode()
    assert nothing_stored()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1 << 20)
            for _ in range(8):
                member.write(chunk)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data, name, expected",
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(range(256)) * 20, "setup.exe", "不支持文件“setup.exe”的文件类型"),
        (None, "bomb.docx", "疑似压缩炸弹"),
        (b"", "empty.txt", "所选文件是空的（0 字节），未导入"),
        ("关于做好春节期间安全生产工作的通知\n各单位要高度重视。\n".encode(), "news.txt", "找到任何任务"),
        (bytes([0x81, 0x30, 0xFE, 0xFF, 0xC0, 0x80]) * 400 + b"\x00\x01", "broken.txt", "不是可识别的文本文件"),
    ],
    ids=["exe", "zip-bomb", "empty", "no-tasks", "undecodable"],
)
def test_bad_uploads_get_a_message_on_the_page_and_store_nothing(office_client, jinhua, data, name, expected):
    data = _zip_bomb() if data is None else data
    response = upload(office_client, data, name, jurisdiction=jinhua.pk, year="2018")
    assert response.status_code == 200
    page = response.content.decode()
    assert expected in page and 'class="flash error"' in page
    assert 'value="2018"' in page  # the form is kept
    assert nothing_stored()


def test_a_21_mb_upload_is_refused_with_the_cap_in_chinese(office_client, jinhua):
    response = upload(office_client, b"1." + b"x" * (21 * 1024 * 1024), "huge.txt", jurisdiction=jinhua.pk)
    assert response.status_code == 200
    page = response.content.decode()
    assert "超过了 20 MB 的上限" in page and "未导入" in page
    assert nothing_stored()


def test_a_file_just_over_the_cap_but_inside_the_request_limit_is_refused_too(office_client, jinhua):
    response = upload(office_client, b"x" * (20 * 1024 * 1024 + 512 * 1024), "big.txt", jurisdiction=jinhua.pk)
    assert response.status_code == 200
    assert "20.5 MB，超过了 20 MB 的上限" in response.content.decode()
    assert nothing_stored()


def test_21_mb_of_pasted_text_is_refused_not_a_400(office_client, jinhua, settings):
    """A form body over DATA_UPLOAD_MAX_MEMORY_SIZE makes Django raise RequestDataTooBig: answered in Chinese."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024  # what parsing refuses, below the Content-Length pre-check
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    body = urllib.parse.urlencode({"text": "任" * (3 * 1024 * 1024), "jurisdiction": jinhua.pk})
    response = office_client.post(URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert "超过了 10 MB 的上限" in response.content.decode()
    assert nothing_stored()


def test_a_multipart_body_django_refuses_gets_the_chinese_message(office_client, jinhua, settings):
    """Non-file fields over DATA_UPLOAD_MAX_MEMORY_SIZE inside a multipart body: RequestDataTooBig while parsing."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    response = office_client.post(URL, {"text": "x" * (1024 * 1024 + 10), "jurisdiction": jinhua.pk})
    assert response.status_code == 200
    assert "超过了" in response.content.decode() and "未导入" in response.content.decode()
    assert nothing_stored()


def test_nothing_chosen_and_an_unknown_jurisdiction_are_named(office_client, jinhua):
    response = office_client.post(URL, {"jurisdiction": jinhua.pk})
    assert "请选择通知文件，或粘贴通知全文" in response.content.decode()
    response = office_client.post(URL, {"text": "1.某项任务\n牵头单位:市发改委", "jurisdiction": 999})
    assert "所选辖区不存在" in response.content.decode()
    assert response.status_code == 200 and nothing_stored()


def test_the_import_form_is_csrf_protected(client, office, jinhua, seed_bytes):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(office)
    response = strict.post(URL, {"text": seed_bytes.decode(), "jurisdiction": jinhua.pk})
    assert response.status_code == 403
    assert Ledger.objects.count() == 0


def test_a_missing_year_is_asked_for(office_client, jinhua):
    text = "工作任务分工\n1.建设城市书房10家。\n牵头单位:市文广新局\n"
    response = office_client.post(URL, {"text": text, "jurisdiction": jinhua.pk})
    assert response.status_code == 200
    assert "请填写年度" in response.content.decode()
    response = office_client.post(URL, {"text": text, "jurisdiction": jinhua.pk, "year": "2019"})
    assert response.status_code == 302
    ledger = Ledger.objects.get()
    assert ledger.year == 2019 and Unit.objects.filter(name="市文广新局").exists()
