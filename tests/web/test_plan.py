"""``/plan`` works without JavaScript, downloads PDF / .ics / plan file, loads a plan file back, and keeps nothing."""

from __future__ import annotations

import io
import json
import logging

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar
from pypdf import PdfReader

MARK = "ZQPRIVATEMARK"


def _form(mark: str = MARK) -> dict[str, object]:
    return {
        "reasons_health": f"sleep well {mark}\nwalk",
        "reasons_community": f"my kids {mark}",
        "triggers_inside": f"lonely {mark}",
        "triggers_outside": f"payday {mark}",
        "warning_signs": f"skipping meals {mark}",
        "coping_now": f"call Sam {mark}\nleave the room",
        "coping_week": f"gym {mark}",
        "medications": f"naloxone in my bag {mark}",
        "if_i_slip": f"tell Sam {mark}",
        "crisis_warning_signs": f"cannot sleep {mark}",
        "crisis_on_my_own": f"shower {mark}",
        "crisis_people_and_places": f"library {mark}",
        "crisis_safer_place": f"pills to my sister {mark}",
        "people_name": [f"Sam {mark}", ""],
        "people_phone": ["215-555-0100", ""],
        "ask_name": [f"Rowan {mark}"],
        "ask_phone": ["412 555 0177"],
        "pro_name": [""],
        "pro_phone": [""],
        "meeting_name": [f"Step study {mark}", ""],
        "meeting_day": ["tue", ""],
        "meeting_time": ["19:30", ""],
        "meeting_timezone": ["America/Los_Angeles", ""],
        "meeting_where": [f"Church hall {mark}", ""],
        "checkin_name": ["Read my plan"],
        "checkin_day": ["sun"],
        "checkin_time": ["09:00"],
        "checkin_timezone": [""],
        "checkin_where": [""],
    }


def test_form_works_without_javascript(client: TestClient) -> None:
    response = client.get("/plan")
    html = response.text
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    assert "<script" not in html
    main = html[html.index('<main id="main">') :]
    assert main.index('href="tel:911"') < main.index("<form")
    for action in ('action="/plan/pdf"', 'formaction="/plan/ics"', 'formaction="/plan/file"', 'action="/plan"'):
        assert action in html
    assert 'method="post"' in html and 'enctype="multipart/form-data"' in html and 'href="tel:988"' in html


def test_pdf_download_reads_back(client: TestClient) -> None:
    response = client.post("/plan/pdf", data=_form())
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store" and "attachment" in response.headers["content-disposition"]
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    assert len(pages) == 2 and "call Sam" in pages[0] and "215-555-0100" in pages[1]


def test_plan_file_download_loads_back_into_the_form(client: TestClient) -> None:
    saved = client.post("/plan/file", data=_form())
    assert saved.status_code == 200 and saved.headers["cache-control"] == "no-store"
    plan = json.loads(saved.content)
    assert plan["people"] == [{"name": f"Sam {MARK}", "phone": "215-555-0100"}]
    assert plan["meetings"][0]["timezone"] == "America/Los_Angeles"
    loaded = client.post("/plan", files={"planfile": ("plan.json", saved.content, "application/json")})
    assert loaded.status_code == 200 and loaded.headers["cache-control"] == "no-store"
    assert f'value="Sam {MARK}"' in loaded.text and "pills to my sister" in loaded.text
    # Submitting the loaded form again gives the same plan file: nothing lost on the way.
    again = client.post("/plan/file", data=_form())
    assert json.loads(again.content) == plan


def test_calendar_download(client: TestClient) -> None:
    response = client.post("/plan/ics", data=_form())
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert sorted(str(e["summary"]) for e in events) == ["Read my plan", f"Step study {MARK}"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"people_phone": ["not a phone", ""]}, "people[0].phone"),
        ({"meeting_timezone": ["Mars/Olympus", ""]}, "meetings[0].timezone"),
        ({"coping_now": "\n".join(f"line {i}" for i in range(40))}, "coping_now"),
    ],
)
def test_bad_field_is_named_and_the_form_keeps_the_rest(
    client: TestClient, changes: dict[str, object], field: str
) -> None:
    response = client.post("/plan/pdf", data={**_form(), **changes})
    assert response.status_code == 422 and response.headers["cache-control"] == "no-store"
    assert f"<code>{field}</code>" in response.text
    assert "pills to my sister" in response.text


def test_calendar_without_a_scheduled_event_is_422(client: TestClient) -> None:
    response = client.post("/plan/ics", data={"coping_now": "walk"})
    assert response.status_code == 422 and "<code>meetings</code>" in response.text


@pytest.mark.parametrize("content", [b"{oops", b'{"people": [{"name": "x", "phone": "zzz"}]}', b'{"secret": 1}'])
def test_bad_plan_file_upload_is_422(client: TestClient, content: bytes) -> None:
    response = client.post("/plan", files={"planfile": ("plan.json", content, "application/json")})
    assert response.status_code == 422 and 'role="alert"' in response.text


def test_no_plan_content_reaches_any_log(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    bad = {**_form(), "people_phone": [f"bad {MARK}", ""]}
    with caplog.at_level(logging.DEBUG):
        client.get("/plan")
        client.post("/plan/pdf", data=_form())
        client.post("/plan/ics", data=_form())
        saved = client.post("/plan/file", data=_form()).content
        client.post("/plan", files={"planfile": ("plan.json", saved, "application/json")})
        client.post("/plan/pdf", data=bad)
        client.post("/api/v1/plans/pdf", json=json.loads(saved))
        client.post("/api/v1/plans/pdf", json={**json.loads(saved), "people": [{"name": MARK, "phone": MARK}]})
    assert caplog.records, "the access log should have recorded the requests"
    for record in caplog.records:
        assert MARK not in record.getMessage() and MARK not in str(record.args)
    access = [r.getMessage() for r in caplog.records if r.name == "recoverynav.access"]
    assert any(line.startswith("POST /plan/pdf 200") for line in access), access


def test_plan_is_in_the_navigation(client: TestClient) -> None:
    html = client.get("/").text
    assert 'href="/plan"' in html and 'href="/safer"' in html


def test_every_guidance_note_on_the_form_is_cited(client: TestClient) -> None:
    import re

    from recoverynav.plans import load_guidance

    html = client.get("/plan").text
    references = set(re.findall(r'<li id="ref-(\d+)">', html))
    for section in load_guidance().sections.values():
        if section.note:
            at = html.index(str(section.note.text.split(":")[0].split(".")[0]))
            cited = re.findall(r'href="#ref-(\d+)"', html[at : html.index("</p>", at)])
            assert cited and set(cited) <= references, section.title


def test_the_form_and_its_pdf_are_spanish(client: TestClient) -> None:
    from recoverynav.plans import load_guidance

    page = client.get("/plan?lang=es").text
    spanish, english = load_guidance("es"), load_guidance("en")
    for name, section in spanish.sections.items():
        assert section.title in page and english.sections[name].title not in page, name
    assert "Mi plan de recuperación" in page and ">mié<" in page and "Download PDF" not in page
    # The download follows the language the person chose (remembered in the cookie).
    client.cookies.set("lang", "es")
    try:
        pdf = client.post("/plan/pdf", data=_form())
    finally:
        client.cookies.delete("lang")
    assert pdf.status_code == 200
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Mi plan de recuperación" in text and "Si tengo una recaída" in text and "40-60 %" in text
    assert "911" in text and "988" in text and "My recovery plan" not in text
