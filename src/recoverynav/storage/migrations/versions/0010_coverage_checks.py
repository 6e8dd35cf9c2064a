"""Eligibility checks on cases (#17, owned by h-elig).

One row per check: ids, case id, method (instant / phone), state, who ran it, times and a version in clear; the
payer, the member (id, name, birth date), the summary, the problem, the exchange (gateway, payload id, tries)
and the payer's 271 as ``v1:<key id>:<nonce+ciphertext>`` bound to ``coverage_checks.<column>:<id>``.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_ENCRYPTED = ("payer", "subscriber", "summary", "problem", "exchange", "x12_271")


def upgrade() -> None:
    op.create_table(
        "coverage_checks",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("case_id", sa.String(32), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        *[sa.Column(name, sa.Text, nullable=True) for name in _ENCRYPTED],
    )
    op.create_index("ix_coverage_checks_case_id", "coverage_checks", ["case_id"])


def downgrade() -> None:
    op.drop_table("coverage_checks")
