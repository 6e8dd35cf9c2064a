"""Reading and writing the plan file (JSON), with errors that name the field and never repeat its content."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from recoverynav.errors import InputRejected
from recoverynav.i18n import N_, Text
from recoverynav.plans.models import RecoveryPlan

MAX_FILE_BYTES = 200_000


class PlanFileError(InputRejected):
    """A plan file that cannot be read: ``problems`` lists (field, message) pairs, without the values."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems))


def field_path(loc: tuple[int | str, ...]) -> str:
    """``("people", 0, "phone")`` -> ``people[0].phone``."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "plan"


def problems_of(error: ValidationError) -> list[tuple[str, str]]:
    """Each failing field and pydantic's message; messages state the rule, not the input."""
    return [(field_path(tuple(e["loc"])), e["msg"]) for e in error.errors(include_input=False, include_url=False)]


def load_plan(data: bytes | str) -> RecoveryPlan:
    """Parse a plan file; :class:`PlanFileError` if it is too big, not JSON, or breaks a rule."""
    raw = data.encode() if isinstance(data, str) else data
    if len(raw) > MAX_FILE_BYTES:
        raise PlanFileError(
            [("plan", Text(N_("the file is larger than %(kb)s kB; a plan file is smaller"), kb=MAX_FILE_BYTES // 1000))]
        )
    try:
        parsed: Any = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PlanFileError([("plan", Text(N_("the file is not JSON: choose a plan file saved from /plan")))]) from None
    except (RecursionError, ValueError):
        # Nesting deeper than Python recurses, or an integer too long to convert: JSON, but never a plan file.
        raise PlanFileError(
            [("plan", Text(N_("the file is not a plan file (nested too deep or a number too long)")))]
        ) from None
    try:
        return RecoveryPlan.model_validate(parsed)
    except ValidationError as exc:
        raise PlanFileError(problems_of(exc)) from None


def dump_plan(plan: RecoveryPlan) -> bytes:
    """The plan file: indented UTF-8 JSON, every field present."""
    return json.dumps(plan.model_dump(mode="json"), ensure_ascii=False, indent=2).encode()
