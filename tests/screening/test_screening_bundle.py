"""``recoverynav screen``'s compiled instruments: fresh against their YAML, and the same instruments."""

from __future__ import annotations

import pytest

from recoverynav.screening import all_instruments, get_instrument
from recoverynav.screening.bundle import compiled_instrument, render_screening_bundle, screening_bundle_dir


def test_committed_screening_bundle_is_fresh() -> None:
    for name, text in render_screening_bundle().items():
        assert (screening_bundle_dir() / name).read_text(encoding="utf-8") == text, (
            f"screening/{name} is stale: run `python scripts/build_bundle.py`"
        )


@pytest.mark.parametrize("spelling", ["{id}", "{upper}", "{compact}", " {id} ", "{spaced}"])
def test_every_instrument_compiles_to_the_same_model(spelling: str) -> None:
    for sid in all_instruments():
        name = spelling.format(id=sid, upper=sid.upper(), compact=sid.replace("-", ""), spaced=sid.replace("-", " "))
        assert compiled_instrument(name) == get_instrument(name), name


def test_unknown_names_are_left_to_the_full_path() -> None:
    for name in ["dast", "audit-x", "", "--", "phq-9"]:
        assert compiled_instrument(name) is None
