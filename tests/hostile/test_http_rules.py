"""Rules every route follows: bounded inputs (in the models and in OpenAPI), no-store on what a person
entered, honest Allow headers, and HTML errors for pages.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

import pytest
from fastapi.testclient import TestClient

from recoverynav.app import RouteEntry, create_app
from tests.hostile import inputs
from tests.hostile.test_routes import ENTRIES, FORM_POSTS, JSON_POSTS, ids

OPENAPI = create_app().openapi()


def _unbounded(schema: Any, where: str, components: dict[str, Any], seen: set[str]) -> list[str]:
    """Places in a request schema where a string, array, object map or number has no upper bound."""
    if not isinstance(schema, dict):
        return []
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        return _unbounded(components[name], f"{where}->{name}", components, seen | {name})
    problems: list[str] = []
    for key in ("anyOf", "oneOf", "allOf"):
        for n, part in enumerate(schema.get(key, [])):
            problems += _unbounded(part, f"{where}[{key}{n}]", components, seen)
    kind = schema.get("type")
    # A closed set, or a date / date-time (parsed strictly, so its length is bounded by its format).
    closed = "enum" in schema or "const" in schema or schema.get("format") in {"date", "date-time"}
    if kind == "string" and not closed and "maxLength" not in schema:
        problems.append(f"{where}: string without maxLength or enum")
    if kind == "array":
        if "maxItems" not in schema:
            problems.append(f"{where}: array without maxItems")
        problems += _unbounded(schema.get("items"), f"{where}[]", components, seen)
    if kind == "integer" and not closed and "maximum" not in schema and "exclusiveMaximum" not in schema:
        problems.append(f"{where}: integer without maximum")
    if kind == "object":
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            if "maxProperties" not in schema:
                problems.append(f"{where}: map without maxProperties")
            problems += _unbounded(extra, f"{where}{{}}", components, seen)
            problems += _unbounded(schema.get("propertyNames"), f"{where}{{key}}", components, seen)
        for name, prop in schema.get("properties", {}).items():
            problems += _unbounded(prop, f"{where}.{name}", components, seen)
    return problems


def test_every_api_input_is_bounded_in_openapi() -> None:
    components = OPENAPI.get("components", {}).get("schemas", {})
    problems: list[str] = []
    for path, operations in OPENAPI["paths"].items():
        for method, operation in operations.items():
            for param in operation.get("parameters", []):
                problems += _unbounded(param["schema"], f"{method} {path} {param['name']}", components, set())
            for media in operation.get("requestBody", {}).get("content", {}).values():
                problems += _unbounded(media["schema"], f"{method} {path} body", components, set())
    assert problems == []


def test_every_page_parameter_is_bounded() -> None:
    pages = [e for e in ENTRIES if not e.is_api]
    problems = []
    for entry in pages:
        for param in [*entry.route.dependant.path_params, *entry.route.dependant.query_params]:
            bounds = [m for m in param.field_info.metadata if hasattr(m, "max_length")]
            if not bounds:
                problems.append(f"{entry.path} {param.name}")
    assert problems == []


def test_the_names_rule_is_in_openapi() -> None:
    post = OPENAPI["paths"]["/api/v1/interactions"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    names = post["anyOf"][0]
    assert (names["minItems"], names["maxItems"]) == (2, 40)
    get = OPENAPI["paths"]["/api/v1/interactions"]["get"]["parameters"][0]["schema"]
    assert "{1,39}" in get["pattern"]


def test_closed_sets_are_enums_in_openapi() -> None:
    components = OPENAPI["components"]["schemas"]
    assert "not_breathing" in components["OverdoseRequest"]["properties"]["signs"]["items"]["enum"]
    search = {p["name"]: p for p in OPENAPI["paths"]["/api/v1/facilities"]["get"]["parameters"]}
    assert search["facility_type"]["schema"]["anyOf"][0]["enum"] == ["SA", "MH"]


def _valid_request(shared: TestClient, entry: RouteEntry) -> Any:
    # A client address of its own: the hostile walks post reports from "testclient" until the rate limit answers
    # 429, and this request must reach the real answer whatever ran before it.
    address = (f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.7", 50000)
    client = TestClient(shared.app, client=address)
    if entry.path.startswith(("/api/v1/staff/", "/api/v1/facility/")):
        return _signed_in_request(client, entry)
    if entry.path == "/staff/login":
        # The form's real CSRF token (from the page, with its __Host- cookie, sent over https only).
        client = TestClient(shared.app, base_url="https://testserver", client=address)
        found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/staff/login").text)
        assert found, "the sign-in page has no CSRF token"
        from tests.staff_accounts import make_staff

        staff = make_staff("consultant")
        form = {**inputs.FORMS[entry.path], "email": staff.email, "password": staff.password, "csrf_token": found[1]}
        return client.post(inputs.url(entry), data=form)
    if entry.is_api:
        return client.post(inputs.url(entry), json=inputs.BODIES[entry.path])
    if entry.path in inputs.FILES:
        return client.post(inputs.url(entry), files=inputs.FILES[entry.path])
    return client.post(inputs.url(entry), data=inputs.FORMS[entry.path])


def _signed_in_request(client: TestClient, entry: RouteEntry) -> Any:
    """A staff route's valid example as a signed-in consultant: a fresh code for the token, a real case to move."""
    from tests.staff_accounts import api_token, make_staff

    staff = make_staff("consultant")
    if entry.path == "/api/v1/staff/token":
        return client.post(
            inputs.url(entry), json={"email": staff.email, "password": staff.password, "otp": staff.code()}
        )
    client.headers["Authorization"] = f"Bearer {api_token(staff)}"
    path, body = inputs.url(entry), inputs.BODIES[entry.path]
    if "{case_id}" in entry.path or entry.path.startswith("/api/v1/facility/"):
        opened = client.post("/api/v1/staff/cases", json=inputs.BODIES["/api/v1/staff/cases"])
        assert opened.status_code == 201, opened.text
        case_id = opened.json()["id"]
        path = inputs.url(entry, case_id=case_id)
    if "{consent_id}" in entry.path or entry.path.endswith("/referrals") or entry.path.startswith("/api/v1/facility/"):
        # A real consent (and, for a referral or a facility's answer, a case at its shortlist) so the example
        # reaches its answer.
        for to in ("screened", "level_suggested", "shortlisted"):
            client.post(f"/api/v1/staff/cases/{case_id}/transitions", json={"to": to})
        consent_path = "/api/v1/staff/cases/{case_id}/consents"
        made = client.post(consent_path.format(case_id=case_id), json=inputs.BODIES[consent_path])
        assert made.status_code == 201, made.text
        path = inputs.url(entry, case_id=case_id, consent_id=made.json()["id"])
        body = {**body, "consent_id": made.json()["id"]} if entry.path.endswith("/referrals") else body
    if entry.path.startswith("/api/v1/facility/"):
        referral = client.post(
            f"/api/v1/staff/cases/{case_id}/referrals",
            json={"frids": [inputs.EXAMPLE_FRID], "consent_id": made.json()["id"]},
        )
        assert referral.status_code == 201, referral.text
        facility = make_staff("facility", facilities=(inputs.EXAMPLE_FRID,))
        client.headers["Authorization"] = f"Bearer {api_token(facility)}"
        path = inputs.url(entry, referral_id=referral.json()[0]["id"])
    return client.post(path, json=body)


