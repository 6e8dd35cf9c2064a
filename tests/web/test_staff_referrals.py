"""The consent and referral screens: a consent recorded from the plain-language form (422 naming each missing
element), printable; three referrals sent; each facility account sees and answers only its own (another's is a
404); the case moves to accepted; the printable ledger lists three disclosures with the § 2.32 notice; a revoked
consent refers no more; no personal value in a URL."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from recoverynav.app import create_app
from recoverynav.storage.backoffice.audit import verify_stored_chain
from recoverynav.storage.unit_of_work import UnitOfWork
from recoverynav.wiring import back_office_engine
from tests.report_helpers import listed, serve_without_bundled
from tests.staff_accounts import make_staff
from tests.web.test_staff_cases import form_fields, links, open_case
from tests.web.test_staff_login import csrf, sign_in

FRIDS = ["web-a", "web-b", "web-c"]
NAME = "Ottilie Brandvold"


def client() -> TestClient:
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.11"
    return TestClient(create_app(), base_url="https://testserver", client=(address, 50000))


@pytest.fixture()
def site(configured_database: str) -> Iterator[str]:
    serve_without_bundled(configured_database, *(listed(f) for f in FRIDS))
    yield configured_database


def shortlisted(browser: TestClient) -> str:
    case_id = open_case(browser, nickname="Otti")
    for to in ("screened", "level_suggested", "shortlisted"):
        page = browser.get(f"/staff/cases/{case_id}").text
        fields = form_fields(page, f"/staff/cases/{case_id}/move")
        moved = browser.post(f"/staff/cases/{case_id}/move", data={**fields, "to": to}, follow_redirects=False)
        assert moved.status_code == 303, moved.text[:300]
    return case_id


CONSENT = {
    "patient_name": NAME,
    "disclosing_party": "The helpline and its consultants",
    "information": "Name, the referral message and the suggested level of care",
    "recipients": "\n".join(FRIDS),
    "purpose": "treatment",
    "expires_on": "2099-01-01",
    "signature_method": "verbal",
    "signed_by": NAME,
    "signer_role": "patient",
    "signed_on": "2026-12-01",
}


def outbox(recipient: str) -> list[tuple[str, str]]:
    """The kinds and bodies of the messages queued for an account."""
    with UnitOfWork(back_office_engine()) as uow:
        return [(m.kind, m.subject + m.body) for m in uow.outbox.listing(recipient=recipient)]


def test_consent_refer_answer_and_ledger(site: str) -> None:
    # The facility accounts exist before the referral, so each hears about it (a message with a sign-in link only).
    account_a = make_staff("facility", facilities=("web-a",))
    account_b = make_staff("facility", facilities=("web-b",))
    sender = make_staff("consultant")
    with client() as consultant:
        sign_in(consultant, sender)
        case_id = shortlisted(consultant)
        first = consultant.get(f"/staff/cases/{case_id}/referrals")
        assert first.status_code == 200 and "A referral needs a consent in force" in first.text
        token = csrf(first.text)
        missing = consultant.post(
            f"/staff/cases/{case_id}/consents", data={"csrf_token": token, "patient_name": NAME, "signed_on": ""}
        )
        assert missing.status_code == 422
        for element in ("information", "recipients", "purpose", "expires_on", "signed_by", "signed_on"):
            assert f"{element}:" in missing.text, element
        made = consultant.post(
            f"/staff/cases/{case_id}/consents", data={"csrf_token": token, **CONSENT}, follow_redirects=False
        )
        assert made.status_code == 303, made.text[:500]
        page = consultant.get(f"/staff/cases/{case_id}/referrals").text
        consent_link = re.search(rf"/staff/cases/{case_id}/consents/([0-9a-f]+)", page)
        assert consent_link
        printable = consultant.get(consent_link[0]).text
        assert NAME in printable and "42 CFR 2.31(a)(6)" in printable and "revoke" in printable
        refer = {"csrf_token": token, "consent_id": consent_link[1], "message": "Ready today"}
        refer |= {f"frid_{n}": frid for n, frid in enumerate(FRIDS)}
        sent = consultant.post(f"/staff/cases/{case_id}/refer", data=refer, follow_redirects=False)
        assert sent.status_code == 303, sent.text[:500]
        page = consultant.get(f"/staff/cases/{case_id}/referrals").text
        assert page.count('class="status">sent') == 3 and 'id="case-status">referred' in page
        every_link = [link for p in (page, printable) for link in links(p)]
        assert not [link for link in every_link if "Ottilie" in link or "Brandvold" in link]

    with client() as facility_a, client() as facility_b:
        assert [kind for kind, _ in outbox(account_a.id)] == ["referral.new"]
        assert [kind for kind, _ in outbox(account_b.id)] == ["referral.new"]
        sign_in(facility_a, account_a)
        sign_in(facility_b, account_b)
        mine = facility_a.get("/staff/facility/referrals").text
        assert mine.count('class="referral"') == 1 and 'data-frid="web-a"' in mine and NAME in mine
        assert "42 CFR 2.32 notice" in mine
        a_id = re.search(r'id="referral-([0-9a-f]+)"', mine)
        assert a_id
        theirs = facility_b.get("/staff/facility/referrals").text
        assert a_id[1] not in theirs and 'data-frid="web-b"' in theirs
        steal = facility_b.post(
            f"/staff/facility/referrals/{a_id[1]}/decision",
            data={"csrf_token": csrf(theirs), "decision": "declined", "reason": "capacity"},
        )
        assert steal.status_code == 404
        assert facility_a.get(f"/staff/cases/{case_id}").status_code == 403  # a facility reads no case
        accept = facility_a.post(
            f"/staff/facility/referrals/{a_id[1]}/decision",
            data={"csrf_token": csrf(mine), "decision": "accepted"},
            follow_redirects=False,
        )
        assert accept.status_code == 303

    told = outbox(sender.id)
    assert [kind for kind, _ in told] == ["referral.decision"]
    assert all("Ottilie" not in text and "web-a" not in text for _, text in [*told, *outbox(account_a.id)])
    with client() as consultant:
        sign_in(consultant, make_staff("consultant"))
        page = consultant.get(f"/staff/cases/{case_id}/referrals").text
        assert 'id="case-status">accepted' in page and 'class="status">accepted' in page
        case_page = consultant.get(f"/staff/cases/{case_id}").text
        side_by_side = case_page[case_page.index('id="case-referrals"') :]
        assert side_by_side.count('<tr data-frid="web-') == 3 and 'class="status">accepted' in side_by_side
        ledger = consultant.get(f"/staff/cases/{case_id}/disclosures").text
        assert ledger.count("Test clinic web-") == 3
        assert "This record which has been disclosed to you is protected by Federal" in ledger
    assert verify_stored_chain(back_office_engine()).holds


def test_a_revoked_consent_refers_no_more(site: str) -> None:
    with client() as consultant:
        sign_in(consultant, make_staff("consultant"))
        case_id = shortlisted(consultant)
        token = csrf(consultant.get(f"/staff/cases/{case_id}/referrals").text)
        consultant.post(f"/staff/cases/{case_id}/consents", data={"csrf_token": token, **CONSENT})
        page = consultant.get(f"/staff/cases/{case_id}/referrals").text
        consent_id = re.search(rf"/staff/cases/{case_id}/consents/([0-9a-f]+)\"", page)
        assert consent_id
        unticked = consultant.post(
            f"/staff/cases/{case_id}/consents/{consent_id[1]}/revoke", data={"csrf_token": token}
        )
        assert unticked.status_code == 422
        revoked = consultant.post(
            f"/staff/cases/{case_id}/consents/{consent_id[1]}/revoke",
            data={"csrf_token": token, "in_writing": "yes", "note": "letter"},
            follow_redirects=False,
        )
        assert revoked.status_code == 303
        page = consultant.get(f"/staff/cases/{case_id}/referrals").text
        assert "revoked" in page and 'id="refer-form"' not in page
        refused = consultant.post(
            f"/staff/cases/{case_id}/refer", data={"csrf_token": token, "consent_id": consent_id[1], "frid_0": "web-a"}
        )
        assert refused.status_code == 409 and "revoked" in refused.text
        assert "Nothing has been shared" in consultant.get(f"/staff/cases/{case_id}/disclosures").text
