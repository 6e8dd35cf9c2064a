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
from recoverynav.references import cite_sources

# Layout: one column at full size if it fits a page; else two columns at smaller type when that can fit one page;
# else one column of small type over as many pages as it takes (nothing the person wrote is ever cut). Two columns are
# a table, which WeasyPrint lays out slowly once it breaks across pages (30 s for a maximal plan against under one
# second for one column), so they are only tried when the small single column shows the plan is near one page.
SMALL = 0.64
TWO_COLUMN_SCALES = (0.8, SMALL)
CARD_ITEMS = 3


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("recoverynav.plans", "templates"), autoescape=select_autoescape(["html"]))


def _context(plan: RecoveryPlan, country: str, lang: str) -> dict[str, Any]:
    guidance = load_guidance(lang)
    lines = always_lines(country, lang)
    cited = cite_sources(guidance.source_ids() + [s for line in lines for s in line.sources])
    return {
        "plan": plan,
        "g": guidance.sections,
        "steps": guidance.crisis_steps,
        "labels": guidance.labels,
        "lang": "es" if lang == "es" else "en",
        "lines": lines,
        "references": cited.citations,
        "numbers": cited,
        "card_items": CARD_ITEMS,
    }


def plan_html(
    plan: RecoveryPlan, country: str = "US", scale: float = 1.0, columns: bool = True, lang: str = "en"
) -> str:
    """The plan as HTML (print CSS included), in two columns or one, in ``lang`` ("en" or "es")."""
    context = _context(plan, country, lang)
    return _environment().get_template("plan.html").render(**context, scale=scale, columns=columns)


def card_html(plan: RecoveryPlan, country: str = "US", lang: str = "en") -> str:
    """The wallet card (3.5 x 2 inches) as HTML."""
    return _environment().get_template("card.html").render(**_context(plan, country, lang))


@cache
def _empty_plan_fits_a_page(country: str, lang: str) -> bool:
    from weasyprint import HTML

    return len(HTML(string=plan_html(RecoveryPlan(), country, 1.0, False, lang)).render().pages) == 1


def plan_pdf(plan: RecoveryPlan, country: str = "US", card: bool = True, lang: str = "en") -> bytes:
    """A PDF: the plan (one page unless it is very long) and, with ``card``, the wallet card as the last page; the
    words around the person's own are in ``lang`` ("en" or "es")."""
    from weasyprint import HTML

    def render(scale: float, columns: bool) -> Any:
        return HTML(string=plan_html(plan, country, scale, columns, lang)).render()

    # What a person writes only adds to the page, so when the empty plan already takes two pages at full size,
    # no plan fits one: that render (a second of layout) is skipped.
    document = render(1.0, False) if _empty_plan_fits_a_page(country, lang) else None
    if document is None or len(document.pages) > 1:
        document = render(SMALL, False)
        # Small type on one page: two columns of larger type likely fit too; on two pages only small type can.
        # More than two pages cannot fit one page in two columns either, so the costly table is not tried.
        scale = {1: TWO_COLUMN_SCALES[0], 2: TWO_COLUMN_SCALES[1]}.get(len(document.pages))
        if scale is not None:
            two = render(scale, True)
            if len(two.pages) == 1:
                document = two
    pages = list(document.pages)
    if card:
        pages = pages + HTML(string=card_html(plan, country, lang)).render().pages[:1]
    return bytes(document.copy(pages).write_pdf())
