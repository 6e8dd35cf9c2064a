"""The consent rules: every § 2.31 element is required and named when missing; may_disclose allows exactly the
named recipients (or the TPO class), the covered purposes and the consent's lifetime; a written revocation ends it
for every later disclosure and leaves earlier ones lawful."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverynav.backoffice import (
    ELEMENTS,
    PURPOSES,
    Consent,
    ConsentDraft,
    ConsentRejected,
    Recipient,
    fhir_consent,
    load_part2_texts,
    may_disclose,
)
from recoverynav.backoffice.consent import revoke

SIGNED = date(2026, 12, 1)
FRIDS = st.lists(st.text(alphabet="abcdefgh0123", min_size=1, max_size=6), min_size=1, max_size=5, unique=True)
MOMENTS = st.datetimes(min_value=datetime(2026, 11, 1), max_value=datetime(2028, 1, 1), timezones=st.just(UTC))


def make(**fields: object) -> Consent:
    values: dict[str, object] = {
        "patient_name": "Sam Doe",
        "information": "Name, the consultant's referral message and the suggested level of care",
        "recipients": ["rn-a", "rn-b"],
        "purpose": "treatment",
        "expires_on": date(2027, 6, 30),
        "signature_method": "verbal",
        "signed_by": "Sam Doe",
        "signed_on": SIGNED,
    }
    values.update(fields)
    draft = ConsentDraft.model_validate(values).checked()
    return Consent(
        **draft.model_dump(), id="k1", case_id="c1", created_at=datetime(2026, 12, 1, tzinfo=UTC), created_by="u-1"
    )


@pytest.mark.parametrize(
    ("missing", "element"),
    [
        ({"patient_name": ""}, "patient_name"),
        ({"information": ""}, "information"),
        ({"recipients": []}, "recipients"),
        ({"purpose": None}, "purpose"),
        ({"expires_on": None}, "expires_on"),
        ({"signature_method": None}, "signature_method"),
        ({"signed_by": ""}, "signed_by"),
        ({"signed_on": None}, "signed_on"),
        ({"recipient_class": "treating_providers"}, "recipients"),  # both named and a class
        ({"recipients": [], "recipient_class": "treating_providers"}, "recipient_class"),  # class without TPO
        ({"expires_on": None, "expiry_event": "none"}, "expiry_event"),  # "none" only for TPO
        ({"expires_on": date(2026, 11, 1)}, "expires_on"),  # ends before it was signed
    ],
)
def test_each_missing_element_is_named(missing: dict[str, object], element: str) -> None:
    with pytest.raises(ConsentRejected) as refused:
        make(**missing)
    assert element in [name for name, _ in refused.value.missing]


def test_an_empty_consent_names_every_element_at_once() -> None:
    with pytest.raises(ConsentRejected) as refused:
        ConsentDraft().checked()
    named = {name for name, _ in refused.value.missing}
    assert named == set(ELEMENTS) - {"disclosing_party"}  # who may disclose has a default


def test_a_single_tpo_consent_with_a_class_and_no_expiry_is_complete() -> None:
    consent = make(
        recipients=[], recipient_class="treating_providers", purpose="tpo", expires_on=None, expiry_event="none"
    )
    assert consent.purposes == PURPOSES
    when = datetime(2040, 1, 1, tzinfo=UTC)
    assert all(may_disclose(consent, Recipient(frid="any"), p, when).allowed for p in PURPOSES)


@given(named=FRIDS, other=st.text(alphabet="xyz", min_size=1, max_size=4), when=MOMENTS)
def test_only_named_recipients_are_covered(named: list[str], other: str, when: datetime) -> None:
    consent = make(recipients=named, expires_on=date(2099, 1, 1))
    in_force = when >= datetime(2026, 12, 1, tzinfo=UTC)
    for frid in named:
        assert may_disclose(consent, Recipient(frid=frid), "treatment", when).allowed is in_force
    refused = may_disclose(consent, Recipient(frid=other), "treatment", when)
    assert not refused.allowed
    assert refused.reason == ("recipient_not_named" if in_force else "not_yet_signed")


@given(purpose=st.sampled_from(["treatment", "payment", "health_care_operations"]), asked=st.sampled_from(PURPOSES))
def test_a_purpose_covers_itself_only(purpose: str, asked: str) -> None:
    consent = make(purpose=purpose)
    decision = may_disclose(consent, Recipient(frid="rn-a"), asked, datetime(2026, 12, 5, tzinfo=UTC))  # type: ignore[arg-type]
    assert decision.allowed is (asked == purpose)


@given(revoked_at=MOMENTS, when=MOMENTS)
def test_a_revocation_ends_every_later_disclosure_and_no_earlier_one(revoked_at: datetime, when: datetime) -> None:
    consent = make(expires_on=date(2099, 1, 1))
    before = may_disclose(consent, Recipient(frid="rn-a"), "treatment", when)
    after = may_disclose(revoke(consent, at=revoked_at, recorded_by="u-1"), Recipient(frid="rn-a"), "treatment", when)
    if when >= revoked_at:
        assert not after.allowed
        assert after.reason in ("revoked", "not_yet_signed")
    else:
        assert after == before


@given(days=st.integers(min_value=0, max_value=400), hours=st.integers(min_value=0, max_value=47))
def test_the_expiry_date_is_the_last_day_of_use(days: int, hours: int) -> None:
    expires = SIGNED + timedelta(days=days)
    consent = make(expires_on=expires)
    when = datetime.combine(expires, datetime.min.time(), UTC) + timedelta(hours=hours)
    decision = may_disclose(consent, Recipient(frid="rn-a"), "treatment", when)
    assert decision.allowed is (hours < 24)
    assert decision.reason == (None if hours < 24 else "expired")


def test_end_of_treatment_ends_with_the_case() -> None:
    consent = make(expires_on=None, expiry_event="end_of_treatment")
    when = datetime(2030, 1, 1, tzinfo=UTC)
    assert may_disclose(consent, Recipient(frid="rn-a"), "treatment", when).allowed
    ended = may_disclose(consent, Recipient(frid="rn-a"), "treatment", when, treatment_ended=True)
    assert ended.reason == "treatment_ended"


def test_a_second_revocation_keeps_the_first_time() -> None:
    first = revoke(make(), at=datetime(2026, 12, 2, tzinfo=UTC), recorded_by="u-1")
    again = revoke(first, at=datetime(2026, 12, 9, tzinfo=UTC), recorded_by="u-2")
    assert again.revocation == first.revocation


def test_the_fhir_export_is_an_r4b_consent_with_purposes_and_actors() -> None:
    resource = fhir_consent(make(purpose="tpo"), now=datetime(2026, 12, 5, tzinfo=UTC))
    data = resource.model_dump(mode="json")
    assert data["resourceType"] == "Consent" and data["status"] == "active"
    assert [c["code"] for c in data["provision"]["purpose"]] == ["TREAT", "HPAYMT", "HOPERAT"]
    assert [a["reference"]["identifier"]["value"] for a in data["provision"]["actor"]] == ["rn-a", "rn-b"]
    assert data["provision"]["period"] == {"start": "2026-12-01", "end": "2027-06-30"}
    revoked = revoke(make(), at=datetime(2026, 12, 3, tzinfo=UTC), recorded_by="u-1")
    assert fhir_consent(revoked, now=datetime(2026, 12, 5, tzinfo=UTC)).status == "inactive"


def test_the_notice_in_force_follows_the_2024_compliance_date() -> None:
    texts = load_part2_texts()
    assert texts.notice_on(date(2026, 2, 15)).version == "2018"
    current = texts.notice_on(date(2026, 2, 16))
    assert current.version == "2024" and current.copy_of_consent
    assert current.statement.startswith("This record which has been disclosed to you is protected by Federal")
    assert texts.source(current.source).url.startswith("https://")
    assert [e.element for e in texts.form.elements][:2] == ["patient_name", "disclosing_party"]
    assert len(texts.form.elements) == 9
