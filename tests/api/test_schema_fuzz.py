"""Fuzz every /api/v1 route against its own OpenAPI schema: no 500s, only declared statuses, bodies that match.

Schemathesis generates valid and invalid requests from ``/openapi.json`` and calls the app in-process.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig

from recoverynav.app import create_app
from tests.seeded import seed_data_dir

# Values the schema cannot state because they are looked up, not shaped: a place ("near"), a time zone ("tz",
# "timezone") or a phone number's numbering plan ("phone") exists or not, and answers fit one instrument's items.
# The capability rejects them with a 422 naming the field; every other 422 to a request the schema calls valid
# means the schema and the validators disagree.
LOOKED_UP = {"near", "tz", "timezone", "phone"}
# A rule JSON Schema does not state on a callback request's attached search (FacilityQuery): "nearest" needs
# "near" (across fields).
CROSS_FIELD = {"search"}


def _looked_up(response: Any) -> bool:
    if response.status_code != 422:
        return False
    detail = json.loads(response.content)["detail"]
    if isinstance(detail, dict):  # FieldProblem: a well-formed value the capability rejected (BAD_VALUE)
        return True
    return all(str(error["loc"][-1]) in LOOKED_UP | CROSS_FIELD for error in detail)


def valid_requests_are_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
    """positive_data_acceptance, except for values only a lookup can reject (``LOOKED_UP``, BAD_VALUE)."""
    if _looked_up(response):
        return None
    result: bool | None = positive_data_acceptance(ctx, response, case)
    return result


# A request the schema calls valid is accepted, so the schema states every rule the validators apply (the
# 2-40 names rule, enums, bounds). (negative_data_rejection is not asked: the models coerce on purpose,
# e.g. the web form's "10" for a number.)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    valid_requests_are_accepted,
]

_APP_SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", create_app())
# Rendering a PDF takes about a second, and the coverage phase generates every boundary case the plan's many
# fields define (about 300, six minutes): the PDF route gets the examples and 15 fuzzed cases, valid and
# invalid. Its validators' boundaries are walked by tests/plans and the hostile suites.
_NO_COVERAGE = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
SLOW_TO_ANSWER = {"POST /api/v1/plans/pdf"}
_RESULTS: list[Any] = list(_APP_SCHEMA.include(path_regex="^/api/v1/").get_all_operations())
OPERATIONS = [str(result.ok().label) for result in _RESULTS]  # .ok() raises if the schema has a broken operation


@pytest.fixture(scope="module", autouse=True)
def _prepared_database() -> None:
    """``serve`` prepares the database before it answers (startup.prepare); so does the app fuzzed here, or the
    first facilities or meetings request would spend schemathesis' 10-second read timeout loading the bundled data."""
    from recoverynav.settings import get_settings
    from recoverynav.storage import prepare_database
    from recoverynav.storage.meetings import prepare_meetings

    seed_data_dir(get_settings().data_dir)
    prepare_database()
    prepare_meetings()  # the meetings too: the first /api/v1/meetings would otherwise load the bundled feeds


def _fuzz(label: str) -> Any:
    """One test per operation (not one for the whole API), so pytest-xdist shares them between workers."""

    whole = (
        schemathesis.openapi.from_asgi("/openapi.json", create_app(), config=_NO_COVERAGE)
        if label in SLOW_TO_ANSWER
        else _APP_SCHEMA
    )

    @whole.include(name=label).parametrize()
    @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    def test(case: Any) -> None:
        case.call_and_validate(checks=CHECKS)

    return test


def test_every_api_operation_is_fuzzed() -> None:
    """The per-operation tests below cover every /api/v1 operation, the staff ones included."""
    assert len(OPERATIONS) >= 30
    assert "POST /api/v1/callback-requests" in OPERATIONS
    assert set(OPERATIONS) >= SLOW_TO_ANSWER
    assert all(f"test_api_answers_as_its_schema_says__{_slug(label)}" in globals() for label in OPERATIONS)


def _slug(label: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in label.replace("/api/v1/", " ")).strip("_").lower()


for _label in OPERATIONS:
    globals()[f"test_api_answers_as_its_schema_says__{_slug(_label)}"] = _fuzz(_label)


# Bugs the fuzzer (or a hand probe) found, pinned by hand so they stay fixed whatever it generates next time.
JSON = {"content-type": "application/json"}


