"""Every route, every parameter, every field, every form: hostile input gets a 4xx or an answer, never a 5xx.

Routes are read from the app's router modules, so a new route is probed (or fails here until it has a body
or form in ``inputs``). Pages answer errors with HTML, the API with JSON; nothing typed is reflected as markup.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from recoverynav.app import RouteEntry, create_app
from recoverynav.http_policy import UPLOAD_PATHS, UPLOAD_PATTERN
from tests.hostile import inputs

ENTRIES = inputs.entries()
GETS = [e for e in ENTRIES if "GET" in e.methods]
JSON_POSTS = [e for e in ENTRIES if "POST" in e.methods and e.is_api]
# PUT and PATCH bodies (a facility's openings, a case edit, a coverage summary) are probed like POST ones.
JSON_WRITES = [e for e in ENTRIES if e.methods & {"PUT", "PATCH"} and "POST" not in e.methods and e.is_api]
JSON_BODIES = [*JSON_POSTS, *JSON_WRITES]
FORM_POSTS = [e for e in ENTRIES if "POST" in e.methods and not e.is_api]
PATH_ROUTES = [e for e in ENTRIES if e.route.dependant.path_params]
QUERY_ROUTES = [e for e in GETS if e.route.dependant.query_params]
JSON = {"content-type": "application/json"}
# What the API answers bad input with (OpenAPI declares 404 and 422; 413 and 415 come from the body rules);
# a route that stores what is posted answers 201 and, past its rate limit, 429 (both declared in OpenAPI).
# Staff routes answer 401 without sign-in (the hostile client never signs in), 403/409 as they declare.
DECLARED = {200, 201, 204, 401, 403, 404, 405, 409, 413, 415, 422, 429}


@pytest.fixture(scope="module")
def hostile_client() -> Iterator[TestClient]:
    # Server exceptions become 500 responses here, as a real server sends them, so they are counted.
    # Signed in as a staff member (bearer token), so hostile values reach the staff routes past the token check;
    # the token route's own example is this account's e-mail and password with a fresh code (inputs.body).
    from tests.staff_accounts import api_token, make_staff

    staff = make_staff("supervisor")
    inputs.STAFF[:] = [(staff.email, staff.password, staff.secret)]
    with TestClient(create_app(), raise_server_exceptions=False) as test_client:
        test_client.headers["Authorization"] = f"Bearer {api_token(staff)}"
        # A real case, so a case route's valid example reaches its answer and hostile values reach past the lookup.
        opened = test_client.post("/api/v1/staff/cases", json=inputs.BODIES["/api/v1/staff/cases"])
        assert opened.status_code == 201, opened.text
        inputs.PATH_VALUES["case_id"] = opened.json()["id"]
        test_client.staff = staff  # type: ignore[attr-defined]
        yield test_client


@pytest.fixture(autouse=True)
def _signed_in_again_after_logout(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test on the logout route ends the hostile client's token; the next test gets a new one."""
    yield
    entry = getattr(request.node, "callspec", None) and request.node.callspec.params.get("entry")
    if isinstance(entry, RouteEntry) and entry.path in inputs.SIGNS_OUT and "hostile_client" in request.fixturenames:
        from tests.staff_accounts import api_token

        client = request.getfixturevalue("hostile_client")
        client.headers["Authorization"] = f"Bearer {api_token(client.staff)}"


# What a route may answer with instead of a page or JSON: the recovery plan's downloads.
DOWNLOADS = frozenset({"application/pdf", "text/calendar", "application/json", "application/octet-stream"})


def assert_handled(response: Response, is_api: bool) -> None:
    """Not a server error; the right kind of body; nothing typed comes back as live markup."""
    assert response.status_code < 500, (response.status_code, response.text[:300])
    media = response.headers.get("content-type", "")
    if response.status_code == 200 and media.split(";")[0] in DOWNLOADS:
        return  # a plan's PDF, calendar or file: a download, not a page
    if response.status_code == 204:
        assert response.content == b""  # a logout: nothing to say
        return
    if is_api:
        assert response.status_code in DECLARED, response.status_code
        assert "json" in media, media
        json.loads(response.content)
    else:
        assert media.startswith("text/html") or ("json" in media and response.status_code == 200), media
        assert "<script>alert(1)</script>" not in response.text


def write(entry: RouteEntry) -> str:
    """The method a body route is probed with (POST where a path takes several)."""
    return "POST" if "POST" in entry.methods else sorted(entry.methods & {"PUT", "PATCH"})[0]