def test_the_example_listing_exists(client: TestClient) -> None:
    assert client.get(f"/api/v1/facilities/{inputs.EXAMPLE_FRID}").status_code == 200


@pytest.mark.parametrize("entry", [*JSON_POSTS, *FORM_POSTS], ids=ids([*JSON_POSTS, *FORM_POSTS]))
def test_every_post_answer_and_error_is_no_store(client: TestClient, entry: RouteEntry) -> None:
    answers = [
        _valid_request(client, entry),
        client.post(inputs.url(entry), content=b"{", headers={"content-type": "application/json"}),
        client.post(inputs.url(entry), data={"substances": "x"}),
        client.post(inputs.url(entry, instrument_id="nope")),
    ]
    assert 200 <= answers[0].status_code < 300, answers[0].status_code
    for response in answers:
        assert response.headers.get("cache-control") == "no-store", (response.status_code, response.url)


def test_answers_to_what_was_typed_are_no_store_and_plain_pages_are_not(client: TestClient) -> None:
    for path in ("/check?substances=baclofen,alcohol", "/api/v1/interactions?substances=baclofen,alcohol"):
        assert client.get(path).headers.get("cache-control") == "no-store", path
    for path in ("/nope", "/api/v1/substances/nope", "/substances/" + "x" * 200):
        assert client.get(path).headers.get("cache-control") == "no-store", path
    # A plain page may be kept and is revalidated by its ETag (#21), never no-store.
    plain = client.get("/substances/baclofen").headers
    assert plain.get("cache-control") == "no-cache" and plain["etag"]


