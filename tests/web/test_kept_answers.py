"""What the web face keeps between requests (#21) gives exactly what drawing afresh gives.

* The finder's result cards (``web/cards.py``): kept per listing, language and checkbox state, with the distance
  filled in per search. A page whose cards all come from the store equals the page drawn with an empty store, for
  searches that share listings at different distances, in both languages; a changed listing is drawn again.
* Pages drawn from their address alone (``render_once``: the bystander guide): the kept page equals the fresh one
  for every sign and language; changed settings draw it again; error pages are never kept.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from recoverynav.app import create_app
from recoverynav.directory import Facility, FacilityQuery, search_facilities
from recoverynav.directory.repository import FacilityRepository, ImportRun
from recoverynav.emergency import load_protocol
from recoverynav.i18n import Language
from recoverynav.settings import get_settings
from recoverynav.storage import prepare_database
from recoverynav.web.cards import _PER_SEARCH, forget_cards, listing_key
from recoverynav.web.deps import facility_repository
from recoverynav.web.rendering import forget_pages
from tests.seeded import seed_sqlite

LANGS: tuple[Language, ...] = ("en", "es")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> FacilityRepository:
    path: Path = tmp_path_factory.mktemp("kept") / "kept.sqlite3"
    return prepare_database(f"sqlite:///{seed_sqlite(path)}")


@pytest.fixture(scope="module")
def web(repo: FacilityRepository) -> Iterator[TestClient]:
    app = create_app()
    app.dependency_overrides[facility_repository] = lambda: repo
    with TestClient(app) as test_client:
        yield test_client


def _places(repo: FacilityRepository, count: int, seed: int) -> list[str]:
    """ZIP codes of listed sites, drawn with a fixed seed, in pairs of neighbours (the same listings, other miles)."""
    sites = [s for s in repo.sites_in(None) if s.zip and s.latitude is not None]
    rng = random.Random(seed)
    chosen: list[str] = []
    for site in rng.sample(sites, count):
        near = min(
            (s for s in sites if s.zip != site.zip and s.latitude is not None),
            key=lambda s: (s.latitude - site.latitude) ** 2 + (s.longitude - site.longitude) ** 2,  # type: ignore[operator]
        )
        chosen += [site.zip[:5], near.zip[:5]]
    return chosen


def _find(web: TestClient, place: str, lang: str, **extra: str) -> str:
    answer = web.get("/find?" + urlencode({"near": place, "radius": "25", "lang": lang, **extra}))
    assert answer.status_code in (200, 422), answer.text[:300]
    return answer.text


@pytest.mark.parametrize("lang", LANGS)
def test_a_page_of_kept_cards_is_the_page_drawn_afresh(web: TestClient, repo: FacilityRepository, lang: str) -> None:
    places = _places(repo, 12, seed=21)
    forget_cards()
    for place in places:  # each search after its neighbour: most of its cards were kept by the one before
        kept = _find(web, place, lang)
        forget_cards()
        fresh = _find(web, place, lang)
        assert kept == fresh, place
        # Each card's miles are this search's own, in the page's words.
        hits = search_facilities(FacilityQuery(near=place, radius_miles=25, page_size=20), repo).results
        shown = re.findall(r'<strong class="distance">([^<]*)</strong>', kept)
        word = "miles" if lang == "en" else "millas"
        assert shown == [f"{h.distance_miles:.1f} {word}" for h in hits if h.distance_miles is not None], place


def test_the_ticked_compare_box_is_its_own_card(web: TestClient, repo: FacilityRepository) -> None:
    place = _places(repo, 1, seed=5)[0]
    frid = search_facilities(FacilityQuery(near=place, radius_miles=25), repo).results[0].frid
    plain = _find(web, place, "en")
    ticked = _find(web, place, "en", compare=frid)
    box = f'id="compare-{frid}" checked'
    assert box not in plain
    assert box in ticked
    forget_cards()
    assert _find(web, place, "en", compare=frid) == ticked
    assert _find(web, place, "en") == plain


def test_a_changed_listing_is_drawn_again(web: TestClient, repo: FacilityRepository) -> None:
    def site(name: str) -> Facility:
        return Facility(
            frid="kept-card-1",
            name=name,
            street="1 Test Way",
            city="Charlottesville",
            state="VA",
            zip="22902",
            latitude=38.0293,
            longitude=-78.4767,
            phone="434-555-0100",
            codes=["SA", "OP", "MD"],
            source="test listing",
            dataset="kept-test",
            snapshot_year=2026,
        )

    run = ImportRun(dataset="kept-test", source_name="test", sha256="1" * 64, rows=1)
    repo.upsert([site("Kept Card First Name")], run)
    assert "Kept Card First Name" in _find(web, "22902", "en")
    repo.upsert([site("Kept Card Second Name")], run)
    page = _find(web, "22902", "en")
    assert "Kept Card Second Name" in page
    assert "Kept Card First Name" not in page


def test_listing_keys_are_equal_exactly_when_the_listings_are(repo: FacilityRepository) -> None:
    """The key is every field a card could show: two hits share one only when all those fields are equal."""
    hits = []
    for place in _places(repo, 15, seed=8):
        hits += search_facilities(FacilityQuery(near=place, radius_miles=50, page_size=50), repo).results
    assert len(hits) > 100
    fields = set(type(hits[0]).model_fields) - _PER_SEARCH
    dumps = [h.model_dump(include=fields) for h in hits]
    keys = [listing_key(h) for h in hits]
    pairs = 0
    for i in range(len(hits)):
        for j in range(i + 1, min(len(hits), i + 40)):
            assert (keys[i] == keys[j]) == (dumps[i] == dumps[j])
            pairs += 1
    assert pairs > 1000
    # The same listing found from another place: another distance, the same key.
    by_frid: dict[str, list[int]] = {}
    for i, h in enumerate(hits):
        by_frid.setdefault(h.frid, []).append(i)
    again = [ix for ix in by_frid.values() if len({hits[i].distance_miles for i in ix}) > 1]
    assert again
    assert all(len({keys[i] for i in ix}) == 1 for ix in again)


def test_every_field_changes_the_key(repo: FacilityRepository) -> None:
    hit = search_facilities(FacilityQuery(near="22902", radius_miles=25), repo).results[0]
    for name in type(hit).model_fields:
        if name in _PER_SEARCH:
            continue
        value = getattr(hit, name)
        if isinstance(value, bool):
            other: object = not value
        elif isinstance(value, (int, float)):
            other = value + 1
        elif isinstance(value, str):
            other = value + "x"
        elif isinstance(value, list):
            other = value[:-1] if value else None
        else:
            other = None
        if other is None or other == value:
            continue
        changed = hit.model_copy(update={name: other})
        assert listing_key(changed) != listing_key(hit), name


# -- the bystander guide ---------------------------------------------------------------------------------------


def _guides() -> list[str]:
    ids = [s.id for s in load_protocol().signs]
    return ["/overdose"] + [f"/overdose?sign={s}" for s in ids] + [f"/overdose?sign={ids[0]}&sign={ids[-1]}"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_kept_guide_is_the_guide_drawn_afresh(client: TestClient, lang: str) -> None:
    client.cookies.set("lang", lang)
    for url in [*_guides(), "/overdose?sign=unresponsive&substance=baclofen,alprazolam"]:
        forget_pages()
        fresh = client.get(url)
        kept = client.get(url)
        assert fresh.status_code == kept.status_code == 200
        assert kept.text == fresh.text, url
        for header in ("content-language", "vary", "content-security-policy", "etag"):
            assert kept.headers.get(header) == fresh.headers.get(header), (url, header)


def test_the_guide_in_another_language_is_another_page(client: TestClient) -> None:
    forget_pages()
    english = client.get("/overdose?sign=unresponsive", headers={"Accept-Language": "en"})
    spanish = client.get("/overdose?sign=unresponsive", headers={"Accept-Language": "es"})
    assert english.headers["content-language"] == "en"
    assert spanish.headers["content-language"] == "es"
    assert english.text != spanish.text


def test_changed_settings_draw_the_guide_again(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    forget_pages()
    assert "tel:911" in client.get("/overdose?sign=unresponsive").text
    monkeypatch.setenv("RECOVERYNAV_COUNTRY", "GB")
    get_settings.cache_clear()
    try:
        page = client.get("/overdose?sign=unresponsive").text
        assert "tel:999" in page
        assert "tel:911" not in page
    finally:
        monkeypatch.delenv("RECOVERYNAV_COUNTRY")
        get_settings.cache_clear()
    assert "tel:911" in client.get("/overdose?sign=unresponsive").text


def test_an_error_page_is_never_kept(client: TestClient) -> None:
    forget_pages()
    from recoverynav.web import rendering

    bad = client.get("/overdose?sign=not-a-sign")
    assert bad.status_code == 422
    assert not any("not-a-sign" in key[2] for key in rendering._pages)


# -- the finder form's options -------------------------------------------------------------------------------------

_OPTIONS_LOOP = (
    '{% for c in options %}<option value="{{ c.id }}"{% if selected | upper == c.id | upper %} selected{% endif %}>'
    "{{ c.label_in(lang) }}</option>{% endfor %}"
)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("group", ["care", "medication", "language", "age"])
def test_kept_options_are_the_options_drawn_in_the_template(group: str, lang: Language) -> None:
    from recoverynav import i18n
    from recoverynav.directory import load_choices
    from recoverynav.web.rendering import choice_options, templates

    options = getattr(load_choices(), group)
    loop = templates.env.from_string(_OPTIONS_LOOP)
    tried = ["", "zz", '"><script>alert(1)</script>', *(c.id for c in options), *(c.id.lower() for c in options)]
    with i18n.use_language(lang):
        for selected in tried:
            kept = str(choice_options(options, selected))
            assert kept == loop.render(options=options, selected=selected, lang=lang), (group, selected)
            assert kept.count(" selected>") == (selected.upper() in {c.id for c in options})
