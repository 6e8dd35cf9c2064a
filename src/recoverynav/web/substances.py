"""``/substances``: the monograph index with a search box, and one readable article per substance."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from recoverynav.emergency import first_aid_steps
from recoverynav.i18n import N_
from recoverynav.knowledge import (
    SECTION_IDS,
    UnknownNameError,
    entry_json,
    load_catalog,
    lookup,
    search,
)
from recoverynav.web.citations import numbered_context
from recoverynav.web.deps import settings as current_settings
from recoverynav.web.i18n import request_language
from recoverynav.web.rendering import render

router = APIRouter(include_in_schema=False)

# The section headings as messages (knowledge.SECTION_TITLES is the English; a test keeps the two the same).
SECTION_HEADINGS: dict[str, str] = {
    "overview": N_("Overview"),
    "medical_uses": N_("Medical uses"),
    "misuse": N_("Why and how it is misused"),
    "effects_of_misuse": N_("Effects of misuse"),
    "combined_use": N_("Taken with other substances"),
    "overdose": N_("Overdose"),
    "withdrawal": N_("Withdrawal"),
    "treatment": N_("Treatment"),
}


@router.get("/substances", response_class=HTMLResponse)
def index(request: Request, q: Annotated[str, Query(max_length=100)] = "") -> Response:
    meant = None
    if q:
        try:
            found = lookup(q)
        except UnknownNameError:
            pass
        else:
            if not found.corrected:
                return RedirectResponse(f"/substances/{found.substance.id}", status_code=303)
            # A misspelling the monograph lists ("baclophen"): say which drug it is read as, above the list. Any
            # other name is only searched: similar names are listed for the person to choose, never opened.
            meant = found.substance
    results = search(q, limit=100)
    if meant is not None:
        results = [meant, *(s for s in results if s.id != meant.id)]
    # On a Spanish page, a monograph translated into Spanish shows its Spanish summary; the others say they are English.
    translated = load_catalog().translations.get(request_language(request), {})
    return render(request, "substances/index.html", q=q, results=results, meant=meant, translated=translated)


@router.get("/substances/{substance_id}", response_class=HTMLResponse)
def article(request: Request, substance_id: Annotated[str, Path(max_length=100)]) -> Response:
    try:
        found = lookup(substance_id)
    except UnknownNameError as exc:
        # Not a listed name: similar names are offered as links, never opened in its place.
        return render(request, "not_found.html", status_code=404, message=str(exc), suggestions=exc.suggestions)
    substance = found.substance
    if substance.id != substance_id:
        # A name the monograph lists ("xanax", "Lioresal", a listed misspelling) typed as the id: the monograph's one
        # address. 303, not permanent: a name may move to a new monograph of its own as the knowledge base grows.
        return RedirectResponse(f"/substances/{quote(substance.id, safe='')}", status_code=303)
    entry = entry_json(substance)
    lang = request_language(request)
    # The overdose section reuses the bystander protocol for its most common picture: not waking, slow breathing.
    overdose = first_aid_steps(
        ["unresponsive", "slow_or_shallow_breathing"],
        [substance.id],
        current_settings().country,
        lang=lang,
    )
    catalog = load_catalog()
    # The statements in the page's language when the whole monograph is translated (every statement, the same
    # citations: checked when the catalogue loads), else the English ones, marked lang="en" on a Spanish page.
    translated = catalog.translations.get(lang, {})
    translation = translated.get(substance.id)
    return render(
        request,
        "substances/article.html",
        substance=substance,
        content=translation or substance,
        content_lang=lang if translation else "en",
        translation=translation,
        name=translation.name if translation else substance.names.generic,
        entry=entry,
        **numbered_context(entry["references"]),
        section_ids=SECTION_IDS,
        section_titles=SECTION_HEADINGS,
        overdose=overdose,
        # Shown names come from the data (class labels, members' own names), never from ids ("ssris").
        class_labels=[catalog.classes[c].label_in(lang) for c in substance.classes],
        members=[catalog.substances[m] for m in substance.members],
        # A member's name in the page's language when its monograph is translated ("heroína"), else English.
        member_names={m: translated[m].name for m in substance.members if m in translated},
    )
