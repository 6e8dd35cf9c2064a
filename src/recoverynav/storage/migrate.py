"""Run the Alembic migrations shipped inside the package (works from an installed wheel, no alembic.ini).

Checking that a database is current needs no Alembic: the newest revision is compiled into
``migrations/_head.json`` (with a digest of every migration script, so an edited or added script is noticed at
run time and the scripts are read instead) and compared with the database's ``alembic_version`` row. Alembic is
imported only when a database must actually be migrated. ``scripts/build_bundle.py`` writes the file; a test fails
while it is stale.
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from recoverynav.storage.locks import write_lock
from recoverynav.storage.schema_head import HEAD_FILE, compiled_head, migrations_folder, script_digests

if TYPE_CHECKING:
    from alembic.config import Config


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_folder()))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision (a no-op when it is already there)."""
    if is_current(engine):
        return
    from alembic import command

    config = _config()
    # Under the write lock, so two first runs (two imports, a server and an import) migrate once, in turn.
    with write_lock(engine) as connection:
        if current_revision(connection) == _head():
            return
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at (its ``alembic_version`` row), or None before the first migration.

    What Alembic's ``MigrationContext.get_current_revision`` answers for our single-branch chain, without importing
    Alembic; like it, more than one row is an error.
    """
    if not inspect(connection).has_table("alembic_version"):
        return None  # nothing was migrated yet
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    if len(rows) > 1:
        raise RuntimeError(f"alembic_version holds {len(rows)} rows; recoverynav's migrations have one branch")
    return str(rows[0][0]) if rows else None


def is_current(engine: Engine) -> bool:
    """Whether the database is at the newest revision."""
    with engine.connect() as connection:
        return current_revision(connection) == _head()


def head_revision() -> str | None:
    """The newest revision the shipped migrations define."""
    return _head()


def scripts_head() -> str | None:
    """The newest revision, as Alembic reads it from the scripts (~0.5 s with its import)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def render_head_file() -> dict[str, str]:
    """``{file name: text}`` of the compiled head (``migrations/_head.json``), for ``scripts/build_bundle.py``."""
    compiled = {"head": scripts_head(), "scripts": script_digests()}
    return {HEAD_FILE: json.dumps(compiled, indent=1, sort_keys=True) + "\n"}


@cache
def _head() -> str | None:
    # The shipped scripts do not change while the process runs; when one differs from the compiled head's, Alembic
    # reads them all (~0.5 s).
    head = compiled_head()
    return head if head is not None else scripts_head()
