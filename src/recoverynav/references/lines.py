"""The one way a reference is written as text, "Authors. Title. Source, year.", for every face.

Plain string work with no imports, so the command line can use it without loading the bibliography or pydantic.
"""

from __future__ import annotations


def _sentence(text: str) -> str:
    # "n.d." and titles ending in "?" keep their own mark: never "n.d.." or "Toxicity?."
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


def citation_line(authors: str | None, title: str, source: str, year: object) -> str:
    """ "Authors. Title. Source, year." (authors only when known; each part ends in one mark)."""
    head = f"{_sentence(authors)} " if authors and authors.strip() else ""
    place = f"{source.strip()}, " if source.strip() else ""
    return f"{head}{_sentence(title)} {place}{_sentence(str(year))}"
