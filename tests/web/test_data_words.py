"""The pure packages' fixed phrases that pages translate are the ones the packages use, and they are translated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from recoverynav.directory.compare import SERVICE_ROWS
from recoverynav.directory.empty import MEDICATION_FINDERS, NATIONAL_HELPLINE
from recoverynav.directory.models import CONFIRM_NOTICE, FLOOR_NOTICE
from recoverynav.directory.openings import age_phrase
from recoverynav.directory.quality import quality_table
from recoverynav.directory.reports import REASONS
from recoverynav.i18n import gettext as _
from recoverynav.i18n import use_language
from recoverynav.web.data_words import DATA_WORDS, opening_age, sign_label

USED = [
    CONFIRM_NOTICE,
    FLOOR_NOTICE,
    NATIONAL_HELPLINE.name,
    NATIONAL_HELPLINE.hours,
    *(label for label, _code in MEDICATION_FINDERS),
    *REASONS.values(),
    *(label for _id, label, _cats in SERVICE_ROWS),
    "Openings",
    "Distance",
    "Sources",
]


@pytest.mark.parametrize("phrase", USED)
def test_each_phrase_a_page_draws_is_listed_and_spanish(phrase: str) -> None:
    assert phrase in DATA_WORDS, f"{phrase!r} changed in its package: update web/data_words.py and the catalogue"
    with use_language("es"):
        assert _(phrase) != phrase


def test_the_compare_rows_are_the_ones_the_package_builds() -> None:
    from recoverynav.directory import compare

    source = Path(compare.__file__).read_text(encoding="utf-8")
    for label in ("Openings", "Distance", "Sources"):
        assert f'label="{label}"' in source


@pytest.mark.parametrize("age", [timedelta(0), timedelta(minutes=1), timedelta(hours=3), timedelta(days=2)])
def test_opening_ages_read_in_spanish(age: timedelta) -> None:
    now = datetime(2026, 12, 7, 12, tzinfo=UTC)
    english = age_phrase(now - age, now)
    assert opening_age(english) == english  # English pages: as the directory says it
    with use_language("es"):
        spanish = opening_age(english)
    assert spanish.startswith("actualizado hace"), spanish
    assert "".join(ch for ch in english if ch.isdigit()) in spanish


def test_an_age_in_another_shape_is_left_alone() -> None:
    with use_language("es"):
        assert opening_age("yesterday") == "yesterday"


def test_every_quality_sign_has_a_spanish_name() -> None:
    table = quality_table()
    with use_language("es"):
        for rule in table.signs:
            assert sign_label(rule.id, rule.label) != rule.label
    assert sign_label("no_such_sign", "As assessed") == "As assessed"