def ids(entries: list[RouteEntry]) -> list[str]:
    return [f"{sorted(e.methods)[0]} {e.path}" for e in entries]


def test_every_body_and_form_route_has_a_valid_example() -> None:
    assert {e.path for e in JSON_BODIES} <= set(inputs.BODIES), "add a valid body to tests/hostile/inputs.py"
    assert {e.path for e in FORM_POSTS} <= set(inputs.FORMS), "add the form's fields to tests/hostile/inputs.py"


@pytest.mark.parametrize("entry", PATH_ROUTES, ids=ids(PATH_ROUTES))
def test_path_parameters(hostile_client: TestClient, entry: RouteEntry) -> None:
    method = sorted(entry.methods)[0]
    for param in entry.route.dependant.path_params:
        for value in inputs.STRINGS:
            if not value:
                continue
            body: dict[str, Any] = {}
            if method in ("POST", "PUT", "PATCH"):
                body = {"json": inputs.BODIES[entry.path]} if entry.is_api else {"data": inputs.FORMS[entry.path]}
            response = hostile_client.request(method, inputs.url(entry, **{param.name: value}), **body)
            assert_handled(response, entry.is_api)


@pytest.mark.parametrize("entry", QUERY_ROUTES, ids=ids(QUERY_ROUTES))
def test_query_parameters(hostile_client: TestClient, entry: RouteEntry) -> None:
    for name in inputs.query_names(entry):
        for value in [*inputs.STRINGS, "%ff%fe", "%ED%A0%80"]:
            encoded = value if value.startswith("%") else inputs.encode(value)
            twice = f"&{name}={encoded}" if len(encoded) < 1000 else ""  # a repeated parameter, within URL limits
            response = hostile_client.get(f"{inputs.url(entry)}?{name}={encoded}{twice}")
            assert_handled(response, entry.is_api)


@pytest.mark.parametrize("entry", JSON_BODIES, ids=ids(JSON_BODIES))
def test_json_fields(hostile_client: TestClient, entry: RouteEntry) -> None:
    base = inputs.body(entry.path)
    if isinstance(base, dict) and "version" in base and entry.path.endswith(("{case_id}", "{case_id}/plan")):
        # The example case is shared by the module's tests (a plan kept on it moves its version on): edit the
        # version it has now, so the valid example is valid whatever ran before.
        case = hostile_client.get(f"/api/v1/staff/cases/{inputs.PATH_VALUES['case_id']}")
        if case.status_code == 200:
            base = {**base, "version": case.json()["version"]}
    status = hostile_client.request(write(entry), inputs.url(entry), json=base).status_code
    # A facility route's example id names no facility (404 once the body is valid); elsewhere 200 or 201.
    # Staff routes refuse the unsigned hostile client before they act (401), whatever the body.
    staff = entry.path.startswith("/api/v1/staff/") and status == 401
    # A case route's example id names no case either (404 past the sign-in).
    unknown = ("{frid}" in entry.path or "{case_id}" in entry.path) and status == 404
    # A referral's example consent id names no consent on the example case: refused with 409 naming consent_id.
    # A facility route refuses the staff account the hostile client is (403): it is not a facility account.
    refused = (entry.path.endswith("/referrals") and status == 409) or (
        entry.path.startswith("/api/v1/facility/") and status == 403
    )
    assert status in (200, 201, 204) or unknown or staff or refused, "the example must be valid"
    for place in [(), *inputs.leaves(base)]:
        for value in [*inputs.STRINGS, *inputs.JSON_VALUES]:
            body = json.dumps(inputs.replaced(base, place, value)).encode("utf-8", errors="surrogatepass")
            response = hostile_client.request(
                write(entry), inputs.url(entry), content=body, headers={"content-type": "application/json"}
            )
            assert_handled(response, is_api=True)


@pytest.mark.parametrize("entry", [*JSON_BODIES, *FORM_POSTS], ids=ids([*JSON_BODIES, *FORM_POSTS]))
@pytest.mark.parametrize("media", ["application/json", "application/x-www-form-urlencoded", "text/plain", None])
def test_raw_bodies(hostile_client: TestClient, entry: RouteEntry, media: str | None) -> None:
    headers = {"content-type": media} if media else {}
    for raw in inputs.RAW_BODIES:
        method = write(entry) if entry.is_api else "POST"
        assert_handled(hostile_client.request(method, inputs.url(entry), content=raw, headers=headers), entry.is_api)


