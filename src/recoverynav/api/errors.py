"""Error shapes shared by every API route: unknown names give 404 with suggestions, bad input 422 naming the field.

The models here only describe those bodies in OpenAPI (``responses=`` on a route), so clients and schema
fuzzers know every status a route can answer with.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from recoverynav.api.messages import NOT_JSON, SEND_JSON, translate_detail
from recoverynav.backoffice import Denied
from recoverynav.i18n import N_, Language, use_language
from recoverynav.knowledge import UnknownNameError


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


# Text in an error is cut to this many characters: enough to recognise, never a 60 KB copy of the input.
ECHO_LIMIT = 1000


def json_safe(value: Any, depth: int = 0) -> Any:
    """Any input made safe to echo as JSON: text that UTF-8 can encode, finite numbers, bounded size and depth.

    Lone surrogates (``"\\ud800"`` in a JSON body) cannot be encoded and crashed the error handler itself;
    raw bytes are decoded with replacement characters; NaN and infinities (Python's JSON accepts them)
    become words; unknown objects become their text; long text is cut.
    """
    if depth > 8:
        return "..."
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if isinstance(value, str):
        text = value.encode("utf-8", errors="replace").decode("utf-8")
        return text if len(text) <= ECHO_LIMIT else text[:ECHO_LIMIT] + "..."
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        # JSON readers lose precision past 2**53, and str() refuses ints past 4,300 digits.
        return value if abs(value) < 2**53 else "(a number too large to show)"
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dict):
        return {str(json_safe(k, depth + 1)): json_safe(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(item, depth + 1) for item in value]
    return json_safe(str(value), depth + 1)


def json_problem(status_code: int, detail: Any, headers: dict[str, str] | None = None) -> JSONResponse:
    """The one JSON error body: ``{"detail": ...}`` with every string made encodable first."""
    return JSONResponse(status_code=status_code, content={"detail": json_safe(detail)}, headers=headers)


def _printable(error: dict[str, Any]) -> dict[str, Any]:
    printable = {key: item for key, item in error.items() if key != "url"}
    if isinstance(error.get("input"), bytes):
        # The body was not parsed as JSON at all (no or another Content-Type): say how to send it.
        printable["msg"] = f"{error['msg']}: {SEND_JSON}"
    return printable


def field_name(loc: Any) -> str:
    """``("body", "substances", 0)`` -> ``"substances.0"``: the field a person can find in the form or body."""
    parts = [str(part) for part in (loc or ()) if part not in ("body", "query", "path")]
    return ".".join(parts) or "body"


# A page renderer for the web site: (request, status, messages) -> an HTML response with the emergency box.
PageRenderer = Callable[[Request, int, list[str]], Response]

_STATUS_MESSAGES = {
    400: N_("The request could not be read."),
    404: N_("There is no page at this address."),
    405: N_("This address does not take that kind of request."),
    413: N_("What was sent is too large."),
    415: N_("Send forms as ordinary form fields; files are not accepted."),
    422: N_("Some of what was sent cannot be used."),
    500: N_("Something went wrong on our side. Nothing you entered was kept."),
}


_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route answers at this path (FastAPI registers one route per method and path).

    Starlette's own 405 names only the first route whose path matched, so POST routes said ``Allow: GET``.
    """
    methods = {
        method
        for method in _METHODS
        for route in request.app.router.routes
        if route.matches({**request.scope, "method": method})[0] is Match.FULL
    }
    if "GET" in methods:
        methods.add("HEAD")  # recoverynav.wire answers HEAD wherever GET is
    return sorted(methods | {"OPTIONS"}) if methods else []


def install_error_handlers(app: FastAPI, page: PageRenderer | None = None) -> None:
    """One renderer for every error: JSON under ``/api/``, an HTML page (``page``) elsewhere; never a 500 itself.

    Unknown names become 404 with suggestions; malformed input 422 naming the field; OPTIONS and 405 list
    the methods every route at the path takes.
    """

    def wants_page(request: Request) -> bool:
        return page is not None and not request.url.path.startswith("/api/")

    def problem(request: Request, status: int, detail: Any, headers: dict[str, str] | None = None) -> Response:
        # The messages in the request's language, chosen as a page's is (?lang=, cookie, Accept-Language); field
        # names, values and codes stay as they are.
        from recoverynav.web.i18n import request_language

        lang = request_language(request)
        with use_language(lang):
            detail = translate_detail(detail)
            fallback = translate_detail(_STATUS_MESSAGES.get(status, N_("Not usable.")))
        if not wants_page(request):
            return _mark_language(json_problem(status, detail, headers), lang)
        assert page is not None
        messages = [json_safe(m) for m in _messages(detail)] or [fallback]
        response = page(request, status, messages)
        response.headers.update(headers or {})
        return response

    @app.exception_handler(UnknownNameError)
    async def _unknown(request: Request, exc: UnknownNameError) -> Response:
        http = unknown_name(exc)
        return problem(request, http.status_code, http.detail)

    @app.exception_handler(Denied)
    async def _denied(request: Request, exc: Denied) -> Response:
        return problem(request, 403, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return problem(request, 422, [_printable(dict(error)) for error in exc.errors()])

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        # FastAPI answers 400 "There was an error parsing the body" when a JSON body is not valid UTF-8 or
        # nests deeper than Python's parser recurses; that is malformed JSON like any other: 422 json_invalid.
        if exc.status_code == 400 and exc.__cause__ is not None:
            error = {"type": "json_invalid", "loc": ["body"], "msg": NOT_JSON}
            return problem(request, 422, [{**error, "input": None}])
        if exc.status_code == 405:
            allow = ", ".join(allowed_methods(request))
            if request.method == "OPTIONS":
                return Response(status_code=204, headers={"Allow": allow})
            return problem(request, 405, _STATUS_MESSAGES[405], {"Allow": allow})
        detail = exc.detail
        if exc.status_code in _STATUS_MESSAGES and detail == _default_phrase(exc.status_code):
            detail = _STATUS_MESSAGES[exc.status_code]
        return problem(request, exc.status_code, detail, dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        # Starlette still re-raises, so the server logs the failure (through recoverynav.logs, without input).
        return problem(request, 500, _STATUS_MESSAGES[500])


def _mark_language(response: Response, lang: Language) -> Response:
    """Say which language the answer's messages are in, and that it varies with what chose it."""
    response.headers["Content-Language"] = lang
    vary = [v.strip() for v in response.headers.get("Vary", "").split(",") if v.strip()]
    for name in ("Accept-Language", "Cookie"):
        if name.lower() not in {v.lower() for v in vary}:
            vary.append(name)
    response.headers["Vary"] = ", ".join(vary)
    return response


def _default_phrase(status: int) -> str:
    from http import HTTPStatus

    return HTTPStatus(status).phrase


def _messages(detail: Any) -> list[str]:
    """Sentences for an HTML error page, each naming its field; input is never echoed into them."""
    if isinstance(detail, str):
        return [detail]
    if isinstance(detail, dict):
        field = detail.get("field")
        message = str(detail.get("message", ""))
        return [f"{field}: {message}" if field else message]
    if isinstance(detail, list):
        return [f"{field_name(e.get('loc'))}: {e.get('msg', '')}" for e in detail if isinstance(e, dict)]
    return []
