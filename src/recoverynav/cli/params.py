"""Click parameter types that refuse what the operating system would choke on, as a usage error (exit 2)."""

from __future__ import annotations

from typing import Any

import click


class SafePath(click.Path):
    """A ``click.Path`` that refuses a NUL byte (``os.stat`` raises ValueError on one) and an empty name ("." )."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and "\x00" in value:
            self.fail(f"{value!r} holds a NUL byte, which no file name has", param, ctx)
        if isinstance(value, str) and not value.strip():
            self.fail("an empty path; give a file or directory name", param, ctx)
        return super().convert(value, param, ctx)
