"""``/overdose`` with a name no monograph lists: the steps treat it as unknown, and after them a "did you mean"
link re-runs the same signs with the confirmed name, without JavaScript (#11)."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from recoverynav.knowledge import load_catalog
from tests.names import nonsense, unlisted_typo

CATALOG = load_catalog()
# A combination product's generic name lists its ingredients with commas, which the form reads as separate names.
GENERICS = sorted(
    s.names.generic for s in CATALOG.substances.values() if len(s.names.generic) >= 7 and "," not in s.names.generic
)
SIGNS = [("sign", "unresponsive"), ("sign", "slow_or_shallow_breathing")]


def _step_ids(page: str) -> list[str]:
    steps = page[page.index('<ol class="steps"') : page.index("</ol>")]
    return re.findall(r'<li id="([a-z_]+)"', steps)


def _did_you_mean(page: str, name: str) -> str:
    """The href of the suggestion link named ``name``."""
    found = re.search(r'<a href="([^"]+)">' + re.escape(name) + "</a>", page)
    assert found, name
    return html.unescape(found.group(1))


@pytest.mark.parametrize("generic", GENERICS)
def test_a_typo_gets_a_did_you_mean_link_after_the_steps(client: TestClient, generic: str) -> None:
    other = next(s.names.generic for s in CATALOG.substances.values() if s.names.generic != generic)
    typo = unlisted_typo(generic)
    page = client.get("/overdose", params=[*SIGNS, ("substance", f"{other}, {typo}")]).text
    main = page[page.index('<main id="main">') :]
    # The number and the steps come first; the question comes after them and changes none of them.
    assert main.index('href="tel:911"') < main.index('<ol class="steps"') < main.index("Did you mean")
    baseline = client.get("/overdose", params=[*SIGNS, ("substance", f"{other}, {nonsense()}")]).text
    assert _step_ids(page) == _step_ids(baseline)
    href = _did_you_mean(main, generic)
    link = urlsplit(href)
    query = parse_qs(link.query)
    assert link.path == "/overdose" and link.fragment == "steps"
    assert query["sign"] == [v for _, v in SIGNS] and query["substance"] == [f"{other}, {generic}"]
    confirmed = client.get(href).text
    assert "not in our drug list" not in confirmed and "Did you mean" not in confirmed


def test_a_name_nothing_resembles_is_unknown_without_a_question(client: TestClient) -> None:
    page = client.get("/overdose", params=[*SIGNS, ("substance", nonsense())]).text
    assert "not in our drug list" in page and "Did you mean" not in page and 'id="naloxone"' in page


def test_the_typed_name_is_escaped(client: TestClient) -> None:
    page = client.get("/overdose", params={"substance": '<script>alert(1)</script>"'}).text
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize(
    ("sid", "misspelling"), sorted((s.id, m) for s in CATALOG.substances.values() for m in s.names.misspellings)
)
def test_a_listed_misspelling_says_which_drug_it_was_read_as(client: TestClient, sid: str, misspelling: str) -> None:
    page = html.unescape(client.get("/overdose", params={"substance": misspelling}).text)
    assert f"We read “{misspelling}” as {CATALOG.substances[sid].names.generic}." in page
    assert "not in our drug list" not in page
