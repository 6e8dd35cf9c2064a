"""``/screening`` pages without a browser: forms, terms on every page, result, FHIR download, errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle

from recoverynav.references import cite_sources
from recoverynav.screening import get_instrument, list_instruments


def test_index_lists_self_screens_and_staff_scales(client: TestClient) -> None:
    page = client.get("/screening").text
    assert 'href="/screening/audit-c"' in page and 'href="/screening/cows"' in page
    assert "Fagerström" in page and "CRAFFT" in page and "nothing you answer is stored" in page.lower()


@pytest.mark.parametrize("instrument", list_instruments(), ids=lambda i: i.id)
def test_every_form_has_a_fieldset_per_item_and_the_owners_terms(client: TestClient, instrument: object) -> None:
    from recoverynav.screening import Instrument

    assert isinstance(instrument, Instrument)
    page = client.get(f"/screening/{instrument.id}").text
    assert page.count("<legend>") >= len(instrument.items)
    assert instrument.permission.holder.split(" (")[0].replace("'", "&#39;") in page
    assert 'method="post"' in page and f'action="/screening/{instrument.id}"' in page


def test_audit_and_dast_pages_show_the_required_terms(client: TestClient) -> None:
    audit = client.get("/screening/audit").text
    assert "World Health Organization" in audit and "not for sale" in audit
    dast = client.get("/screening/dast-10").text
    assert "Skinner" in dast and "non-commercial" in dast


def test_result_page_and_fhir_download(client: TestClient) -> None:
    form = {"sex": "female", "q1": "1", "q2": "1", "q3": "1"}
    page = client.post("/screening/audit-c", data=form)
    assert page.status_code == 200
    assert 'id="score">3<' in page.text and "Positive (women, 3 or more)" in page.text
    assert 'action="/treatment/assess"' in page.text and 'action="/screening/audit-c/fhir"' in page.text
    download = client.post("/screening/audit-c/fhir", data=form)
    assert download.headers["content-type"].startswith("application/fhir+json")
    assert "attachment" in download.headers["content-disposition"]
    assert '"75626-2"' in download.text
    Bundle.model_validate_json(download.text)


def test_missing_answer_re_renders_the_form_with_the_item_named(client: TestClient) -> None:
    page = client.post("/screening/audit-c", data={"q1": "1", "q2": "1"})
    assert page.status_code == 422
    assert 'role="alert"' in page.text and 'href="#q3"' in page.text
    assert 'value="1" checked' in page.text  # answers given so far are kept


def test_taps_follow_ups_left_blank_are_fine(client: TestClient) -> None:
    form = {"taps1-tobacco": "0", "taps1-alcohol": "2", "taps1-drugs": "0", "taps1-rx": "0"}
    form |= {
        f"taps2-{g}-use": "0" for g in ("tobacco", "marijuana", "stimulants", "heroin", "opioids", "sedatives", "adhd")
    }
    form |= {
        "taps2-alcohol-use": "1",
        "taps2-alcohol-heavy-day": "1",
        "taps2-alcohol-control": "0",
        "taps2-alcohol-concern": "0",
    }
    page = client.post("/screening/taps", data=form)
    assert page.status_code == 200, page.text
    assert "Higher risk" in page.text


def test_unknown_instrument_page_is_404(client: TestClient) -> None:
    assert client.get("/screening/audti").status_code == 404


def test_results_are_private_not_cached_and_not_in_the_url(client: TestClient) -> None:
    form = {"sex": "female", "q1": "1", "q2": "1", "q3": "1"}
    page = client.post("/screening/audit-c", data=form, follow_redirects=False)
    assert page.status_code == 200 and page.url.path == "/screening/audit-c" and not page.url.query
    assert page.headers["cache-control"] == "no-store"
    assert client.post("/screening/audit-c/fhir", data=form).headers["cache-control"] == "no-store"
    retry = client.post("/screening/audit-c", data={"q1": "1"})
    assert retry.status_code == 422 and retry.headers["cache-control"] == "no-store"
    assert 'method="get"' not in page.text.split("<main", 1)[1]  # no form on the result page puts answers in a URL


def test_result_without_sex_offers_both_cut_offs_with_the_answers_kept(client: TestClient) -> None:
    page = client.post("/screening/audit-c", data={"q1": "1", "q2": "1", "q3": "1"}).text
    assert "Positive (sex not given, 3 or more)" in page and "below the cut-off for men" in page
    assert 'name="sex" value="male"' in page and '<input type="hidden" name="q3" value="1">' in page
    men = client.post("/screening/audit-c", data={"q1": "1", "q2": "1", "q3": "1", "sex": "male"}).text
    assert "Below the cut-off (men, under 4)" in men and 'value="male">See the result for men' not in men


def test_form_pages_list_the_bands_and_ciwa_says_which_published_bands(client: TestClient) -> None:
    page = client.get("/screening/ciwa-ar").text
    assert "How the score is read" in page and "15–67: Severe withdrawal (15 or more)" in page
    # Anchors are numbers, as on every page (#14): the band note's mark links to the VA PAWS entry of the list.
    number = cite_sources(sorted(get_instrument("ciwa-ar").all_source_ids()))["va-paws-ciwa-ar-levels"]
    band = page[page.index('id="band-choice"') : page.index("</p>", page.index('id="band-choice"'))]
    assert f'href="#ref-{number}"' in band
    entry = page[page.index(f'<li id="ref-{number}"') :]
    assert "PAWS: Prevention of alcohol withdrawal syndrome" in entry[: entry.index("</li>")]
    ciwa = next(i for i in list_instruments() if i.id == "ciwa-ar")
    result = client.post("/screening/ciwa-ar", data={item.id: "0" for item in ciwa.items}).text
    assert "Absent or mild withdrawal (under 8)" in result and 'id="band-choice"' in result


@pytest.mark.parametrize("instrument", list_instruments(), ids=lambda i: i.id)
def test_sources_end_each_part_once(client: TestClient, instrument: object) -> None:
    from recoverynav.screening import Instrument

    assert isinstance(instrument, Instrument)
    page = client.get(f"/screening/{instrument.id}").text
    sources = page[page.index('id="sources"') :]
    assert "n.d.." not in sources and "?." not in sources and ".." not in sources.replace("...", "")
