"""``recoverynav place --facts``' fast path (compiled rules, no pydantic or YAML) against the full path.

The fast path (``cli/quickplace.py`` over ``placement/plain.py`` and ``_place.json``) must print exactly what the
full path prints, text and JSON, English and Spanish, for every fact set it takes, and leave every other fact set
(and every setting it does not read) to the full path, whose errors name the field.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoverynav.cli import quickplace
from recoverynav.cli.main import cli
from recoverynav.cli.quickplace import PLACE_CLI_BUNDLE, place_cli_bundle_dir, render_place_cli_bundle
from recoverynav.knowledge import load_catalog
from recoverynav.placement import Facts, plain_facts
from recoverynav.placement.bundle import PLACE_BUNDLE, place_bundle_dir, render_place_bundle
from recoverynav.screening import all_instruments

# Generic, brand, street, misspelt, Spanish, class and unknown names, in odd cases and spacing.
_NAMES = sorted(
    {
        *(s.names.generic for s in load_catalog().substances.values()),
        *load_catalog().index,  # every listed name: brands, street names, misspellings, Spanish names
        "Xanax",
        "xanax bars",
        "benzos",
        "baclophen",
        "Lioresal",
        "heroína",
        "  Alcohol ",
        "OXYCODONE",
        "weed",
        "kratom",
        "foo",
        "bacl",
        "zzzz",
        "fentanil",
        "Gablofen",
    }
)
_MAYBE_BOOL = st.sampled_from([None, True, False])
_SEVERITY = st.sampled_from([None, "none", "mild", "moderate", "severe"])
# Each instrument's own bands (its id spelled any way), withdrawal scales, unknown instruments and bands.
_PAIRS = [
    (spelled, band)
    for sid, instrument in all_instruments().items()
    for spelled in (sid, sid.upper().replace("-", " "))
    for band in sorted({b.id for b in instrument.bands} | {b.id.replace("-", " ").title() for b in instrument.bands})
]
_PAIRS += [("phq-9", "moderate"), ("my scale", "high"), ("x", "??"), ("audit", "zone_9"), (" CIWA-Ar ", "mild")]
_SCREENING_RESULT = st.builds(
    lambda pair, extra: {"instrument": pair[0], "band": pair[1], **extra},
    st.sampled_from(_PAIRS),
    st.fixed_dictionaries(
        {}, optional={"score": st.sampled_from([None, 0, 7, 12.5]), "severity": _SEVERITY, "date": st.just("2026")}
    ),
)


def _words(*words: str) -> st.SearchStrategy[str | None]:
    return st.sampled_from([None, *words])


_FACTS = st.fixed_dictionaries(
    {"substances": st.lists(st.sampled_from(_NAMES), min_size=1, max_size=4)},
    optional={
        "daily_use": _MAYBE_BOOL,
        "daily_dose_mg": st.sampled_from([None, 0, 2.5, 10, 40, 80, 81, 120, 160, 300, 1000, 100_000]),
        "withdrawal_symptoms": _words("none", "mild", "moderate", "severe"),
        "history_withdrawal_seizures_or_dts": _MAYBE_BOOL,
        "ciwa_ar": st.one_of(st.none(), st.integers(0, 67)),
        "cows": st.one_of(st.none(), st.integers(0, 48)),
        "unstable_medical_condition": _MAYBE_BOOL,
        "pregnant": _MAYBE_BOOL,
        "kidney_disease": _MAYBE_BOOL,
        "intrathecal_pump": _MAYBE_BOOL,
        "suicidal_thoughts": _words("none", "passive", "active_plan"),
        "co_occurring_mental_health": _MAYBE_BOOL,
        "readiness": _words("not_ready", "ambivalent", "ready"),
        "prior_treatment_relapses": st.one_of(st.none(), st.integers(0, 5), st.just(1000)),
        "cravings": _words("none", "mild", "strong"),
        "home": _words("stable", "others_use", "unsafe", "homeless"),
        "support_people": _MAYBE_BOOL,
        "responsibilities": st.lists(st.sampled_from(["work", "school", "children", "caregiving"]), max_size=4),
        "in_remission_after_treatment": _MAYBE_BOOL,
        "screening": st.one_of(_SCREENING_RESULT, st.lists(_SCREENING_RESULT, max_size=3)),
        "near": st.sampled_from([None, "", "  ", "22902", " 94110 ", "22902-1234", "Charlottesville, VA", "10001"]),
    },
)


def _both_paths(facts: Any, args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any, bool]:
    """(fast result, full result, whether the fast path answered) of ``place --facts -`` with ``args``."""
    runner = CliRunner()
    text = json.dumps(facts, ensure_ascii=False)
    answered: list[bool] = []
    original = quickplace.fast_answer

    def spy(*a: Any) -> str | None:
        out = original(*a)
        answered.append(out is not None)
        return out

    with monkeypatch.context() as m:
        m.setattr(quickplace, "fast_answer", spy)
        fast = runner.invoke(cli, ["place", "--facts", "-", *args], input=text)
    with monkeypatch.context() as m:
        m.setattr(quickplace, "fast_answer", lambda *a: None)
        full = runner.invoke(cli, ["place", "--facts", "-", *args], input=text)
    return (fast.exit_code, fast.output), (full.exit_code, full.output), answered == [True]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(facts=_FACTS, lang=st.sampled_from(["en", "es"]), as_json=st.booleans())
def test_fast_path_prints_what_the_full_path_prints(
    facts: dict[str, Any], lang: str, as_json: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["--lang", lang, *(["--json"] if as_json else [])]
    fast, full, answered = _both_paths(facts, args, monkeypatch)
    assert answered, facts
    assert fast == full
    assert full[0] == 0, full[1]


def test_a_sweep_of_every_single_answer_in_both_languages_and_outputs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each answer on its own, every value, beside substances of each withdrawal row and none."""
    base = [["alcohol"], ["baclofen"], ["oxycodone", "xanax"], ["kratom"], ["methamphetamine"], ["foo"]]
    answers: dict[str, list[Any]] = {
        "daily_use": [True, False],
        "daily_dose_mg": [0, 80, 81, 160, 300],
        "withdrawal_symptoms": ["none", "mild", "moderate", "severe"],
        "history_withdrawal_seizures_or_dts": [True],
        "ciwa_ar": [0, 9, 10, 15, 16, 20, 67],
        "cows": [0, 5, 12, 13, 24, 25, 36, 48],
        "unstable_medical_condition": [True],
        "pregnant": [True],
        "kidney_disease": [True],
        "intrathecal_pump": [True],
        "suicidal_thoughts": ["passive", "active_plan"],
        "co_occurring_mental_health": [True],
        "readiness": ["ambivalent", "not_ready"],
        "prior_treatment_relapses": [1, 2],
        "cravings": ["mild", "strong"],
        "home": ["others_use", "unsafe", "homeless"],
        "support_people": [False, True],
        "responsibilities": [["work"], ["children"]],
        "in_remission_after_treatment": [True],
    }
    cases = [{"substances": names, key: value} for names in base for key, values in answers.items() for value in values]
    cases += [{"substances": names, "daily_use": True, "withdrawal_symptoms": "severe"} for names in base]
    for number, facts in enumerate(cases):
        args = [["--lang", "en"], ["--lang", "es", "--json"], ["--lang", "es"], ["--json"]][number % 4]
        fast, full, answered = _both_paths(facts, args, monkeypatch)
        assert answered and fast == full, facts


