"""TOTP against RFC 6238 Appendix B, and the acceptance rules: one step of drift, never the same code twice."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverynav.backoffice.totp import Algorithm, hotp, matched_step, new_secret, otpauth_uri, totp

SEEDS: dict[Algorithm, bytes] = {
    "sha1": b"12345678901234567890",
    "sha256": b"12345678901234567890123456789012",
    "sha512": b"1234567890" * 6 + b"1234",
}
# RFC 6238 Appendix B (8 digits, 30-second steps, T0 = 0).
VECTORS = [
    (59, "94287082", "sha1"),
    (59, "46119246", "sha256"),
    (59, "90693936", "sha512"),
    (1111111109, "07081804", "sha1"),
    (1111111109, "68084774", "sha256"),
    (1111111109, "25091201", "sha512"),
    (1111111111, "14050471", "sha1"),
    (1111111111, "67062674", "sha256"),
    (1111111111, "99943326", "sha512"),
    (1234567890, "89005924", "sha1"),
    (1234567890, "91819424", "sha256"),
    (1234567890, "93441116", "sha512"),
    (2000000000, "69279037", "sha1"),
    (2000000000, "90698825", "sha256"),
    (2000000000, "38618901", "sha512"),
    (20000000000, "65353130", "sha1"),
    (20000000000, "77737706", "sha256"),
    (20000000000, "47863826", "sha512"),
]


@pytest.mark.parametrize(("at", "code", "algorithm"), VECTORS)
def test_rfc_6238_appendix_b(at: int, code: str, algorithm: Algorithm) -> None:
    secret = base64.b32encode(SEEDS[algorithm]).decode()
    assert totp(secret, at=at, digits=8, algorithm=algorithm) == code


def test_rfc_4226_appendix_d() -> None:
    expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
    assert [hotp(SEEDS["sha1"], n) for n in range(10)] == expected


@given(at=st.integers(100, 2**33), drift=st.integers(-3, 3))
def test_one_step_of_drift_is_accepted_and_no_more(at: int, drift: int) -> None:
    secret = new_secret()
    code = totp(secret, at=at + 30 * drift)
    step = matched_step(secret, code, at=at, after_step=None)
    if abs(drift) <= 1:
        assert step == (at + 30 * drift) // 30
    elif step is not None:  # another step's code may collide by chance (1 in 10^6); it is then that step
        assert abs(step - at // 30) <= 1


@given(at=st.integers(0, 2**33))
def test_a_used_code_is_not_accepted_again(at: int) -> None:
    secret = new_secret()
    step = matched_step(secret, totp(secret, at=at), at=at, after_step=None)
    assert step is not None
    assert matched_step(secret, totp(secret, at=at), at=at, after_step=step) is None


@pytest.mark.parametrize("code", ["", "12345", "1234567", "١٢٣٤٥٦", "12 456", "abcdef"])
def test_malformed_codes_never_match(code: str) -> None:
    assert matched_step(new_secret(), code, at=1e9, after_step=None) is None


def test_the_enrolment_uri() -> None:
    uri = otpauth_uri("JBSWY3DPEHPK3PXP", account="a.b@example.org")
    assert uri.startswith("otpauth://totp/recoverynav:a.b@example.org?")
    assert "secret=JBSWY3DPEHPK3PXP" in uri and "issuer=recoverynav" in uri and "digits=6" in uri
