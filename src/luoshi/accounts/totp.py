"""Time-based one-time passwords (RFC 6238, HMAC-SHA1, 30-second steps, 6 digits): what authenticator apps use."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
ISSUER = "落实督办台账"


def new_secret() -> str:
    """160 random bits in base32, as authenticator apps expect them."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def hotp(secret: str, counter: int, digits: int = DIGITS) -> str:
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def step_at(timestamp: float) -> int:
    return int(timestamp // STEP_SECONDS)


def matching_step(secret: str, code: str, timestamp: float, *, drift: int = 1) -> int | None:
    """The time step whose code this is (allowing one step of clock drift either way), or None."""
    code = (code or "").strip().replace(" ", "")
    if len(code) != DIGITS or not code.isdigit():
        return None
    now = step_at(timestamp)
    for step in range(now - drift, now + drift + 1):
        if hmac.compare_digest(hotp(secret, step), code):
            return step
    return None


def provisioning_uri(secret: str, account: str) -> str:
    label = quote(f"{ISSUER}:{account}")
    return f"otpauth://totp/{label}?" + urlencode({"secret": secret, "issuer": ISSUER, "digits": DIGITS, "period": STEP_SECONDS})
