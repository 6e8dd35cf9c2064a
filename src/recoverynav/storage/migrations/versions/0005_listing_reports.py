"""Reports of wrong listings (#18): the queue, the listing's state at report time, and an audit of contact reads.

``contact_encrypted`` holds AES-GCM ciphertext (storage.crypto), ``client_hash`` an HMAC of the client's address
used only to count reports for the rate limit. No foreign key to ``facilities``: an import may merge the reported
site into another row, and the report must stay.

Revision ID: 0005_listing_reports
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_listing_reports"
down_revision = "0004_meetings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "listing_reports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("frid", sa.String(80), nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("details", sa.Text, nullable=False, server_default=""),
        sa.Column("contact_encrypted", sa.Text, nullable=True),
        sa.Column("client_hash", sa.String(64), nullable=False),
        sa.Column("snapshot", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(10), nullable=False, server_default="open"),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution_note", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_listing_reports_frid", "listing_reports", ["frid"])
    op.create_index("ix_listing_reports_client_hash", "listing_reports", ["client_hash"])
    op.create_index("ix_listing_reports_created_at", "listing_reports", ["created_at"])
    op.create_table(
        "listing_report_audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("report_id", sa.Integer, nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_listing_report_audit_report_id", "listing_report_audit", ["report_id"])


def downgrade() -> None:
    op.drop_table("listing_report_audit")
    op.drop_table("listing_reports")
