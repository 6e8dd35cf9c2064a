"""Part 2 consents, referrals and the disclosure ledger (#16, owned by h-consent).

Clear columns: ids, the case, a referral's listing id and state, times. Personal values are AES-GCM ciphertext
(``v1:<key id>:...``) bound to ``<table>.<column>:<id>``: a consent's elements (``consents.body``), a referral's
message and history, a disclosure's whole entry (``disclosures.body``).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The ledger is append-only: no row is deleted and no clear column changes. Only ``body`` may be rewritten, because
# a key rotation re-encrypts it (the same entry under the new key).
_FIXED = ("id", "case_id", "referral_id", "consent_id", "frid", "disclosed_at", "actor", "notice_version")
_SQLITE_TRIGGERS = [
    "CREATE TRIGGER disclosures_no_delete BEFORE DELETE ON disclosures "
    "BEGIN SELECT RAISE(ABORT, 'disclosures is append-only'); END",
    f"CREATE TRIGGER disclosures_fixed BEFORE UPDATE OF {', '.join(_FIXED)} ON disclosures "
    "BEGIN SELECT RAISE(ABORT, 'disclosures is append-only'); END",
]
_CHANGED = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in _FIXED)
_POSTGRES_TRIGGERS = [
    "CREATE OR REPLACE FUNCTION disclosures_append_only() RETURNS trigger AS $$ "
    f"BEGIN IF TG_OP = 'DELETE' OR {_CHANGED} THEN RAISE EXCEPTION 'disclosures is append-only'; END IF; "
    "RETURN NEW; END $$ LANGUAGE plpgsql",
    "CREATE TRIGGER disclosures_append_only BEFORE UPDATE OR DELETE ON disclosures "
    "FOR EACH ROW EXECUTE FUNCTION disclosures_append_only()",
]


def upgrade() -> None:
    op.create_table(
        "consents",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("case_id", sa.String(32), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("signed_on", sa.Date, nullable=False),
        sa.Column("expires_on", sa.Date, nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_index("ix_consents_case_id", "consents", ["case_id"])
    op.create_table(
        "referrals",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("case_id", sa.String(32), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("frid", sa.String(80), nullable=False),
        sa.Column("consent_id", sa.String(32), sa.ForeignKey("consents.id"), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disclosure_id", sa.String(32), nullable=True),
        sa.Column("message", sa.Text, nullable=True),
        sa.Column("history", sa.Text, nullable=False),
    )
    for column in ("case_id", "frid", "status", "created_at"):
        op.create_index(f"ix_referrals_{column}", "referrals", [column])
    op.create_table(
        "disclosures",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("case_id", sa.String(32), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("referral_id", sa.String(32), nullable=True),
        sa.Column("consent_id", sa.String(32), sa.ForeignKey("consents.id"), nullable=False),
        sa.Column("frid", sa.String(80), nullable=False),
        sa.Column("disclosed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("notice_version", sa.String(10), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_index("ix_disclosures_case_id", "disclosures", ["case_id"])
    op.create_index("ix_disclosures_disclosed_at", "disclosures", ["disclosed_at"])
    for statement in _POSTGRES_TRIGGERS if op.get_bind().dialect.name == "postgresql" else _SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS disclosures_append_only ON disclosures")
        op.execute("DROP FUNCTION IF EXISTS disclosures_append_only()")
    op.drop_table("disclosures")
    op.drop_table("referrals")
    op.drop_table("consents")
