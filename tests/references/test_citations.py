"""One numbering for every face: first use numbered first, dense from 1, a source used again keeps its number."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from recoverynav.references import Citation, CitedSources, all_references, cite_sources, first_use_numbers

SRC = Path(__file__).resolve().parents[2] / "src" / "recoverynav"
IDS = sorted(all_references())


def _check_numbering(ids: list[str], numbers: dict[str, int]) -> None:
    first_seen = list(dict.fromkeys(ids))
    assert list(numbers) == first_seen  # first use, first numbered
    assert sorted(numbers.values()) == list(range(1, len(first_seen) + 1))  # dense, from 1
    for ref_id in ids:  # a source used again shares its first number
        assert numbers[ref_id] == first_seen.index(ref_id) + 1


@given(st.lists(st.text(min_size=1, max_size=5), max_size=40))
def test_any_ids_are_numbered_by_first_use_densely_from_one(ids: list[str]) -> None:
    _check_numbering(ids, first_use_numbers(ids))


@given(st.lists(st.sampled_from(IDS), max_size=30))
def test_cited_sources_number_the_bibliography_the_same_way(ids: list[str]) -> None:
    cited = cite_sources(iter(ids))  # any iterable, even one that can be read only once
    _check_numbering(ids, dict(cited))
    assert [c.n for c in cited.citations] == list(range(1, len(cited) + 1))
    assert [c.id for c in cited.citations] == list(dict.fromkeys(ids))
    # A face that rebuilds the numbering from an answer's citations gets the same numbers.
    assert dict(CitedSources(c for c in cited.citations)) == dict(cited)


@given(st.lists(st.sampled_from(IDS), min_size=1, max_size=30), st.data())
def test_a_statement_shows_each_of_its_numbers_once_smallest_first(ids: list[str], data: st.DataObject) -> None:
    cited = cite_sources(ids)
    statement = data.draw(st.lists(st.sampled_from(ids), max_size=8))
    marks = cited.marks(statement)
    assert marks == sorted(set(marks)) and set(marks) == {cited[i] for i in statement}


@given(st.sampled_from(IDS))
def test_a_citation_writes_one_mark_after_each_part(ref_id: str) -> None:
    text = cite_sources([ref_id]).citations[0].text()
    assert ".." not in text.replace("n.d.", "") and "?." not in text and text.endswith(".")


def test_a_citation_is_the_json_every_face_shows() -> None:
    citation = cite_sources([IDS[0]]).citations[0]
    assert Citation.model_validate(citation.model_dump(mode="json")) == citation
    assert set(citation.model_dump(mode="json")) == {
        "n",
        "id",
        "title",
        "authors",
        "source",
        "year",
        "url",
        "doi",
        "link",
    }


# How a face numbered its sources on its own before the fold; none of these may come back.
OWN_NUMBERING = [
    (re.compile(r"enumerate\([^)]*(references|sources|resolve\(|refs)[^)]*\)"), "numbers references with enumerate"),
    (re.compile(r"\{\s*\w+\.id\s*:\s*n\s+for\s+n\s*,"), "builds an id -> number dict"),
    (re.compile(r"\{\s*ref\[\"id\"\]\s*:\s*ref\[\"n\"\]"), "builds an id -> number dict from JSON"),
    (re.compile(r"reference_numbers\(|report_json\(|reference_json\("), "uses a removed numbering helper"),
    (re.compile(r'f"\[\{numbers?\['), "writes its own [n] marks"),
]
TEMPLATE_NUMBERING = [
    (re.compile(r"\[\{\{\s*loop\.index"), "numbers sources with loop.index"),
    (re.compile(r'id="ref-\{\{\s*(?!ref\.n\b)'), "writes its own reference anchors"),
    (re.compile(r'href="#ref-\{\{\s*(?!n\b)'), "links citations its own way"),
    (re.compile(r"<ol class=\"references\">"), "writes its own reference list"),
]


def _offences(paths: list[Path], rules: list[tuple[re.Pattern[str], str]], allowed: set[str]) -> list[str]:
    found = []
    for path in paths:
        rel = path.relative_to(SRC).as_posix()
        if rel in allowed:
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{rel}: {why}" for pattern, why in rules if pattern.search(text)]
    return found


def test_no_face_numbers_its_own_sources() -> None:
    """Numbers come from references.cite_sources only; the web macro and the CLI printer only lay them out."""
    python = [p for p in SRC.rglob("*.py") if "vendor" not in p.parts]
    assert _offences(python, OWN_NUMBERING, {"references/citations.py"}) == []
    templates = [p for p in SRC.rglob("*.html") if "vendor" not in p.parts]
    assert _offences(templates, TEMPLATE_NUMBERING, {"web/templates/_references.html"}) == []


def test_the_structural_check_catches_the_old_ways() -> None:
    """The patterns above match the code they replaced, so the check above can fail."""
    old_python = [
        "numbers = {ref.id: n for n, ref in enumerate(references, 1)}",
        'numbers = {ref["id"]: ref["n"] for ref in entry["references"]}',
        'cites = "".join(f"[{numbers[s.id]}]" for s in finding.sources)',
        "lines += [_reference_line(n, ref) for n, ref in enumerate(report.references(), start=1)]",
    ]
    old_templates = [
        '<sup class="cite">{% for r in references %}<a href="#ref-{{ r.id }}">[{{ loop.index }}]</a>{% endfor %}</sup>',
        '<ol class="references">{% for r in references %}<li id="ref-{{ r.id }}">{{ r.citation() }}</li>{% endfor %}',
    ]
    for line in old_python:
        assert any(p.search(line) for p, _ in OWN_NUMBERING), line
    for line in old_templates:
        assert any(p.search(line) for p, _ in TEMPLATE_NUMBERING), line
