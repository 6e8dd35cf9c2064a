"""Coverage checks on the staff case page: with no gateway a check opens a "verify by phone" task whose form the
consultant fills in; with one (the simulated payer) a check completes, a timeout is said plainly, and the summary
shows on the case. Member ids never reach a URL or the page; every form needs the session's CSRF token."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from recoverynav.settings import get_settings
from tests.coverage.payer import SUD_271, Reply, SimulatedPayer, simulated_payer
from tests.staff_accounts import make_staff
from tests.web.test_staff_cases import browser, form_fields, links, open_case, unique_phone  # noqa: F401
from tests.web.test_staff_login import sign_in

MEMBER_ID = "W12345678901"
CHECK = {"payer_name": "ABC COMPANY", "payer_id": "842610001", "member_id": MEMBER_ID, "st_AI": "yes", "st_CJ": "yes"}


@pytest.fixture()
def payer(monkeypatch: pytest.MonkeyPatch) -> Iterator[SimulatedPayer]:
    with simulated_payer() as running:
        for name, value in {
            "GATEWAY": "json",
            "URL": running.url("/json"),
            "API_KEY": "k",
            "TIMEOUT_SECONDS": "1",
            "PROVIDER_NPI": "1234567893",
            "PROVIDER_NAME": "RECOVERY CLINIC",
        }.items():
            monkeypatch.setenv(f"RECOVERYNAV_ELIGIBILITY_{name}", value)
        get_settings.cache_clear()
        yield running
    get_settings.cache_clear()


def _signed_in_case(browser: TestClient) -> tuple[str, str]:  # noqa: F811
    sign_in(browser, make_staff())
    # A last name of its own: the same name and birth date in another test's case would be a duplicate at intake.
    last = "Smith" + "".join(chr(ord("a") + int(d, 16) % 26) for d in uuid.uuid4().hex[:8])
    case_id = open_case(
        browser, nickname="Rob", first_name="Robert", last_name=last, date_of_birth="1943-05-19", phone=unique_phone()
    )
    page = browser.get(f"/staff/cases/{case_id}")
    return case_id, page.text


def _check(browser: TestClient, case_id: str, page: str) -> str:  # noqa: F811
    action = f"/staff/cases/{case_id}/coverage-checks"
    answer = browser.post(action, data={**form_fields(page, action), **CHECK}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == f"/staff/cases/{case_id}#coverage"
    return browser.get(f"/staff/cases/{case_id}").text


def test_without_a_gateway_a_phone_task_is_opened_and_filled_in(browser: TestClient) -> None:  # noqa: F811
    case_id, page = _signed_in_case(browser)
    assert "No coverage check yet." in page and "Open a verify-by-phone task" in page
    page = _check(browser, case_id, page)
    assert "ABC COMPANY: to verify by phone" in page
    assert "No real-time eligibility gateway is configured" in page
    action = re.search(rf'action="(/staff/cases/{case_id}/coverage-checks/[0-9a-f]{{32}}/summary)"', page)
    assert action is not None
    form = {
        **form_fields(page, action[1]),
        "active": "yes",
        "plan": "Silver 200",
        "copay_in_network": "$25",
        "coinsurance_out_of_network": "40",
        "prior_authorization": "yes",
        "limits": "30 days a year",
        "notes": "Spoke to Jo, ref 77",
    }
    filled = browser.post(action[1], data=form, follow_redirects=False)
    assert filled.status_code == 303, filled.text[:500]
    page = browser.get(f"/staff/cases/{case_id}").text
    assert "ABC COMPANY: verified by phone" in page
    assert "in network $25.00" in page and "out of network 40 %" in page and "required" in page
    assert MEMBER_ID not in page and all(MEMBER_ID not in link for link in links(page))
    again = browser.post(action[1], data=form, follow_redirects=False)
    assert again.status_code == 409  # the version it was read at is gone


def test_a_check_against_the_payer_completes_and_is_summarised(browser: TestClient, payer: SimulatedPayer) -> None:  # noqa: F811
    payer.default = Reply(x12=SUD_271)
    case_id, page = _signed_in_case(browser)
    assert "Check coverage now" in page
    page = _check(browser, case_id, page)
    assert "ABC COMPANY: answered by the payer" in page
    assert "in network $25.00; out of network $60.00" in page and "SILVER 200 PLAN" in page
    assert MEMBER_ID in payer.received[0].body.decode() and MEMBER_ID not in page


def test_a_timeout_is_said_plainly_on_the_case(browser: TestClient, payer: SimulatedPayer) -> None:  # noqa: F811
    payer.default = Reply(delay=2.5)
    case_id, page = _signed_in_case(browser)
    page = _check(browser, case_id, page)
    assert "ABC COMPANY: no usable answer" in page
    assert "The payer did not answer within 1 second (the real-time limit), twice (it was tried once more)." in page
    assert "Fill in after calling the payer" in page and len(payer.received) == 2


def test_bad_fields_are_named_and_forms_need_the_csrf_token(browser: TestClient) -> None:  # noqa: F811
    case_id, page = _signed_in_case(browser)
    action = f"/staff/cases/{case_id}/coverage-checks"
    bad = browser.post(action, data={**form_fields(page, action), **CHECK, "member_id": "W1*SMITH"})
    assert bad.status_code == 422 and "member_id" in bad.text and "W1*SMITH" not in bad.text
    forged = browser.post(action, data=CHECK)
    assert forged.status_code == 403
