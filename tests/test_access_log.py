"""The access log records method, path and status, never what a person typed."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient


def test_query_strings_never_reach_the_log(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="recoverynav.access"):
        client.get("/overdose", params={"sign": "not_breathing", "substance": "fentanyl"})
        client.get("/api/v1/facilities", params={"near": "94110", "codes": "BU"})
    lines = [r.getMessage() for r in caplog.records if r.name == "recoverynav.access"]
    assert any(line.startswith("GET /overdose 200") for line in lines), lines
    assert any(line.startswith("GET /api/v1/facilities 200") for line in lines), lines
    joined = "\n".join(lines)
    for secret in ("fentanyl", "not_breathing", "94110", "BU"):
        assert secret not in joined


def test_the_log_names_the_route_template_never_the_concrete_path(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="recoverynav.access"):
        client.get("/substances/baclofen")
        client.get("/api/v1/screening/audit")
        client.get("/no/such/page/typed-by-someone")
        client.get("/substances/x%0d%0aINFO%20recoverynav.access%20GET%20/forged%20200")
    lines = [r.getMessage() for r in caplog.records if r.name == "recoverynav.access"]
    assert lines[0].startswith("GET /substances/{substance_id} 200")
    assert lines[1].startswith("GET /api/v1/screening/{instrument_id} 200")
    assert lines[2].startswith("GET - 404")
    assert lines[3].startswith("GET - 404")  # the decoded path holds a "/": no route matches it
    joined = "\n".join(lines)
    assert "baclofen" not in joined and "typed-by-someone" not in joined and "forged" not in joined
