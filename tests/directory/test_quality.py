"""Signs of quality: the rule table as data (code sets -> signs) and its properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverynav.directory import Facility, catalogue
from recoverynav.directory.models import FacilityHit, SourceRecord, StateLicence
from recoverynav.directory.quality import Evidence, assess, quality_signs, quality_table, sign_rules, signs_for_codes

ALL_CODES = sorted(catalogue())


def _status(codes: list[str]) -> dict[str, str]:
    return {s.id: s.status for s in signs_for_codes(codes, source="Test survey", year=2024)}


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        # Medication for OUD: only the opioid-treatment answers that name ongoing treatment are a yes.
        (["OTP"], {"moud": "yes"}),
        (["NMOA"], {"moud": "no"}),
        (["MOA"], {"moud": "no"}),
        (["ACM", "DSF"], {"moud": "no"}),
        (["SA", "OP"], {"moud": "not_reported"}),
        # Accreditation and licence are separate signs from the same LCA category.
        (["JC"], {"accredited": "yes", "licensed": "no"}),
        (["CARF", "STAG"], {"accredited": "yes", "licensed": "yes"}),
        (["STMH"], {"accredited": "no", "licensed": "yes"}),
        (["FQHC"], {"accredited": "no", "licensed": "no"}),
        ([], {"accredited": "not_reported", "licensed": "not_reported"}),
        # Mental health: a yes code from any category counts; ASSES/SG answers without one are a no.
        (["SUMH"], {"mental_health": "yes"}),
        (["CMHA"], {"mental_health": "yes"}),
        (["CSAA"], {"mental_health": "no"}),
        (["VET"], {"mental_health": "no"}),
        (["SA"], {"mental_health": "not_reported"}),
        (["HIVT"], {"infection_testing": "yes"}),
        (["HCT"], {"infection_testing": "yes"}),
        (["DAUT", "TBS"], {"infection_testing": "no"}),
        (["PEER"], {"recovery_support": "yes"}),
        (["TA"], {"recovery_support": "yes"}),
        (["CM"], {"recovery_support": "no"}),
        (["FCO"], {"family": "yes"}),
        (["CBT"], {"family": "no"}),
        (["ACC"], {"aftercare": "yes"}),
        (["NOE"], {"aftercare": "no"}),
        (["CT"], {"telehealth": "yes"}),
        (["TELE"], {"telehealth": "yes"}),
        (["OP"], {"telehealth": "no"}),
        (["SP"], {"languages": "yes"}),
        (["N23"], {"languages": "yes"}),
        # The survey never records "English only": no language code is "not reported", never "no".
        (["SA", "OP", "MD"], {"languages": "not_reported"}),
    ],
)
def test_code_sets_to_signs(codes: list[str], expected: dict[str, str]) -> None:
    got = _status(codes)
    assert {sign: got[sign] for sign in expected} == expected


# The medication sign code set by code set. Detoxification with buprenorphine or methadone (DB, DM) is an answer
# about opioid treatment but not ongoing treatment: alone it is a "no". "Used in treatment" (MU/BU/NU) and the
# pharmacotherapy list say nothing either way alone (BU is set for facilities that only accept medicated clients).
MAINTENANCE = ["BUM", "BMW", "MM", "MMW", "MWS", "OTP", "UB", "UN", "RPN"]
INCONCLUSIVE = ["MU", "BU", "NU", "METH", "BWN", "BWON", "BERI", "BSDM", "VTRL"]


@pytest.mark.parametrize(
    ("codes", "status"),
    [
        *[([code], "yes") for code in MAINTENANCE],
        *[([code], "not_reported") for code in INCONCLUSIVE],
        (["DB"], "no"),
        (["DM"], "no"),
        (["DB", "DM"], "no"),
        # What a detox-only facility lists: the detox answer plus the summary flags and the drugs it uses.
        (["DB", "BU", "BWN", "BWON"], "no"),
        (["DM", "MU", "METH"], "no"),
        (["DB", "DM", "DLC", "BU", "MU", "BWN", "METH", "DT", "HID"], "no"),
        # Accepting clients medicated elsewhere is not medication on site, even with the summary flag.
        (["MOA", "BU"], "no"),
        (["MOA", "NU", "VTRL"], "no"),
        (["PAIN", "MU", "BU"], "no"),
        (["NOOP"], "no"),
        # Detox and maintenance together: maintenance wins.
        (["DB", "BUM"], "yes"),
        (["DM", "MM", "OTP"], "yes"),
        (["DB", "UB", "BU"], "yes"),
        (["BU", "MU", "NU", "METH", "BWN", "BWON", "BERI", "BSDM", "VTRL"], "not_reported"),
        (["BU", "NXN"], "no"),
    ],
)
def test_medication_sign_counts_ongoing_treatment_not_detox(codes: list[str], status: str) -> None:
    assert _status(codes)["moud"] == status


def test_every_opioid_code_is_classified_once() -> None:
    """A new opioid code in codes.yaml must be placed: yes, inconclusive, or an answer that means "no"."""
    rule = sign_rules()["moud"]
    assert (sorted(rule.codes), sorted(rule.inconclusive)) == (sorted(MAINTENANCE), sorted(INCONCLUSIVE))
    assert not set(rule.codes) & set(rule.inconclusive)
    detox = {"DB", "DM", "DLC"}
    assert detox <= rule.reporting_codes() and not detox & set(rule.codes)


@pytest.mark.parametrize(
    ("codes", "sign", "detail"),
    [
        (["MM", "BUM"], "moud", "methadone, buprenorphine"),
        (["RPN", "VTRL"], "moud", "naltrexone"),
        (["DB", "DM", "OTP"], "moud", "opioid treatment program"),
        (["HIVT", "HCT"], "infection_testing", "HIV, hepatitis C"),
        (["SP", "F70"], "languages", "Spanish, Russian"),
        (["JC", "COA"], "accredited", "The Joint Commission, COA"),
    ],
)
def test_a_yes_says_which_services(codes: list[str], sign: str, detail: str) -> None:
    by_id = {s.id: s for s in signs_for_codes(codes)}
    assert by_id[sign].detail == detail


def test_every_code_in_the_table_is_in_the_catalogue_and_every_sign_is_cited() -> None:
    table = quality_table()
    for rule in table.signs:
        assert set(rule.codes) <= set(catalogue()), rule.id
        assert rule.cites
    assert {"moud", "accredited", "licensed", "infection_testing", "recovery_support", "languages"} <= set(sign_rules())


@settings(max_examples=150, deadline=None)
@given(st.sets(st.sampled_from(ALL_CODES), max_size=25), st.sampled_from(ALL_CODES))
def test_adding_a_code_never_turns_a_yes_into_a_no(codes: set[str], extra: str) -> None:
    before = _status(sorted(codes))
    after = _status(sorted(codes | {extra}))
    for sign, status in before.items():
        if status == "yes":
            assert after[sign] == "yes"
        if status == "no":
            assert after[sign] in {"no", "yes"}


@settings(max_examples=100, deadline=None)
@given(st.sets(st.sampled_from(ALL_CODES), max_size=25))
def test_a_yes_or_no_always_names_its_source_and_year(codes: set[str]) -> None:
    for sign in signs_for_codes(sorted(codes), source="Test survey", year=2024):
        if sign.status == "not_reported":
            assert (sign.source, sign.year, sign.detail) == ("", None, "")
        else:
            assert (sign.source, sign.year) == ("Test survey", 2024)


def _facility(**extra: object) -> Facility:
    values: dict[str, object] = {
        "frid": "q-1",
        "name": "Clinic",
        "source": "SAMHSA locator",
        "dataset": "locator",
        "snapshot_year": 2025,
    }
    values.update(extra)
    return Facility.model_validate(values)


def test_a_listing_with_no_codes_is_all_not_reported() -> None:
    signs = quality_signs(_facility())
    assert {s.status for s in signs} == {"not_reported"}
    assert len(signs) == len(quality_table().signs)


def test_each_sign_cites_the_newest_source_that_answers_it() -> None:
    facility = _facility(
        codes=["BU", "UB", "SA", "OP", "HIVT"],
        sources=[
            SourceRecord(name="Survey 2019", year=2019, codes=["SA", "OP", "HIVT"]),
            SourceRecord(name="MOUD list", year=2020, codes=["BU", "UB"]),
        ],
    )
    by_id = {s.id: s for s in quality_signs(facility)}
    assert (by_id["moud"].status, by_id["moud"].source, by_id["moud"].year) == ("yes", "MOUD list", 2020)
    assert (by_id["infection_testing"].source, by_id["infection_testing"].year) == ("Survey 2019", 2019)
    assert by_id["telehealth"].status == "no"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("licensed", "yes"),
        ("licensed and certified", "yes"),
        ("certified", "yes"),
        ("licensed (expired)", "no"),
        ("listed", "no"),
    ],
)
def test_a_state_licence_answers_the_licence_sign(status: str, expected: str) -> None:
    licence = StateLicence(state="CA", number="190001AP", status=status, expires=date(2027, 1, 1), credit="DHCS")
    facility = _facility(
        state_licence=licence,
        sources=[SourceRecord(name="DHCS", year=2025, dataset="ca-dhcs", codes=["DT"])],
        codes=["DT"],
    )
    sign = {s.id: s for s in quality_signs(facility)}["licensed"]
    assert (sign.status, sign.source, sign.year) == (expected, "DHCS", 2025)
    assert "190001AP" in sign.detail


def test_survey_licence_codes_win_over_the_state_record() -> None:
    licence = StateLicence(state="CA", number="1", status="licensed (expired)")
    assert assess([Evidence("Survey", 2024, frozenset({"STAG"}))], licence)[2].status == "yes"


def test_every_facility_answer_carries_its_signs() -> None:
    hit = FacilityHit(**_facility(codes=["BU", "BUM"]).model_dump())
    dumped = hit.model_dump(mode="json")
    assert dumped["quality_signs"][0] == {
        "id": "moud",
        "label": "Medication for opioid use disorder on site",
        "status": "yes",
        "source": "SAMHSA locator",
        "year": 2025,
        "detail": "buprenorphine",
    }
