"""FHIR R4 export: the instrument as ``Questionnaire``, the answers as ``QuestionnaireResponse``, the total as an
``Observation`` with the instrument's LOINC code, in one ``Bundle``.

Built with ``fhir.resources.R4B`` (the R4-compatible models; the package's default models are R5, while US
implementation guides such as US Core are R4). The bundle names no patient: a self-screening is private, and the
person decides where the file goes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from recoverynav.screening.models import Instrument, Item
from recoverynav.screening.scoring import ScreeningResult

LOINC = "http://loinc.org"
LOCAL = "urn:recoverynav:screening"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"


def canonical_url(instrument: Instrument) -> str:
    """The Questionnaire's canonical identifier (a URN: the project publishes no FHIR server)."""
    return f"{LOCAL}:questionnaire:{instrument.id}"


def option_coding(instrument: Instrument, item: Item, index: int) -> dict[str, str]:
    """The coding for one answer option: LOINC's answer code where we have it, else a local code."""
    option = item.options[index]
    if option.loinc:
        return {"system": LOINC, "code": option.loinc, "display": option.text}
    return {"system": f"{LOCAL}:{instrument.id}", "code": f"{item.id}/{index}", "display": option.text}


def questionnaire(instrument: Instrument) -> dict[str, Any]:
    """The instrument as a FHIR R4 ``Questionnaire`` (as a JSON-ready dict)."""
    items = []
    for item in instrument.items:
        entry: dict[str, Any] = {
            "linkId": item.id,
            "text": item.text,
            "type": "choice",
            "required": not item.asked_if_any,
            "answerOption": [
                {
                    "valueCoding": option_coding(instrument, item, n),
                    "extension": [{"url": ORDINAL_VALUE, "valueDecimal": option.points}],
                }
                for n, option in enumerate(item.options)
            ],
        }
        if item.loinc:
            entry["code"] = [{"system": LOINC, "code": item.loinc}]
        if item.asked_if_any:
            # Skip logic: asked when any gate item was answered with something other than its first option.
            entry["enableBehavior"] = "any"
            entry["enableWhen"] = [
                {
                    "question": ref,
                    "operator": "!=",
                    "answerCoding": option_coding(instrument, instrument.item(ref), 0),
                }
                for ref in item.asked_if_any
            ]
        items.append(entry)
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": instrument.id,
        "url": canonical_url(instrument),
        "name": instrument.name.replace("-", "_").replace(" ", "_"),
        "title": instrument.title,
        "status": "active",
        "subjectType": ["Patient"],
        "description": instrument.summary,
        "copyright": f"{instrument.permission.holder}. {instrument.permission.terms}",
        "item": items,
    }
    # LOINC's display names differ from the printed titles and wording, so panel and item codes carry no display.
    if instrument.loinc.panel:
        resource["code"] = [{"system": LOINC, "code": instrument.loinc.panel}]
    return resource


def questionnaire_response(instrument: Instrument, result: ScreeningResult, authored: str) -> dict[str, Any]:
    """The answers actually asked, as a completed ``QuestionnaireResponse``."""
    answered = [
        {
            "linkId": a.item,
            "text": a.text,
            "answer": [{"valueCoding": option_coding(instrument, instrument.item(a.item), a.option)}],
        }
        for a in result.answers
        if a.asked and a.option is not None
    ]
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": canonical_url(instrument),
        "status": "completed",
        "authored": authored,
        "item": answered,
    }


def score_observation(
    instrument: Instrument, result: ScreeningResult, effective: str, response_ref: str
) -> dict[str, Any]:
    """The total score as a survey ``Observation``, coded with the instrument's LOINC total where one exists."""
    if instrument.loinc.total:
        coding = {"system": LOINC, "code": instrument.loinc.total, "display": f"Total score [{instrument.name}]"}
    else:
        coding = {
            "system": LOCAL,
            "code": f"{instrument.id}-score",
            "display": f"{instrument.name} {result.score_label}",
        }
    interpretation: list[dict[str, Any]] = [
        {
            "coding": [{"system": f"{LOCAL}:{instrument.id}:band", "code": result.band, "display": result.band_label}],
            "text": result.band_label,
        }
    ]
    if result.positive is not None:
        flag = ("POS", "Positive") if result.positive else ("NEG", "Negative")
        interpretation.append({"coding": [{"system": INTERPRETATION, "code": flag[0], "display": flag[1]}]})
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": {"coding": [coding], "text": f"{instrument.name}: {result.score_label}"},
        "effectiveDateTime": effective,
        "valueInteger": result.score,
        "interpretation": interpretation,
        "note": [{"text": result.meaning}],
        "derivedFrom": [{"reference": response_ref}],
    }
    if result.groups:
        observation["component"] = [
            {
                "code": {
                    "coding": [{"system": f"{LOCAL}:{instrument.id}:group", "code": g.id, "display": g.title}],
                    "text": g.title,
                },
                "valueInteger": g.score,
                "interpretation": [{"text": g.label}],
            }
            for g in result.groups
        ]
    return observation


def fhir_bundle(instrument: Instrument, result: ScreeningResult, now: dt.datetime | None = None) -> Bundle:
    """Questionnaire, QuestionnaireResponse and score Observation in a ``collection`` Bundle, validated by R4B."""
    stamp = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat()
    ids = [f"urn:uuid:{uuid.uuid4()}" for _ in range(3)]
    resources = [
        questionnaire(instrument),
        questionnaire_response(instrument, result, stamp),
        score_observation(instrument, result, stamp, ids[1]),
    ]
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "timestamp": stamp,
            "entry": [{"fullUrl": full_url, "resource": r} for full_url, r in zip(ids, resources, strict=True)],
        }
    )


def fhir_bundle_json(instrument: Instrument, result: ScreeningResult, now: dt.datetime | None = None) -> str:
    """The bundle as FHIR JSON text (``application/fhir+json``)."""
    return fhir_bundle(instrument, result, now).model_dump_json(exclude_none=True, indent=2)