@settings(max_examples=300, deadline=None)
@given(
    raw=st.one_of(
        _FACTS,
        st.dictionaries(
            st.sampled_from([*Facts.model_fields, "extra", "Substances"]),
            st.one_of(
                st.none(),
                st.booleans(),
                st.integers(-5, 200_000),
                st.floats(allow_nan=True, allow_infinity=True),
                st.sampled_from(["", " ", "yes", "mild", "work", "alcohol", "\x00x", "1", "22902", "x" * 121]),
                st.lists(st.sampled_from(["alcohol", "", " ", "work", "x" * 101, 3, None]), max_size=22),
                st.dictionaries(
                    st.sampled_from(["instrument", "band", "score", "severity", "other"]),
                    st.sampled_from(
                        ["audit", "zone-1", "", "x" * 61, 3, 2.5, True, None, "mild", "MILD", float("inf")]
                    ),
                ),
                st.lists(
                    st.dictionaries(st.sampled_from(["instrument", "band"]), st.sampled_from(["audit", 1])), max_size=3
                ),
            ),
        ),
    )
)
def test_the_fast_path_takes_only_facts_the_model_takes_the_same_way(raw: Any) -> None:
    plain = plain_facts(raw, place_known=lambda place: True)
    if plain is not None and plain["near"] is None:
        assert plain == Facts.model_validate(raw).model_dump()
    if plain is not None and plain["near"] is not None:
        assert plain_facts(raw) is None  # a place only when the face vouches for it


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ({"substances": ["alcohol"], "daily_use": "yes"}, None),  # pydantic reads "yes" as true
        ({"substances": ["alcohol"], "ciwa_ar": 3.0}, None),
        ({"substances": ["alcohol"], "screening": {"instrument": "audit", "band": "zone-1", "score": "7"}}, None),
        ({"substances": ["alcohol"], "screening": [{"instrument": 10, "band": "zone-1"}]}, "screening.0.instrument"),
        ({"substances": ["alcohol"], "screening": [{"band": "zone-1"}]}, "screening.0.instrument"),
        ({"substances": ["alcohol"], "ciwa_ar": 99}, "ciwa_ar"),
        ({"substances": ["alcohol"], "home": "castle"}, "home"),
        ({"substances": ["alcohol"], "surprise": 1}, "surprise"),
        ({"substances": []}, "substances"),
        ({"substances": ["alcohol"], "near": "Nowhere, ZZ"}, "near"),
        (["alcohol"], "facts"),
    ],
)
def test_other_facts_take_the_full_path_and_its_errors(
    facts: Any, field: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, full, answered = _both_paths(facts, [], monkeypatch)
    assert not answered
    assert fast == full
    if field is None:
        assert fast[0] == 0
    else:
        assert fast[0] == 2 and field in fast[1]


@pytest.mark.parametrize(
    ("name", "value", "answers"),
    [
        ("RECOVERYNAV_COUNTRY", "us", True),
        ("RECOVERYNAV_COUNTRY", "GB", True),
        ("RECOVERYNAV_COUNTRY", "usa", False),
        ("RECOVERYNAV_COUNTRY", "ZZ", False),
        ("RECOVERYNAV_CONFIG", "/nonexistent.toml", False),
        ("RECOVERYNAV_HELPLINE_NUMBER", "12", True),  # any text: the settings model takes it too
        ("RECOVERYNAV_PUBLIC_URL", "https://example.org", False),
        ("RECOVERYNAV_DATA_DIR", "/tmp/x", True),
        ("RECOVERYNAV_RATE_LIMITS", "Off", True),
        ("RECOVERYNAV_RATE_LIMITS", "maybe", False),
        ("recoverynav_log_format", "json", True),
        ("RECOVERYNAV_LOG_FORMAT", "xml", False),
        ("RECOVERYNAV_SHUTDOWN_GRACE_SECONDS", "5", False),
        ("RECOVERYNAV_NOT_A_SETTING", "x", True),
    ],
)
def test_settings_the_fast_path_does_not_read_take_the_full_path(
    name: str, value: str, answers: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(name, value)
    facts = {"substances": ["alcohol"], "suicidal_thoughts": "active_plan"}
    assert (quickplace.fast_answer(facts, "en", False) is not None) is answers


def test_the_country_setting_gives_the_same_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    from recoverynav.settings import get_settings

    monkeypatch.setenv("RECOVERYNAV_COUNTRY", "gb")
    get_settings.cache_clear()
    try:
        facts = {"substances": ["alcohol"], "suicidal_thoughts": "active_plan"}
        fast, full, answered = _both_paths(facts, ["--json"], monkeypatch)
    finally:
        get_settings.cache_clear()
    assert answered and fast == full
    assert '"number": "999"' in fast[1]


def test_compiled_files_are_current() -> None:
    """Rebuild with scripts/build_bundle.py when the rules, guide, monographs, catalogue or settings change."""
    assert (place_bundle_dir() / PLACE_BUNDLE).read_text(encoding="utf-8") == render_place_bundle()[PLACE_BUNDLE]
    committed = (place_cli_bundle_dir() / PLACE_CLI_BUNDLE).read_text(encoding="utf-8")
    assert committed == render_place_cli_bundle()[PLACE_CLI_BUNDLE]


@pytest.mark.parametrize("args", [[], ["--json"], ["--lang", "es"], ["--lang", "es", "--json"]])
def test_place_facts_imports_neither_pydantic_nor_yaml_nor_sqlalchemy(args: list[str], tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps({"substances": ["baclofen", "alcohol"], "daily_use": True, "pregnant": True}))
    code = (
        "import sys\n"
        "from recoverynav.cli.main import main\n"
        "try:\n"
        f"    main(['place', '--facts', {str(path)!r}, *{args!r}])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'yaml', 'sqlalchemy', 'babel'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
