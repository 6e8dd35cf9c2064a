"""Playwright driving Debian's Chromium (never a downloaded browser), plus an axe-core check."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("RECOVERYNAV_CHROMIUM") or shutil.which("chromium")
    if not path:
        raise RuntimeError("Debian's chromium is not installed: run scripts/test, which installs it")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    yield ctx
    ctx.close()


@pytest.fixture()
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture()
def no_js_page(browser: Browser) -> Iterator[Page]:
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    yield ctx.new_page()
    ctx.close()


# The axe rules whose outcome can change with the viewport's width: target sizes, the viewport tag, regions that
# scroll once the page is narrow, and contrast (text can move over other backgrounds). The others read the markup,
# which is the same at every width.
WIDTH_RULES = ("target-size", "meta-viewport", "scrollable-region-focusable", "color-contrast")


def serious_axe_violations(page: Page, *, only: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Run axe-core (bundled in axe-playwright-python) and keep serious and critical violations.

    Every rule (``target-size`` switched on), or just the rules in ``only``.
    """
    from axe_playwright_python.sync_playwright import Axe

    options: dict[str, Any] = {"rules": {"target-size": {"enabled": True}}}
    if only:
        options = {"runOnly": {"type": "rule", "values": list(only)}}
    results = Axe().run(page, options=options)
    violations: list[dict[str, Any]] = results.response["violations"]
    return [v for v in violations if v.get("impact") in {"serious", "critical"}]
