"""The cases' tables (``cases``, ``case_transitions``): which columns hold what, nothing about how to read them.

Apart from :mod:`recoverynav.storage.backoffice.cases` (the repository, which needs the case model and everything
it holds: plans, screening results, searches), key rotation reads these to re-encrypt the personal columns, without
importing the case model.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Table, Text

from recoverynav.storage.tables import metadata

# The caller's fields, each in its own encrypted column.
CALLER_FIELDS = ("nickname", "first_name", "last_name", "date_of_birth", "phone", "email", "zip")
# The case's other personal fields, stored as JSON text and encrypted.
CASE_FIELDS = ("substances", "notes", "next_action", "screening", "placement", "search", "callback", "plan")

cases = Table(
    "cases",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("reference", String(9), nullable=False, unique=True),
    Column("status", String(20), nullable=False, index=True),
    Column("source", String(10), nullable=False),
    Column("owner", String(64), nullable=True, index=True),
    Column("due_at", DateTime(timezone=True), nullable=True, index=True),
    Column("for_self", Boolean, nullable=True),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("merged_into", String(32), nullable=True),
    Column("phone_index", String(64), nullable=True, index=True),
    Column("person_index", String(64), nullable=True, index=True),
    Column("client_hash", String(64), nullable=True, index=True),
    *[Column(name, Text, nullable=True) for name in (*CALLER_FIELDS, *CASE_FIELDS)],
)

case_transitions = Table(
    "case_transitions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(32), ForeignKey("cases.id"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("from_status", String(20), nullable=True),
    Column("to_status", String(20), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("reason", String(40), nullable=True),
    Column("note", Text, nullable=True),
)
