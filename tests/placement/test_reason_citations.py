"""#11: a placement reason cites sources that say something a person can read, not program code or a home page.

A source-code file (FindTreatment's filters.js) backs the facility codes in options.yaml; it is never a reason's
support. NIDA's Principles are cited at the publication's principles page, not the institute's home page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from recoverynav.placement.rulebook import load_rulebook
from recoverynav.references import all_references

CODE_SUFFIXES = (".js", ".ts", ".py", ".json", ".csv")


def _reason_sources() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for rule in load_rulebook().rules:
        found += [(rule.id, s) for s in rule.sources]
        for ids in rule.class_sources.values():
            found += [(rule.id, s) for s in ids]
    return found


@pytest.mark.parametrize(("rule", "source"), _reason_sources())
def test_no_reason_cites_a_program_file(rule: str, source: str) -> None:
    url = all_references()[source].url or ""
    assert not urlsplit(url).path.lower().endswith(CODE_SUFFIXES), f"{rule} cites {source}: {url}"


def test_nida_principles_are_cited_at_the_publication_not_a_home_page() -> None:
    url = all_references()["nida-principles-drug-addiction-treatment-3rd-ed"].url or ""
    parts = urlsplit(url)
    assert parts.netloc == "nida.nih.gov" and parts.path.startswith("/publications/principles-drug-addiction-treatment")
