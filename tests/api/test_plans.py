"""``POST /api/v1/plans/pdf``: a plan file in, PDF out; 422 names the field and never echoes the plan."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

MARK = "ZQAPIMARK"


def test_plan_file_in_pdf_out(client: TestClient) -> None:
    response = client.post("/api/v1/plans/pdf", json={"coping_now": [f"walk {MARK}"], "people": [{"name": "Sam"}]})
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    assert MARK in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"people": [{"name": MARK, "phone": MARK}]}, ["body", "people", 0, "phone"]),
        ({"coping_now": [MARK * 40]}, ["body", "coping_now", 0]),
        ({"meetings": [{"name": MARK, "day": "someday", "time": "19:00"}]}, ["body", "meetings", 0, "day"]),
        ({MARK: 1}, ["body", MARK]),
    ],
)
def test_bad_field_is_422_without_echo(client: TestClient, body: dict[str, object], loc: list[object]) -> None:
    response = client.post("/api/v1/plans/pdf", json=body)
    assert response.status_code == 422 and response.headers["cache-control"] == "no-store"
    detail = response.json()["detail"]
    assert loc in [d["loc"] for d in detail]
    assert all("input" not in d for d in detail)
    # An unknown key is named by its own loc; otherwise the plan's words appear nowhere in the answer.
    assert MARK not in response.text.replace(f'"{MARK}"]', "")


def test_openapi_documents_the_typed_body(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/v1/plans/pdf"]["post"]
    assert "application/json" in operation["requestBody"]["content"]
    assert "application/pdf" in operation["responses"]["200"]["content"]
