"""The capabilities the site offers, in the order the home page and the header list them.

Each capability adds one line here when its pages exist. Titles and blurbs are marked with ``N_`` and
translated where they are drawn (``_(cap.title)`` in the templates).
"""

from __future__ import annotations

from dataclasses import dataclass

from recoverynav.i18n import N_


@dataclass(frozen=True)
class Capability:
    path: str
    title: str
    blurb: str


CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        "/substances",
        N_("Drug facts"),
        N_("What a drug is, what misuse does, overdose signs and withdrawal, with sources."),
    ),
    Capability(
        "/overdose",
        N_("Overdose help"),
        N_("Someone may have overdosed: who to call and what to do now."),
    ),
    Capability(
        "/check",
        N_("Combination risk"),
        N_("Enter everything that was taken: what the mix risks and what to do."),
    ),
    Capability(
        "/screening",
        N_("Do I have a problem?"),
        N_("Validated questionnaires (AUDIT, DAST-10, TAPS...), scored as published; nothing is stored."),
    ),
    Capability(
        "/treatment",
        N_("Which treatment?"),
        N_("The six kinds of help explained, and a short questionnaire."),
    ),
    Capability(
        "/find",
        N_("Find treatment"),
        N_("Treatment facilities near you from SAMHSA's locator, on a list and a map."),
    ),
    Capability(
        "/coverage",
        N_("Where can I pay?"),
        N_("What Medicaid, Medicare, your plan or your state usually pays for treatment, with sources."),
    ),
    Capability(
        "/meetings",
        N_("Meetings"),
        N_("Support-group meetings near you, next to start first, in your time zone."),
    ),
    Capability(
        "/plan",
        N_("My recovery plan"),
        N_("Triggers, people, meetings and a crisis plan as a PDF and calendar; not stored."),
    ),
    Capability(
        "/safer",
        N_("Use safer now"),
        N_("Not ready to stop? Don't use alone, carry naloxone, test, go slow. With sources."),
    ),
)
