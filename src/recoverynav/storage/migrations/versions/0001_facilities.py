"""Facilities, import log and the spatial index (R*Tree on SQLite, PostGIS geography on PostgreSQL).

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_SQLITE_SPATIAL = (
    "CREATE VIRTUAL TABLE facility_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon)",
    # Triggers keep the index in step with every write, so no code path can forget it.
    """CREATE TRIGGER facilities_rtree_insert AFTER INSERT ON facilities WHEN new.latitude IS NOT NULL
       BEGIN
         INSERT INTO facility_rtree VALUES (new.id, new.latitude, new.latitude, new.longitude, new.longitude);
       END""",
    """CREATE TRIGGER facilities_rtree_update AFTER UPDATE OF latitude, longitude ON facilities
       BEGIN
         DELETE FROM facility_rtree WHERE id = old.id;
         INSERT INTO facility_rtree SELECT new.id, new.latitude, new.latitude, new.longitude, new.longitude
           WHERE new.latitude IS NOT NULL;
       END""",
    """CREATE TRIGGER facilities_rtree_delete AFTER DELETE ON facilities
       BEGIN
         DELETE FROM facility_rtree WHERE id = old.id;
       END""",
)

_POSTGIS_SPATIAL = (
    "CREATE EXTENSION IF NOT EXISTS postgis",
    # Generated from latitude/longitude, so the point can never disagree with the columns.
    """ALTER TABLE facilities ADD COLUMN geog geography(Point, 4326)
       GENERATED ALWAYS AS (
         CASE WHEN latitude IS NULL OR longitude IS NULL THEN NULL
              ELSE ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)::geography END
       ) STORED""",
    "CREATE INDEX ix_facilities_geog ON facilities USING gist (geog)",
)


def upgrade() -> None:
    op.create_table(
        "facilities",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("frid", sa.String(80), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("name2", sa.String(300), nullable=False),
        sa.Column("street", sa.String(300), nullable=False),
        sa.Column("street2", sa.String(300), nullable=False),
        sa.Column("city", sa.String(120), nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("zip", sa.String(10), nullable=False),
        sa.Column("phone", sa.String(60), nullable=False),
        sa.Column("intake_phone", sa.String(60), nullable=False),
        sa.Column("hotline", sa.String(60), nullable=False),
        sa.Column("website", sa.String(500), nullable=False),
        sa.Column("latitude", sa.Float, nullable=True),
        sa.Column("longitude", sa.Float, nullable=True),
        sa.Column("facility_type", sa.String(20), nullable=False),
        sa.Column("codes", sa.Text, nullable=False),
        sa.Column("other_services", sa.Text, nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("dataset", sa.String(80), nullable=False),
        sa.Column("snapshot_year", sa.Integer, nullable=False),
        sa.Column("synthetic", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("frid", name="uq_facilities_frid"),
    )
    op.create_index("ix_facilities_dataset", "facilities", ["dataset"])
    op.create_table(
        "facility_imports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("dataset", sa.String(80), nullable=False),
        sa.Column("source_name", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("inserted", sa.Integer, nullable=False),
        sa.Column("updated", sa.Integer, nullable=False),
        sa.Column("closed", sa.Integer, nullable=False),
        sa.Column("full_refresh", sa.Boolean, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_facility_imports_sha256", "facility_imports", ["sha256"])
    statements = _SQLITE_SPATIAL if op.get_bind().dialect.name == "sqlite" else _POSTGIS_SPATIAL
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS facility_rtree")
    op.drop_table("facility_imports")
    op.drop_table("facilities")
