"""``recoverynav overdose``'s compiled protocol: fresh against its sources, the same answers and text as the engine."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from recoverynav.cli.main import cli
from recoverynav.cli.overdose import render_text
from recoverynav.emergency import SIGN_IDS, UnknownSignError, all_contacts, first_aid_steps
from recoverynav.emergency.bundle import (
    compiled_countries,
    compiled_first_aid,
    overdose_bundle_dir,
    render_overdose_bundle,
)
from recoverynav.knowledge.bundle import load_names


def test_committed_overdose_bundle_is_fresh() -> None:
    for name, text in render_overdose_bundle().items():
        assert (overdose_bundle_dir() / name).read_text(encoding="utf-8") == text, (
            f"emergency/{name} is stale: run `python scripts/build_bundle.py`"
        )


def test_compiled_countries_are_every_country_on_file() -> None:
    assert compiled_countries() == frozenset(all_contacts())


def _cases() -> list[tuple[tuple[str, ...], tuple[str, ...], str, str]]:
    """Seeded situations: no signs, each sign alone, random sets of signs, with known, misspelt, class and unknown
    substance names, in every country on file, in English and Spanish."""
    index, _, misspellings = load_names()
    names = sorted(index)
    odd = ["bacloffen", "kratomm", "ice cream", "", "FENTANYL", "tylenol #3", "benzos"]
    countries = sorted(all_contacts())
    rng = random.Random(21)
    cases: list[tuple[tuple[str, ...], tuple[str, ...], str, str]] = [
        ((), (), "US", "en"),
        ((), ("baclofen",), "us ", "es"),
    ]
    cases += [((sign,), (), "US", lang) for sign in SIGN_IDS for lang in ("en", "es")]
    for _ in range(160):
        signs = tuple(rng.sample(SIGN_IDS, rng.randint(0, 5)))
        pool = rng.choice((names, sorted(misspellings), odd))
        substances = tuple(rng.sample(pool, rng.randint(0, 3)))
        cases.append((signs, substances, rng.choice(countries), rng.choice(("en", "es"))))
    return cases


@pytest.mark.parametrize(("signs", "substances", "country", "lang"), _cases())
def test_compiled_answer_and_text_match_the_engine(
    signs: tuple[str, ...], substances: tuple[str, ...], country: str, lang: str
) -> None:
    full = first_aid_steps(signs, substances, country, lang=lang)
    fast = compiled_first_aid(signs, substances, country, lang=lang)
    assert fast == full
    assert fast.to_json() == full.to_json()
    assert render_text(fast, compiled=True) == render_text(full)


def test_compiled_path_refuses_an_unknown_sign_like_the_engine() -> None:
    with pytest.raises(UnknownSignError) as full:
        first_aid_steps(["unresponsive", "sleepy"])
    with pytest.raises(UnknownSignError) as fast:
        compiled_first_aid(["unresponsive", "sleepy"], (), "US")
    assert str(fast.value) == str(full.value)


@pytest.mark.parametrize(
    "args",
    [
        ["--sign", "unresponsive", "--substance", "baclofen", "--substance", "bacloffen"],
        ["--sign", "seizure", "--substance", "kratomm", "--country", "gb", "--json"],
        ["--lang", "es", "--sign", "blue_lips", "--substance", "fentanyl"],
        ["--country", "ZZ"],
        ["--country", ""],
        ["--sign", "sleepy"],
    ],
)
def test_command_prints_the_same_on_both_paths(args: list[str], tmp_path: Path) -> None:
    """A config file sends the command the full way (settings, pydantic, YAML): output and exit code agree."""
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    env = {"RECOVERYNAV_COUNTRY": "US", "LANG": "C.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}
    fast = CliRunner().invoke(cli, ["overdose", *args], env={**env, "RECOVERYNAV_CONFIG": None})
    full = CliRunner().invoke(cli, ["overdose", *args], env={**env, "RECOVERYNAV_CONFIG": str(config)})
    assert (fast.exit_code, fast.output) == (full.exit_code, full.output)
    assert fast.exit_code in (0, 2)
