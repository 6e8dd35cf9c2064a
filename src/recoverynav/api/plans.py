"""``/api/v1/plans/pdf``: a plan file in, the one-page PDF and wallet card out. Nothing is stored or echoed.

Validation errors name the field and the rule but, unlike the other routes, never carry the ``input``: a plan is
private, and error bodies end up in client logs.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute

from recoverynav.api.deps import settings as current_settings
from recoverynav.api.errors import BAD_VALUE
from recoverynav.plans import RecoveryPlan, plan_pdf

NO_STORE = {"Cache-Control": "no-store"}


class PrivateBodyRoute(APIRoute):
    """A route whose 422 lists ``loc``, ``msg`` and ``type`` only: the submitted values never come back."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def without_echo(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                detail = [{key: error[key] for key in ("loc", "msg", "type") if key in error} for error in exc.errors()]
                return JSONResponse(status_code=422, content={"detail": detail}, headers=NO_STORE)

        return without_echo


router = APIRouter(tags=["plans"], route_class=PrivateBodyRoute)

PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "Page 1: the plan; page 2: the wallet card"},
    **BAD_VALUE,
}


@router.post("/plans/pdf", response_class=Response, responses=PDF)
def plan_to_pdf(plan: RecoveryPlan) -> Response:
    """Render a recovery plan file as a one-page PDF plus a wallet card; nothing is kept."""
    return Response(plan_pdf(plan, current_settings().country), media_type="application/pdf", headers=NO_STORE)
