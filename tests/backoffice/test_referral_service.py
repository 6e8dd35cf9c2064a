"""The Part 2 use cases on real SQLite and PostgreSQL: a consent recorded and revoked, a case referred to three
listings (three referrals, three ledger entries with the notice and the consent copy, the case referred), refusals
that write nothing but their audit event, a facility that sees and answers only its own referrals, the case moving
on its own, expiry, encryption at rest and an audit chain that verifies."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, text

from recoverynav.backoffice import (
    Actor,
    Caller,
    CaseDraft,
    ConsentDraft,
    ConsentRefused,
    Denied,
    ReferralNotFound,
    ReferralRefused,
    case_disclosures,
    case_referrals,
    decide_referral,
    facility_referrals,
    move_case,
    open_case,
    record_consent,
    refer_case,
    revoke_consent,
)
from recoverynav.directory.repository import ImportRun
from recoverynav.storage import SqlFacilityRepository, prepare_database
from recoverynav.storage.backoffice.audit import verify_stored_chain
from tests.backoffice.conftest import audit_rows, unit
from tests.facility_databases import facility

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
CONSULTANT = Actor(id="u-ana", role="consultant")
FRIDS = ["rs-a", "rs-b", "rs-c"]
FACILITY_A = Actor(id="f-a", role="facility", facilities=("rs-a",))
FACILITY_B = Actor(id="f-b", role="facility", facilities=("rs-b",))


@pytest.fixture()
def listings(case_engine: Engine) -> SqlFacilityRepository:
    repo = prepare_database(case_engine.url.render_as_string(hide_password=False), load_bundled=False)
    sites = [facility(frid, 38.0 + i / 10, -78.5) for i, frid in enumerate([*FRIDS, "rs-d"])]
    repo.upsert(sites, ImportRun(dataset="test-referrals", source_name="test", sha256="2" * 64, rows=len(sites)))
    return repo


def consent_draft(**fields: object) -> ConsentDraft:
    values: dict[str, object] = {
        "patient_name": "Samira Quill",
        "information": "Name, the referral message and the suggested level of care",
        "recipients": FRIDS,
        "purpose": "treatment",
        "expires_on": date(2027, 3, 1),
        "signature_method": "verbal",
        "signed_by": "Samira Quill",
        "signed_on": date(2026, 12, 7),
    }
    return ConsentDraft.model_validate(values | fields)


def shortlisted_case(engine: Engine) -> str:
    with unit(engine) as uow:
        case, _ = open_case(uow, CONSULTANT, CaseDraft(caller=Caller(nickname="Samira")), now=NOW)
    for to in ("screened", "level_suggested", "shortlisted"):
        with unit(engine) as uow:
            move_case(uow, CONSULTANT, case.id, to, now=NOW)
    return case.id


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in ("referrals", "disclosures")}


def test_refer_to_three_then_one_accepts(case_engine: Engine, listings: SqlFacilityRepository) -> None:
    case_id = shortlisted_case(case_engine)
    with unit(case_engine) as uow:
        consent = record_consent(uow, CONSULTANT, case_id, consent_draft(), now=NOW)
    with unit(case_engine) as uow:
        made = refer_case(
            uow, CONSULTANT, case_id, FRIDS, consent.id, listings=listings, now=NOW, message="Ready today"
        )
    assert [r.frid for r in made] == FRIDS and {r.status for r in made} == {"sent"}
    with unit(case_engine) as uow:
        assert uow.cases.get(case_id).status == "referred"  # type: ignore[union-attr]
        ledger = case_disclosures(uow, CONSULTANT, case_id)
    assert [d.recipient.frid for d in ledger] == FRIDS
    assert all(d.notice_version == "2024" and "42 CFR part 2" in d.notice for d in ledger)
    assert all(d.consent_copy is not None and d.consent_copy.id == consent.id for d in ledger)
    assert ledger[0].recipient.name == "Test facility rs-a" and ledger[0].packet.patient_name == "Samira Quill"

    # Facility A sees only its own referral (and opening the list marks it seen); B cannot decide A's.
    with unit(case_engine) as uow:
        mine = facility_referrals(uow, FACILITY_A, now=NOW + timedelta(minutes=5))
    assert [(r.frid, r.status) for r in mine] == [("rs-a", "seen")]
    a_referral = mine[0].id
    with unit(case_engine) as uow, pytest.raises(ReferralNotFound):
        decide_referral(uow, FACILITY_B, a_referral, "declined", reason="capacity", now=NOW)
    with unit(case_engine) as uow:
        assert [r.frid for r in facility_referrals(uow, FACILITY_B, now=NOW)] == ["rs-b"]
    with unit(case_engine) as uow, pytest.raises(ReferralRefused, match="reason"):
        decide_referral(uow, FACILITY_A, a_referral, "declined", now=NOW)
    with unit(case_engine) as uow:
        answered = decide_referral(uow, FACILITY_A, a_referral, "accepted", now=NOW + timedelta(minutes=9))
    assert answered.status == "accepted" and [s.status for s in answered.history] == ["sent", "seen", "accepted"]
    with unit(case_engine) as uow:
        assert uow.cases.get(case_id).status == "accepted"  # type: ignore[union-attr]
        side_by_side = case_referrals(uow, CONSULTANT, case_id, now=NOW + timedelta(minutes=10))
    assert [r.status for r in side_by_side] == ["accepted", "seen", "sent"]
    # A consultant is not a facility: the facility routes' actions are not theirs.
    with unit(case_engine) as uow, pytest.raises(Denied):
        facility_referrals(uow, CONSULTANT, now=NOW)
    assert verify_stored_chain(case_engine).holds
    actions = [row["action"] for row in audit_rows(case_engine)]
    assert actions.count("disclose") == 3 and "referral.decide" in actions


@pytest.mark.parametrize(
    ("consent_fields", "frids", "revoked"),
    [
        ({}, ["rs-a", "rs-d"], False),  # rs-d is not named
        ({}, ["rs-a"], True),  # revoked before the referral
        ({"purpose": "payment"}, ["rs-a"], False),  # the purpose is not covered
        ({"expires_on": date(2026, 12, 7)}, ["rs-a"], False),  # good through today; refused tomorrow below
    ],
)
def test_a_referral_the_consent_does_not_cover_writes_nothing(
    case_engine: Engine,
    listings: SqlFacilityRepository,
    consent_fields: dict[str, object],
    frids: list[str],
    revoked: bool,
) -> None:
    case_id = shortlisted_case(case_engine)
    with unit(case_engine) as uow:
        consent = record_consent(uow, CONSULTANT, case_id, consent_draft(**consent_fields), now=NOW)
    if revoked:
        with unit(case_engine) as uow:
            revoke_consent(uow, CONSULTANT, case_id, consent.id, now=NOW, note="letter received")
    before = counts(case_engine)
    when = NOW + timedelta(days=1)
    with unit(case_engine) as uow, pytest.raises(ConsentRefused) as refused:
        refer_case(uow, CONSULTANT, case_id, frids, consent.id, listings=listings, now=when)
    assert refused.value.consent_id == consent.id and "consent_id" in str(refused.value)
    assert counts(case_engine) == before
    with unit(case_engine) as uow:
        assert uow.cases.get(case_id).status == "shortlisted"  # type: ignore[union-attr]
    assert audit_rows(case_engine)[-1]["outcome"] == "denied"


def test_no_consent_at_all_is_refused(case_engine: Engine, listings: SqlFacilityRepository) -> None:
    case_id = shortlisted_case(case_engine)
    with unit(case_engine) as uow, pytest.raises(ConsentRefused):
        refer_case(uow, CONSULTANT, case_id, ["rs-a"], "0" * 32, listings=listings, now=NOW)
    assert counts(case_engine) == {"referrals": 0, "disclosures": 0}


def test_unanswered_referrals_expire_and_the_case_follows(case_engine: Engine, listings: SqlFacilityRepository) -> None:
    case_id = shortlisted_case(case_engine)
    with unit(case_engine) as uow:
        consent = record_consent(uow, CONSULTANT, case_id, consent_draft(), now=NOW)
    with unit(case_engine) as uow:
        refer_case(
            uow,
            CONSULTANT,
            case_id,
            ["rs-a", "rs-b"],
            consent.id,
            listings=listings,
            now=NOW,
            expire_after=timedelta(hours=2),
        )
    with unit(case_engine) as uow:
        assert {r.status for r in case_referrals(uow, CONSULTANT, case_id, now=NOW + timedelta(hours=1))} == {"sent"}
    with unit(case_engine) as uow:
        later = case_referrals(uow, CONSULTANT, case_id, now=NOW + timedelta(hours=3))
    assert {r.status for r in later} == {"expired"}
    assert all(r.at_status("expired") == NOW + timedelta(hours=2) for r in later)
    with unit(case_engine) as uow:
        assert uow.cases.get(case_id).status == "expired"  # type: ignore[union-attr]


def test_personal_values_are_ciphertext_at_rest(case_engine: Engine, listings: SqlFacilityRepository) -> None:
    case_id = shortlisted_case(case_engine)
    with unit(case_engine) as uow:
        consent = record_consent(uow, CONSULTANT, case_id, consent_draft(), now=NOW)
    with unit(case_engine) as uow:
        refer_case(uow, CONSULTANT, case_id, ["rs-a"], consent.id, listings=listings, now=NOW, message="Quill msg")
    with case_engine.connect() as conn:
        dumped = " ".join(
            str(row)
            for table in ("consents", "referrals", "disclosures", "audit_events")
            for row in conn.execute(text(f"SELECT * FROM {table}"))
        )
    assert "Quill" not in dumped and "Samira" not in dumped and "referral message" not in dumped
    assert "v1:" in dumped


class Outbox:
    """The notification port's outside end, as a list (the real one is h-openings' e-mail / outbox gateway)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, ...]] = []

    def referral_sent(self, frid: str, referral_id: str) -> None:
        self.sent.append(("sent", frid, referral_id))

    def referral_answered(self, consultant_id: str, referral_id: str, status: str) -> None:
        self.sent.append(("answered", consultant_id, referral_id, status))


