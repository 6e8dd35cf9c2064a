"""``recoverynav drug NAME`` before click is imported: the same bytes on stdout and stderr and the same exit code.

Importing click costs ``drug`` about as much as everything else it does (click imports ``inspect``, ``uuid``,
``datetime``, and its first translated message ``locale``). :func:`quick_drug` answers only the exact, common
shapes: ``drug NAME`` with at most one ``--lang en|es`` (or ``--lang=en|es``) and at most one ``--json``, in any
order, a ``--`` before the last arguments, and a NAME that does not start with ``-``. It prints what
:func:`recoverynav.cli.monograph.drug_output` returns, as the click command does, and an unknown name as the
command's error (:func:`recoverynav.cli.plain.error_text`, exit 2).

It returns None, and the caller hands the command line to click unchanged, for anything else: ``--help``/``-h``,
another option or an abbreviation, a missing or second NAME, an argument that is not UTF-8 text, shell completion
(``_RECOVERYNAV_COMPLETE``), Windows (where click rewrites the arguments and the console streams), standard streams
click would re-wrap (not UTF-8 text files), an answer holding an escape character (click strips those when the
stream is not a terminal), and any failure other than an unknown name (click reports it its way).
"""

from __future__ import annotations

import codecs
import io
import os
import sys

from recoverynav.cli.plain import error_text, path_problem

_LANGUAGES = ("en", "es")


def parse(args: list[str]) -> tuple[str, str | None, bool] | None:
    """(NAME, ``--lang`` or None, ``--json``) for the arguments after ``drug``, or None for any other shape."""
    names: list[str] = []
    lang: str | None = None
    as_json = False
    options_end = False
    waiting_for_lang = False
    for arg in args:
        if waiting_for_lang:
            if arg not in _LANGUAGES or lang is not None:
                return None
            lang, waiting_for_lang = arg, False
        elif options_end or not arg.startswith("-"):
            names.append(arg)
        elif arg == "--":
            options_end = True
        elif arg == "--json":
            if as_json:
                return None
            as_json = True
        elif arg == "--lang":
            waiting_for_lang = True
        elif arg.startswith("--lang="):
            value = arg.removeprefix("--lang=")
            if value not in _LANGUAGES or lang is not None:
                return None
            lang = value
        else:
            return None
    if waiting_for_lang or len(names) != 1 or names[0].startswith("-"):
        return None
    return names[0], lang, as_json


def _plain_utf8(stream: object) -> bool:
    """True for a text file in UTF-8: click's ``echo`` writes to it as it is (no re-wrapping)."""
    if type(stream) is not io.TextIOWrapper:
        return False
    try:
        return codecs.lookup(stream.encoding).name == "utf-8"
    except LookupError:
        return False


def quick_drug(args: list[str]) -> int | None:
    """Answer ``drug`` with ``args`` (the arguments after it) and return the exit code, or None for click."""
    if sys.platform.startswith("win") or "_RECOVERYNAV_COMPLETE" in os.environ:
        return None
    if not (_plain_utf8(sys.stdout) and _plain_utf8(sys.stderr)):
        return None
    try:
        for arg in args:
            arg.encode("utf-8")
    except UnicodeEncodeError:
        return None
    parsed = parse(args)
    if parsed is None:
        return None
    from recoverynav.cli.monograph import drug_output
    from recoverynav.knowledge import UnknownNameError

    code = 0
    try:
        printed = drug_output(*parsed)
    except UnknownNameError as exc:
        printed, code = [(error_text(str(exc)), True)], 2
    except Exception:
        return None
    if any("\x1b" in line for line, _ in printed):
        return None
    try:
        for line, to_stderr in printed:
            stream = sys.stderr if to_stderr else sys.stdout
            stream.write(line + "\n")
            stream.flush()
    except OSError as exc:
        # As the group's project_errors reports a stream it cannot write (a closed pipe, a full disk).
        sys.stderr.write(error_text(path_problem(exc)) + "\n")
        sys.stderr.flush()
        return 2
    return code
