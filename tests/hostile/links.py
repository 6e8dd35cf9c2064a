"""Read a page's link targets as a browser would, and say whether each one is allowed."""

from __future__ import annotations

import re
from html.parser import HTMLParser

ALLOWED_SCHEMES = frozenset({"http", "https", "tel", "mailto"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


_NAVIGATING = {
    ("a", "href"),
    ("area", "href"),
    ("form", "action"),
    ("button", "formaction"),
    ("input", "formaction"),
    ("iframe", "src"),
    ("frame", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("script", "src"),
}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Targets a click, a submit or a frame navigates to (a <link rel="icon" href="data:,"> runs nothing).
        for name, value in attrs:
            if (tag, name) in _NAVIGATING and value is not None:
                self.targets.append(value)


def link_targets(html: str) -> list[str]:
    """Every navigating link target, with character references decoded (as the browser sees them)."""
    parser = _Links()
    parser.feed(html)
    return parser.targets


def browser_scheme(target: str) -> str | None:
    """The scheme a browser would use (WHATWG: strip C0 and spaces at the ends, drop tabs and newlines)."""
    cleaned = target.strip("".join(chr(i) for i in range(0x21)))
    cleaned = re.sub(r"[\t\n\r]", "", cleaned)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def unsafe_targets(html: str) -> list[str]:
    return [t for t in link_targets(html) if (s := browser_scheme(t)) is not None and s not in ALLOWED_SCHEMES]
