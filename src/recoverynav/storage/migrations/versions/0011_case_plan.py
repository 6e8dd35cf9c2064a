"""A recovery plan attached to a case at the person's request (#20): one more encrypted column.

The plan is the plan file's JSON, sealed like the case's other personal fields (AES-GCM, ``cases.plan:<id>`` as
associated data). Empty unless a consultant attached one.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("plan", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("plan")
