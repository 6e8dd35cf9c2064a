"""The facility tables as SQLAlchemy Core objects (the migrations create them; queries read them).

The spatial side lives outside this metadata because it differs by backend: ``facility_cells``, a grid
index kept in step by triggers on SQLite, a generated ``geography`` column with a GiST index on PostGIS.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    Integer,
    String,
    Table,
    Text,
    column,
    table,
)

from recoverynav.storage.directory.codebits import MASK_COLUMNS
from recoverynav.storage.tables import metadata

facilities = Table(
    "facilities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("frid", String(80), nullable=False, unique=True),
    Column("name", String(300), nullable=False),
    Column("name2", String(300), nullable=False, default=""),
    Column("street", String(300), nullable=False, default=""),
    Column("street2", String(300), nullable=False, default=""),
    Column("city", String(120), nullable=False, default=""),
    Column("state", String(8), nullable=False, default="", index=True),
    Column("zip", String(10), nullable=False, default=""),
    Column("phone", String(60), nullable=False, default=""),
    Column("intake_phone", String(60), nullable=False, default=""),
    Column("hotline", String(60), nullable=False, default=""),
    Column("website", String(500), nullable=False, default=""),
    Column("latitude", Float, nullable=True),
    Column("longitude", Float, nullable=True),
    Column("facility_type", String(20), nullable=False, default=""),
    # "|BU|DT|MD|": one LIKE per wanted code; a join table would cost ~100 rows per facility at 1M scale.
    Column("codes", Text, nullable=False, default=""),
    Column("other_services", Text, nullable=False, default=""),
    # The same codes as bitmask words (storage.codebits): a search tests `(mask & wanted) = wanted`.
    *(Column(name, BigInteger, nullable=False, default=0) for name in MASK_COLUMNS),
    Column("source", String(200), nullable=False),
    Column("dataset", String(80), nullable=False, index=True),
    Column("snapshot_year", Integer, nullable=False),
    Column("synthetic", Boolean, nullable=False, default=False),
    Column("status", String(10), nullable=False, default="open"),
    # One card per site (revision 0003): every source of the merged site, the state's licence, both as JSON,
    # and whether SAMHSA's 2025 export still lists it (NULL: unknown).
    Column("sources", Text, nullable=False, default=""),
    Column("state_licence", Text, nullable=False, default=""),
    Column("still_listed_2025", Boolean, nullable=True),
    # A digest of every stored field: lets an import tell "unchanged" from "updated" without comparing columns.
    Column("fingerprint", String(64), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

facility_imports = Table(
    "facility_imports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dataset", String(80), nullable=False),
    Column("source_name", String(500), nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("rows", Integer, nullable=False),
    Column("inserted", Integer, nullable=False),
    Column("updated", Integer, nullable=False),
    Column("closed", Integer, nullable=False),
    Column("full_refresh", Boolean, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
)

# SQLite only: one row per placed facility, clustered by grid cell (storage.cells), holding exactly what a
# search filters on, so a search reads neighbouring rows of one narrow table instead of a wide row per candidate.
facility_cells = table(
    "facility_cells",
    column("cell", Integer),
    column("id", Integer),
    column("flags", Integer),
    column("facility_type", String),
    *(column(name, BigInteger) for name in MASK_COLUMNS),
    column("x", Float),
    column("y", Float),
    column("z", Float),
)
