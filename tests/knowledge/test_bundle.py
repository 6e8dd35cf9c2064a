"""The command line's compiled catalogue matches the YAML it was built from."""

from __future__ import annotations

from recoverynav.knowledge.bundle import bundle_path, find_entry, render_bundle


def test_committed_bundle_is_fresh() -> None:
    assert bundle_path().read_text(encoding="utf-8") == render_bundle(), (
        "knowledge/_bundle.json is stale: run `python scripts/build_bundle.py`"
    )


def test_bundle_lookup_agrees_with_catalogue() -> None:
    match, entry = find_entry("Lioresal")
    assert match.id == "baclofen" and entry["id"] == "baclofen" and not match.corrected
