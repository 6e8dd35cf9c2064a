"""Facility accounts' listings, openings and the notification outbox (#16, owned by h-openings).

``staff_facilities`` ties a facility account to the listings (FRIDs) it may act for. ``facility_openings`` holds
one row per listing and care type: open slots, accepting new patients, waitlist, when and by whom it was last
said (a facility's own update or the helpline's "called, confirmed" check). Openings are not personal data.
``notification_outbox`` queues messages (a neutral subject and a sign-in link, never personal data) for staff
and facility accounts by user id; a delivery step sends them by SMTP when configured.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_facilities",
        sa.Column("user_id", sa.String(32), primary_key=True),
        sa.Column("frid", sa.String(80), primary_key=True),
    )
    op.create_index("ix_staff_facilities_frid", "staff_facilities", ["frid"])
    op.create_table(
        "facility_openings",
        sa.Column("frid", sa.String(80), primary_key=True),
        sa.Column("care_type", sa.String(10), primary_key=True),
        sa.Column("open_slots", sa.Integer, nullable=False),
        sa.Column("accepting_new", sa.Boolean, nullable=False),
        sa.Column("waitlist", sa.Integer, nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
    )
    op.create_index("ix_facility_openings_updated_at", "facility_openings", ["updated_at"])
    op.create_table(
        "notification_outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("recipient", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_notification_outbox_recipient", "notification_outbox", ["recipient"])
    op.create_index("ix_notification_outbox_sent_at", "notification_outbox", ["sent_at"])


def downgrade() -> None:
    op.drop_table("notification_outbox")
    op.drop_table("facility_openings")
    op.drop_index("ix_staff_facilities_frid", "staff_facilities")
    op.drop_table("staff_facilities")
