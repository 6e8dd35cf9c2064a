"""The eligibility gateway port: X12 text travels, nothing else (#17).

A gateway takes a finished 270 (005010X279A1) as text and gives back the payer's 271 as text; building the 270
and reading the 271 stay in this capability (``coverage/x12*.py``). Adapters live in
``recoverynav.gateways.clearinghouse`` (CAQH CORE SOAP, a JSON clearinghouse API); tests run them against a small
simulated payer.

Every error a gateway raises derives from :class:`EligibilityUnavailable` and says what happened in words built
from status codes and fault codes only: a payer's own fault text may repeat a member id or name, so it is never
passed on.

Usage::

    exchange = gateway.exchange(x12_270)          # EligibilityExchange(x12_271="ISA*...", attempts=1, ...)
    try:
        gateway.exchange(x12_270)
    except EligibilityTimeout as exc:
        print(exc)   # "The payer did not answer within 20 seconds, twice (tried once more); ..."
"""

from __future__ import annotations

from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from recoverynav.errors import Unavailable

# CAQH CORE's real-time response limit (Phase II CORE 270 Connectivity Rule / vC2.2.0): 20 seconds.
REAL_TIME_LIMIT_SECONDS = 20.0
Failure = Literal["timeout", "unreachable", "http", "fault", "envelope", "answer"]


class EligibilityUnavailable(Unavailable):
    """The check could not be made or did not come back usable; ``kind`` says which way, the message how to go on."""

    def __init__(self, message: str, *, kind: Failure, attempts: int = 1) -> None:
        super().__init__(message)
        self.kind: Failure = kind
        self.attempts = attempts


class EligibilityTimeout(EligibilityUnavailable):
    """No answer within the real-time limit, on the first try and on the one retry."""

    def __init__(self, limit_seconds: float, *, attempts: int) -> None:
        unit = "second" if limit_seconds == 1 else "seconds"
        super().__init__(
            f"The payer did not answer within {limit_seconds:g} {unit} (the real-time limit), "
            f"{'twice (it was tried once more)' if attempts > 1 else 'once'}. "
            "Try again later, or verify the coverage by phone.",
            kind="timeout",
            attempts=attempts,
        )
        self.limit_seconds = limit_seconds


class EligibilityExchange(BaseModel):
    """What came back: the 271 text, the envelope's payload id, which adapter, and how many tries it took."""

    model_config = ConfigDict(frozen=True)

    x12_271: str = Field(min_length=1)
    payload_id: str
    gateway: str
    attempts: int = Field(ge=1)


class EligibilityGateway(Protocol):
    """Sends one 270 to a clearinghouse or payer in real time and returns its 271 (or raises
    :class:`EligibilityUnavailable`); credentials and addresses come from settings, never from the caller."""

    @property
    def name(self) -> str:
        """A short name for the audit trail and the check's record (``core-soap``, ``json``)."""
        ...

    def exchange(self, x12_270: str) -> EligibilityExchange:
        """Send ``x12_270`` and return the payer's answer; a timeout is retried once."""
        ...
