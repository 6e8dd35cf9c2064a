"""``/treatment`` and ``/treatment/assess`` without a browser: guide, form POST, result, errors."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize("path", ["/treatment", "/treatment/assess"])
def test_pages_have_emergency_box_and_footer(client: TestClient, path: str) -> None:
    html = client.get(path).text
    assert 'aria-label="Emergency help"' in html and "not medical advice" in html


def test_guide_explains_six_options_levels_codes_and_groups(client: TestClient) -> None:
    html = client.get("/treatment").text
    for anchor in ("detox", "inpatient", "residential", "outpatient", "support_groups", "aftercare"):
        assert f'id="{anchor}"' in html
    assert "3.7-WM" in html and "Medically Managed Residential" in html
    assert 'href="/find?code=DT"' in html
    assert "SMART Recovery" in html and 'id="ref-1"' in html


def test_form_post_gives_the_recommendation_with_finder_link(client: TestClient) -> None:
    form = {
        "substances": "baclofen, alcohol",
        "daily_use": "yes",
        "daily_dose_mg": "300",
        "history_withdrawal_seizures_or_dts": "yes",
        "near": "22902",
    }
    html = client.post("/treatment/assess", data=form).text
    assert "Suggestion: Detox" in html
    assert 'href="/find?code=DT&amp;code=HI&amp;near=22902"' in html
    assert "ASAM-informed suggestion, not an ASAM Criteria assessment" in html
    assert "baclofen and alcohol" in html


def test_active_plan_shows_emergency_first(client: TestClient) -> None:
    html = client.post("/treatment/assess", data={"substances": "alcohol", "suicidal_thoughts": "active_plan"}).text
    main = html[html.index('<main id="main">') :]
    assert main.index("Get help now") < main.index("When you are safe")
    assert 'href="tel:988"' in main and 'href="tel:911"' in main


def test_bad_answer_is_422_naming_the_question(client: TestClient) -> None:
    response = client.post("/treatment/assess", data={"substances": "alcohol", "daily_dose_mg": "lots"})
    assert response.status_code == 422
    assert 'href="#daily_dose_mg"' in response.text and "Daily dose" in response.text
    assert 'value="alcohol"' in response.text


def test_missing_substances_is_422(client: TestClient) -> None:
    response = client.post("/treatment/assess", data={"substances": " "})
    assert response.status_code == 422 and 'href="#substances"' in response.text


def test_form_asks_about_a_baclofen_pump_and_a_pump_user_gets_pump_advice_not_detox(client: TestClient) -> None:
    """#11: intrathecal_pump on the web form; the answer leads with the pump advice and never suggests detox."""
    assert 'name="intrathecal_pump"' in client.get("/treatment/assess").text
    form = {"substances": "baclofen", "daily_use": "yes", "daily_dose_mg": "600", "intrathecal_pump": "yes"}
    html = client.post("/treatment/assess", data=form).text
    main = html[html.index('<main id="main">') :]
    assert "Baclofen pump: never let it run dry" in main and "Detox" not in main[: main.index("What to do next")]
    assert "refill" in main and "hospital now" in main


def test_a_pump_that_may_have_failed_is_an_emergency_with_911_not_the_crisis_line(client: TestClient) -> None:
    """Withdrawal signs with a baclofen pump: the alert says call 911 and the hospital, and offers no talk line."""
    form = {"substances": "Lioresal", "daily_use": "yes", "withdrawal_symptoms": "moderate", "intrathecal_pump": "yes"}
    html = client.post("/treatment/assess", data=form).text
    alert = html[html.index('<section class="urgent"') :]
    alert = alert[: alert.index("</section>")]
    assert 'href="tel:911"' in alert and "hospital now" in alert
    assert "988" not in alert


def test_pregnancy_with_opioids_leads_with_medication_and_its_finder_links(client: TestClient) -> None:
    form = {"substances": "heroin", "daily_use": "yes", "withdrawal_symptoms": "mild", "pregnant": "yes"}
    html = client.post("/treatment/assess", data=form).text
    main = html[html.index('<main id="main">') :]
    assert main.index("Medication for opioid use disorder") < main.index("Also suggested")
    assert main.index('href="/find?medication=BU"') < main.index("What to do next")
    assert "Suggestion: Detox" not in html


def test_guide_says_support_groups_are_not_a_level_and_sober_living_is_housing(client: TestClient) -> None:
    html = client.get("/treatment").text
    groups = html[html.index('id="support_groups"') : html.index('id="aftercare"')]
    assert "not a level of care" in groups and "0.5" not in groups
    residential = html[html.index('id="residential"') : html.index('id="outpatient"')]
    assert "recovery housing" in residential and "not treatment" in residential
    assert "code=HH" not in residential


