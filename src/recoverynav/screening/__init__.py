"""Validated screening questionnaires, scored exactly as published, exported as FHIR R4.

Usage::

    from recoverynav.screening import score_instrument
    result = score_instrument("audit-c", [2, 1, 0], sex="female")
    result.score, result.band  # (3, "positive")

Nothing is stored: a result lives only as long as the caller keeps it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recoverynav.lazy import lazy_exports

if TYPE_CHECKING:
    from recoverynav.screening.bundle import compiled_instrument, plain_dump, plain_instrument, plain_score
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
    from recoverynav.screening.rules import AnswerError, asked_items, parse_answer_list, parse_number, slug
    from recoverynav.screening.scoring import AnsweredItem, GroupResult, ResultNote, ScreeningResult, score_instrument

# Exports load on first use (PEP 562): ``recoverynav screen`` imports neither the FHIR models nor the YAML loader
# unless it needs them.
_EXPORTS = {
    "UnknownInstrumentError": "catalog",
    "all_instruments": "catalog",
    "get_instrument": "catalog",
    "list_instruments": "catalog",
    "fhir_bundle": "fhir",
    "fhir_bundle_json": "fhir",
    "questionnaire": "fhir",
    "SEVERITIES": "models",
    "Band": "models",
    "BandChoice": "models",
    "Instrument": "models",
    "Item": "models",
    "NextStep": "models",
    "Option": "models",
    "Severity": "models",
    "SeverityMapping": "models",
    "AnsweredItem": "scoring",
    "AnswerError": "rules",
    "GroupResult": "scoring",
    "ResultNote": "scoring",
    "ScreeningResult": "scoring",
    "asked_items": "rules",
    "parse_answer_list": "rules",
    "parse_number": "rules",
    "slug": "rules",
    "score_instrument": "scoring",
    "compiled_instrument": "bundle",
    "plain_dump": "bundle",
    "plain_instrument": "bundle",
    "plain_score": "bundle",
}


__getattr__ = lazy_exports(__name__, _EXPORTS)


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
    "compiled_instrument",
    "fhir_bundle",
    "fhir_bundle_json",
    "get_instrument",
    "list_instruments",
    "parse_answer_list",
    "parse_number",
    "plain_dump",
    "plain_instrument",
    "plain_score",
    "questionnaire",
    "score_instrument",
    "slug",
]
