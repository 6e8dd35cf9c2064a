"""The meetings tables as SQLAlchemy Core objects (migration 0004_meetings creates them; queries read them).

A search reads a latitude/longitude box through ``ix_meetings_point``; with a few thousand meetings per region
that is a handful of index pages, so no spatial extension is needed on either backend.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from recoverynav.storage.tables import metadata

meetings = Table(
    "meetings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("feed", String(80), nullable=False),
    Column("slug", String(200), nullable=False),
    Column("name", String(300), nullable=False),
    # "|1|3|": the days it meets (0 = Sunday); one LIKE per wanted day, like the facilities' codes.
    Column("days", String(20), nullable=False),
    Column("time", String(5), nullable=False),
    Column("end_time", String(5), nullable=True),
    Column("timezone", String(60), nullable=False),
    Column("timezone_from", String(10), nullable=False),
    Column("types", Text, nullable=False),
    Column("other_types", Text, nullable=False),
    Column("attendance", String(10), nullable=False),
    Column("location", String(300), nullable=False),
    Column("address", String(500), nullable=False),
    Column("city", String(120), nullable=False),
    Column("state", String(8), nullable=False),
    Column("postal_code", String(10), nullable=False),
    Column("latitude", Float, nullable=True),
    Column("longitude", Float, nullable=True),
    Column("located_by", String(10), nullable=True),
    Column("region", String(300), nullable=False),
    Column("group_name", String(300), nullable=False),
    Column("notes", Text, nullable=False),
    Column("location_notes", Text, nullable=False),
    Column("conference_url", String(500), nullable=False),
    Column("conference_url_notes", Text, nullable=False),
    Column("conference_phone", String(100), nullable=False),
    Column("conference_phone_notes", Text, nullable=False),
    Column("url", String(500), nullable=False),
    Column("updated", Date, nullable=True),
    # A digest of every stored field: an import tells "unchanged" from "updated" without comparing columns.
    Column("fingerprint", String(64), nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("feed", "slug", name="uq_meetings_feed_slug"),
    Index("ix_meetings_point", "latitude", "longitude"),
)

meeting_feeds = Table(
    "meeting_feeds",
    metadata,
    Column("name", String(80), primary_key=True),
    Column("title", String(300), nullable=False),
    Column("source_name", String(500), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("meetings", Integer, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
)

meeting_imports = Table(
    "meeting_imports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("feed", String(80), nullable=False),
    Column("source_name", String(500), nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("inserted", Integer, nullable=False),
    Column("updated", Integer, nullable=False),
    Column("removed", Integer, nullable=False),
    Column("full_refresh", Boolean, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
)
