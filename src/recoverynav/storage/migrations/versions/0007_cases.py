"""Back-office cases (#15): personal fields as AES-GCM ciphertext, blind indexes, a version for optimistic locking.

The clear columns are the queue's: id, reference code, state, owner, due time, version, times. Each personal
column holds ``v1:<key id>:<nonce+ciphertext>`` bound to ``cases.<column>:<id>``; ``phone_index`` and
``person_index`` are HMACs for exact lookups; ``client_hash`` counts public callback requests for the rate limit.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_ENCRYPTED = (
    "nickname",
    "first_name",
    "last_name",
    "date_of_birth",
    "phone",
    "email",
    "zip",
    "substances",
    "notes",
    "next_action",
    "screening",
    "placement",
    "search",
    "callback",
)


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("reference", sa.String(9), nullable=False, unique=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("owner", sa.String(64), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("for_self", sa.Boolean, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("merged_into", sa.String(32), nullable=True),
        sa.Column("phone_index", sa.String(64), nullable=True),
        sa.Column("person_index", sa.String(64), nullable=True),
        sa.Column("client_hash", sa.String(64), nullable=True),
        *[sa.Column(name, sa.Text, nullable=True) for name in _ENCRYPTED],
    )
    for column in ("status", "owner", "due_at", "created_at", "phone_index", "person_index", "client_hash"):
        op.create_index(f"ix_cases_{column}", "cases", [column])
    op.create_table(
        "case_transitions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(32), sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("from_status", sa.String(20), nullable=True),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(40), nullable=True),
        sa.Column("note", sa.Text, nullable=True),
    )
    op.create_index("ix_case_transitions_case_id", "case_transitions", ["case_id"])


def downgrade() -> None:
    op.drop_table("case_transitions")
    op.drop_table("cases")
