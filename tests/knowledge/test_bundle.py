"""The command line's compiled catalogue matches the YAML it was built from."""

from __future__ import annotations

from recoverynav.knowledge.bundle import bundle_dir, find_entry, render_bundle


def test_committed_bundle_is_fresh() -> None:
    fresh = render_bundle()
    committed = {path.name: path.read_text(encoding="utf-8") for path in bundle_dir().glob("*.json")}
    stale = sorted(name for name in fresh.keys() | committed.keys() if fresh.get(name) != committed.get(name))
    assert not stale, f"knowledge/_bundle/ is stale ({', '.join(stale[:5])}): run `python scripts/build_bundle.py`"


def test_bundle_lookup_agrees_with_catalogue() -> None:
    match, entry = find_entry("Lioresal")
    assert match.id == "baclofen" and entry["id"] == "baclofen" and not match.corrected
