"""The API's error messages in the request's language (#19): the human words only, never field names or codes.

An error body keeps its shape in every language: ``loc``, ``field``, ``type``, ``value`` and ``suggestions`` stay
as they are, and only ``msg`` / ``message`` (and a plain string ``detail``) are translated. Sources of messages:

* Pydantic's validation messages (422), by their stable ``type``: :data:`VALIDATION` and :data:`VALIDATION_PLURAL`
  hold pydantic's own English template for each type as a message (a test keeps them equal to pydantic's), so the
  Spanish catalogue has every one. A message pydantic did not build from its template (a model's own
  ``ValueError`` text) is left as it is.
* Messages of our own marked with ``N_()`` (status messages, the body rules) and :class:`~recoverynav.i18n.Text`
  (a message with values, e.g. the body limit in KB), translated where the answer is drawn.
* Unknown names (404): rebuilt from the name and its suggestions, the same sentence as
  :class:`~recoverynav.knowledge.UnknownNameError`'s in English.

Usage::

    with use_language("es"):
        translate_detail([{"type": "missing", "loc": ["body", "names"], "msg": "Field required"}])
        # [{"type": "missing", "loc": ["body", "names"], "msg": "Campo obligatorio"}]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from recoverynav.i18n import N_, current_language, gettext, ngettext, translate_text, use_language
from recoverynav.knowledge import UnknownNameError

_ = gettext


# Pydantic's English templates ({name} written %(name)s), by error type: what a JSON body or a query can cause.
VALIDATION: dict[str, str] = {
    "json_invalid": N_("Invalid JSON: %(error)s"),
    "json_type": N_("JSON input should be string, bytes or bytearray"),
    "missing": N_("Field required"),
    "extra_forbidden": N_("Extra inputs are not permitted"),
    "model_type": N_("Input should be a valid dictionary or instance of %(class_name)s"),
    "model_attributes_type": N_("Input should be a valid dictionary or object to extract fields from"),
    "none_required": N_("Input should be None"),
    "greater_than": N_("Input should be greater than %(gt)s"),
    "greater_than_equal": N_("Input should be greater than or equal to %(ge)s"),
    "less_than": N_("Input should be less than %(lt)s"),
    "less_than_equal": N_("Input should be less than or equal to %(le)s"),
    "multiple_of": N_("Input should be a multiple of %(multiple_of)s"),
    "finite_number": N_("Input should be a finite number"),
    "iterable_type": N_("Input should be iterable"),
    "iteration_error": N_("Error iterating over object, error: %(error)s"),
    "string_type": N_("Input should be a valid string"),
    "string_unicode": N_("Input should be a valid string, unable to parse raw data as a unicode string"),
    "string_pattern_mismatch": N_("String should match pattern '%(pattern)s'"),
    "string_not_ascii": N_("String should contain only ASCII characters"),
    "enum": N_("Input should be %(expected)s"),
    "literal_error": N_("Input should be %(expected)s"),
    "dict_type": N_("Input should be a valid dictionary"),
    "mapping_type": N_("Input should be a valid mapping, error: %(error)s"),
    "list_type": N_("Input should be a valid list"),
    "tuple_type": N_("Input should be a valid tuple"),
    "set_type": N_("Input should be a valid set"),
    "frozen_set_type": N_("Input should be a valid frozenset"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean, unable to interpret input"),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer, unable to parse string as an integer"),
    "int_parsing_size": N_("Unable to parse input string as an integer, exceeded maximum size"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_type": N_("Input should be a valid number"),
    "float_parsing": N_("Input should be a valid number, unable to parse string as a number"),
    "bytes_type": N_("Input should be a valid bytes"),
    "bytes_invalid_encoding": N_("Data should be valid %(encoding)s: %(encoding_error)s"),
    "value_error": N_("Value error, %(error)s"),
    "assertion_error": N_("Assertion failed, %(error)s"),
    "date_type": N_("Input should be a valid date"),
    "date_parsing": N_("Input should be a valid date in the format YYYY-MM-DD, %(error)s"),
    "date_from_datetime_parsing": N_("Input should be a valid date or datetime, %(error)s"),
    "date_from_datetime_inexact": N_("Datetimes provided to dates should have zero time - e.g. be exact dates"),
    "date_past": N_("Date should be in the past"),
    "date_future": N_("Date should be in the future"),
    "time_type": N_("Input should be a valid time"),
    "time_parsing": N_("Input should be in a valid time format, %(error)s"),
    "datetime_type": N_("Input should be a valid datetime"),
    "datetime_parsing": N_("Input should be a valid datetime, %(error)s"),
    "datetime_from_date_parsing": N_("Input should be a valid datetime or date, %(error)s"),
    "datetime_past": N_("Input should be in the past"),
    "datetime_future": N_("Input should be in the future"),
    "timezone_naive": N_("Input should not have timezone info"),
    "timezone_aware": N_("Input should have timezone info"),
    "timezone_offset": N_("Timezone offset of %(tz_expected)s required, got %(tz_actual)s"),
    "time_delta_type": N_("Input should be a valid timedelta"),
    "time_delta_parsing": N_("Input should be a valid timedelta, %(error)s"),
    "union_tag_invalid": N_(
        "Input tag '%(tag)s' found using %(discriminator)s does not match any of the expected tags: %(expected_tags)s"
    ),
    "union_tag_not_found": N_("Unable to extract tag using discriminator %(discriminator)s"),
    "url_type": N_("URL input should be a string or URL"),
    "url_parsing": N_("Input should be a valid URL, %(error)s"),
    "url_syntax_violation": N_("Input violated strict URL syntax rules, %(error)s"),
    "url_scheme": N_("URL scheme should be %(expected_schemes)s"),
    "uuid_type": N_("UUID input should be a string, bytes or UUID object"),
    "uuid_parsing": N_("Input should be a valid UUID, %(error)s"),
    "uuid_version": N_("UUID version %(expected_version)s expected"),
    "decimal_type": N_("Decimal input should be an integer, float, string or Decimal object"),
    "decimal_parsing": N_("Input should be a valid decimal"),
}

# Templates with a count ("character{expected_plural}"): the context key holding the count, and the message.
VALIDATION_PLURAL: dict[str, tuple[str, Callable[[int], str]]] = {
    "too_short": (
        "min_length",
        lambda n: ngettext(
            "%(field_type)s should have at least %(min_length)s item after validation, not %(actual_length)s",
            "%(field_type)s should have at least %(min_length)s items after validation, not %(actual_length)s",
            n,
        ),
    ),
    "too_long": (
        "max_length",
        lambda n: ngettext(
            "%(field_type)s should have at most %(max_length)s item after validation, not %(actual_length)s",
            "%(field_type)s should have at most %(max_length)s items after validation, not %(actual_length)s",
            n,
        ),
    ),
    "string_too_short": (
        "min_length",
        lambda n: ngettext(
            "String should have at least %(min_length)s character",
            "String should have at least %(min_length)s characters",
            n,
        ),
    ),
    "string_too_long": (
        "max_length",
        lambda n: ngettext(
            "String should have at most %(max_length)s character",
            "String should have at most %(max_length)s characters",
            n,
        ),
    ),
    "bytes_too_short": (
        "min_length",
        lambda n: ngettext(
            "Data should have at least %(min_length)s byte", "Data should have at least %(min_length)s bytes", n
        ),
    ),
    "bytes_too_long": (
        "max_length",
        lambda n: ngettext(
            "Data should have at most %(max_length)s byte", "Data should have at most %(max_length)s bytes", n
        ),
    ),
    "url_too_long": (
        "max_length",
        lambda n: ngettext(
            "URL should have at most %(max_length)s character", "URL should have at most %(max_length)s characters", n
        ),
    ),
    "decimal_max_digits": (
        "max_digits",
        lambda n: ngettext(
            "Decimal input should have no more than %(max_digits)s digit in total",
            "Decimal input should have no more than %(max_digits)s digits in total",
            n,
        ),
    ),
    "decimal_max_places": (
        "decimal_places",
        lambda n: ngettext(
            "Decimal input should have no more than %(decimal_places)s decimal place",
            "Decimal input should have no more than %(decimal_places)s decimal places",
            n,
        ),
    ),
    "decimal_whole_digits": (
        "whole_digits",
        lambda n: ngettext(
            "Decimal input should have no more than %(whole_digits)s digit before the decimal point",
            "Decimal input should have no more than %(whole_digits)s digits before the decimal point",
            n,
        ),
    ),
}

# The body rules: what to send instead (a suffix to pydantic's message, or the whole message).
SEND_JSON = N_("send the body as JSON text in UTF-8 with Content-Type: application/json")
# FastAPI's own message for a body that does not parse (type json_invalid, the parser's reason in ctx.error).
JSON_DECODE_ERROR = N_("JSON decode error")
NOT_JSON = N_("The body is not valid JSON: send the body as JSON text in UTF-8 with Content-Type: application/json")


def validation_text(kind: str, context: Mapping[str, Any]) -> str | None:
    """Pydantic's message for error type ``kind`` with ``context``, in the current language; None when unknown."""
    values = {key: str(value) for key, value in context.items()}
    if kind in VALIDATION:
        template = _(VALIDATION[kind])
    elif kind in VALIDATION_PLURAL:
        key, message = VALIDATION_PLURAL[kind]
        try:
            template = message(int(context[key]))
        except (KeyError, TypeError, ValueError):
            return None
    else:
        return None
    if kind in ("enum", "literal_error") and current_language() != "en":
        # Pydantic joins the choices with English "or": 'a', 'b' or 'c'.
        values["expected"] = values.get("expected", "").replace("' or '", "' " + _("or") + " '")
    try:
        return template % values
    except (KeyError, ValueError, TypeError):
        return None


