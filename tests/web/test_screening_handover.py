"""A screening result carries into the treatment questions privately (a POST, never the URL)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

DAST_ALL_YES = {f"q{i}": "1" for i in range(1, 11)}


def test_result_page_hands_the_band_over_in_a_post_form(client: TestClient) -> None:
    html = client.post("/screening/dast-10", data=DAST_ALL_YES).text
    assert re.search(r'<form method="post" action="/treatment/assess"', html)
    assert 'name="screening" value="dast-10:severe"' in html
    assert "/treatment/assess?" not in html


def test_assessment_form_keeps_the_result_and_the_suggestion_uses_it(client: TestClient) -> None:
    form = client.post("/treatment/assess", data={"from_screening": "1", "screening": "dast-10:severe"})
    assert form.status_code == 200
    assert 'type="hidden" name="screening" value="dast-10:severe"' in form.text
    assert "Which drugs or medicines?" in form.text and "Why this suggestion" not in form.text

    with_result = client.post(
        "/treatment/assess", data={"screening": "dast-10:severe", "substances": "cocaine", "readiness": "ready"}
    ).text
    without = client.post("/treatment/assess", data={"substances": "cocaine", "readiness": "ready"}).text
    assert "Your screening result points to serious substance problems" in with_result
    assert "Your screening result" not in without
