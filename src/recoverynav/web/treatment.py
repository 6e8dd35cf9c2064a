"""``/treatment``: the six options explained; ``/treatment/assess``: a short questionnaire and its suggestion."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from recoverynav.api.messages import validation_message
from recoverynav.emergency import contacts_for
from recoverynav.i18n import N_, use_language
from recoverynav.i18n import gettext as _
from recoverynav.placement import Facts, load_guide, recommend_level
from recoverynav.web.citations import citation_context, numbered_context
from recoverynav.web.deps import settings as current_settings
from recoverynav.web.i18n import request_language
from recoverynav.web.rendering import render

router = APIRouter(include_in_schema=False)

# Which form fields are yes/no, choices or numbers follows from the Facts model itself.
_FLAGS = tuple(name for name, f in Facts.model_fields.items() if f.annotation == (bool | None))
_NUMBERS = tuple(name for name, f in Facts.model_fields.items() if f.annotation in (int | None, float | None))
_CHOICES = ("withdrawal_symptoms", "suicidal_thoughts", "readiness", "cravings", "home")
# The words the form uses for each field, so an error names the question the person saw.
LABELS = {
    "substances": N_("Which drugs or medicines"),
    "daily_dose_mg": N_("Daily dose"),
    "prior_treatment_relapses": N_("Times you returned to use after treatment"),
    "ciwa_ar": N_("CIWA-Ar score"),
    "cows": N_("COWS score"),
    "near": N_("Town or ZIP code"),
}
# The guide page's own sentence about the ASAM editions cites these besides the guide's entries.
EDITION_SOURCES = ("improvingmipractices-asam-levels-of-care", "idhs-asam-4th-edition-transition")


def form_to_facts(form: dict[str, Any]) -> dict[str, Any]:
    """Turn the form's strings into the facts' JSON shape; blanks mean "not answered"."""
    facts: dict[str, Any] = {"substances": [n.strip() for n in str(form.get("substances", "")).split(",") if n.strip()]}
    for key in _FLAGS:
        value = form.get(key, "")
        if value in ("yes", "no"):
            facts[key] = value == "yes"
    for key in _CHOICES:
        if form.get(key):
            facts[key] = form[key]
    for key in _NUMBERS:
        value = str(form.get(key, "")).strip()
        if value:
            facts[key] = value
    if form.get("responsibilities"):
        facts["responsibilities"] = form["responsibilities"]
    if form.get("screening"):
        facts["screening"] = [
            {"instrument": instrument, "band": band}
            for instrument, _, band in (str(v).partition(":") for v in form["screening"])
        ]
    if str(form.get("near", "")).strip():
        facts["near"] = str(form["near"]).strip()
    return facts


@router.get("/treatment", response_class=HTMLResponse)
def guide(request: Request) -> HTMLResponse:
    book = load_guide(request_language(request))
    return render(
        request,
        "treatment/guide.html",
        guide=book,
        **citation_context([*book.source_ids(), *EDITION_SOURCES]),
        edition_sources=EDITION_SOURCES,
    )


@router.get("/treatment/assess", response_class=HTMLResponse)
def questionnaire(request: Request) -> HTMLResponse:
    return render(request, "treatment/assess.html", form={}, errors=[])


@router.post("/treatment/assess", response_class=HTMLResponse)
async def assess(request: Request) -> HTMLResponse:
    data = await request.form()
    form: dict[str, Any] = {k: data.get(k) for k in data}
    form["responsibilities"] = data.getlist("responsibilities")
    form["screening"] = [str(v) for v in data.getlist("screening") if ":" in str(v)][:20]
    if form.get("from_screening"):
        # Arriving from a screening result: show the questions, carrying the result along (never in the URL).
        return render(request, "treatment/assess.html", form={"screening": form["screening"]}, errors=[])
    try:
        facts = Facts.model_validate(form_to_facts(form))
    except ValidationError as exc:
        with use_language(request_language(request)):
            errors = _errors(exc)
        return render(request, "treatment/assess.html", status_code=422, form=form, errors=errors)
    lang = request_language(request)
    country = current_settings().country
    rec = recommend_level(facts, country=country, lang=lang)
    cited = numbered_context(rec.sources)
    # Crisis lines with no name of their own in this language keep their English name, marked lang="en".
    english_names = [line.name for line in contacts_for(country).crisis_lines if line.name_in(lang) == line.name]
    return render(
        request,
        "treatment/result.html",
        rec=rec,
        facts=facts,
        guide=load_guide(lang),
        english_names=english_names if lang != "en" else [],
        **cited,
    )


def _errors(exc: ValidationError) -> list[dict[str, str]]:
    """Each refused answer: the field, the question's words and pydantic's message, in the current language (the
    message as the API says it, ``api/messages.py``)."""
    errors = []
    for e in exc.errors():
        field = str(e["loc"][0]) if e["loc"] else "substances"
        label = _(LABELS[field]) if field in LABELS else field.replace("_", " ")
        errors.append({"field": field, "label": label, "message": validation_message(e)})
    return errors
