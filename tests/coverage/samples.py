"""Where the X12 test files live: copies of shared/data/x12 plus the substance-use 271s written for #17."""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).parent / "x12_samples"
SUBSTANCE_USE = SAMPLES / "substance-use"


def sample_text(name: str) -> str:
    """A sample file as text (UTF-8, byte-order mark dropped), named relative to the samples folder."""
    return (SAMPLES / name).read_bytes().decode("utf-8-sig")


def all_samples() -> list[str]:
    """Every sample file's name relative to the samples folder (licences and notes left out)."""
    return sorted(
        str(p.relative_to(SAMPLES)) for p in SAMPLES.rglob("*") if p.is_file() and p.suffix in {".270", ".271", ".txt"}
    )
