"""The compiled migration head (``migrations/_head.json``): current against the scripts, and what a run trusts.

Checking that a database is current reads its ``alembic_version`` row and compares it with the compiled head, so
no command pays for importing Alembic; these tests hold that shortcut to what Alembic itself answers.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from recoverynav.storage import migrate, schema_head
from recoverynav.storage.engine import engine_for
from recoverynav.storage.migrate import current_revision, is_current, render_head_file, upgrade
from recoverynav.storage.schema_head import HEAD_FILE, compiled_head, migrations_folder
from tests.facility_databases import BACKENDS, empty_database


def test_the_compiled_head_is_current() -> None:
    for name, text_ in render_head_file().items():
        assert (migrations_folder() / name).read_text(encoding="utf-8") == text_, (
            f"storage/migrations/{name} is stale: run `python scripts/build_bundle.py`"
        )
    assert json.loads(render_head_file()[HEAD_FILE])["head"] == migrate.scripts_head()


def test_a_changed_script_makes_the_scripts_answer() -> None:
    # A migration added or edited after the file was compiled: the compiled head is not trusted.
    digests = schema_head.script_digests()
    migrate._head.cache_clear()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(schema_head, "script_digests", lambda: {**digests, "0099_new.py": "0" * 64})
            patch.setattr(migrate, "scripts_head", lambda: "from the scripts")
            assert compiled_head() is None
            assert migrate.head_revision() == "from the scripts"
    finally:
        migrate._head.cache_clear()
    assert migrate.head_revision() == json.loads(render_head_file()[HEAD_FILE])["head"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_revision_read_is_alembics(backend: str, tmp_path: Path) -> None:
    url = empty_database(backend, tmp_path)
    engine = engine_for(url)

    def both() -> tuple[str | None, str | None]:
        with engine.connect() as conn:
            return current_revision(conn), MigrationContext.configure(conn).get_current_revision()

    head = migrate.scripts_head()
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE alembic_version"))
        assert both() == (None, None) and not is_current(engine)
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        assert both() == (None, None)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO alembic_version VALUES ('0001')"))
        assert both() == ("0001", "0001") and not is_current(engine)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO alembic_version VALUES ('0002')"))
        with engine.connect() as conn, pytest.raises(RuntimeError, match="2 rows"):
            current_revision(conn)
    finally:  # the PostgreSQL database is shared by the session: leave it at the head as found
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM alembic_version"))
            conn.execute(text("INSERT INTO alembic_version VALUES (:head)"), {"head": head})
    assert both() == (head, head) and is_current(engine)


def test_a_new_database_is_migrated_to_the_head(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    upgrade(engine)
    with engine.connect() as conn:
        assert (
            current_revision(conn) == MigrationContext.configure(conn).get_current_revision() == migrate.scripts_head()
        )
    assert is_current(engine)


def test_a_current_database_is_checked_without_alembic(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    upgrade(create_engine(f"sqlite:///{path}"))
    probe = (
        "import sys\n"
        "from sqlalchemy import create_engine\n"
        "from recoverynav.storage.migrate import is_current, upgrade\n"
        f"engine = create_engine({f'sqlite:///{path}'!r})\n"
        "upgrade(engine)\n"
        "print(is_current(engine), sorted(m for m in sys.modules if m.split('.')[0] in {'alembic', 'mako'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True []"
