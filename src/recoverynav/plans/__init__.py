"""My recovery plan (a relapse-prevention plan kept by the person, never stored) and "use safer now".

Usage::

    from recoverynav.plans import RecoveryPlan, plan_pdf, plan_calendar, load_plan, dump_plan
    pdf = plan_pdf(RecoveryPlan(coping_now=["Call Sam"]))          # b"%PDF-..."; page 2 is the wallet card
    harm_reduction_panel(["opioid"])[0].text                        # a cited "use safer" statement
"""

from __future__ import annotations

from recoverynav.plans.calendar import NothingToScheduleError, first_occurrence, plan_calendar
from recoverynav.plans.document import card_html, plan_html, plan_pdf
from recoverynav.plans.guidance import always_lines, load_guidance
from recoverynav.plans.harm_reduction import HarmReduction, Statement, harm_reduction_panel, load_harm_reduction
from recoverynav.plans.models import (
    DAYS,
    MAX_ITEMS,
    MAX_PEOPLE,
    MAX_TEXT,
    CrisisPlan,
    Person,
    Reasons,
    RecoveryPlan,
    Triggers,
    WeeklyEvent,
    is_dialable,
)
from recoverynav.plans.planfile import MAX_FILE_BYTES, PlanFileError, dump_plan, field_path, load_plan, problems_of

__all__ = [
    "DAYS",
    "MAX_FILE_BYTES",
    "MAX_ITEMS",
    "MAX_PEOPLE",
    "MAX_TEXT",
    "CrisisPlan",
    "HarmReduction",
    "NothingToScheduleError",
    "Person",
    "PlanFileError",
    "Reasons",
    "RecoveryPlan",
    "Statement",
    "Triggers",
    "WeeklyEvent",
    "always_lines",
    "card_html",
    "dump_plan",
    "field_path",
    "first_occurrence",
    "harm_reduction_panel",
    "is_dialable",
    "load_guidance",
    "load_harm_reduction",
    "load_plan",
    "plan_calendar",
    "plan_html",
    "plan_pdf",
    "problems_of",
]
