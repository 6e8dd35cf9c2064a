"""Coverage checks in Chromium (#17): a consultant opens a case, checks coverage — as a "verify by phone" task
filled in after the call, then in real time against the simulated payer — and reads the summary on the case;
axe finds nothing serious on the case page with its coverage section."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from recoverynav.settings import get_settings
from tests.browser.test_staff_cases import _axe_clean, _phone, _sign_in
from tests.coverage.payer import SUD_271, Reply, SimulatedPayer, simulated_payer
from tests.staff_accounts import make_staff

pytestmark = pytest.mark.browser
MEMBER_ID = "W98765432100"


@pytest.fixture()
def no_gateway() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture()
def payer(monkeypatch: pytest.MonkeyPatch) -> Iterator[SimulatedPayer]:
    with simulated_payer() as running:
        for name, value in {
            "GATEWAY": "json",
            "URL": running.url("/json"),
            "TIMEOUT_SECONDS": "2",
            "PROVIDER_NPI": "1234567893",
            "PROVIDER_NAME": "RECOVERY CLINIC",
        }.items():
            monkeypatch.setenv(f"RECOVERYNAV_ELIGIBILITY_{name}", value)
        get_settings.cache_clear()
        yield running
    get_settings.cache_clear()


def _open_case(page: Page, base: str) -> None:
    page.goto(f"{base}/staff/cases/new")
    page.get_by_label("Nickname (any name to ask for)").fill("Rob")
    page.get_by_label("Phone").fill(_phone())
    page.get_by_label("First name").fill("Robert")
    page.get_by_label("Last name").fill("Smith" + "".join(chr(97 + int(d, 16)) for d in uuid.uuid4().hex[:8]))
    page.get_by_label("Date of birth (YYYY-MM-DD)").fill("1943-05-19")
    page.get_by_role("button", name="Open the case").click()
    expect(page.locator("h1")).to_contain_text("Case")


def _ask(page: Page, button: str) -> None:
    page.get_by_label("Payer (as on the card)").fill("ABC COMPANY")
    page.get_by_label("Payer id").fill("842610001")
    page.get_by_label("Member id (from the card)").fill(MEMBER_ID)
    page.get_by_label("AI: Substance abuse", exact=True).check()
    page.get_by_label("CJ: Substance abuse facility - outpatient").check()
    page.get_by_role("button", name=button).click()


def test_a_phone_check_is_filled_in_and_summarised(page: Page, live_server: str, no_gateway: None) -> None:
    _sign_in(page, live_server, make_staff())
    _open_case(page, live_server)
    _axe_clean(page)
    _ask(page, "Open a verify-by-phone task")
    expect(page.get_by_role("heading", name="ABC COMPANY: to verify by phone")).to_be_visible()
    assert "#coverage" in page.url and MEMBER_ID not in page.url
    _axe_clean(page)
    task = page.locator("article.coverage-check").first
    task.get_by_label("Coverage active").select_option("yes")
    task.get_by_label("Co-payment in network ($)").fill("25")
    task.get_by_label("Co-insurance out of network (%)").fill("40")
    task.get_by_label("Prior authorisation required").select_option("yes")
    task.get_by_label("Notes (who you spoke to, reference number)").fill("Spoke to Jo, ref 77")
    task.get_by_role("button", name="Save the summary").click()
    expect(page.get_by_role("heading", name="ABC COMPANY: verified by phone")).to_be_visible()
    summary = page.locator("dl.coverage-summary").first
    expect(summary).to_contain_text("in network $25.00")
    expect(summary).to_contain_text("out of network 40 %")
    assert MEMBER_ID not in page.content()
    _axe_clean(page)


def test_a_real_time_check_shows_the_payers_answer(page: Page, live_server: str, payer: SimulatedPayer) -> None:
    payer.default = Reply(x12=SUD_271)
    _sign_in(page, live_server, make_staff())
    _open_case(page, live_server)
    _ask(page, "Check coverage now")
    expect(page.get_by_role("heading", name="ABC COMPANY: answered by the payer")).to_be_visible()
    summary = page.locator("dl.coverage-summary").first
    expect(summary).to_contain_text("SILVER 200 PLAN")
    expect(summary).to_contain_text("in network $25.00; out of network $60.00")
    assert MEMBER_ID in payer.received[0].body.decode() and MEMBER_ID not in page.content()
    _axe_clean(page)
