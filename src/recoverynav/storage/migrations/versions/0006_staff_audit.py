"""PLACEHOLDER on bo-case's branch: bo-id writes the real 0006 (staff, the hash-chained audit table).

This stand-in creates only a plain ``audit_events`` table so 0007 (cases) has its parent and the case use
cases' events have somewhere to go; the merge takes bo-id's file instead.

Revision ID: 0006
Revises: 0005_listing_reports
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005_listing_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("record_type", sa.String(40), nullable=True),
        sa.Column("record_id", sa.String(64), nullable=True),
        sa.Column("source", sa.String(100), nullable=True),
        sa.Column("reason", sa.String(200), nullable=True),
        sa.Column("outcome", sa.String(10), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("audit_events")
