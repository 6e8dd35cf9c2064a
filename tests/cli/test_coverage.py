"""``recoverynav coverage parse FILE [--json]`` and ``recoverynav coverage request ...`` (X12 5010 270/271)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from recoverynav.cli.main import cli
from recoverynav.coverage import parse_270
from tests.coverage.samples import SAMPLES

REQUEST = [
    "coverage",
    "request",
    "--payer-id",
    "99999",
    "--payer-name",
    "EXAMPLE HEALTH PLAN",
    "--provider-npi",
    "1234567893",
    "--provider-name",
    "EXAMPLE RECOVERY CENTER",
    "--member-id",
    "W000000001",
    "--first-name",
    "JANE",
    "--last-name",
    "DOE",
    "--birth-date",
    "1980-01-31",
    "--service-type",
    "AI",
    "--service-type",
    "cj",
    "--service-type",
    "MH",
]


def _with(option: str, value: str) -> list[str]:
    args = list(REQUEST)
    args[args.index(option) + 1] = value
    return args


def test_parse_json_has_the_issues_shape(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["coverage", "parse", str(SAMPLES / "substance-use/in-out-network.271"), "--json"])
    assert result.exit_code == 0, result.output
    (item,) = json.loads(result.output)["transactions"]
    assert {"payer", "subscriber", "active", "plan", "benefits", "rejections"} <= set(item)
    assert item["active"] is True and item["payer"]["name"] == "EXAMPLE HEALTH PLAN"
    first_copay = item["benefits"][1]
    expected = {
        "code": "B",
        "service_types": ["CJ"],
        "coverage_level": "IND",
        "network": "in",
        "amount": 25.0,
        "percent": None,
        "period": "27",
        "quantity": None,
        "quantity_qualifier": None,
        "authorization_required": None,
        "messages": [],
    }
    assert {k: first_copay[k] for k in expected} == expected
    assert item["benefits"][3]["percent"] == 0.2  # 20 % as a fraction, a JSON number
    assert item["benefits"][6]["authorization_required"] is True


def test_parse_json_rejections_in_words(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["coverage", "parse", str(SAMPLES / "subscriber-health-benefit-check-error.271"), "--json"]
    )
    assert result.exit_code == 0, result.output
    (item,) = json.loads(result.output)["transactions"]
    assert [(r["code"], r["meaning"], r["follow_up"]) for r in item["rejections"]] == [
        ("50", "Provider Ineligible for Inquiries", "Resubmission Not Allowed")
    ]


def test_parse_prints_the_answer_in_words(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["coverage", "parse", str(SAMPLES / "substance-use/in-out-network.271")])
    assert result.exit_code == 0, result.output
    assert "coverage: ACTIVE - plan SILVER PPO 2500, 2026-01-01 to 2026-12-31" in result.output
    assert "Co-Payment $25.00 per visit in network - CJ Substance Abuse Facility - Outpatient" in result.output
    assert (
        "Co-Insurance 40 % per calendar year out of network - CI Substance Abuse Facility - Inpatient" in result.output
    )
    assert "PRIOR AUTHORIZATION REQUIRED" in result.output
    assert "message: PRIOR AUTHORIZATION REQUIRED BEFORE ADMISSION" in result.output


@pytest.mark.parametrize(
    "name",
    [
        "more/oopfactory/_271__4010_Example3_CMS_HETS.txt",
        "more/imsweb/x270.txt",
        "more/oopfactory/_270__4010_Example3_Aetna.txt",
    ],
)
def test_parse_refuses_4010(runner: CliRunner, name: str) -> None:
    result = runner.invoke(cli, ["coverage", "parse", str(SAMPLES / name)])
    assert result.exit_code == 2 and "005010 required" in result.stderr
    assert result.stdout == ""


def test_parse_a_270_and_a_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["coverage", "parse", str(SAMPLES / "demo.270"), "--json"])
    assert json.loads(result.output)["transactions"][0]["service_types"] == ["30"]
    missing = runner.invoke(cli, ["coverage", "parse", str(tmp_path / "nope.271")])
    assert missing.exit_code == 2 and "FILE:" in missing.stderr


def test_request_prints_a_270_that_parses_back(runner: CliRunner) -> None:
    result = runner.invoke(cli, REQUEST)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[2] == "ST*270*0001*005010X279A1~" and all(line.endswith("~") for line in lines)
    assert "EQ*AI^CJ^MH~" in lines
    (inquiry,) = parse_270(result.output)
    assert (inquiry.payer.name, inquiry.payer.id, inquiry.provider.id) == ("EXAMPLE HEALTH PLAN", "99999", "1234567893")
    subscriber = inquiry.subscriber
    assert (subscriber.last_name, subscriber.first_name, subscriber.member_id, subscriber.birth_date) == (
        "DOE",
        "JANE",
        "W000000001",
        dt.date(1980, 1, 31),
    )
    assert inquiry.service_types == ["AI", "CJ", "MH"]
    se = next(line for line in lines if line.startswith("SE*"))
    assert int(se.split("*")[1]) == lines.index(se) - 2 + 1
    assert lines[-2:] == ["GE*1*1~", "IEA*1*000000001~"]


def test_request_writes_the_output_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "inquiry.270"
    result = runner.invoke(cli, [*REQUEST, "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert parse_270(out.read_text())[0].service_types == ["AI", "CJ", "MH"]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--provider-npi", "1234567890", "--provider-npi: not a valid NPI"),
        ("--provider-npi", "12345", "--provider-npi: not a valid NPI"),
        ("--birth-date", "31/01/1980", "--birth-date: give the date as YYYY-MM-DD"),
        ("--birth-date", "2999-01-01", "--birth-date: give a date between 1900-01-01 and today"),
        ("--service-type", "C1X", "--service-type: 'C1X' not in the 5010 service type list"),
        ("--member-id", "SECRET*ID", "--member-id: holds '*'"),
        ("--member-id", "X", "--member-id: give 2 to 80 characters"),
        ("--last-name", "SECRET~NAME", "--last-name: holds '~'"),
        ("--first-name", "SECR\u00c9T", "--first-name: use the X12 character set only"),
        ("--payer-name", " ", "--payer-name: give 1 to 60 characters"),
    ],
)
def test_request_exits_2_naming_the_option_never_the_member_data(
    runner: CliRunner, tmp_path: Path, option: str, value: str, message: str
) -> None:
    out = tmp_path / "inquiry.270"
    result = runner.invoke(cli, [*_with(option, value), "--output", str(out)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "SECRET" not in result.stderr and "SECR" not in result.stderr
    assert not out.exists()