def test_notifications_carry_ids_only(case_engine: Engine, listings: SqlFacilityRepository) -> None:
    outbox = Outbox()
    case_id = shortlisted_case(case_engine)
    with unit(case_engine) as uow:
        consent = record_consent(uow, CONSULTANT, case_id, consent_draft(), now=NOW)
    with unit(case_engine) as uow:
        made = refer_case(uow, CONSULTANT, case_id, ["rs-a"], consent.id, listings=listings, now=NOW, notifier=outbox)
    with unit(case_engine) as uow:
        decide_referral(uow, FACILITY_A, made[0].id, "waitlisted", now=NOW, notifier=outbox)
    assert outbox.sent == [("sent", "rs-a", made[0].id), ("answered", "u-ana", made[0].id, "waitlisted")]
    assert "Samira" not in repr(outbox.sent)


def test_a_key_rotation_keeps_consents_referrals_and_the_ledger_readable(
    case_engine: Engine, listings: SqlFacilityRepository
) -> None:
    from recoverynav.storage.crypto import FieldCipher, KeyRing
    from recoverynav.storage.key_rotation import rotate_all
    from recoverynav.storage.unit_of_work import UnitOfWork

    old, new = ("k1", bytes(32)), ("k2", bytes(range(32)))

    def under(*keys: tuple[str, bytes]) -> UnitOfWork:
        return UnitOfWork(case_engine, cipher=FieldCipher(KeyRing(keys)), lock_wait_seconds=10)

    with under(old) as uow:
        case, _ = open_case(uow, CONSULTANT, CaseDraft(caller=Caller(nickname="Samira")), now=NOW)
    for to in ("screened", "level_suggested", "shortlisted"):
        with under(old) as uow:
            move_case(uow, CONSULTANT, case.id, to, now=NOW)
    with under(old) as uow:
        consent = record_consent(uow, CONSULTANT, case.id, consent_draft(), now=NOW)
    with under(old) as uow:
        refer_case(uow, CONSULTANT, case.id, ["rs-a"], consent.id, listings=listings, now=NOW, message="m")
    counts = rotate_all(case_engine, FieldCipher(KeyRing((new, old))))
    for column in ("consents.body", "referrals.message", "referrals.history", "disclosures.body"):
        assert counts[column] >= 1, column
    with under(new) as uow:
        assert uow.consents.get(consent.id) == consent
        assert [r.message for r in uow.referrals.for_case(case.id)] == ["m"]
        assert uow.disclosures.for_case(case.id)[0].packet.patient_name == "Samira Quill"


def test_the_ledger_refuses_deletes_and_changes_but_not_a_re_encryption(
    case_engine: Engine, listings: SqlFacilityRepository
) -> None:
    from sqlalchemy.exc import DBAPIError

    case_id = shortlisted_case(case_engine)
    with unit(case_engine) as uow:
        consent = record_consent(uow, CONSULTANT, case_id, consent_draft(), now=NOW)
    with unit(case_engine) as uow:
        refer_case(uow, CONSULTANT, case_id, ["rs-a"], consent.id, listings=listings, now=NOW)
    for statement in (
        "DELETE FROM disclosures",
        "UPDATE disclosures SET frid = 'rs-z'",
        "UPDATE disclosures SET actor = 'x'",
    ):
        with pytest.raises(DBAPIError, match="append-only"), case_engine.begin() as conn:
            conn.execute(text(statement))
    with case_engine.begin() as conn:
        conn.execute(text("UPDATE disclosures SET body = body"))  # what a key rotation does
    assert counts(case_engine)["disclosures"] == 1
