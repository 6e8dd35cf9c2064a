"""placement reads a screening result through its band's typed severity, never through the band's name (#14)."""

from __future__ import annotations

from typing import Any, get_args

import pytest

from recoverynav.placement import Facts, load_rulebook, recommend_level
from recoverynav.placement.models import Severity as PlacementSeverity
from recoverynav.placement.signals import derive_signals
from recoverynav.screening import SEVERITIES, list_instruments

STABLE: dict[str, Any] = {"home": "stable", "readiness": "ready", "support_people": True}
WITHDRAWAL_SCALES = load_rulebook().settings.withdrawal_instruments
BANDS = [
    (i.id, band.id, band.severity)
    for i in list_instruments()
    if i.id not in WITHDRAWAL_SCALES
    for band in {b.id: b for b in i.bands}.values()
]


def _screening(**result: Any) -> tuple[Any, list[str]]:
    signals = derive_signals(Facts(substances=["cannabis"], screening=[result], **STABLE), load_rulebook())
    return signals.values["screening_severity"], signals.notes


def test_placement_and_screening_share_one_scale() -> None:
    assert get_args(PlacementSeverity) == SEVERITIES


@pytest.mark.parametrize(("instrument", "band", "severity"), BANDS)
def test_every_band_reads_as_its_own_severity(instrument: str, band: str, severity: str) -> None:
    assert _screening(instrument=instrument, band=band) == (severity, [])
    # Written as a person might: capitals, spaces or underscores for the hyphens.
    assert _screening(instrument=instrument.upper(), band=band.replace("-", " ").title())[0] == severity


@pytest.mark.parametrize(("instrument", "band", "severity"), BANDS)
def test_a_known_band_outranks_a_severity_given_with_it(instrument: str, band: str, severity: str) -> None:
    other = next(s for s in SEVERITIES if s != severity)
    assert _screening(instrument=instrument, band=band, severity=other)[0] == severity


@pytest.mark.parametrize("severity", SEVERITIES)
def test_an_instrument_we_do_not_know_is_read_by_the_severity_given(severity: str) -> None:
    assert _screening(instrument="phq-9", band="anything", severity=severity) == (severity, [])


@pytest.mark.parametrize(
    ("instrument", "band"),
    [("phq-9", "severe"), ("made-up", "purple"), ("dast-10", "purple"), ("audit", "zone-9")],
)
def test_a_band_name_alone_is_never_read_as_a_severity(instrument: str, band: str) -> None:
    severity, notes = _screening(instrument=instrument, band=band)
    assert severity is None and any("unknown; not used" in n for n in notes)


@pytest.mark.parametrize("instrument", sorted(WITHDRAWAL_SCALES))
def test_a_withdrawal_scale_is_noted_not_read(instrument: str) -> None:
    severity, notes = _screening(instrument=instrument, band="severe")
    assert severity is None and any("measures withdrawal" in n for n in notes)


@pytest.mark.parametrize(("instrument", "band", "severity"), BANDS)
def test_the_level_follows_the_severity_not_the_instrument(instrument: str, band: str, severity: str) -> None:
    by_band = recommend_level(Facts(substances=["cannabis"], screening=[{"instrument": instrument, "band": band}]))
    by_severity = recommend_level(
        Facts(substances=["cannabis"], screening=[{"instrument": "other-scale", "band": "x", "severity": severity}])
    )
    assert (by_band.level, by_band.withdrawal_management) == (by_severity.level, by_severity.withdrawal_management)
