"""The API's error messages in Spanish (#19): ``?lang=es`` / ``Accept-Language`` choose the words of ``msg`` and
``message``; field names, values and machine codes stay; the answer names its language and varies with it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic_core._pydantic_core import list_all_errors

from recoverynav.api.messages import VALIDATION, VALIDATION_PLURAL, translate_detail, validation_text
from recoverynav.i18n import gettext as _
from recoverynav.i18n import use_language

# Pydantic error types that only Python objects (never a JSON body, a query or a path) can cause.
NOT_FROM_REQUESTS = {
    "no_such_attribute", "needs_python_object", "recursion_loop", "recursion_depth_exceeded", "frozen_field",
    "frozen_instance", "invalid_key", "get_attribute_error", "dataclass_type", "dataclass_exact_type",
    "named_tuple_type", "default_factory_not_called", "frozen_dict_type", "ordered_dict_type", "counter_type",
    "deque_type", "set_item_not_hashable", "missing_sentinel_error", "ellipsis_error", "datetime_object_invalid",
    "is_instance_of", "is_subclass_of", "callable_type", "arguments_type", "missing_argument",
    "unexpected_keyword_argument", "missing_keyword_only_argument", "unexpected_positional_argument",
    "missing_positional_only_argument", "multiple_argument_values", "fraction_type", "fraction_parsing",
    "complex_type", "complex_str_parsing",
}  # fmt: skip


def test_every_pydantic_message_a_request_can_cause_is_a_message_with_pydantic_s_own_english() -> None:
    templates: dict[str, str] = {e["type"]: e["message_template_python"] for e in list_all_errors()}
    ours = set(VALIDATION) | set(VALIDATION_PLURAL)
    # A pydantic upgrade that adds a type, or drops one, fails here: add its message (and its Spanish) or list it.
    assert sorted(set(templates) - ours - NOT_FROM_REQUESTS) == [] and ours <= set(templates)
    for kind, message in VALIDATION.items():
        assert re.sub(r"\{(\w+)\}", r"%(\1)s", templates[kind]) == message, kind
    for kind, (_key, plural) in VALIDATION_PLURAL.items():
        for n, ending in ((1, ""), (2, "s")):
            expected = re.sub(r"\{(\w+)\}", r"%(\1)s", templates[kind].replace("{expected_plural}", ending))
            assert plural(n) == expected, kind


def test_every_api_message_has_its_spanish() -> None:
    # The catalogue test checks every marked message is in the .po; this checks the site reads them translated.
    with use_language("en"):
        english = {k: (p(1), p(2)) for k, (_key, p) in VALIDATION_PLURAL.items()}
    with use_language("es"):
        untranslated = [m for m in VALIDATION.values() if _(m) == m]
        untranslated += [k for k, (_key, p) in VALIDATION_PLURAL.items() if (p(1), p(2)) == english[k]]
    assert untranslated == []


def test_a_model_s_own_message_and_unknown_types_stay_as_they_are() -> None:
    error = {"type": "value_error", "loc": ["body", "x"], "msg": "Value error, zip must be 5 digits", "ctx": {}}
    with use_language("es"):
        assert translate_detail([error])[0]["msg"] == "Value error, zip must be 5 digits"  # ctx does not rebuild it
        error["ctx"] = {"error": "zip must be 5 digits"}
        assert translate_detail([error])[0]["msg"] == "Valor no válido: zip must be 5 digits"
        odd = {"type": "brand_new", "msg": "Something new", "loc": []}
        assert translate_detail([odd]) == [odd]
        assert validation_text("literal_error", {"expected": "'en' or 'es'"}) == "El valor debe ser 'en' o 'es'"


def _spanish(
    client: TestClient, method: str, url: str, how: str, headers: dict[str, str] | None = None, **kwargs: object
) -> tuple[Any, Any]:
    headers = dict(headers or {})
    joint = "&" if "?" in url else "?"
    english = client.request(method, url + joint + "lang=en", headers=headers, **kwargs)  # type: ignore[arg-type]
    if how == "query":
        url += joint + "lang=es"
    else:
        headers["Accept-Language"] = "es-MX,es;q=0.9"
    spanish = client.request(method, url, headers=headers, **kwargs)  # type: ignore[arg-type]
    assert spanish.status_code == english.status_code >= 400
    assert english.headers["content-language"] == "en" and spanish.headers["content-language"] == "es"
    assert "accept-language" in spanish.headers["vary"].lower()
    return english.json(), spanish.json()


@pytest.mark.parametrize("how", ["query", "header"])
def test_api_errors_in_spanish_keep_fields_and_codes(client: TestClient, how: str) -> None:
    en, es = _spanish(client, "GET", "/api/v1/substances?q=" + "x" * 101, how)
    assert en["detail"][0]["msg"] == "String should have at most 100 characters"
    assert es["detail"][0]["msg"] == "El texto debe tener como máximo 100 caracteres"
    assert {k: v for k, v in es["detail"][0].items() if k != "msg"} == {
        k: v for k, v in en["detail"][0].items() if k != "msg"
    }
    en, es = _spanish(client, "GET", "/api/v1/substances/baclofem", how)
    assert es["detail"]["message"] == "No conocemos ninguna sustancia llamada 'baclofem'. ¿Quiso decir: baclofen?"
    assert en["detail"]["message"] == "No substance called 'baclofem' is known. Did you mean: baclofen?"
    assert es["detail"]["suggestions"] == ["baclofen"] and es["detail"]["field"] == en["detail"]["field"]
    en, es = _spanish(client, "POST", "/api/v1/interactions", how, json={})
    assert [e["type"] for e in es["detail"]] == [e["type"] for e in en["detail"]]
    assert "Campo obligatorio" in [e["msg"] for e in es["detail"]]
    _, es = _spanish(client, "GET", "/api/v1/no-such-route", how)
    assert es == {"detail": "No hay ninguna página en esta dirección."}


def test_body_refusals_in_spanish(client: TestClient) -> None:
    en, es = _spanish(client, "POST", "/api/v1/interactions", "query", content=b"x" * 300_000)
    assert (en["detail"], es["detail"]) == (
        "The body is larger than 256 KB; send less.",
        "El cuerpo pasa de 256 KB; envíe menos.",
    )
    _, es = _spanish(client, "POST", "/api/v1/interactions", "query", files={"a": ("a.txt", b"b")})
    assert es["detail"].startswith("No se aceptan archivos")
    _, es = _spanish(
        client,
        "POST",
        "/api/v1/interactions?lang=es",
        "query",
        content=b"{bad",
        headers={"content-type": "application/json"},
    )
    assert es["detail"][0]["type"] == "json_invalid" and es["detail"][0]["msg"] == "Error al leer el JSON"
