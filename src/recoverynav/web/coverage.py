"""``/coverage``: where can I pay — pick how you pay and your state; the cited answer and a one-click finder search.

A plain GET form, complete without JavaScript: the answer is drawn on the same page under the form.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from recoverynav.coverage import GuideAnswer, UnknownPaymentError, UnknownStateError, guide_for, guide_states
from recoverynav.coverage import payment_types as load_payment_types
from recoverynav.i18n import N_, use_language
from recoverynav.i18n import gettext as _
from recoverynav.web.citations import numbered_context
from recoverynav.web.i18n import request_language
from recoverynav.web.rendering import render

router = APIRouter(include_in_schema=False)

# What the form says when a choice is not one of its options, by field; the field names the form's own words.
_NOT_AN_OPTION = {
    "payment": N_("payment: choose one of the options in the list (%(value)s is not one)."),
    "state": N_("state: choose one of the options in the list (%(value)s is not one)."),
}


@router.get("/coverage", response_class=HTMLResponse)
def coverage(
    request: Request,
    payment: Annotated[str, Query(max_length=20)] = "",
    state: Annotated[str, Query(max_length=20)] = "",
) -> HTMLResponse:
    form = {"payment": payment.strip().casefold(), "state": state.strip().upper()}
    lang = request_language(request)
    errors: list[str] = []
    answer: GuideAnswer | None = None
    # A state alone (a facility page's link, or the form sent without a choice) pre-selects it and asks for the rest.
    prompt = bool(form["state"]) and not form["payment"]
    with use_language(lang):
        if form["payment"] and not form["state"]:
            errors.append(_("state: choose your state."))
        if form["payment"] and form["state"]:
            try:
                answer = guide_for(form["payment"], form["state"], lang=lang)
            except (UnknownPaymentError, UnknownStateError) as exc:
                errors.append(_(_NOT_AN_OPTION[exc.field]) % {"value": repr(exc.value)})
    context = numbered_context(answer.citations) if answer else {"references": [], "numbers": None}
    return render(
        request,
        "coverage/guide.html",
        status_code=422 if errors else 200,
        form=form,
        errors=errors,
        prompt=prompt,
        answer=answer,
        payments=load_payment_types(lang),
        states=guide_states(),
        **context,
    )
