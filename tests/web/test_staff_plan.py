"""A recovery plan on the staff case page (#20): the person's plan file uploaded, or the plan form's fields filled in
with them, kept only when the consultant ticks that they asked; read back as the plan PDF and the plan file (which
loads at /plan again); an administrator is refused; error pages name the field, never the plan's words."""

from __future__ import annotations

import io
import json
import re

from fastapi.testclient import TestClient
from pypdf import PdfReader

from recoverynav.plans import RecoveryPlan
from tests.staff_accounts import make_staff
from tests.web.test_staff_cases import browser, form_fields, open_case, unique_phone
from tests.web.test_staff_login import sign_in

__all__ = ["browser"]

MARK = "Hollyhockzq"
PLAN = {
    "version": 1,
    "coping_now": [f"{MARK} phone my sister"],
    "if_i_slip": [f"{MARK} it is a slip, not the end"],
    "people": [{"name": f"{MARK} Jo", "phone": "215-555-0100"}],
    "meetings": [{"name": f"{MARK} Friday group", "day": "fri", "time": "18:00", "timezone": "America/Chicago"}],
}


def _pdf_text(body: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(body)).pages)


def _plan_file(data: object) -> dict[str, tuple[str, bytes, str]]:
    return {"planfile": ("my-recovery-plan.json", json.dumps(data).encode(), "application/json")}


def test_a_plan_file_is_attached_and_read_back_as_pdf_and_file(browser: TestClient) -> None:
    sign_in(browser, make_staff())
    case_id = open_case(browser, nickname="Lee", phone=unique_phone())
    page = browser.get(f"/staff/cases/{case_id}")
    assert "No plan attached" in page.text
    action = f"/staff/cases/{case_id}/plan"
    hidden = form_fields(page.text, action)
    # Without the person's request nothing is kept.
    refused = browser.post(action, data=hidden, files=_plan_file(PLAN))
    assert refused.status_code == 422 and "asked" in refused.text and MARK not in refused.text
    attached = browser.post(action, data={**hidden, "asked": "yes"}, files=_plan_file(PLAN), follow_redirects=False)
    assert attached.status_code == 303 and attached.headers["location"].startswith(f"/staff/cases/{case_id}")
    page = browser.get(f"/staff/cases/{case_id}")
    assert 'id="plan-attached"' in page.text and MARK not in page.text  # the case page links, it does not show
    pdf = browser.get(f"/staff/cases/{case_id}/plan.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["cache-control"] == "no-store"
    text = _pdf_text(pdf.content)
    assert f"{MARK} phone my sister" in text and f"{MARK} Friday group" in text and "988" in text
    assert f'href="/staff/cases/{case_id}/plan.pdf?lang=es"' in page.text
    spanish = _pdf_text(browser.get(f"/staff/cases/{case_id}/plan.pdf?lang=es").content)
    assert "Mi plan de recuperación" in spanish and f"{MARK} phone my sister" in spanish
    browser.get("/staff?lang=en")  # the staff pages stay English for this consultant
    saved = browser.get(f"/staff/cases/{case_id}/plan.json")
    assert saved.status_code == 200 and "attachment" in saved.headers["content-disposition"]
    assert RecoveryPlan.model_validate_json(saved.content) == RecoveryPlan.model_validate(PLAN)
    # The person can load the file they are sent back into the public plan form.
    loaded = browser.post("/plan", files=_plan_file(json.loads(saved.content)))
    assert loaded.status_code == 200 and f"{MARK} phone my sister" in loaded.text
    # A broken file is a page naming the field, not its content.
    bad = {**PLAN, "people": [{"name": "Jo", "phone": f"{MARK}!"}]}
    page = browser.get(f"/staff/cases/{case_id}")
    broken = browser.post(action, data={**form_fields(page.text, action), "asked": "yes"}, files=_plan_file(bad))
    assert broken.status_code == 422 and "people[0].phone" in broken.text and MARK not in broken.text
    # Removed at the person's request.
    remove = f"/staff/cases/{case_id}/plan/remove"
    removed = browser.post(remove, data={**form_fields(page.text, remove), "asked": "yes"}, follow_redirects=False)
    assert removed.status_code == 303
    assert browser.get(f"/staff/cases/{case_id}/plan.pdf").status_code == 404
    assert "No plan attached" in browser.get(f"/staff/cases/{case_id}").text


def test_the_plan_form_is_filled_in_with_the_person_and_edited_later(browser: TestClient) -> None:
    sign_in(browser, make_staff())
    case_id = open_case(browser, nickname="Ari", phone=unique_phone())
    form = browser.get(f"/staff/cases/{case_id}/plan")
    assert form.status_code == 200 and 'name="coping_now"' in form.text and 'name="people_name"' in form.text
    action = f"/staff/cases/{case_id}/plan/form"
    fields = {
        **form_fields(form.text, action),
        "asked": "yes",
        "coping_now": f"{MARK} breathe\n{MARK} text Jo",
        "people_name": f"{MARK} Jo",
        "people_phone": "215-555-0100",
        "meeting_name": "",
        "meeting_day": "mon",
    }
    kept = browser.post(action, data=fields, follow_redirects=False)
    assert kept.status_code == 303, kept.text[:500]
    saved = RecoveryPlan.model_validate_json(browser.get(f"/staff/cases/{case_id}/plan.json").content)
    assert saved.coping_now == [f"{MARK} breathe", f"{MARK} text Jo"] and saved.people[0].name == f"{MARK} Jo"
    # Opened again, the form shows the kept plan to change it.
    again = browser.get(f"/staff/cases/{case_id}/plan")
    assert f"{MARK} text Jo" in again.text
    bad = {**fields, **form_fields(again.text, action), "people_phone": "not a phone"}
    refused = browser.post(action, data=bad)
    assert refused.status_code == 422 and "people[0].phone" in refused.text


def test_an_administrator_may_not_read_or_attach_a_plan(browser: TestClient) -> None:
    sign_in(browser, make_staff())
    case_id = open_case(browser, nickname="Dee", phone=unique_phone())
    page = browser.get(f"/staff/cases/{case_id}")
    action = f"/staff/cases/{case_id}/plan"
    data = {**form_fields(page.text, action), "asked": "yes"}
    assert browser.post(action, data=data, files=_plan_file(PLAN), follow_redirects=False).status_code == 303
    browser.cookies.clear()
    sign_in(browser, make_staff("admin"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/staff").text)
    assert token
    for path in (action, f"{action}.pdf", f"{action}.json"):
        assert browser.get(path).status_code == 403, path
    replaced = browser.post(
        action, data={"csrf_token": token[1], "version": "2", "asked": "yes"}, files=_plan_file({"coping_now": ["x"]})
    )
    assert replaced.status_code == 403
    removed = browser.post(f"{action}/remove", data={"csrf_token": token[1], "version": "2", "asked": "yes"})
    assert removed.status_code == 403
