"""The public "call me back" request: a nickname, a phone, when and in which language, and a consent tick.

What the person chose to attach comes as the public tools' own inputs — screening answers, the placement facts,
the directory search — and is scored and suggested again here with the same functions. So the case holds the
same ``ScreeningResult`` and ``Recommendation`` the person saw, and a forged "result" cannot be planted in the
queue. It lands as a new case; nothing else is required, and nothing is echoed back but the reference.

Usage::

    request = CallbackRequest(nickname="Sam", phone="215-555-0100", consent_to_call=True)
    draft = callback_draft(request, now=now)        # a CaseDraft, source "callback"
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from recoverynav.backoffice.callers import Caller, clean_text, normalise_phone
from recoverynav.backoffice.cases import CallbackPreferences, CaseDraft
from recoverynav.directory import FacilityQuery
from recoverynav.directory.reports import seconds_until_allowed
from recoverynav.errors import Unavailable
from recoverynav.placement import Facts, Recommendation, recommend_level
from recoverynav.screening import AnswerError, ScreeningResult, get_instrument, score_instrument

ATTACHED_SCREENINGS_MAX = 5

Answer = Annotated[int, Field(ge=0, le=99)]


class ScreeningAnswers(BaseModel):
    """A screening the person did on the site: the instrument and their answers, scored again on arrival."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    instrument: str = Field(min_length=1, max_length=40, description="An instrument id, e.g. audit-c")
    answers: list[Answer | None] = Field(
        max_length=100, description="0-based option indexes in item order; null for an item the form did not ask"
    )
    sex: Literal["female", "male"] | None = None
    age: int | None = Field(default=None, ge=0, le=130)


class CallbackRequest(BaseModel):
    """Ask the helpline to call: only the phone and the consent tick are required."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    nickname: str = Field(default="", max_length=100, description="Any name we should ask for (optional)")
    phone: str = Field(min_length=1, max_length=40, description="The number to call back")
    best_time: str = Field(default="", max_length=200, description="When to call, in your words")
    language: str = Field(default="", max_length=40, description="The language you want to talk in")
    consent_to_call: Literal[True] = Field(description="Must be true: you agree that the helpline calls this number")
    screening: list[ScreeningAnswers] = Field(default_factory=list, max_length=ATTACHED_SCREENINGS_MAX)
    placement: Facts | None = Field(default=None, description="The answers from the treatment suggestion")
    search: FacilityQuery | None = Field(default=None, description="The directory search you made")

    @field_validator("phone", mode="after")
    @classmethod
    def _phone(cls, value: str) -> str:
        return normalise_phone(clean_text(value))

    @field_validator("nickname", "best_time", "language", mode="after")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return " ".join(clean_text(value).split())


@dataclass(frozen=True)
class CallbackLimits:
    """At most ``per_client`` requests from one connection and ``overall`` from everyone in any ``window``."""

    per_client: int = 5
    overall: int = 500
    window: timedelta = timedelta(hours=1)


class CallbackRateLimited(Unavailable):
    """Too many requests; ``retry_after`` is how many whole seconds until one more is accepted."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"Too many callback requests in the last hour; try again in {retry_after} seconds, "
            "or call the helpline directly."
        )
        self.retry_after = retry_after


def check_rate(own: list[datetime], everyone: list[datetime], limits: CallbackLimits, now: datetime) -> None:
    """CallbackRateLimited when one more request would pass either limit."""
    for times, limit in ((own, limits.per_client), (everyone, limits.overall)):
        wait = seconds_until_allowed(times, limit, limits.window, now)
        if wait is not None:
            raise CallbackRateLimited(wait)


def _by_item(screening: ScreeningAnswers) -> dict[str, int | None]:
    # Items the skip logic did not ask travel as null, so the answers go by item id, as the web form scores them.
    items = get_instrument(screening.instrument).item_ids
    if len(screening.answers) != len(items):
        raise AnswerError(f"answers: {screening.instrument} has {len(items)} items", field="answers")
    return dict(zip(items, screening.answers, strict=True))


def score_attachments(
    screening: Sequence[ScreeningAnswers], facts: Facts | None
) -> tuple[list[ScreeningResult], Recommendation | None]:
    """Screenings and placement facts sent from outside, scored here by the public tools' own functions.

    Results are never taken as sent: nobody can plant a forged score or suggestion in a case.
    """
    results = [score_instrument(s.instrument, _by_item(s), sex=s.sex, age=s.age) for s in screening]
    return results, (recommend_level(facts) if facts is not None else None)


def callback_draft(request: CallbackRequest, *, now: datetime) -> CaseDraft:
    """The new case a request becomes: the caller, the preferences, and what they attached, scored again.

    Raises InputRejected (AnswerError, UnknownInstrumentError's NotFound) when an attachment does not score.
    """
    results, suggestion = score_attachments(request.screening, request.placement)
    substances = list(request.placement.substances) if request.placement is not None else []
    return CaseDraft(
        caller=Caller(nickname=request.nickname or None, phone=request.phone),
        substances=substances,
        screening=results,
        placement=suggestion,
        search=request.search,
        source="callback",
        next_action="Call back",
        callback=CallbackPreferences(best_time=request.best_time, language=request.language, consent_at=now),
    )
