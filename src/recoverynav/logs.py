"""One log formatter for every log stream: control characters escaped, exception messages and values withheld.

The README promises that what a person types never reaches a log. Our own loggers only format fixed
templates, but a traceback prints the exception's message (a pydantic error quotes the input, a
``UnicodeEncodeError`` the string it failed on), and a CR/LF in a logged path could forge a log line.
``SafeFormatter`` therefore writes each record on one line with control characters escaped, and formats
an exception as its type and frames (file, line, function, source line): never its message, arguments
or local variables.

Usage::

    logging.config.dictConfig(log_config("INFO"))   # what ``recoverynav serve`` hands to uvicorn
"""

from __future__ import annotations

import json
import logging
import traceback
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

WITHHELD = "(message withheld: it may quote what a person entered)"

_ESCAPES = {i: f"\\x{i:02x}" for i in (*range(0x20), 0x7F)} | {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"}
# C1 controls and the Unicode line and paragraph separators also break or disguise lines in some viewers.
_ESCAPES |= {i: f"\\x{i:02x}" for i in range(0x80, 0xA0)} | {0x2028: "\\u2028", 0x2029: "\\u2029"}


def escape_controls(text: str) -> str:
    """``"a\\r\\nb"`` -> ``"a\\\\r\\\\nb"``: one line, no control characters, encodable as UTF-8."""
    return text.translate(_ESCAPES).encode("utf-8", errors="backslashreplace").decode("utf-8")


ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


class SafeFormatter(logging.Formatter):
    """A ``logging.Formatter`` that escapes control characters and formats exceptions without their messages."""

    def format(self, record: logging.LogRecord) -> str:
        record.message = escape_controls(record.getMessage())
        if self.usesTime():
            record.asctime = self.formatTime(record, self.datefmt)
        line = self.formatMessage(record)
        if record.exc_info and record.exc_info[0] is not None:
            line += "\n" + self.formatException(record.exc_info)
        if record.stack_info:
            line += "\n" + escape_controls(record.stack_info)
        return line

    def formatException(self, ei: Any) -> str:
        _, exc, _ = ei
        blocks: list[str] = []
        seen: set[int] = set()
        while isinstance(exc, BaseException) and id(exc) not in seen:
            seen.add(id(exc))
            lines = [f"{type(exc).__module__}.{type(exc).__qualname__} {WITHHELD}"]
            for frame in traceback.extract_tb(exc.__traceback__):
                where = f'File "{escape_controls(frame.filename)}", line {frame.lineno}'
                lines.append(f"  {where}, in {escape_controls(frame.name)}")
                if frame.line:
                    lines.append("    " + escape_controls(frame.line))
            blocks.append("\n".join(lines))
            exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
        return "\n  caused by or during: ".join(blocks)


class JsonFormatter(SafeFormatter):
    """One JSON object a line (``RECOVERYNAV_LOG_FORMAT=json``) under ``SafeFormatter``'s rule.

    Fields: ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``; an access record adds ``method``,
    ``route`` (the template), ``status`` and ``duration_ms``; an exception adds ``exception``, its type and frames
    without its message. Output is ASCII (``\\uXXXX`` escapes), so no character can break or disguise a line.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": escape_controls(record.getMessage()),
        }
        access = getattr(record, "access", None)
        if isinstance(access, dict):
            entry.update({key: access[key] for key in ACCESS_FIELDS if key in access})
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = escape_controls(record.stack_info)
        return json.dumps(entry, ensure_ascii=True, default=str)


# The only fields of an access record a JSON line carries (recoverynav.access_log sets them).
ACCESS_FIELDS = ("method", "route", "status", "duration_ms")


def log_config(level: str = "INFO", log_format: str | None = None) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` dict: every logger (ours, uvicorn's, the root) through ``SafeFormatter``.

    ``log_format``: "text" or "json"; None reads ``RECOVERYNAV_LOG_FORMAT``. uvicorn's access log stays off: it
    prints query strings; ``recoverynav.access`` logs route templates.
    """
    if log_format is None:
        from recoverynav.settings import get_settings

        log_format = get_settings().log_format
    formatter: dict[str, Any] = (
        {"()": JsonFormatter}
        if log_format == "json"
        else {"()": SafeFormatter, "fmt": "%(levelname)s:     %(name)s %(message)s"}
    )
    handler = {"class": "logging.StreamHandler", "formatter": "safe", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"safe": formatter},
        "handlers": {"default": handler},
        "root": {"handlers": ["default"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.error": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }
