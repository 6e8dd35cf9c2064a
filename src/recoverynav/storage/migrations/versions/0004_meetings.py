"""Support-group meetings (Meeting Guide feeds): meetings, the feeds they came from, and the import log.

Revision ID: 0004_meetings
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_meetings"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("feed", sa.String(80), nullable=False),
        sa.Column("slug", sa.String(200), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("days", sa.String(20), nullable=False),
        sa.Column("time", sa.String(5), nullable=False),
        sa.Column("end_time", sa.String(5), nullable=True),
        sa.Column("timezone", sa.String(60), nullable=False),
        sa.Column("timezone_from", sa.String(10), nullable=False),
        sa.Column("types", sa.Text, nullable=False),
        sa.Column("other_types", sa.Text, nullable=False),
        sa.Column("attendance", sa.String(10), nullable=False),
        sa.Column("location", sa.String(300), nullable=False),
        sa.Column("address", sa.String(500), nullable=False),
        sa.Column("city", sa.String(120), nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("postal_code", sa.String(10), nullable=False),
        sa.Column("latitude", sa.Float, nullable=True),
        sa.Column("longitude", sa.Float, nullable=True),
        sa.Column("located_by", sa.String(10), nullable=True),
        sa.Column("region", sa.String(300), nullable=False),
        sa.Column("group_name", sa.String(300), nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("location_notes", sa.Text, nullable=False),
        sa.Column("conference_url", sa.String(500), nullable=False),
        sa.Column("conference_url_notes", sa.Text, nullable=False),
        sa.Column("conference_phone", sa.String(100), nullable=False),
        sa.Column("conference_phone_notes", sa.Text, nullable=False),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("updated", sa.Date, nullable=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("feed", "slug", name="uq_meetings_feed_slug"),
    )
    op.create_index("ix_meetings_point", "meetings", ["latitude", "longitude"])
    op.create_table(
        "meeting_feeds",
        sa.Column("name", sa.String(80), primary_key=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("source_name", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("meetings", sa.Integer, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "meeting_imports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("feed", sa.String(80), nullable=False),
        sa.Column("source_name", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("inserted", sa.Integer, nullable=False),
        sa.Column("updated", sa.Integer, nullable=False),
        sa.Column("removed", sa.Integer, nullable=False),
        sa.Column("full_refresh", sa.Boolean, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_meeting_imports_sha256", "meeting_imports", ["sha256"])


def downgrade() -> None:
    op.drop_table("meeting_imports")
    op.drop_table("meeting_feeds")
    op.drop_index("ix_meetings_point", table_name="meetings")
    op.drop_table("meetings")