@pytest.mark.parametrize("entry", FORM_POSTS, ids=ids(FORM_POSTS))
def test_form_fields(hostile_client: TestClient, entry: RouteEntry) -> None:
    form = inputs.FORMS[entry.path]
    for field in form:
        for value in inputs.STRINGS:
            data = {**form, field: value.encode("utf-8", errors="surrogatepass").decode("utf-8", errors="replace")}
            assert_handled(hostile_client.post(inputs.url(entry), data=data), is_api=False)
        # The same field twice, and a field name that is itself hostile.
        response = hostile_client.post(inputs.url(entry), content=f"{field}=1&{field}=%ff&%0d%0a=%00".encode())
        assert_handled(response, is_api=False)


@pytest.mark.parametrize("entry", [*JSON_BODIES, *FORM_POSTS], ids=ids([*JSON_BODIES, *FORM_POSTS]))
def test_uploads_and_huge_bodies_are_refused(hostile_client: TestClient, entry: RouteEntry) -> None:
    method = write(entry) if entry.is_api else "POST"
    if entry.is_api and not entry.route.dependant.body_params:
        # A route that takes no body (logout) never reads one: what is sent is dropped unread, not refused.
        ignored = hostile_client.request(method, inputs.url(entry), content=b"x" * (300 * 1024))
        assert_handled(ignored, entry.is_api)
        return
    upload = hostile_client.request(
        method, inputs.url(entry), files={"substances": ("names.txt", b"alcohol\nbaclofen")}
    )
    # Only the plan pages take a file: on /plan a file in the wrong field is a page naming the field it wanted; the
    # staff one (a plan kept on a case) first sends a client without a staff session to sign in.
    if UPLOAD_PATTERN.fullmatch(inputs.url(entry)):
        assert (upload.status_code, upload.url.path) == (200, "/staff/login")
    else:
        assert upload.status_code == (422 if entry.path in UPLOAD_PATHS else 415)
    huge = hostile_client.request(
        method,
        inputs.url(entry),
        content=b"x" * (300 * 1024),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert huge.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while it streams
        for _ in range(40):
            yield b"y" * 10_000

    media = "application/json" if entry.is_api else "application/x-www-form-urlencoded"
    streamed = hostile_client.request(method, inputs.url(entry), content=chunks(), headers={"content-type": media})
    assert streamed.status_code == 413
    for response in (upload, huge, streamed):
        assert_handled(response, entry.is_api)


def _uses_database(entry: RouteEntry) -> bool:
    """A route that reads the facility database (it depends on a repository provider)."""
    return any("repository" in getattr(d.call, "__name__", "") for d in entry.route.dependant.dependencies)


DATABASE_ROUTES = [e for e in ENTRIES if _uses_database(e)]


def test_some_routes_use_the_database() -> None:
    assert len(DATABASE_ROUTES) >= 4, ids(DATABASE_ROUTES)


@pytest.mark.parametrize("entry", DATABASE_ROUTES, ids=ids(DATABASE_ROUTES))
def test_database_routes_on_sqlite_and_postgresql(configured_database: str, entry: RouteEntry) -> None:
    # A value the database itself refuses (NUL in PostgreSQL text, an over-long string) must still be a 4xx.
    with TestClient(create_app(), raise_server_exceptions=False) as fresh:
        for value in inputs.DATABASE_STRINGS:
            for param in entry.route.dependant.path_params:
                if value:
                    assert_handled(fresh.get(inputs.url(entry, **{param.name: value})), entry.is_api)
            for name in inputs.query_names(entry):
                near = "" if name == "near" else "&near=22902"
                assert_handled(fresh.get(f"{inputs.url(entry)}?{name}={inputs.encode(value)}{near}"), entry.is_api)


@pytest.mark.parametrize(
    "value", ["\ud800", b"\xff\xfe", float("nan"), float("inf"), 10**4000, "x" * 100_000, {"a": [[[[[[[[[[1]]]]]]]]]]}]
)
def test_json_safe_makes_anything_encodable(value: object) -> None:
    from recoverynav.api.errors import ECHO_LIMIT, json_problem, json_safe

    assert len(json.dumps(json_safe(value), allow_nan=False).encode("utf-8")) <= ECHO_LIMIT * 2
    assert json_problem(422, {"value": value, "message": "m"}).status_code == 422
