"""Alembic environment: migrations run on the connection recoverynav.storage.migrate hands over."""

from __future__ import annotations

from alembic import context

from recoverynav.storage.tables import all_tables

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when someone runs the alembic CLI by hand
    raise RuntimeError("Run migrations through recoverynav.storage.prepare_database().")

context.configure(connection=connection, target_metadata=all_tables())
with context.begin_transaction():
    context.run_migrations()
