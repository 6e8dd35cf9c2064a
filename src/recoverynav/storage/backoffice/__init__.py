"""The back office's storage (#15): staff accounts and sessions, the hash-chained audit trail and cases.

Every table is on the one ``storage.tables.metadata``; migrations stay in the one Alembic chain.
"""