def validation_message(error: Mapping[str, Any]) -> str:
    """An error's ``msg`` in the current language, when pydantic built it from its template; else as it is."""
    message = str(error.get("msg", ""))
    suffix = ""
    if message.endswith(": " + SEND_JSON):
        message, suffix = message[: -len(SEND_JSON) - 2], ": " + _(SEND_JSON)
    if message == NOT_JSON:
        return _(NOT_JSON)
    kind, context = str(error.get("type", "")), error.get("ctx") or {}
    with use_language("en"):
        english = validation_text(kind, context)
    if current_language() == "en":
        return message + suffix
    if english != message:
        # Not from pydantic's template (FastAPI's "JSON decode error", a marked message of ours) or left as it is.
        return translate_text(message) + suffix
    return (validation_text(kind, context) or message) + suffix


def unknown_name_message(query: str, suggestions: list[str]) -> str:
    """:class:`UnknownNameError`'s sentence in the current language."""
    shown = str(UnknownNameError(query, []))[len("No substance called ") :].split(" is known.")[0]
    if suggestions:
        hint = _("Did you mean: %(names)s?") % {"names": ", ".join(suggestions)}
    else:
        hint = _("Check the spelling, or try a brand, street or group name (e.g. Lioresal, benzos).")
    return _("No substance called %(name)s is known.") % {"name": shown} + " " + hint


def translate_detail(detail: Any) -> Any:
    """An error body's ``detail`` with its messages in the current language; every other key unchanged."""
    if current_language() == "en":
        return detail
    if isinstance(detail, str):
        return translate_text(detail)
    if isinstance(detail, list):
        return [{**e, "msg": validation_message(e)} if isinstance(e, dict) and "msg" in e else e for e in detail]
    if isinstance(detail, dict) and isinstance(detail.get("message"), str):
        message = detail["message"]
        query, suggestions = detail.get("value"), detail.get("suggestions")
        if isinstance(query, str) and isinstance(suggestions, list):
            with use_language("en"):
                english = unknown_name_message(query, [str(s) for s in suggestions])
            if english == message:
                return {**detail, "message": unknown_name_message(query, [str(s) for s in suggestions])}
        return {**detail, "message": translate_text(message)}
    return detail
