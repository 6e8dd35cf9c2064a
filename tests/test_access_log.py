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
