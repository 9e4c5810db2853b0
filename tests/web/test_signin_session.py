"""Sessions: a new key at sign-in, 30 minutes idle and 12 hours in all, sign-out deletes the server session."""

import pytest
from django.contrib.sessions.models import Session

from test_signin_lockout import PASSWORD, clock, sign_in, signed_in  # noqa: F401  (clock is a fixture)


@pytest.mark.django_db
def test_session_key_is_rotated_at_sign_in(client, office):
    session = client.session  # an anonymous session that an attacker might have planted
    session["probe"] = 1
    session.save()
    planted = session.session_key
    sign_in(client, "duban", PASSWORD)
    assert signed_in(client)
    assert client.session.session_key != planted
    assert not Session.objects.filter(session_key=planted).exists()


@pytest.mark.django_db
def test_sign_out_is_post_only_and_deletes_the_session_row(client, office):
    sign_in(client, "duban", PASSWORD)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    assert client.get("/accounts/logout/").status_code == 405
    assert Session.objects.filter(session_key=key).exists()
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/units/").status_code == 302  # signed out


@pytest.mark.django_db
def test_idle_timeout_after_30_minutes(client, office, clock):
    sign_in(client, "duban", PASSWORD)
    key = client.session.session_key
    clock.advance(minutes=29)
    assert client.get("/units/").status_code == 200  # activity: the idle clock starts again
    clock.advance(minutes=29)
    assert client.get("/units/").status_code == 200
    clock.advance(minutes=31)
    response = client.get("/units/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=/units/")
    assert not Session.objects.filter(session_key=key).exists()
    page = client.get(response["Location"]).content.decode()
    assert "您已超过 30 分钟没有操作" in page


@pytest.mark.django_db
def test_absolute_timeout_after_12_hours_even_when_active(client, office, clock):
    sign_in(client, "duban", PASSWORD)
    for _ in range(28):  # a request every 25 minutes: never idle, 11 h 40 min in all
        clock.advance(minutes=25)
        assert client.get("/units/").status_code == 200
    clock.advance(minutes=25)  # 12 h 5 min after sign-in
    response = client.get("/units/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not signed_in(client)
    assert "登录已超过 12 小时" in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
def test_htmx_requests_are_sent_to_the_login_page_as_a_whole(client, office, clock):
    sign_in(client, "duban", PASSWORD)
    clock.advance(minutes=31)
    response = client.get("/units/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == "/accounts/login/"


@pytest.mark.django_db
def test_sign_in_redirects_only_to_this_site(client, office):
    response = client.post("/accounts/login/?next=https://evil.example/", {"username": "duban", "password": PASSWORD})
    assert response["Location"] == "/"
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"username": "duban", "password": PASSWORD, "next": "/units/"})
    assert response["Location"] == "/units/"
