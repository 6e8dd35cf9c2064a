"""One card per site: a facility row is a site with every source that lists it, its state licence and 2025 status.

Records of one site from several sources (or one per medication) are merged at import time
(``directory.importers.merging``), so search stays a plain spatial query on both backends: the grid index
(SQLite) and the geography column (PostGIS) are untouched. Rows stored before this revision keep empty
``sources`` (read as the row's own source) until an import merges them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("facilities", sa.Column("sources", sa.Text, nullable=False, server_default=""))
    op.add_column("facilities", sa.Column("state_licence", sa.Text, nullable=False, server_default=""))
    op.add_column("facilities", sa.Column("still_listed_2025", sa.Boolean, nullable=True))
    # An import reads the stored sites of the states it touches, to merge its records into them.
    op.create_index("ix_facilities_state", "facilities", ["state"])


def downgrade() -> None:
    op.drop_index("ix_facilities_state", table_name="facilities")
    # SQLite (3.35+) drops a column no trigger or index names; these three are named by neither.
    for name in ("still_listed_2025", "state_licence", "sources"):
        op.drop_column("facilities", name)
