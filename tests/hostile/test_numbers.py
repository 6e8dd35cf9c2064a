"""Screening answers and ages are ASCII digits with bounds: "²" (isdigit() but not int()) and numbers past
int()'s digit limit are a 4xx page naming the item, or exit code 2, never a traceback."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from recoverynav.cli.main import cli
from recoverynav.screening import AnswerError, parse_answer_list, parse_number

NOT_NUMBERS = ["²", "٣", "1²", "9" * 5000, "-1", "+1", "1.0", "1e2", "0x1", "1 2", "\ud800", "１"]


@given(st.text(max_size=20))
def test_parse_number_accepts_ascii_digits_in_range_only(text: str) -> None:
    try:
        value = parse_number(text, "q1", "item 1", high=4)
    except AnswerError as exc:
        assert exc.field == "q1"
        assert not re.fullmatch(r"[0-9]{1,3}", text.strip()) or int(text.strip()) > 4
    else:
        assert 0 <= value <= 4 and str(value) == text.strip().lstrip("0").rjust(1, "0")


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_answer_lists_name_the_bad_position(text: str) -> None:
    with pytest.raises(AnswerError) as raised:
        parse_answer_list(f"0,{text},0")
    assert raised.value.field == "answer 2"


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_screen_answers_exit_2(runner: CliRunner, text: str) -> None:
    result = runner.invoke(cli, ["screen", "audit", "--answers", f"{text},0,0,0,0,0,0,0,0,0"])
    assert result.exit_code == 2, result.output
    # Text that is not UTF-8 is refused by the command group before any command reads it; the rest name the answer.
    expected = "argument 4 is not valid UTF-8" if "\ud800" in text else "answer 1"
    assert expected in result.stderr and result.stdout == ""


@pytest.mark.parametrize("text", NOT_NUMBERS)
@pytest.mark.parametrize("field", ["q3", "age"])
def test_the_screening_form_answers_422_naming_the_field(client: TestClient, text: str, field: str) -> None:
    form = {f"q{n}": "0" for n in range(1, 11)} | {field: text.encode("utf-8", "replace").decode()}
    for path in ("/screening/audit", "/screening/audit/fhir"):
        response = client.post(path, data=form)
        assert response.status_code == 422, (path, response.status_code)
        assert response.headers["content-type"].startswith("text/html")
        assert ("item 3 (q3)" if field == "q3" else "age") in response.text
