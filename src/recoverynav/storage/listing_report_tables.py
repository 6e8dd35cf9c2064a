"""The wrong-listing reports' tables: which columns hold what (the contact only as ciphertext).

Apart from :mod:`recoverynav.storage.listing_reports` (the repository, which needs the directory's report models),
key rotation reads ``listing_reports`` to re-encrypt contacts, without importing the directory.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, String, Table, Text

from recoverynav.storage.tables import metadata

# No foreign key to facilities: a report outlives the row it was about (an import may merge that site away).
listing_reports = Table(
    "listing_reports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("frid", String(80), nullable=False, index=True),
    Column("reason", String(20), nullable=False),
    Column("details", Text, nullable=False, default=""),
    Column("contact_encrypted", Text, nullable=True),
    Column("client_hash", String(64), nullable=False, index=True),
    Column("snapshot", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("status", String(10), nullable=False, default="open"),
    Column("resolved_at", DateTime(timezone=True), nullable=True),
    Column("resolution_note", Text, nullable=False, default=""),
)

listing_report_audit = Table(
    "listing_report_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", Integer, nullable=False, index=True),
    Column("action", String(20), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
