"""FHIR R4 export: the bundle validates with fhir.resources (R4B) and carries the LOINC total code."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from recoverynav.screening import fhir_bundle_json, get_instrument, list_instruments, questionnaire, score_instrument


def _lowest(instrument_id: str) -> list[int]:
    return [0] * len(get_instrument(instrument_id).items)


@pytest.mark.parametrize("instrument", list_instruments(), ids=lambda i: i.id)
def test_questionnaire_validates(instrument: object) -> None:
    from recoverynav.screening import Instrument

    assert isinstance(instrument, Instrument)
    resource = Questionnaire.model_validate(questionnaire(instrument))
    assert [i.linkId for i in resource.item or []] == list(instrument.item_ids)


@pytest.mark.parametrize(
    ("instrument_id", "answers", "loinc"),
    [
        ("audit", [1] * 8 + [0, 0], "75624-7"),
        ("audit-c", [1, 1, 1], "75626-2"),
        ("dast-10", [1] * 10, "82667-7"),
        ("cows", [0] * 11, None),
        ("taps", [1, 0, 0, 0, 1, 1, 1] + [0] * 22, None),
    ],
)
def test_bundle_validates_and_carries_the_loinc_code(instrument_id: str, answers: list[int], loinc: str | None) -> None:
    instrument = get_instrument(instrument_id)
    result = score_instrument(instrument, answers, sex="female")
    data = json.loads(fhir_bundle_json(instrument, result))
    bundle = Bundle.model_validate(data)
    kinds = [e["resource"]["resourceType"] for e in data["entry"]]
    assert bundle.entry is not None and len(bundle.entry) == 3
    assert kinds == ["Questionnaire", "QuestionnaireResponse", "Observation"]
    observation = Observation.model_validate(data["entry"][2]["resource"])
    assert observation.valueInteger == result.score
    codes = [c.code for c in observation.code.coding or []]
    if loinc:
        assert codes == [loinc] and observation.code.coding[0].system == "http://loinc.org"  # type: ignore[index]
    assert observation.derivedFrom[0].reference == data["entry"][1]["fullUrl"]  # type: ignore[index]
    response = QuestionnaireResponse.model_validate(data["entry"][1]["resource"])
    assert response.status == "completed"
    assert "subject" not in data["entry"][2]["resource"]


def test_response_holds_only_asked_items_and_taps_components() -> None:
    instrument = get_instrument("taps")
    result = score_instrument(instrument, [0, 2, 0, 0] + [0] * 3 + [1, 1, 0, 0] + [0] * 18, sex="male")
    data = json.loads(fhir_bundle_json(instrument, result))
    linked = [i["linkId"] for i in data["entry"][1]["resource"]["item"]]
    assert "taps2-alcohol-heavy-day" in linked and "taps2-tobacco-ten-a-day" not in linked
    components = {c["code"]["text"]: c["valueInteger"] for c in data["entry"][2]["resource"]["component"]}
    assert components["Alcohol"] == 2


def test_answer_codes_use_loinc_where_known() -> None:
    resource = questionnaire(get_instrument("audit-c"))
    q3 = resource["item"][2]
    assert q3["code"][0]["code"] == "68520-6"
    assert q3["answerOption"][0]["valueCoding"] == {
        "system": "http://loinc.org",
        "code": "LA6270-8",
        "display": "Never",
    }
    assert q3["answerOption"][4]["extension"][0]["valueDecimal"] == 4


def test_positive_screen_is_interpreted_pos() -> None:
    instrument = get_instrument("audit-c")
    data = json.loads(fhir_bundle_json(instrument, score_instrument(instrument, [2, 1, 1], sex="male")))
    flags = [c["code"] for i in data["entry"][2]["resource"]["interpretation"] for c in i.get("coding", [])]
    assert "POS" in flags
