"""``/plan`` in a real browser with JavaScript off: fill, download the plan file, load it back, download the PDF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


def test_plan_round_trip_without_javascript(browser: Browser, live_server: str, tmp_path: Path) -> None:
    context = browser.new_context(
        java_script_enabled=False, accept_downloads=True, viewport={"width": 320, "height": 640}
    )
    page = context.new_page()
    page.goto(f"{live_server}/plan")
    page.fill("#coping_now", "call Sam\nwalk")
    page.locator('input[name="people_name"]').first.fill("Sam")
    page.locator('input[name="people_phone"]').first.fill("215-555-0100")
    with page.expect_download() as saved:
        page.click('button[formaction="/plan/file"]')
    plan_file = tmp_path / "plan.json"
    saved.value.save_as(plan_file)
    plan = json.loads(plan_file.read_text())
    assert plan["coping_now"] == ["call Sam", "walk"] and plan["people"][0]["phone"] == "215-555-0100"

    page.goto(f"{live_server}/plan")
    page.set_input_files("#planfile", str(plan_file))
    page.click('form.upload button[type="submit"]')
    assert page.input_value("#coping_now") == "call Sam\nwalk"
    with page.expect_download() as pdf:
        page.click("form.plan button:not([formaction])")
    pdf_file = tmp_path / "plan.pdf"
    pdf.value.save_as(pdf_file)
    assert pdf_file.read_bytes().startswith(b"%PDF-")
    context.close()