def test_the_guide_is_spanish_with_the_same_levels_codes_and_citations(client: TestClient) -> None:
    import re

    from recoverynav.placement import load_guide

    english, spanish = load_guide("en"), load_guide("es")
    en_page, es_page = client.get("/treatment").text, client.get("/treatment?lang=es").text
    assert '<html lang="es"' in es_page and "¿Qué tratamiento? Las opciones explicadas" in es_page
    for en, es in zip(english.options, spanish.options, strict=True):
        assert (en.id, en.levels, en.facility_codes, en.sources) == (es.id, es.levels, es.facility_codes, es.sources)
        assert es.what_happens in es_page and en.what_happens not in es_page, en.id
    en_settings = {lv.id: lv.setting for lv in english.levels} | {wm.id: wm.setting for wm in english.withdrawal_levels}
    es_settings = {lv.id: lv.setting for lv in spanish.levels} | {wm.id: wm.setting for wm in spanish.withdrawal_levels}
    assert en_settings.keys() == es_settings.keys()
    for level_id, setting in en_settings.items():
        assert es_settings[level_id] in es_page and setting not in es_page, level_id
        # Hours, days and levels never change in translation.
        assert set(re.findall(r"\d+", setting)) <= set(re.findall(r"\d+", es_settings[level_id])), level_id
    # The same statements cite the same sources in the same order; ASAM's level names stay English, marked so.
    assert re.findall(r'href="#ref-(\d+)"', en_page) == re.findall(r'href="#ref-(\d+)"', es_page)
    assert f'<td lang="en">{english.levels[1].name}</td>' in es_page


def test_the_questionnaire_is_spanish(client: TestClient) -> None:
    page = client.get("/treatment/assess?lang=es").text
    assert "¿Qué tratamiento podría encajar?" in page and "¿Ha pensado en el suicidio últimamente?" in page
    assert 'href="tel:988"' in page and "todavía están en inglés" not in page
    assert "Thoughts of suicide lately?" not in page and "See the suggestion" not in page
    # The answers' values are the same in both languages: the engine reads codes, not words.
    assert re.findall(r'name="(\w+)" value="(\w*)"', page) == re.findall(
        r'name="(\w+)" value="(\w*)"', client.get("/treatment/assess").text
    )


# Answers that fire many rules between them: withdrawal, dose, pump, pregnancy, crisis, home, readiness.
SPANISH_CASES = [
    {"substances": "baclofen, alcohol", "daily_use": "yes", "daily_dose_mg": "300", "near": "22902"},
    {"substances": "heroin", "daily_use": "yes", "pregnant": "yes", "home": "others_use", "support_people": "no"},
    {"substances": "baclofen", "intrathecal_pump": "yes", "withdrawal_symptoms": "mild", "kidney_disease": "yes"},
    {"substances": "alcohol, zolpidem", "withdrawal_symptoms": "severe", "suicidal_thoughts": "active_plan"},
    {
        "substances": "cannabis",
        "withdrawal_symptoms": "moderate",
        "readiness": "ambivalent",
        "cravings": "strong",
        "prior_treatment_relapses": "3",
        "home": "unsafe",
        "co_occurring_mental_health": "yes",
    },
]


@pytest.mark.parametrize("form", SPANISH_CASES)
def test_the_suggestion_in_spanish_shows_the_engines_spanish_words(client: TestClient, form: dict[str, str]) -> None:
    from html import escape

    from recoverynav.placement import Facts, load_rulebook, recommend_level
    from recoverynav.web.treatment import form_to_facts

    html = client.post("/treatment/assess?lang=es", data=form).text
    main = html[html.index('<main id="main">') :]
    facts = Facts.model_validate(form_to_facts(form))
    es, en = recommend_level(facts, lang="es"), recommend_level(facts)
    book = {r.id: r for r in load_rulebook().rules}
    assert [r.rule for r in es.reasons] == [r.rule for r in en.reasons] and es.sources == en.sources
    for spanish, english in zip(es.reasons, en.reasons, strict=True):
        assert escape(spanish.text, quote=False) in main and escape(english.text, quote=False) not in main
        if spanish.rule in book:  # a rule's reason is its es: block, filled in
            start = " ".join(book[spanish.rule].es.reason.split("{")[0].split())
            assert spanish.text.startswith(start), spanish.rule
    for step, english_step in zip(es.next_steps, en.next_steps, strict=True):
        assert escape(step, quote=False) in main and escape(english_step, quote=False) not in main
    for d in es.dimension_ratings:
        assert escape(d.plain, quote=False) in main
    assert "todavía están en inglés" not in main and '<ol class="steps">' in main


def test_the_suggestion_in_spanish_has_spanish_words_around_it(client: TestClient) -> None:
    form = {"substances": "baclofen, alcohol", "daily_use": "yes", "daily_dose_mg": "300", "near": "22902"}
    html = client.post("/treatment/assess?lang=es", data=form).text
    main = html[html.index('<main id="main">') :]
    assert "Sugerencia: Desintoxicación (manejo de la abstinencia)" in main and "Suggestion:" not in main
    assert "Qué hacer después" in main and "Por qué esta sugerencia" in main and "What to do next" not in main
    assert 'href="/find?code=DT&amp;code=RES&amp;near=22902"' in main
