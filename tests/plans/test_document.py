"""The PDF renders and its text reads back: every section, the person's words, 911 and 988, on one page + a card."""

from __future__ import annotations

import copy
import io

import pytest
from pydantic import ValidationError
from pypdf import PdfReader

from recoverynav.datafiles import read_yaml
from recoverynav.plans import (
    MAX_ITEMS,
    CrisisPlan,
    Person,
    RecoveryPlan,
    WeeklyEvent,
    load_guidance,
    plan_html,
    plan_pdf,
)
from recoverynav.plans.guidance import Guidance
from recoverynav.plans.models import Reasons, Triggers


def _text(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _plan(n: int = 1, length: int = 10) -> RecoveryPlan:
    def items(tag: str) -> list[str]:
        return [f"{tag}{i}" + "x" * max(0, length - len(tag) - 2) for i in range(n)]

    return RecoveryPlan(
        reasons=Reasons(
            health=items("HEALTHQ"), home=items("HOMEQ"), purpose=items("PURPOSEQ"), community=items("COMMUNITYQ")
        ),
        triggers=Triggers(inside=items("INSIDEQ"), outside=items("OUTSIDEQ")),
        warning_signs=items("WARNQ"),
        coping_now=items("NOWQ"),
        coping_week=items("WEEKQ"),
        people=[Person(name="Dana Q", phone="215-555-0100")],
        meetings=[WeeklyEvent(name="MEETINGQ", day="tue", time="19:30", timezone="America/Los_Angeles")],
        medications=items("MEDQ"),
        if_i_slip=items("SLIPQ"),
        crisis=CrisisPlan(
            warning_signs=items("CWARNQ"),
            on_my_own=items("ALONEQ"),
            people_and_places=items("PLACEQ"),
            people_to_ask=[Person(name="Rowan Q", phone="+1 412 555 0177")],
            professionals=[Person(name="Dr Q", phone="988")],
            safer_place=items("SAFEQ"),
        ),
    )


def test_pdf_reads_back_every_section_and_the_numbers() -> None:
    pages = _text(plan_pdf(_plan(), "US"))
    assert len(pages) == 2
    plan_page, card = pages
    for word in (
        "HEALTHQ0",
        "HOMEQ0",
        "PURPOSEQ0",
        "COMMUNITYQ0",
        "INSIDEQ0",
        "OUTSIDEQ0",
        "WARNQ0",
        "NOWQ0",
        "WEEKQ0",
        "MEDQ0",
        "SLIPQ0",
        "CWARNQ0",
        "ALONEQ0",
        "PLACEQ0",
        "SAFEQ0",
        "Dana Q",
        "215-555-0100",
        "Rowan Q",
        "MEETINGQ",
        "America/Los_Angeles",
    ):
        assert word in plan_page, word
    for section in load_guidance().sections.values():
        assert section.title in plan_page
    # The emergency number leads the page; the crisis line is on it and on the card.
    html = plan_html(_plan(), "US")
    assert html.index("<b>911</b>") < html.index("HEALTHQ0")
    assert "988" in plan_page and "911" in card and "988" in card and "NOWQ0" in card


def test_a_full_plan_still_fits_one_page() -> None:
    pages = _text(plan_pdf(_plan(n=MAX_ITEMS // 2, length=60), "US"))
    assert len(pages) == 2
    assert "SAFEQ5" in pages[0]


def test_hostile_text_is_printed_not_interpreted() -> None:
    pages = _text(plan_pdf(RecoveryPlan(coping_now=['<b>bold</b> <img src="http://x/y"> & ']), "US"))
    assert "<b>bold</b>" in pages[0]


def test_a_plan_too_long_for_one_page_is_never_cut() -> None:
    plan = _plan(n=MAX_ITEMS, length=200)
    text = " ".join(_text(plan_pdf(plan, "US")))
    for tag in ("HEALTHQ", "SAFEQ", "SLIPQ"):
        assert f"{tag}{MAX_ITEMS - 1}" in text


def test_the_spanish_guidance_is_complete_and_keeps_the_sources() -> None:
    english, spanish = load_guidance("en"), load_guidance("es")
    assert spanish.source_ids() == english.source_ids()
    assert set(spanish.sections) == set(english.sections) and spanish.labels.keys() == english.labels.keys()
    assert all(spanish.sections[k].title != english.sections[k].title for k in english.sections)
    raw = copy.deepcopy(read_yaml("recoverynav.plans", "guidance.yaml"))
    del raw["es"]["labels"]["day_sun"]
    with pytest.raises(ValidationError, match=r"es\.labels"):
        Guidance.model_validate(raw)
