"""``recoverynav coverage guide``'s compiled answers: fresh against the guide, and the same output on both paths."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from recoverynav.cli import guide_bundle
from recoverynav.cli.main import cli
from recoverynav.references import Citation
from recoverynav.references.lines import citation_line


def test_committed_guide_answers_are_fresh_and_cite_as_the_model_does() -> None:
    """Every payment and state (448 answers, ~4 s: the whole guide must be built once to know it is fresh)."""
    fresh = guide_bundle.render_guide_bundle()
    committed = {path.name: path.read_text(encoding="utf-8") for path in guide_bundle.guide_bundle_dir().glob("*")}
    stale = sorted(name for name in fresh.keys() | committed.keys() if fresh.get(name) != committed.get(name))
    assert not stale, f"cli/_guide/ {stale} stale: run `python scripts/build_bundle.py`"
    # The text face writes each citation with citation_line, as Citation.text() does, for every cited reference.
    citations = {
        c["id"]: c for text in fresh.values() for a in json.loads(text).values() for c in a["answer"]["citations"]
    }
    assert citations
    for c in citations.values():
        assert citation_line(c.get("authors"), c["title"], c["source"], c["year"]) == Citation.model_validate(c).text()


@pytest.mark.parametrize(
    "args",
    [
        ["--payment", "medicaid", "--state", "VA"],
        ["--payment", " Medicare ", "--state", " va"],
        ["--payment", "MILITARY", "--state", "ca", "--json"],
        ["--payment", "none", "--state", "PR"],
        ["--payment", "ihs", "--state", "AK", "--json"],
        ["--payment", "state", "--state", "DC"],
        ["--payment", "medicaid", "--state", "ZZ"],
        ["--payment", "medic aid", "--state", "VA"],
        ["--payment", "../medicaid", "--state", "VA"],
        ["--payment", "", "--state", "VA"],
        ["--payment", "va", "--state", ""],
        ["--payment", "medicaid", "--state", "NM", "--lang", "es"],
        ["--payment", "none", "--state", "wi", "--lang", "es", "--json"],
        ["--payment", "cash", "--state", "VA", "--lang", "es"],
        ["--payment", "private", "--state", "ZZ", "--lang", "es"],
    ],
)
def test_command_prints_the_same_on_both_paths(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    fast = CliRunner().invoke(cli, ["coverage", "guide", *args])
    monkeypatch.setattr(guide_bundle, "compiled_guide", lambda payment, state, lang="en": None)
    full = CliRunner().invoke(cli, ["coverage", "guide", *args])
    assert (fast.exit_code, fast.output) == (full.exit_code, full.output)
    assert fast.exit_code in (0, 2)


def test_compiled_answers_are_the_full_answers_for_a_sample() -> None:
    for payment, state in [("medicaid", "VA"), ("private", "TX"), ("va", "GU"), ("medicare", "wy ")]:
        assert guide_bundle.compiled_guide(payment, state) == guide_bundle.full_guide(payment, state)
        for lang in ("en", "es"):
            assert guide_bundle.compiled_guide(payment, state, lang) == guide_bundle.full_guide(payment, state, lang)
    assert guide_bundle.compiled_guide("medicaid", "VA", "fr") is None
