"""Five failed sign-ins lock a user name for 30 minutes; every refusal says the same thing."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from luoshi.accounts.models import LoginThrottle
from luoshi.audit.models import AuditEvent

REFUSED = "用户名或密码不正确，或账号已被暂时锁定"
PASSWORD = "Luoshi-2018!"


class Clock:
    """Stands in for django.utils.timezone.now, so tests can let half an hour pass."""

    def __init__(self):
        self.now = timezone.now()

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr("django.utils.timezone.now", clock)
    return clock


def sign_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_five_failures_lock_the_account_even_for_the_right_password(client, office, clock):
    for _ in range(4):
        assert REFUSED in sign_in(client, "duban", "wrong-password").content.decode()
    assert not AuditEvent.objects.filter(action="auth.lockout").exists()
    sign_in(client, "duban", "wrong-password")  # the fifth
    assert AuditEvent.objects.filter(action="auth.lockout", actor_name="duban").count() == 1

    clock.advance(minutes=29)
    response = sign_in(client, "duban", PASSWORD)
    assert REFUSED in response.content.decode()
    assert not signed_in(client)

    clock.advance(minutes=2)  # 31 minutes after the lock
    response = sign_in(client, "duban", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in(client)


@pytest.mark.django_db
def test_failures_spread_beyond_the_window_do_not_lock(client, office, clock):
    for _ in range(4):
        sign_in(client, "duban", "wrong-password")
    clock.advance(minutes=31)
    sign_in(client, "duban", "wrong-password")  # counting starts again
    assert LoginThrottle.objects.get(username="duban").locked_until is None
    assert signed_in(client) is False
    sign_in(client, "duban", PASSWORD)
    assert signed_in(client)


@pytest.mark.django_db
def test_success_resets_the_count(client, office, clock):
    for _ in range(4):
        sign_in(client, "duban", "wrong-password")
    sign_in(client, "duban", PASSWORD)
    assert signed_in(client)
    client.post("/accounts/logout/")
    for _ in range(4):
        sign_in(client, "duban", "wrong-password")
    assert LoginThrottle.objects.get(username="duban").locked_until is None
    sign_in(client, "duban", PASSWORD)
    assert signed_in(client)


@pytest.mark.django_db
def test_same_answer_for_unknown_user_wrong_password_and_locked_account(client, office, clock):
    def answer(username, password):
        response = sign_in(client, username, password)
        body = response.content.decode()
        # Strip the echoed user name and the per-request CSRF token; what remains must be identical.
        body = body.replace(f'value="{username}"', "")
        return response.status_code, "\n".join(line for line in body.splitlines() if "csrfmiddlewaretoken" not in line)

    unknown = answer("nobody", "whatever-1A!")
    wrong = answer("duban", "wrong-password")
    for _ in range(4):
        sign_in(client, "duban", "wrong-password")
    locked = answer("duban", PASSWORD)
    assert unknown == wrong == locked
    assert unknown[0] == 200 and REFUSED in unknown[1]


@pytest.mark.django_db
def test_unknown_user_names_are_counted_and_locked_without_creating_users(client, clock):
    for _ in range(5):
        sign_in(client, "ghost", "whatever-1A!")
    throttle = LoginThrottle.objects.get(username="ghost")
    assert throttle.locked_until > clock.now
    assert not get_user_model().objects.filter(username="ghost").exists()
    assert AuditEvent.objects.filter(action="auth.lockout", actor_name="ghost").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("setting, value", [("LUOSHI_LOCKOUT_THRESHOLD", 3), ("LUOSHI_LOCKOUT_MINUTES", 5)])
def test_lockout_is_configurable(client, office, clock, settings, setting, value):
    setattr(settings, setting, value)
    for _ in range(settings.LUOSHI_LOCKOUT_THRESHOLD):
        sign_in(client, "duban", "wrong-password")
    throttle = LoginThrottle.objects.get(username="duban")
    assert throttle.locked_until == clock.now + timedelta(minutes=settings.LUOSHI_LOCKOUT_MINUTES)


# ---- forgetting names that stopped failing --------------------------------------------------------


def throttle_rows() -> set[str]:
    return set(LoginThrottle.objects.values_list("username", flat=True))


def make_throttles(now):
    """One row per situation: only the first two may still matter."""
    LoginThrottle.objects.create(username="locked-now", locked_until=now + timedelta(minutes=5))
    LoginThrottle.objects.create(username="counting", failures=2, first_failure_at=now - timedelta(minutes=10))
    LoginThrottle.objects.create(username="lock-over", locked_until=now - timedelta(minutes=1))
    LoginThrottle.objects.create(username="window-over", failures=3, first_failure_at=now - timedelta(minutes=31))
    LoginThrottle.objects.create(username="cleared")  # a success reset it


@pytest.mark.django_db
def test_clean_throttles_deletes_only_rows_that_no_longer_count(clock):
    from luoshi.accounts.services import clean_throttles

    make_throttles(clock.now)
    assert clean_throttles() == 3
    assert throttle_rows() == {"locked-now", "counting"}
    clock.advance(minutes=30)  # the lock is over and the failures left the window
    assert clean_throttles() == 2 and throttle_rows() == set()


@pytest.mark.django_db
def test_cleanthrottles_command(clock):
    from io import StringIO

    from django.core.management import call_command

    make_throttles(clock.now)
    out = StringIO()
    call_command("cleanthrottles", stdout=out)
    assert "已清理 3 条" in out.getvalue()
    assert throttle_rows() == {"locked-now", "counting"}


@pytest.mark.django_db
def test_sign_in_cleans_at_most_once_an_hour(client, office, clock, monkeypatch):
    from luoshi.accounts import services

    monkeypatch.setattr(services, "_last_throttle_cleanup", None)
    LoginThrottle.objects.create(username="old-typo", locked_until=clock.now - timedelta(minutes=1))
    sign_in(client, "duban", "wrong-password")
    assert throttle_rows() == {"duban"}  # old-typo cleaned; duban's failure is counting

    LoginThrottle.objects.create(username="later-typo", locked_until=clock.now - timedelta(minutes=1))
    clock.advance(minutes=59)
    sign_in(client, "nobody", "whatever-1A!")
    assert "later-typo" in throttle_rows()  # not again within the hour

    clock.advance(minutes=2)
    sign_in(client, "nobody", "whatever-1A!")
    assert "later-typo" not in throttle_rows() and "duban" not in throttle_rows()  # its window is over too
