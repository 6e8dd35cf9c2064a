"""Is a database ready to serve? Reachable, and its schema at the newest migration (what ``/readyz`` asks).

Usage::

    database_problem(engine_for(url))   # None when ready, else a short reason safe to show anyone
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from recoverynav.storage.migrate import current_revision, head_revision

__all__ = ["database_problem"]


def database_problem(engine: Engine) -> str | None:
    """None when ``engine``'s database answers and is migrated to head; otherwise why not, in a few words.

    The reason never quotes the driver's message: it can name the host, the user or the database.
    """
    try:
        with engine.connect() as connection:
            revision = current_revision(connection)
    except SQLAlchemyError:
        return "unreachable"
    if revision is None:
        return "no schema yet (the first recoverynav serve creates it)"
    if revision != head_revision():
        return "schema not at the newest migration (recoverynav serve migrates it on start)"
    return None
