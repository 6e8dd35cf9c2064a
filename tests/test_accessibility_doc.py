"""``docs/accessibility.md`` is the table in ``tests/wcag.py``, complete for WCAG 2.1 AA, naming real tests."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.wcag import CRITERIA, render

ROOT = Path(__file__).resolve().parents[1]

# WCAG 2.1 level A and AA success criteria (W3C Recommendation, 2018; 4.1.1 kept for 2.1).
WCAG21_AA = [
    "1.1.1",
    "1.2.1",
    "1.2.2",
    "1.2.3",
    "1.2.4",
    "1.2.5",
    "1.3.1",
    "1.3.2",
    "1.3.3",
    "1.3.4",
    "1.3.5",
    "1.4.1",
    "1.4.2",
    "1.4.3",
    "1.4.4",
    "1.4.5",
    "1.4.10",
    "1.4.11",
    "1.4.12",
    "1.4.13",
    "2.1.1",
    "2.1.2",
    "2.1.4",
    "2.2.1",
    "2.2.2",
    "2.3.1",
    "2.4.1",
    "2.4.2",
    "2.4.3",
    "2.4.4",
    "2.4.5",
    "2.4.6",
    "2.4.7",
    "2.5.1",
    "2.5.2",
    "2.5.3",
    "2.5.4",
    "3.1.1",
    "3.1.2",
    "3.2.1",
    "3.2.2",
    "3.2.3",
    "3.2.4",
    "3.3.1",
    "3.3.2",
    "3.3.3",
    "3.3.4",
    "4.1.1",
    "4.1.2",
    "4.1.3",
]


def test_every_criterion_is_listed_once() -> None:
    numbers = [c.number for c in CRITERIA]
    assert len(numbers) == len(set(numbers))
    assert set(WCAG21_AA) <= set(numbers) and len(WCAG21_AA) == 50
    assert {c.status for c in CRITERIA} <= {"tested", "partly tested", "not tested yet", "not applicable"}


def test_tested_rows_name_tests_that_exist() -> None:
    for c in CRITERIA:
        if c.status == "tested":
            assert c.tests, c.number
        for test in c.tests:
            path, name = test.split("::")
            tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
            assert name in {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}, test


def test_the_document_is_current() -> None:
    assert (ROOT / "docs" / "accessibility.md").read_text(encoding="utf-8") == render(), (
        "regenerate: python -m tests.wcag > docs/accessibility.md"
    )
