"""Rate limits: per user (token and session share one count), per IP for requests that sign nobody in;
a refusal is a JSON 429 with Retry-After."""

import re

from api_helpers import bearer, error, fresh_rate_limits, make_token, read  # noqa: F401
from django.test import Client, override_settings

THROTTLED = re.compile(r"^请求过于频繁，请 (\d+) 秒后再试$")


@override_settings(LUOSHI_API_RATE="3/m")
def test_a_user_over_the_rate_gets_a_json_429(office, django_user_model):
    script = Client(headers=bearer(make_token(office)))
    for _ in range(3):
        read(script.get("/api/me"))
    response = script.get("/api/me")
    seconds = THROTTLED.match(error(response, 429)).group(1)
    assert response["Retry-After"] == seconds and 0 < int(seconds) <= 60

    browser = Client()
    browser.force_login(office)
    error(browser.get("/api/me"), 429)  # the same person through the browser: the same count

    other = django_user_model.objects.create_user("county", password="Luoshi-2018!")
    read(Client(headers=bearer(make_token(other))).get("/api/me"))  # somebody else is not held up


@override_settings(LUOSHI_API_ANON_RATE="2/m")
def test_requests_that_sign_nobody_in_are_limited_by_ip(db):
    guesser = Client(headers=bearer("ls_guess"))
    error(guesser.get("/api/me"), 401)
    error(Client().get("/api/ledgers"), 401)
    response = guesser.get("/api/me")
    assert THROTTLED.match(error(response, 429)) and int(response["Retry-After"]) > 0
    assert error(Client(REMOTE_ADDR="10.0.0.9").get("/api/me"), 401)  # another address still gets its answer


@override_settings(LUOSHI_API_ANON_RATE="2/m")
def test_a_forged_forwarded_for_header_does_not_reset_the_count(db):
    for n in range(2):
        error(Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").get("/api/me"), 401)
    error(Client(HTTP_X_FORWARDED_FOR="203.0.113.99").get("/api/me"), 429)


def test_concurrent_requests_keep_their_own_counts(office, django_user_model):
    """One throttle object serves every request of an endpoint: its per-request state is per thread."""
    import threading

    from luoshi.api.throttling import UserThrottle

    throttle = UserThrottle()
    other = django_user_model.objects.create_user("county", password="Luoshi-2018!")

    class Caller:
        def __init__(self, user):
            self.auth = user
            self.META = {"REMOTE_ADDR": "127.0.0.1"}

    throttle.allow_request(Caller(office))
    seen = {}

    def in_another_thread():
        throttle.allow_request(Caller(other))
        seen["key"] = throttle.key

    worker = threading.Thread(target=in_another_thread)
    worker.start()
    worker.join()
    assert throttle.key.endswith(f"_{office.pk}") and seen["key"].endswith(f"_{other.pk}")
