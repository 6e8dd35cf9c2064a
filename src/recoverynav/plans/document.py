"""The plan as a printed page and a wallet card (HTML for WeasyPrint), and as PDF bytes.

Both pages lead with the emergency number and the crisis line. The page shrinks its type until the plan fits on one
page; the card shows the first few lines of the parts that matter in a crisis.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from recoverynav.plans.guidance import always_lines, load_guidance
from recoverynav.plans.models import RecoveryPlan
from recoverynav.references import resolve

# Font scales tried in order until the plan fits one page. A plan still too long at the last scale keeps all its
# pages: nothing the person wrote is ever cut.
SCALES = (1.0, 0.8, 0.62)
CARD_ITEMS = 3


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("recoverynav.plans", "templates"), autoescape=select_autoescape(["html"]))


def _context(plan: RecoveryPlan, country: str) -> dict[str, Any]:
    guidance = load_guidance()
    references = resolve(guidance.source_ids() + [s for line in always_lines(country) for s in line.sources])
    return {
        "plan": plan,
        "g": guidance.sections,
        "steps": guidance.crisis_steps,
        "lines": always_lines(country),
        "references": references,
        "numbers": {ref.id: n for n, ref in enumerate(references, 1)},
        "card_items": CARD_ITEMS,
    }


def plan_html(plan: RecoveryPlan, country: str = "US", scale: float = 1.0) -> str:
    """The one-page plan as HTML (print CSS included)."""
    return _environment().get_template("plan.html").render(**_context(plan, country), scale=scale)


def card_html(plan: RecoveryPlan, country: str = "US") -> str:
    """The wallet card (3.5 x 2 inches) as HTML."""
    return _environment().get_template("card.html").render(**_context(plan, country))


def plan_pdf(plan: RecoveryPlan, country: str = "US", card: bool = True) -> bytes:
    """A PDF: the plan (one page unless it is very long) and, with ``card``, the wallet card as the last page."""
    from weasyprint import HTML

    document = HTML(string=plan_html(plan, country, SCALES[0])).render()
    # Three pages or more at full size cannot fit one page: go straight to the smallest type (one render, not four).
    scales = SCALES[1:] if len(document.pages) == 2 else SCALES[-1:]
    for scale in scales:
        if len(document.pages) == 1:
            break
        document = HTML(string=plan_html(plan, country, scale)).render()
    pages = list(document.pages)
    if card:
        pages = pages + HTML(string=card_html(plan, country)).render().pages[:1]
    return bytes(document.copy(pages).write_pdf())
