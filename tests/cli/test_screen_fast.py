"""``recoverynav screen --answers``' fast path (plain compiled instruments, no pydantic) against the full path.

The fast path runs the same rules over ``_screening.json`` read as plain attributes; these tests hold its output,
exit code and errors byte for byte to the validated models' over many seeded answers, sexes, ages and both outputs.
"""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
from click.testing import CliRunner

from recoverynav import screening
from recoverynav.cli.main import cli
from recoverynav.screening import (
    all_instruments,
    compiled_instrument,
    plain_dump,
    plain_instrument,
    plain_score,
    score_instrument,
)


def _full_path(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the command take the full path: the compiled plain instrument is never found. Returns the names asked."""
    asked: list[str] = []

    def not_found(name: str) -> None:
        asked.append(name)

    monkeypatch.setattr(screening, "plain_instrument", not_found)
    return asked


def _cases(seed: int) -> list[list[str]]:
    """Seeded invocations: mostly valid answers, some out of range or of the wrong length, any sex and age."""
    rng = random.Random(seed)
    cases = []
    for sid, instrument in all_instruments().items():
        for _ in range(12):
            answers = [rng.randrange(len(item.options)) for item in instrument.items]
            roll = rng.random()
            if roll < 0.1:
                answers[rng.randrange(len(answers))] = len(instrument.items[0].options) + rng.randrange(5)
            elif roll < 0.15:
                answers = answers[: rng.randrange(len(answers))]
            elif roll < 0.2:
                answers.append(0)
            spelled = rng.choice([sid, sid.upper(), sid.replace("-", ""), sid.replace("-", " ")])
            args = ["screen", spelled, "--answers", ",".join(map(str, answers))]
            sex = rng.choice([None, "female", "male"])
            if sex:
                args += ["--sex", sex]
            if rng.random() < 0.6:
                args += ["--age", str(rng.choice([0, 11, 12, 17, 18, 21, 40, 65, 66, 90, 130, rng.randrange(131)]))]
            if rng.random() < 0.5:
                args.append("--json")
            cases.append(args)
    return cases


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_fast_path_prints_what_the_full_path_prints(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    cases = _cases(seed)
    fast = [runner.invoke(cli, args) for args in cases]
    asked = _full_path(monkeypatch)
    for args, quick in zip(cases, fast, strict=True):
        full = runner.invoke(cli, args)
        assert (quick.exit_code, quick.output) == (full.exit_code, full.output), args
    assert len(asked) == len(cases)  # every run above went the full way
    assert any(r.exit_code == 0 for r in fast) and any(r.exit_code == 2 for r in fast)


def test_every_instrument_every_answer_scores_the_same_on_both_paths() -> None:
    """Item by item, every option (the rest at random) with every sex: the same result, field for field."""
    rng = random.Random(7)
    for sid, instrument in all_instruments().items():
        plain = plain_instrument(sid)
        assert plain is not None
        for number, item in enumerate(instrument.items):
            for option in range(len(item.options)):
                answers = [rng.randrange(len(i.options)) for i in instrument.items]
                answers[number] = option
                for sex in (None, "female", "male"):
                    age = rng.choice([None, 5, 30, 80])
                    full = score_instrument(instrument, answers, sex=sex, age=age)
                    quick = plain_score(plain, answers, sex=sex, age=age)
                    assert plain_dump(quick) == full.model_dump(mode="json"), (sid, answers, sex, age)


def test_the_plain_instrument_has_what_the_model_computes() -> None:
    for sid in all_instruments():
        plain, model = plain_instrument(sid), compiled_instrument(sid)
        assert model is not None
        assert (plain.item_ids, plain.min_score, plain.max_score, plain.grades_severity) == (
            model.item_ids,
            model.min_score,
            model.max_score,
            model.grades_severity,
        )


def test_unknown_names_are_left_to_the_full_path() -> None:
    for name in ["dast", "audit-x", "", "--", "phq-9"]:
        assert plain_instrument(name) is None


def test_screen_with_answers_imports_neither_pydantic_nor_yaml() -> None:
    code = (
        "import sys\n"
        "from recoverynav.cli.main import main\n"
        "try:\n"
        "    main(['screen', 'audit', '--answers', '1,1,1,1,1,1,1,1,1,1', '--json'])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'pydantic', 'yaml', 'sqlalchemy'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
