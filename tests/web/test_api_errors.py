"""Every API error is JSON with a Chinese message and the request id; a crash shows no traceback."""

import logging

from api_helpers import api_client, error, fresh_rate_limits, office_token  # noqa: F401

from luoshi.api import permissions


def test_a_crash_is_a_json_500_with_the_request_id_and_no_traceback(api_client, monkeypatch, caplog):
    def broken(user):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(permissions, "roles_of", broken)
    with caplog.at_level(logging.ERROR, logger="luoshi.api"):
        response = api_client.get("/api/me", headers={"X-Request-ID": "support-case-0042"})
    message = error(response, 500)
    assert "服务器内部错误" in message and "请求编号" in message
    assert response["X-Request-ID"] == "support-case-0042" and response.json()["request_id"] == "support-case-0042"
    body = response.content.decode()
    assert "Traceback" not in body and "secret internals" not in body and "RuntimeError" not in body
    assert "secret internals" in caplog.text  # the log keeps what the caller does not see


def test_wrong_method_is_json(api_client, db):
    response = api_client.delete("/api/me")
    assert "DELETE" in error(response, 405) and response["Allow"] == "GET"
