"""The code lists are data with sources, and hold what a substance-use check needs."""

from __future__ import annotations

import pytest

from recoverynav.coverage import load_code_lists
from recoverynav.coverage.x12_codes import code_lists_bundle_dir, code_lists_from_source, render_code_lists_bundle
from recoverynav.references import all_references


def test_the_code_lists_cite_known_sources() -> None:
    assert set(load_code_lists().sources) <= set(all_references())


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("AI", "Substance Abuse"),
        ("AJ", "Alcoholism"),
        ("AK", "Drug Addiction"),
        ("CI", "Substance Abuse Facility - Inpatient"),
        ("CJ", "Substance Abuse Facility - Outpatient"),
        ("MH", "Mental Health"),
        ("A4", "Psychiatric"),
        ("A5", "Psychiatric - Room and Board"),
        ("A6", "Psychotherapy"),
        ("A7", "Psychiatric - Inpatient"),
        ("A8", "Psychiatric - Outpatient"),
        ("30", "Health Benefit Plan Coverage"),
        ("C1", "Coronary Care"),  # not a substance-use code (x12sdk 2.2.0 put it in CI's place)
    ],
)
def test_service_types_as_5010_names_them(code: str, name: str) -> None:
    assert load_code_lists().service_types[code] == name


def test_the_lists_have_their_full_length() -> None:
    codes = load_code_lists()
    assert (len(codes.service_types), len(codes.eligibility_codes), len(codes.follow_up_actions)) == (187, 35, 8)
    assert {"DY", "VS", "DB", "P6"} <= set(codes.quantity_qualifiers)
    assert {"27", "29", "23", "36"} <= set(codes.time_periods)
    assert codes.reject_reasons["75"] == "Subscriber/Insured Not Found"
    assert codes.follow_up_actions["Y"].startswith("Do Not Resubmit; We Will Hold")


def test_committed_code_lists_bundle_is_fresh() -> None:
    for name, text in render_code_lists_bundle().items():
        assert (code_lists_bundle_dir() / name).read_text(encoding="utf-8") == text, (
            f"coverage/{name} is stale: run `python scripts/build_bundle.py`"
        )


def test_the_compiled_code_lists_are_the_source_lists() -> None:
    assert load_code_lists() == code_lists_from_source()
