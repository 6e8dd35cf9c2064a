"""The capabilities the site offers, in the order the home page and the header list them.

Each capability adds one line here when its pages exist.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Capability:
    path: str
    title: str
    blurb: str


CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        "/substances",
        "Drug facts",
        "What a drug is, what misuse does, overdose signs and withdrawal, with sources.",
    ),
    Capability("/overdose", "Overdose help", "Someone may have overdosed: who to call and what to do now."),
    Capability("/check", "Combination risk", "Enter everything that was taken: what the mix risks and what to do."),
    Capability(
        "/screening",
        "Do I have a problem?",
        "Validated questionnaires (AUDIT, DAST-10, TAPS...), scored as published; nothing is stored.",
    ),
    Capability("/treatment", "Which treatment?", "The six kinds of help explained, and a short questionnaire."),
    Capability("/find", "Find treatment", "Treatment facilities near you from SAMHSA's locator, on a list and a map."),
    Capability("/meetings", "Meetings", "Support-group meetings near you, next to start first, in your time zone."),
    Capability(
        "/plan", "My recovery plan", "Triggers, people, meetings and a crisis plan as a PDF and calendar; not stored."
    ),
    Capability(
        "/safer", "Use safer now", "Not ready to stop? Don't use alone, carry naloxone, test, go slow. With sources."
    ),
)
