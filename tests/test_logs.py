"""recoverynav.logs: one line per record, control characters escaped, exceptions without messages or values."""

from __future__ import annotations

import io
import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverynav.logs import WITHHELD, SafeFormatter, escape_controls


def _logger(stream: io.StringIO) -> logging.Logger:
    logger = logging.getLogger(f"recoverynav.test.{id(stream)}")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(SafeFormatter("%(levelname)s %(name)s %(message)s"))
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger


@given(st.text())
def test_a_record_is_one_encodable_line(text: str) -> None:
    stream = io.StringIO()
    _logger(stream).warning("got %s", text)
    written = stream.getvalue()
    assert written.count("\n") == 1 and written.endswith("\n")
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in written[:-1])
    written.encode("utf-8")


def test_a_crlf_cannot_forge_a_line() -> None:
    stream = io.StringIO()
    _logger(stream).info("GET %s 200", "/x\r\nINFO recoverynav.access GET /forged 200")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].endswith("GET /forged 200 200")
    assert escape_controls("a\r\nb") == "a\\r\\nb"


def _fails_on(typed: str, answers: list[str]) -> None:
    secret_local = typed * 2  # noqa: F841 - a local a traceback-with-locals would print
    raise ValueError(f"could not use {typed!r} and {answers}")


# Built at run time: a traceback shows source lines, and a marker written out in the source would be in them.
MARKER = "".join(["MAR", "KER", "-typed"])


def test_exceptions_are_logged_without_their_message_or_values() -> None:
    stream = io.StringIO()
    try:
        try:
            _fails_on(MARKER + "-substance", [MARKER + "-answer"])
        except ValueError as inner:
            raise RuntimeError("wrapping " + MARKER) from inner
    except RuntimeError:
        _logger(stream).exception("Exception in ASGI application")
    written = stream.getvalue()
    assert MARKER not in written
    assert "builtins.RuntimeError" in written and "builtins.ValueError" in written and WITHHELD in written
    assert "_fails_on" in written  # the frames stay: where it failed is what an operator needs


@pytest.mark.parametrize("text", ["\ud800", "\x00", "\x1b[2J", "\u2028", "\x85"])
def test_unencodable_and_control_characters_are_escaped(text: str) -> None:
    assert "\\" in escape_controls(text)
    escape_controls(text).encode("utf-8")
