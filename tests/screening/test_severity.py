"""Every band of every instrument reads on one severity scale, never falling as the score rises (#14).

placement reads these severities, not band names, so the scale must be complete and ordered for every instrument,
and one band id must mean one severity whatever the sex.
"""

from __future__ import annotations

from typing import Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from recoverynav.screening import SEVERITIES, Instrument, Severity, all_instruments, list_instruments
from recoverynav.screening.models import Sex

INSTRUMENTS = list_instruments()
SEXES: list[Sex | None] = [None, "female", "male"]


def _band_for(instrument: Instrument, score: int, sex: Sex | None) -> Any:
    bands = [b for b in instrument.bands if b.sex == sex] or [b for b in instrument.bands if b.sex is None]
    return next(b for b in bands if b.min <= score <= b.max)


def test_the_scale_is_the_severity_type_in_order() -> None:
    assert SEVERITIES == get_args(Severity) == ("none", "mild", "moderate", "severe")


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: i.id)
def test_every_band_has_a_severity_on_the_scale(instrument: Instrument) -> None:
    assert all(band.severity in SEVERITIES for band in instrument.bands)


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: i.id)
def test_a_reading_that_is_not_the_authors_grade_says_how_and_cites(instrument: Instrument) -> None:
    mapping = instrument.severity_mapping
    assert instrument.grades_severity == (mapping is None)
    if mapping is not None:
        assert mapping.sources and set(mapping.sources) <= instrument.all_source_ids()


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(INSTRUMENTS), st.sampled_from(SEXES), st.data())
def test_severity_never_falls_as_the_score_rises(instrument: Instrument, sex: Sex | None, data: st.DataObject) -> None:
    low = data.draw(st.integers(instrument.min_score, instrument.max_score))
    high = data.draw(st.integers(low, instrument.max_score))
    before, after = _band_for(instrument, low, sex), _band_for(instrument, high, sex)
    assert SEVERITIES.index(after.severity) >= SEVERITIES.index(before.severity), (instrument.id, low, high, sex)


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: i.id)
def test_one_band_id_means_one_severity(instrument: Instrument) -> None:
    for band in instrument.bands:
        found = instrument.find_band(band.id.replace("-", " ").upper())
        assert found is not None and found.severity == band.severity


def _raw(instrument_id: str) -> dict[str, Any]:
    return all_instruments()[instrument_id].model_dump()


def test_a_falling_severity_is_refused_at_load() -> None:
    raw = _raw("dast-10")
    raw["bands"][-1]["severity"] = "none"
    with pytest.raises(ValidationError, match="must not fall"):
        Instrument.model_validate(raw)


def test_a_band_id_with_two_severities_is_refused_at_load() -> None:
    raw = _raw("audit-c")
    positive_men = next(b for b in raw["bands"] if b["id"] == "positive" and b["sex"] == "male")
    positive_men["severity"] = "moderate"
    with pytest.raises(ValidationError, match="different severities"):
        Instrument.model_validate(raw)


def test_a_band_without_a_severity_is_refused_at_load() -> None:
    raw = _raw("audit")
    del raw["bands"][0]["severity"]
    with pytest.raises(ValidationError, match="severity"):
        Instrument.model_validate(raw)
