"""Validated screening questionnaires, scored exactly as published, exported as FHIR R4.

Usage::

    from recoverynav.screening import score_instrument
    result = score_instrument("audit-c", [2, 1, 0], sex="female")
    result.score, result.band  # (3, "positive")

Nothing is stored: a result lives only as long as the caller keeps it.
"""

from __future__ import annotations

from recoverynav.screening.catalog import UnknownInstrumentError, all_instruments, get_instrument, list_instruments
from recoverynav.screening.fhir import fhir_bundle, fhir_bundle_json, questionnaire
from recoverynav.screening.models import (
    SEVERITIES,
    Band,
    BandChoice,
    Instrument,
    Item,
    NextStep,
    Option,
    Severity,
    SeverityMapping,
)
from recoverynav.screening.scoring import (
    AnsweredItem,
    AnswerError,
    GroupResult,
    ResultNote,
    ScreeningResult,
    asked_items,
    parse_answer_list,
    parse_number,
    score_instrument,
)

__all__ = [
    "SEVERITIES",
    "AnswerError",
    "AnsweredItem",
    "Band",
    "BandChoice",
    "GroupResult",
    "Instrument",
    "Item",
    "NextStep",
    "Option",
    "ResultNote",
    "ScreeningResult",
    "Severity",
    "SeverityMapping",
    "UnknownInstrumentError",
    "all_instruments",
    "asked_items",
    "fhir_bundle",
    "fhir_bundle_json",
    "get_instrument",
    "list_instruments",
    "parse_answer_list",
    "parse_number",
    "questionnaire",
    "score_instrument",
]