@pytest.mark.parametrize(
    ("path", "body", "headers"),
    [
        # A JSON body that is not UTF-8 was a 400 "error parsing the body" outside the schema (#4).
        ("/api/v1/interactions", b'["baclofen", "\xff"]', JSON),
        # Raw bytes without a JSON Content-Type: echoing them in the 422 crashed the error handler (#4, #5, #6, #8).
        ("/api/v1/interactions", b"\xff\xfe", {}),
        ("/api/v1/overdose", b"\xc3\x28", {"content-type": "text/plain"}),
        ("/api/v1/placement", b"\xff\xfe", {}),
        ("/api/v1/screening/audit", b"\xff\xfe", {}),
        ("/api/v1/screening/audit/fhir", b"\xff\xfe", {}),
        # NaN and Infinity are accepted by Python's JSON parser; echoing them in the 422 was a 500 (#5, #6, #8).
        ("/api/v1/overdose", b'{"country": NaN}', JSON),
        ("/api/v1/placement", b'{"substances": ["alcohol"], "daily_dose_mg": NaN}', JSON),
        ("/api/v1/screening/audit", b'{"answers": [NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0]}', JSON),
    ],
)
def test_malformed_bodies_are_422_naming_the_body(client: Any, path: str, body: bytes, headers: dict[str, str]) -> None:
    response = client.post(path, content=body, headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"][0] == "body"


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        # An infinite or NaN score was accepted as a screening result (#6).
        (
            b'{"substances": ["alcohol"], "screening": {"instrument": "audit", "band": "zone-4", "score": Infinity}}',
            ["body", "screening", 0, "score"],
        ),
        (b'{"substances": ["alcohol"], "daily_dose_mg": 1e400}', ["body", "daily_dose_mg"]),
    ],
)
def test_placement_numbers_must_be_finite(client: Any, body: bytes, loc: list[Any]) -> None:
    response = client.post("/api/v1/placement", content=body, headers=JSON)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == loc
    assert response.json()["detail"][0]["msg"] == "Input should be a finite number"


def test_overdose_signs_are_bounded(client: Any) -> None:
    response = client.post("/api/v1/overdose", json={"signs": ["vomiting"] * 51})  # (#5)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "signs"]


def test_screening_rejects_unknown_keys(client: Any) -> None:
    # A misspelt "sex" was ignored, so AUDIT's sex-specific cut-off was silently not applied (#8).
    response = client.post("/api/v1/screening/audit", json={"answers": [0] * 10, "gender": "female"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "gender"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        # NUL in a name reached PostgreSQL, which cannot hold it: a 500 there (#7).
        ({"name": "a\x00b"}, "name"),
        ({"near": "22902", "radius_miles": "nan"}, "radius_miles"),
        ({"near": "22902", "radius_miles": "inf"}, "radius_miles"),
    ],
)
def test_facility_search_rejects_unusable_values(client: Any, query: dict[str, str], field: str) -> None:
    response = client.get("/api/v1/facilities", params=query)
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["loc"] == ["query", field]
    assert "less than or equal" not in error["msg"]  # NaN was "should be less than or equal to 500"


@pytest.mark.parametrize("frid", ["\x00", "a\nb"])
def test_facility_with_a_control_character_is_unknown(client: Any, frid: str) -> None:
    # The frid went to PostgreSQL as is: a 500 for NUL (#7).
    response = client.get(f"/api/v1/facilities/{quote(frid)}")
    assert response.status_code == 404
    assert response.json()["detail"]["field"] == "frid"


def test_fhir_download_declares_its_media_type() -> None:
    responses = create_app().openapi()["paths"]["/api/v1/screening/{instrument_id}/fhir"]["post"]["responses"]
    assert list(responses["200"]["content"]) == ["application/fhir+json"]  # (#8)


@pytest.mark.parametrize("frid", ["\x00", "a\x00b"])
def test_get_facility_with_nul_is_unknown_on_every_backend(facility_repo: Any, frid: str) -> None:
    # PostgreSQL raised DataError ("text fields cannot contain NUL") instead of "no such facility" (#7).
    from recoverynav.directory import UnknownFacilityError, get_facility

    with pytest.raises(UnknownFacilityError):
        get_facility(frid, facility_repo)
