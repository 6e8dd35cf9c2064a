"""Hostile inputs and the routes they go to, read from the app (a new route is covered or fails ``test_routes``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from recoverynav.app import RouteEntry, route_entries
from recoverynav.placement import Facts

# Each breaks something a naive handler assumes: encodability, one line, ASCII digits, size, markup, schemes.
STRINGS: tuple[str, ...] = (
    "\ud800",  # a lone surrogate: valid in a JSON string escape, not encodable as UTF-8
    "ok\udfffok",
    "\x00",
    "a\x00b",
    "line\r\nInjected: yes",
    "\x1b[31m\x07",
    "\u2028\u2029\x85",
    "²",  # str.isdigit() is True, int() fails
    "٣",
    "9" * 5000,  # past int()'s 4,300-digit limit
    "A" * 60_000,  # the 60 KB id that cost 5 s of fuzzy matching
    "<script>alert(1)</script>",
    "javascript:alert(document.domain)//://x",
    "\u202egnp.exe",
    "../../../etc/passwd",
    "' OR 1=1 --",
    "\ufeff",
    "NaN",
    "",
    " ",
)

# The strings a database itself may refuse or mishandle (NUL in PostgreSQL text, unencodable text, numbers past a
# column's range, over-long values, SQL quoting): what test_database_routes_on_sqlite_and_postgresql sends on both
# backends. The others are about parsing and rendering, the same on any database, and run against the default one.
DATABASE_STRINGS: tuple[str, ...] = (
    "\ud800",
    "ok\udfffok",
    "\x00",
    "a\x00b",
    "9" * 5000,
    "A" * 60_000,
    "' OR 1=1 --",
    " ",
)
assert set(DATABASE_STRINGS) <= set(STRINGS)

# JSON values that are the wrong type or shape for every field.
JSON_VALUES: tuple[Any, ...] = (None, True, -1, 10**30, 1e308, [], {}, [[[[]]]], {"a": {"b": {}}}, [0] * 1000)

# Raw bodies: not UTF-8, not JSON, deep, JSON extensions Python accepts, and a lone surrogate escape.
RAW_BODIES: tuple[bytes, ...] = (
    b"\xff\xfe\xfd",
    b"\xc3\x28",
    b'{"substances": ["\xff"]}',
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a":' * 20_000 + b"1" + b"}" * 20_000,
    b"NaN",
    b"1e999999",
    b"9" * 5000,
    b'"\\ud800"',
    b'["\\ud800", "\\udfff"]',
    b"{",
    b"",
)

# Valid values, so a hostile value in one place reaches code past the others' checks.
# A real bundled listing (Massachusetts General Hospital, from the 2025 Massachusetts download), so example posts
# about a listing reach an answer; test_the_example_listing_exists fails if the bundled data loses it.
EXAMPLE_FRID = "rn-ba0fc9c45de1c46765a8a8696883b4fd"
PATH_VALUES = {
    "substance_id": "baclofen",
    "instrument_id": "audit",
    "frid": EXAMPLE_FRID,
    "country": "US",
    "meeting_id": "1",
}
PATH_VALUES["case_id"] = "0" * 32
PATH_VALUES["consent_id"] = "0" * 32
PATH_VALUES["referral_id"] = "0" * 32
# A valid body for every JSON route: test_routes fails when a new body route has none.
BODIES: dict[str, Any] = {
    "/api/v1/overdose": {"signs": ["unresponsive"], "substances": ["fentanyl"], "country": "US"},
    "/api/v1/interactions": {"substances": ["baclofen", "alcohol"]},
    # Openings (#16): a facility's whole set for one listing, and the helpline's phone check of one.
    "/api/v1/facility/openings": {
        "frid": EXAMPLE_FRID,
        "openings": [{"care_type": "DT", "open_slots": 2, "accepting_new": True, "waitlist": 0}],
    },
    "/api/v1/staff/facilities/{frid}/openings/confirm": {
        "openings": [{"care_type": "RES", "open_slots": 0, "accepting_new": False}]
    },
    # A case edit (PATCH): the version it was read at and one field.
    "/api/v1/staff/cases/{case_id}": {"version": 1, "notes": "called back"},
    "/api/v1/placement": {
        "substances": ["alcohol"],
        "near": "22902",
        "screening": [{"instrument": "audit", "band": "x"}],
    },
    "/api/v1/screening/{instrument_id}": {"answers": [0] * 10, "sex": "female", "age": 30},
    "/api/v1/screening/{instrument_id}/fhir": {"answers": {f"q{n}": 1 for n in range(1, 11)}, "sex": "male"},
    "/api/v1/facilities/{frid}/reports": {"reason": "wrong_phone", "details": "rings out", "contact": "x@example.org"},
    "/api/v1/callback-requests": {
        "nickname": "Sam",
        "phone": "215-555-0100",
        "best_time": "evenings",
        "language": "English",
        "consent_to_call": True,
        "screening": [{"instrument": "audit-c", "answers": [1, 1, 0], "sex": "female", "age": 30}],
        "placement": {"substances": ["alcohol"], "daily_use": True},
        "search": {"near": "22902", "radius_miles": 10, "codes": ["DT"]},
    },
    "/api/v1/staff/cases": {"caller": {"nickname": "Sam", "phone": "215-555-0100"}, "substances": ["alcohol"]},
    "/api/v1/staff/cases/{case_id}/transitions": {"to": "screened", "note": "AUDIT-C done"},
    "/api/v1/staff/cases/{case_id}/consents": {
        "patient_name": "Sam Doe",
        "information": "Name and the referral message",
        "recipients": [EXAMPLE_FRID],
        "purpose": "treatment",
        "expires_on": "2099-01-01",
        "signature_method": "verbal",
        "signed_by": "Sam Doe",
        "signed_on": "2026-12-01",
    },
    "/api/v1/staff/cases/{case_id}/consents/{consent_id}/revoke": {"in_writing": True, "note": "letter"},
    "/api/v1/staff/cases/{case_id}/referrals": {"frids": [EXAMPLE_FRID], "consent_id": "0" * 32, "message": "hi"},
    "/api/v1/facility/referrals/{referral_id}/decision": {"decision": "declined", "reason": "capacity"},
    "/api/v1/plans/pdf": {"coping_now": ["call Sam"], "people": [{"name": "Sam", "phone": "215-555-0100"}]},
    "/api/v1/staff/cases/{case_id}/plan": {"plan": {"coping_now": ["call Sam"]}, "asked": True},
    # A real account's e-mail, password and current code when the hostile client has signed in (``body``).
    "/api/v1/staff/token": {
        "email": "hostile.staff@example.org",
        "password": "a long enough pass phrase",
        "otp": "000000",
    },
}
# Routes that end the caller's own sign-in (their valid example is no body at all).
SIGNS_OUT = frozenset({"/api/v1/staff/logout"})
BODIES["/api/v1/staff/logout"] = {}
# Coverage checks (#17): a phone task when no gateway is configured (as in tests), and its summary form.
PATH_VALUES["check_id"] = "0" * 32
BODIES["/api/v1/staff/cases/{case_id}/coverage-checks"] = {
    "payer_id": "842610001",
    "payer_name": "ABC COMPANY",
    "member_id": "W000000001",
    "first_name": "Sam",
    "last_name": "Doe",
    "birth_date": "1980-01-01",
    "service_types": ["AI", "CJ"],
}
BODIES["/api/v1/staff/cases/{case_id}/coverage-checks/{check_id}/summary"] = {
    "version": 1,
    "active": True,
    "plan": "Silver",
    "copay_in_network": 25,
    "coinsurance_out_of_network": 0.4,
    "prior_authorization": True,
    "notes": "called the payer",
    "rejections": [],
}
# The fields of every HTML form a page route reads: test_routes fails when a new form route has none.
FORMS: dict[str, dict[str, str]] = {
    "/screening/{instrument_id}": {f"q{n}": "0" for n in range(1, 11)} | {"age": "30", "sex": "female"},
    "/screening/{instrument_id}/fhir": {f"q{n}": "1" for n in range(1, 11)} | {"age": "40", "sex": "male"},
    "/facilities/{frid}/report": {"reason": "closed", "details": "no answer", "contact": ""},
    "/plan": {"coping_now": "call Sam"},
    "/callback": {"stage": "send", "nickname": "Sam", "phone": "215-555-0100", "best_time": "evenings"}
    | {"language": "English", "consent": "yes", "screening_instrument": "audit-c", "screening_answers": "1,1,0"}
    | {"screening_sex": "female", "screening_age": "30", "facts": '{"substances": ["alcohol"]}', "near": "22902"}
    | {"radius": "10", "codes": "DT"},
    "/plan/pdf": {"coping_now": "call Sam"},
    "/plan/ics": {"coping_now": "call Sam"}
    | {"checkin_name": "Read my plan", "checkin_day": "sun", "checkin_time": "09:00"}
    | {"checkin_timezone": "", "checkin_where": ""},
    "/plan/file": {"coping_now": "call Sam"},
    # A facility account's openings form (#16): one row filled, the rest blank.
    "/staff/facility/openings/{frid}": {"csrf_token": "x", "DT_slots": "2", "DT_accepting": "yes", "DT_waitlist": "0"},
    "/staff/facilities/{frid}/openings": {
        "csrf_token": "x",
        "as_they_are": "",
        "RES_slots": "1",
        "RES_accepting": "yes",
    },
    # Staff forms: without the session's CSRF token every hostile post is a 403 page, never a 5xx.
    "/staff/login": {"email": "hostile.staff@example.org", "password": "a long enough pass phrase", "csrf_token": "x"},
    "/staff/login/code": {"code": "000000", "csrf_token": "x"},
    "/staff/logout": {"csrf_token": "x"},
    "/staff/cases": {"csrf_token": "x", "nickname": "Sam", "phone": "215-555-0100", "first_name": "Sam"}
    | {"last_name": "Lee", "date_of_birth": "1990-01-02", "email": "sam@example.org", "zip": "19103"}
    | {"for_self": "yes", "substances": "alcohol", "notes": "called twice"},
    "/staff/search": {"csrf_token": "x", "phone": "215-555-0100", "reference": "", "first_name": "Sam"}
    | {"last_name": "Lee", "date_of_birth": "1990-01-02"},
    "/staff/cases/{case_id}/merge": {"csrf_token": "x", "into": "1" * 32, "confirm": "yes"},
    "/staff/cases/{case_id}/edit": {"csrf_token": "x", "version": "1", "nickname": "Sam", "phone": "215-555-0100"}
    | {"for_self": "no", "substances": "alcohol", "notes": "n"},
    "/staff/cases/{case_id}/take": {"csrf_token": "x", "version": "1"},
    "/staff/cases/{case_id}/next": {"csrf_token": "x", "version": "1", "next_action": "call"}
    | {"due_at": "2030-01-01T09:00"},
    "/staff/cases/{case_id}/move": {"csrf_token": "x", "version": "1", "to": "closed", "reason": "other", "note": "n"},
    "/staff/cases/{case_id}/screening/{instrument_id}": {"csrf_token": "x", "version": "1", "sex": "female"}
    | {"q1": "1", "q2": "1", "q3": "0", "age": "30"},
    "/staff/cases/{case_id}/suggestion": {"csrf_token": "x", "version": "1", "substances": "alcohol"}
    | {"daily_use": "yes", "readiness": "ready"},
    "/staff/cases/{case_id}/consents": {"csrf_token": "x", "patient_name": "Sam Doe", "information": "name"}
    | {"recipients": EXAMPLE_FRID, "recipient_class": "", "purpose": "treatment", "expires_on": "2099-01-01"}
    | {"expiry_event": "", "signature_method": "verbal", "signed_by": "Sam Doe", "signer_role": "patient"}
    | {"signed_on": "2026-12-01", "disclosing_party": "The helpline"},
    "/staff/cases/{case_id}/consents/{consent_id}/revoke": {"csrf_token": "x", "in_writing": "yes", "note": "letter"},
    "/staff/cases/{case_id}/refer": {"csrf_token": "x", "consent_id": "0" * 32, "frid_0": EXAMPLE_FRID}
    | {"message": "hi"},
    "/staff/facility/referrals/{referral_id}/decision": {"csrf_token": "x", "decision": "declined"}
    | {"reason": "capacity", "note": "full"},
    # Every field of the placement facts (plus the form's own), so a new question is probed the day it exists.
    "/treatment/assess": {name: "yes" for name in Facts.model_fields}
    | {"substances": "alcohol, baclofen", "daily_dose_mg": "10", "ciwa_ar": "5", "cows": "3", "near": "22902"}
    | {"prior_treatment_relapses": "1", "withdrawal_symptoms": "mild", "suicidal_thoughts": "none"}
    | {"readiness": "ready", "cravings": "mild", "home": "stable", "responsibilities": "work"}
    | {"screening": "audit:zone-2", "from_screening": ""},
    # A recovery plan kept on a case at the person's request (#20): the plan form's fields, the confirmation.
    "/staff/cases/{case_id}/plan": {"csrf_token": "x", "version": "1", "asked": "yes"},
    "/staff/cases/{case_id}/plan/form": {"csrf_token": "x", "version": "1", "asked": "yes", "coping_now": "call Sam"}
    | {"people_name": "Sam", "people_phone": "215-555-0100", "meeting_name": "Group", "meeting_day": "tue"}
    | {"meeting_time": "19:00", "meeting_timezone": "America/New_York", "meeting_where": "hall"},
    "/staff/cases/{case_id}/plan/remove": {"csrf_token": "x", "version": "1", "asked": "yes"},
}

# The case page's coverage forms (#17): a check (a phone task in tests) and the summary filled in after the call.
FORMS["/staff/cases/{case_id}/coverage-checks"] = {
    "csrf_token": "x",
    "payer_name": "ABC COMPANY",
    "payer_id": "842610001",
    "member_id": "W000000001",
    "first_name": "Sam",
    "last_name": "Doe",
    "birth_date": "1980-01-01",
    "st_AI": "yes",
}
FORMS["/staff/cases/{case_id}/coverage-checks/{check_id}/summary"] = {
    "csrf_token": "x",
    "version": "1",
    "active": "yes",
    "plan": "Silver",
    "plan_begin": "2026-01-01",
    "copay_in_network": "25",
    "coinsurance_out_of_network": "40",
    "prior_authorization": "no",
    "limits": "30 days",
    "notes": "n",
    "rejections": "",
}

# The file fields of the one page that takes an upload (http_policy.UPLOAD_PATHS): a saved plan file.
FILES: dict[str, dict[str, tuple[str, bytes, str]]] = {
    "/plan": {"planfile": ("plan.json", b'{"version": 1, "coping_now": ["call Sam"]}', "application/json")},
    "/staff/cases/{case_id}/plan": {"planfile": ("plan.json", b'{"coping_now": ["call Sam"]}', "application/json")},
}


def entries() -> list[RouteEntry]:
    return route_entries()


def encode(value: str) -> str:
    """Percent-encode anything, lone surrogates included (as the bytes a hostile client would send)."""
    return quote(value.encode("utf-8", errors="surrogatepass"), safe="")


def url(entry: RouteEntry, **path: str) -> str:
    """The route's path with valid values, except those given (percent-encoded)."""
    values = {**PATH_VALUES, **path}
    result = entry.path
    for param in entry.route.dependant.path_params:
        result = result.replace("{" + param.name + "}", encode(values[param.name]))
    return result


def query_names(entry: RouteEntry) -> list[str]:
    return [str(p.alias) for p in entry.route.dependant.query_params]


def leaves(body: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON body a value sits, as key paths (the containers themselves included)."""
    places = [path] if path else []
    if isinstance(body, dict):
        for key, item in body.items():
            places += leaves(item, (*path, key))
    elif isinstance(body, list):
        for index, item in enumerate(body[:2]):
            places += leaves(item, (*path, index))
    return places


def replaced(body: Any, place: tuple[Any, ...], value: Any) -> Any:
    if not place:
        return value
    head, *rest = place
    copy: Any = dict(body) if isinstance(body, dict) else list(body)
    copy[head] = replaced(body[head], tuple(rest), value)
    return copy


# The staff account the hostile client signs in as (e-mail, password, TOTP secret; set by its fixture).
STAFF: list[tuple[str, str, str]] = []


def body(path: str) -> Any:
    """The valid example body of a JSON route; the staff token's carries a code valid now."""
    example = BODIES[path]
    if path == "/api/v1/staff/token" and STAFF:
        import time

        from recoverynav.backoffice.totp import totp

        email, password, secret = STAFF[0]
        return {"email": email, "password": password, "otp": totp(secret, at=time.time())}
    return example
