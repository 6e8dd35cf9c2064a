"""Alembic migrations for the facility directory (a package so an installed wheel ships them)."""
