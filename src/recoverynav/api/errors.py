"""Error shapes shared by every API route: unknown names give 404 with suggestions, bad input 422 naming the field.

The models here only describe those bodies in OpenAPI (``responses=`` on a route), so clients and schema
fuzzers know every status a route can answer with.
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from recoverynav.knowledge.names import UnknownNameError

SEND_JSON = "send the body as JSON text in UTF-8 with Content-Type: application/json"


class FieldProblem(BaseModel):
    """One bad or unknown value: the field, what was given, and how to fix it."""

    # Validation mode: the optional keys stay optional in OpenAPI (not every error carries every key).
    model_config = ConfigDict(extra="allow", json_schema_mode_override="validation")

    message: str = Field(description="What is wrong and how to fix it")
    field: str = Field(description="The parameter or body field at fault")
    value: Any = Field(default=None, description="The value given")
    suggestions: list[str] = Field(default_factory=list, description="Known values that may have been meant")


class FieldProblemResponse(BaseModel):
    """``{"detail": {...}}`` for an unknown name or a value the capability rejected."""

    detail: FieldProblem


class ParameterProblem(BaseModel):
    """One entry of FastAPI's own validation error list; ``loc`` names the parameter or body field."""

    model_config = ConfigDict(extra="allow", json_schema_mode_override="validation")

    loc: list[str | int]
    msg: str
    type: str
    input: Any = None


class ParameterProblemResponse(BaseModel):
    """``{"detail": [...]}``: every parameter or body field that failed validation."""

    detail: list[ParameterProblem]


NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": FieldProblemResponse, "description": "Unknown name or id: the field, the value and suggestions"}
}
# Routes whose capability rejects a well-formed value (an unknown country, an answer out of range) answer
# 422 with one named field, besides FastAPI's list for malformed parameters.
BAD_VALUE: dict[int | str, dict[str, Any]] = {
    422: {
        "model": ParameterProblemResponse | FieldProblemResponse,
        "description": "A bad parameter or value: `loc` or `field` names it",
    }
}


def unknown_name(exc: UnknownNameError, field: str = "name") -> HTTPException:
    """A 404 whose body names the field, the value and the closest known names."""
    return HTTPException(
        status_code=404,
        detail={"message": str(exc), "field": field, "value": exc.query, "suggestions": exc.suggestions},
    )


def _json_safe(value: Any) -> Any:
    """Echo any input back as JSON: raw bytes as text, NaN and infinities (Python's JSON accepts them) as words."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    return value


def _printable(error: dict[str, Any]) -> dict[str, Any]:
    printable = {key: _json_safe(item) for key, item in error.items()}
    if isinstance(error.get("input"), bytes):
        # The body was not parsed as JSON at all (no or another Content-Type): say how to send it.
        printable["msg"] = f"{error['msg']}: {SEND_JSON}"
    return printable


def install_error_handlers(app: FastAPI) -> None:
    """Unknown names become 404 with suggestions; malformed input always 422 naming the field, never a 500."""

    @app.exception_handler(UnknownNameError)
    async def _unknown(request: Request, exc: UnknownNameError) -> JSONResponse:
        http = unknown_name(exc)
        return JSONResponse(status_code=http.status_code, content={"detail": http.detail})

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = [_printable(dict(error)) for error in exc.errors()]
        return JSONResponse(status_code=422, content={"detail": jsonable_encoder(detail)})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        # FastAPI answers 400 "There was an error parsing the body" when a JSON body is not valid UTF-8;
        # that is malformed JSON like any other, so it gets the same 422 json_invalid.
        if exc.status_code == 400 and isinstance(exc.__cause__, UnicodeDecodeError):
            error = {"type": "json_invalid", "loc": ["body"], "msg": f"The body is not valid JSON: {SEND_JSON}"}
            return JSONResponse(status_code=422, content={"detail": [{**error, "input": None}]})
        return await http_exception_handler(request, exc)
