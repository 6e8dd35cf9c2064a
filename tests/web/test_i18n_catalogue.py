"""The Spanish catalogue keeps up with the code: every marked message is translated, nothing is fuzzy or stale.

Messages are extracted with Babel exactly as ``scripts/i18n update`` does (``babel.cfg``), and compared with
``src/recoverynav/locale/es/LC_MESSAGES/messages.po``, the file the site reads at run time. A template that still
has words outside ``_()`` / ``{% trans %}`` is untranslatable: it must be on ``NOT_YET_TRANSLATED`` below (a short,
shrinking list of pages still drawn in English), and a page on that list that has been finished must leave it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from recoverynav.i18n import LANGUAGES, LOCALE_DIR, translations, use_language
from recoverynav.i18n import gettext as _

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "src" / "recoverynav" / "web" / "templates"

# Templates whose words are still English only, each with what it is. Spanish pages fall back to English there.
NOT_YET_TRANSLATED: dict[str, str] = {
    "api_docs.html": "Swagger UI page: English only by design (Swagger UI has no Spanish); says lang=en",
    "staff/audit.html": "helpline back office (staff screens, English for now)",
    "staff/cases/_caller_fields.html": "helpline back office (staff screens, English for now)",
    "staff/cases/_list.html": "helpline back office (staff screens, English for now)",
    "staff/cases/case.html": "helpline back office (staff screens, English for now)",
    "staff/cases/duplicates.html": "helpline back office (staff screens, English for now)",
    "staff/cases/found.html": "helpline back office (staff screens, English for now)",
    "staff/cases/new.html": "helpline back office (staff screens, English for now)",
    "staff/cases/problem.html": "helpline back office (staff screens, English for now)",
    "staff/cases/queue.html": "helpline back office (staff screens, English for now)",
    "staff/cases/screen.html": "helpline back office (staff screens, English for now)",
    "staff/cases/_coverage.html": "helpline back office (staff screens, English for now)",
    "staff/cases/_referrals.html": "helpline back office (staff screens, English for now)",
    "staff/cases/consent.html": "helpline back office (staff screens, English for now)",
    "staff/cases/disclosures.html": "helpline back office (staff screens, English for now)",
    "staff/cases/referrals.html": "helpline back office (staff screens, English for now)",
    "staff/facility_openings.html": "helpline back office (staff screens, English for now)",
    "staff/facility_openings_check.html": "helpline back office (staff screens, English for now)",
    "staff/facility_referrals.html": "helpline back office (staff screens, English for now)",
    "staff/cases/stale.html": "helpline back office (staff screens, English for now)",
    "staff/cases/suggest.html": "helpline back office (staff screens, English for now)",
    "staff/code.html": "helpline back office (staff screens, English for now)",
    "staff/home.html": "helpline back office (staff screens, English for now)",
    "staff/layout.html": "helpline back office (staff screens, English for now)",
    "staff/login.html": "helpline back office (staff screens, English for now)",
    "staff/cases/plan.html": "helpline back office (staff screens, English for now)",
}

# Words that read the same in both languages and may stand outside a message.
NEUTRAL_WORDS = {"recoverynav", "API", "OpenAPI", "doi", "findtreatment", "gov", "LOINC"}
ATTRIBUTES = re.compile(r'\b(?:aria-label|placeholder|title|alt)="([^"]*)"')


def bare_words(source: str) -> list[str]:
    """Words a template shows that no message holds: text outside ``_()``, ``{% trans %}`` and Jinja tags."""
    text = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    text = re.sub(r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}", " ", text, flags=re.S)
    text = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", text, flags=re.S)
    shown = [value for value in ATTRIBUTES.findall(text)]
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"&\w+;|https?://\S+", " ", text)
    words = re.findall(r"[A-Za-zÀ-ÿ]{2,}", " ".join([text, *shown]))
    return [w for w in words if w not in NEUTRAL_WORDS]


def test_the_word_finder_sees_text_outside_messages() -> None:
    assert bare_words('<p>{{ _("Call now") }} {% trans %}Stay{% endtrans %}</p>') == []
    assert sorted(bare_words('<p aria-label="Main">{# note #}Hello {{ x }}</p>')) == ["Hello", "Main"]
    assert bare_words('<a href="/x">{{ name }}</a> · <strong>{{ _("or") }}</strong>') == []


def _templates() -> list[str]:
    return sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("template", _templates())
def test_every_template_word_is_a_message_unless_listed(template: str) -> None:
    words = bare_words((TEMPLATES / template).read_text(encoding="utf-8"))
    if template in NOT_YET_TRANSLATED:
        # Finished pages leave the list: it only ever shrinks.
        assert words, f"{template} has no English left outside messages: remove it from NOT_YET_TRANSLATED"
    else:
        assert words == [], f"{template}: wrap these in _() or {{% trans %}}: {words[:12]}"


def test_the_list_names_only_existing_templates() -> None:
    assert set(NOT_YET_TRANSLATED) <= set(_templates())


def _extracted() -> set[tuple[str | None, str]]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, "babel.cfg")  # type: ignore[no-untyped-call]
    found: set[tuple[str | None, str]] = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(ROOT, method_map, options_map):
        msgid = message[0] if isinstance(message, tuple | list) else message
        if msgid:
            found.add((context, msgid))
    return found


def _catalog(lang: str) -> Catalog:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=lang)


@pytest.fixture(scope="module")
def extracted() -> set[tuple[str | None, str]]:
    found = _extracted()
    assert len(found) > 50  # the extraction itself works
    return found


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_marked_message_is_in_the_catalogue_and_nothing_stale(
    lang: str, extracted: set[tuple[str | None, str]]
) -> None:
    catalog = _catalog(lang)
    held = {(m.context, m.id[0] if isinstance(m.id, tuple | list) else m.id) for m in catalog if m.id}
    assert sorted(extracted - held, key=str) == [], "missing: run scripts/i18n update, then translate"
    assert sorted(held - extracted, key=str) == [], "stale: run scripts/i18n update"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_entry_is_translated_not_fuzzy_and_keeps_its_placeholders(lang: str) -> None:
    catalog = _catalog(lang)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        raw = message.string if isinstance(message.string, tuple | list) else (message.string,)
        strings = [string or "" for string in raw]
        if message.fuzzy or not all(strings):
            problems.append(f"untranslated or fuzzy: {message.id!r}")
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        wanted = set(re.findall(r"%\(\w+\)s", " ".join(ids)))
        for string in strings:
            if set(re.findall(r"%\(\w+\)s", string)) != wanted:
                problems.append(f"placeholders differ: {message.id!r}")
            # Links and markup inside a message stay the same markup (only the words change).
            if sorted(re.findall(r"<[^>]+>", string)) != sorted(re.findall(r"<[^>]+>", ids[0])):
                problems.append(f"markup differs: {message.id!r}")
    problems += [f"{m.id!r}: {errors}" for m, errors in catalog.check()]
    assert problems == []


def test_the_runtime_reads_the_catalogue() -> None:
    assert translations("en").gettext("Menu") == "Menu"
    with use_language("es"):
        assert _("Overdose: what to do now") == "Sobredosis: qué hacer ahora"
    assert _("Overdose: what to do now") == "Overdose: what to do now"
