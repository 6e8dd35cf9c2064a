"""Error shapes shared by every API route: unknown names give 404 with suggestions."""

from __future__ import annotations

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse

from recoverynav.knowledge.names import UnknownNameError


def unknown_name(exc: UnknownNameError, field: str = "name") -> HTTPException:
    """A 404 whose body names the field, the value and the closest known names."""
    return HTTPException(
        status_code=404,
        detail={"message": str(exc), "field": field, "value": exc.query, "suggestions": exc.suggestions},
    )


def install_error_handlers(app: FastAPI) -> None:
    """Turn an unhandled :class:`UnknownNameError` into a 404 with suggestions."""

    @app.exception_handler(UnknownNameError)
    async def _unknown(request: Request, exc: UnknownNameError) -> JSONResponse:
        http = unknown_name(exc)
        return JSONResponse(status_code=http.status_code, content={"detail": http.detail})