def _methods_at(path: str) -> set[str]:
    return {m for e in ENTRIES if e.path == path for m in e.methods}


@pytest.mark.parametrize("path", sorted({e.path for e in ENTRIES}))
def test_options_and_405_name_every_method_of_the_path(client: TestClient, path: str) -> None:
    entry = next(e for e in ENTRIES if e.path == path)
    served = _methods_at(path)
    # HEAD wherever GET is (recoverynav.wire), though no route declares it.
    expected = {*served, "OPTIONS"} | ({"HEAD"} if "GET" in served else set())
    options = client.options(inputs.url(entry))
    assert options.status_code == 204
    assert set(options.headers["allow"].split(", ")) == expected
    # A method the path does not serve (most serve no DELETE; a plan on a case does, and no PATCH).
    wrong = client.request(next(m for m in ("DELETE", "PATCH") if m not in expected), inputs.url(entry))
    assert wrong.status_code == 405
    assert set(wrong.headers["allow"].split(", ")) == expected
    assert ("json" in wrong.headers["content-type"]) == entry.is_api


@pytest.mark.parametrize(
    "path", ["/nope", "/substances/" + "x" * 200, "/check?substances=" + "x" * 3000, "/find?page=" + "9" * 50]
)
def test_pages_answer_errors_with_html_and_the_emergency_box(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"].startswith("text/html")
    assert 'class="emergency' in response.text or "Emergency?" in response.text


def _signed_in_reads() -> list[RouteEntry]:
    """Every GET route that reads what an account may see (a case, a caller, referrals, openings, the account)."""
    return [e for e in ENTRIES if "GET" in e.methods and re.match(r"^/(api/v1/)?(staff|facility)\b", e.path)]


def test_everything_a_signed_in_account_reads_is_no_store(client: TestClient) -> None:
    """A case page or an API read of a case carries a caller's name, phone and substances: no-store whenever the
    request carries credentials, on every staff and facility read (answers and errors), API token or web cookie."""
    from tests.staff_accounts import api_token, make_staff
    from tests.web.test_staff_login import sign_in

    staff = make_staff("consultant")
    bearer = {"Authorization": f"Bearer {api_token(staff)}"}
    made = client.post(
        "/api/v1/staff/cases",
        json={"caller": {"nickname": "Sam", "phone": "215-555-0100"}, "substances": ["alcohol"]},
        headers=bearer,
    )
    assert made.status_code == 201, made.text
    case_id = made.json()["id"]
    reads = _signed_in_reads()
    assert len(reads) >= 15
    ok = set()
    for entry in reads:
        path = inputs.url(entry, case_id=case_id)
        answer = client.get(path, headers=bearer if entry.is_api else {})
        if answer.status_code == 200:
            ok.add(entry.path)
        assert answer.headers.get("cache-control") == "no-store", (entry.path, answer.status_code)
    # The rule is seen on real answers, not only on errors (which are no-store anyway).
    assert {"/api/v1/staff/cases/{case_id}", "/api/v1/staff/cases", "/api/v1/staff/me"} <= ok
    with TestClient(create_app(), base_url="https://testserver") as browser:
        sign_in(browser, staff)
        seen = 0
        for entry in reads:
            if entry.is_api:
                continue
            answer = browser.get(inputs.url(entry, case_id=case_id), follow_redirects=False)
            seen += answer.status_code == 200
            assert answer.headers.get("cache-control") == "no-store", (entry.path, answer.status_code)
        assert seen >= 3
