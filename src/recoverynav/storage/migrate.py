"""Run the Alembic migrations shipped inside the package (works from an installed wheel, no alembic.ini)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from recoverynav.storage.locks import write_lock


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("recoverynav.storage") / "migrations"))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision (a no-op when it is already there)."""
    if is_current(engine):
        return
    config = _config()
    # Under the write lock, so two first runs (two imports, a server and an import) migrate once, in turn.
    with write_lock(engine) as connection:
        if MigrationContext.configure(connection).get_current_revision() == _head():
            return
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def is_current(engine: Engine) -> bool:
    """Whether the database is at the newest revision."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == _head()


def head_revision() -> str | None:
    """The newest revision the shipped migrations define."""
    return _head()


@cache
def _head() -> str | None:
    # The shipped scripts do not change while the process runs; reading all of them costs ~0.1 s a call.
    return ScriptDirectory.from_config(_config()).get_current_head()
