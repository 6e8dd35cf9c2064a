"""``users``, ``audit`` and ``keys`` commands on a fresh data directory each (its own database and key file)."""

from __future__ import annotations

import json
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from recoverynav.cli.main import cli
from recoverynav.settings import get_settings

PASSWORD = "a long enough pass phrase"


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("RECOVERYNAV_DATA_DIR", str(tmp_path))
    for name in ("RECOVERYNAV_DATABASE_URL", "RECOVERYNAV_SECRET_KEYS", "RECOVERYNAV_DATA_KEY"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def run(runner: CliRunner, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def add(runner: CliRunner, email: str, role: str = "consultant") -> dict[str, str]:
    code, out, err = run(
        runner, "users", "add", email, "--role", role, "--password-stdin", "--json", stdin=PASSWORD + "\n"
    )
    assert code == 0, err
    made: dict[str, str] = json.loads(out)
    return made


def test_users_add_list_disable_reset(data_dir: Path, runner: CliRunner) -> None:
    made = add(runner, "Case.Worker@Example.org")
    assert set(made) == {"id", "email", "role", "totp_uri", "facilities"} and made["email"] == "case.worker@example.org"
    assert made["totp_uri"].startswith("otpauth://totp/recoverynav:")
    assert stat.S_IMODE((data_dir / "data.key").stat().st_mode) == 0o600
    code, out, _ = run(runner, "users", "list", "--json")
    assert code == 0 and json.loads(out) == [
        {
            "id": made["id"],
            "email": made["email"],
            "role": "consultant",
            "facilities": [],
            "disabled": False,
            "locked": False,
        }
    ]
    code, out, _ = run(runner, "users", "reset-2fa", made["email"], "--json")
    assert code == 0 and json.loads(out)["totp_uri"] != made["totp_uri"]
    assert run(runner, "users", "disable", made["id"])[0] == 0
    assert json.loads(run(runner, "users", "list", "--json")[1])[0]["disabled"] is True
    code, out, _ = run(runner, "audit", "verify")
    assert code == 0 and "5 events" in out  # add, list, reset, disable, list


@pytest.mark.parametrize(
    ("args", "stdin", "field"),
    [
        (["users", "add", "not-an-email", "--role", "admin", "--password-stdin"], PASSWORD, "EMAIL"),
        (["users", "add", "a@b.org", "--role", "admin", "--password-stdin"], "short", "password"),
        (["users", "add", "a@b.org", "--role", "admin", "--password-stdin"], "", "password-stdin"),
        (["users", "add", "a@b.org", "--role", "boss", "--password-stdin"], PASSWORD, "role"),
        (["users", "disable", "nobody@example.org"], None, "users list"),
        (["audit", "export", "--since", "yesterday"], None, "--since"),
    ],
)
def test_bad_input_is_exit_2_naming_the_fix(
    data_dir: Path, runner: CliRunner, args: list[str], stdin: str | None, field: str
) -> None:
    code, _, err = run(runner, *args, stdin=stdin)
    assert code == 2 and field in err, err


def test_a_duplicate_e_mail_is_refused(data_dir: Path, runner: CliRunner) -> None:
    add(runner, "one@example.org")
    code, _, err = run(runner, "users", "add", "ONE@example.org", "--role", "admin", "--password-stdin", stdin=PASSWORD)
    assert code == 2 and "exists" in err


def test_audit_verify_names_the_edited_event(data_dir: Path, runner: CliRunner) -> None:
    for n in range(3):
        add(runner, f"p{n}@example.org")
    from recoverynav.wiring import back_office_engine

    with back_office_engine().begin() as conn:
        conn.execute(text("DROP TRIGGER audit_events_no_update"))
        conn.execute(text("UPDATE audit_events SET actor = 'someone else' WHERE seq = 2"))
    code, _, err = run(runner, "audit", "verify")
    assert code == 1 and "event 2" in err


def test_audit_export_is_fhir_r4b_with_ids_only(data_dir: Path, runner: CliRunner) -> None:
    made = add(runner, "export.me@example.org")
    code, out, _ = run(runner, "audit", "export", "--since", "2000-01-01")
    assert code == 0
    bundle = json.loads(out)
    assert bundle["resourceType"] == "Bundle" and bundle["entry"][0]["resource"]["resourceType"] == "AuditEvent"
    event = bundle["entry"][0]["resource"]
    assert event["entity"][0]["what"]["identifier"]["value"] == made["id"]
    assert "export.me" not in out
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(bundle)
    code, out, _ = run(runner, "audit", "export", "--since", "2999-01-01")
    assert json.loads(out).get("entry", []) == []
    # The export itself is audited.
    code, out, _ = run(runner, "audit", "verify")
    assert code == 0 and "3 events" in out


def test_keys_rotate_re_encrypts_and_sign_in_still_finds_the_account(data_dir: Path, runner: CliRunner) -> None:
    made = add(runner, "rotate.me@example.org")
    old_ids = re.findall(r"^(k[0-9a-f]+):", (data_dir / "data.key").read_text(), re.M)
    code, out, err = run(runner, "keys", "rotate")
    assert code == 0, err
    new_ids = re.findall(r"^(k[0-9a-f]+):", (data_dir / "data.key").read_text(), re.M)
    assert len(new_ids) == 2 and new_ids[1:] == old_ids and "staff_users.email_encrypted: 1" in out
    from recoverynav.wiring import back_office_engine

    with back_office_engine().connect() as conn:
        stored = conn.execute(text("SELECT email_encrypted, totp_secret_encrypted FROM staff_users")).one()
    assert all(value.startswith(f"v1:{new_ids[0]}:") for value in stored)
    code, out, _ = run(runner, "keys", "rotate", "--resume")
    assert code == 0 and "staff_users.email_encrypted: 0" in out
    code, out, _ = run(runner, "users", "list", "--json")
    assert json.loads(out)[0]["email"] == made["email"]
    assert run(runner, "users", "disable", "rotate.me@example.org")[0] == 0  # found by its recomputed index


def test_keys_from_the_setting(data_dir: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    import base64

    first = base64.b64encode(bytes(32)).decode()
    monkeypatch.setenv("RECOVERYNAV_SECRET_KEYS", f"old:{first}")
    get_settings.cache_clear()
    add(runner, "setting@example.org")
    assert not (data_dir / "data.key").exists()
    second = base64.b64encode(bytes(range(32))).decode()
    monkeypatch.setenv("RECOVERYNAV_SECRET_KEYS", f"new:{second},old:{first}")
    get_settings.cache_clear()
    code, out, _ = run(runner, "keys", "rotate")
    assert code == 0 and "staff_users.email_encrypted: 1" in out and "new" in out
    monkeypatch.setenv("RECOVERYNAV_SECRET_KEYS", f"new:{second}")
    get_settings.cache_clear()
    assert json.loads(run(runner, "users", "list", "--json")[1])[0]["email"] == "setting@example.org"


REGION_TEN = "811a908f82269778a2fe2a8bc603afa08df868f3e2fa56aa62e214d03997dea1"


def test_a_facility_account_is_tied_to_known_listings(data_dir: Path, runner: CliRunner) -> None:
    code, out, err = run(
        runner,
        *("users", "add", "intake@example.org", "--role", "facility", "--facility", REGION_TEN),
        *("--facility", REGION_TEN, "--password-stdin", "--json"),
        stdin=PASSWORD + "\n",
    )
    assert code == 0, err
    made = json.loads(out)
    assert made["role"] == "facility" and made["facilities"] == [REGION_TEN]
    listed = json.loads(run(runner, "users", "list", "--json")[1])
    assert listed[0]["facilities"] == [REGION_TEN]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--role", "facility"], "at least one listing"),
        (["--role", "facility", "--facility", "no-such-listing"], "no-such-listing"),
        (["--role", "facility", "--facility", REGION_TEN, "--facility", "x" * 81], "no listing"),
        (["--role", "consultant", "--facility", REGION_TEN], "only a facility account"),
    ],
)
def test_a_facility_account_needs_known_listings_and_nothing_is_written(
    data_dir: Path, runner: CliRunner, extra: list[str], message: str
) -> None:
    code, _, err = run(runner, "users", "add", "intake@example.org", *extra, "--password-stdin", stdin=PASSWORD)
    assert code == 2 and "--facility" in err and message in err, err
    assert json.loads(run(runner, "users", "list", "--json")[1]) == []


HEAVY_FOR_STAFF = (
    "alembic",
    "mako",
    "icalendar",
    "jinja2",
    "fhir",
    "fhir_core",
    "rapidfuzz",
    "recoverynav.plans",
    "recoverynav.placement",
    "recoverynav.backoffice.cases",
)


@pytest.mark.parametrize(
    "argv",
    [["users", "list"], ["notifications", "list"], ["audit", "verify"], ["keys", "rotate", "--resume"]],
)
def test_back_office_commands_load_only_what_they_use(data_dir: Path, runner: CliRunner, argv: list[str]) -> None:
    # The database is migrated first (the one run that needs Alembic); later runs only compare the revision.
    add(runner, "first@example.org")
    probe = (
        "import sys\n"
        "from recoverynav.cli.main import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        f"heavy = {HEAVY_FOR_STAFF!r}\n"
        "print(sorted({m for m in sys.modules if m in heavy or m.split('.')[0] in heavy}), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr
    # The read of e-mail addresses and the rotation are still audited (add, then the command in the subprocess).
    code, out, _ = run(runner, "audit", "verify")
    assert code == 0 and ("2 events" if argv[0] in {"users", "keys"} else "1 events") in out
