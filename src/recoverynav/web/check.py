"""``/check``: a plain form (works without JavaScript) and the combination report, strictest finding first.

Unknown names never hide the known ones: the report shows the known names' risks, and an "unknown names" box
offers similar names as links that re-run the check with the confirmed name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from recoverynav.i18n import Language, use_language
from recoverynav.i18n import gettext as _
from recoverynav.interactions import CombinationReport, UnknownNamesError, check_combination, load_words
from recoverynav.knowledge import normalize
from recoverynav.web.citations import numbered_context
from recoverynav.web.i18n import request_language
from recoverynav.web.rendering import render

router = APIRouter(include_in_schema=False)

MAX_NAMES = 40


def split_names(text: str) -> list[str]:
    """Names typed one per line or separated by commas."""
    return [part.strip() for part in re.split(r"[,\n;]+", text) if part.strip()]


@router.get("/check", response_class=HTMLResponse)
def check_page(
    request: Request,
    substances: Annotated[str, Query(max_length=2000)] = "",
    start: Annotated[str, Query(max_length=100)] = "",
) -> HTMLResponse:
    names = split_names(substances)
    context: dict[str, Any] = {"text": "\n".join(names), "report": None, "error": None, "unknown": []}
    if not substances:
        # ``?start=baclofen`` (the monograph's link) fills in the first line, so a phone user only adds the rest.
        context.update(text=f"{start.strip()}\n" if start.strip() else "", starting=bool(start.strip()))
        return render(request, "check/index.html", **context)
    if not 2 <= len(names) <= MAX_NAMES:
        with use_language(request_language(request)):
            context["error"] = _("Enter at least two names (at most %(most)s), one per line.") % {"most": MAX_NAMES}
        return render(request, "check/index.html", status_code=422, **context)
    lang = request_language(request)
    try:
        # The report's words (mechanisms, effects, advice, notes) in the page's language (rules.yaml `es:`).
        report = check_combination(names, lang)
    except UnknownNamesError as exc:
        with use_language(lang):
            context["error"] = " ".join(
                [
                    _("Enter at least two names we know."),
                    *([_("Known so far: %(names)s.") % {"names": ", ".join(exc.known)}] if exc.known else []),
                    _("Check the spelling or pick a suggestion."),
                ]
            )
        context["unknown"] = _unknown(names, [(e.query, e.suggestions) for e in exc.errors])
        return render(request, "check/index.html", status_code=404, **context)
    context.update(
        unknown=_unknown(names, [(u.name, u.suggestions) for u in report.unknown]),
        report=report,
        # What the rules do not translate (TripSit's own note on a pair) stays English, marked so on the page.
        english=_untranslated(report, lang),
        names={s.id: s.name for s in report.substances},
        **numbered_context(report.references),
    )
    return render(request, "check/index.html", **context)


def _untranslated(report: CombinationReport, lang: Language) -> frozenset[str]:
    """The report's statements still in English on a page in ``lang``: those the rules' Spanish does not hold."""
    if lang == "en":
        return frozenset()
    said = set(load_words(lang).text.values())
    return frozenset(s for f in report.findings for s in (*f.effects, *f.advice) if s not in said)


def _unknown(names: list[str], unknown: list[tuple[str, Sequence[str]]]) -> list[dict[str, Any]]:
    """Each unknown name with its suggestions, each suggestion the whole list again with it in that name's place."""
    found = []
    for value, suggestions in unknown:
        key = normalize(value)
        options = [{"name": s, "query": ", ".join(s if normalize(n) == key else n for n in names)} for s in suggestions]
        found.append({"value": value, "options": options})
    return found
