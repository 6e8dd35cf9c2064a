"""Time-based one-time passwords (RFC 6238 on RFC 4226's HOTP), with the standard library's HMAC.

Six digits, 30-second steps, HMAC-SHA1: what every authenticator app reads from an ``otpauth://`` URI. A code
is accepted one step either side of now (clocks drift), and never twice (RFC 6238 § 5.2): the caller keeps the
last step that signed in and passes it back as ``after_step``.

Usage::

    secret = new_secret()                                  # base32 text, 160 bits
    otpauth_uri(secret, account="a@b.org")                 # for the QR code / authenticator
    totp(secret, at=time.time())                           # "492039"
    matched_step(secret, "492039", at=time.time(), after_step=None)   # the step, or None
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Literal
from urllib.parse import quote, urlencode

Algorithm = Literal["sha1", "sha256", "sha512"]
DIGITS = 6
STEP_SECONDS = 30
ISSUER = "recoverynav"


def new_secret() -> str:
    """A fresh 160-bit secret (RFC 4226 § 4 recommends 160), base32 without padding."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii").rstrip("=")


def _key(secret: str) -> bytes:
    cleaned = secret.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def hotp(key: bytes, counter: int, *, digits: int = DIGITS, algorithm: Algorithm = "sha1") -> str:
    """RFC 4226 HOTP: HMAC of the 8-byte counter, dynamically truncated to ``digits`` decimal digits."""
    mac = hmac.new(key, counter.to_bytes(8, "big"), getattr(hashlib, algorithm)).digest()
    offset = mac[-1] & 0x0F
    number = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def step_of(at: float, *, period: int = STEP_SECONDS) -> int:
    """The time step (RFC 6238's T) an instant (Unix seconds) falls in."""
    return int(at // period)


def totp(secret: str, *, at: float, digits: int = DIGITS, algorithm: Algorithm = "sha1") -> str:
    """The code for ``at`` (Unix seconds) from a base32 secret."""
    return hotp(_key(secret), step_of(at), digits=digits, algorithm=algorithm)


def matched_step(secret: str, code: str, *, at: float, after_step: int | None, window: int = 1) -> int | None:
    """The step whose code ``code`` is (within ``window`` steps of now, later than ``after_step``), else None."""
    if len(code) != DIGITS or not code.isascii() or not code.isdigit():
        return None
    now = step_of(at)
    key = _key(secret)
    for step in range(max(0, now - window), now + window + 1):
        if after_step is not None and step <= after_step:
            continue
        if hmac.compare_digest(hotp(key, step), code):
            return step
    return None


def otpauth_uri(secret: str, *, account: str, issuer: str = ISSUER) -> str:
    """The ``otpauth://totp/`` URI authenticator apps read (Google Authenticator's Key Uri Format)."""
    label = quote(f"{issuer}:{account}", safe="@:")
    query = urlencode(
        {"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": STEP_SECONDS}
    )
    return f"otpauth://totp/{label}?{query}"
