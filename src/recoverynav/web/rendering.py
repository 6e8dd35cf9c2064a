"""Template rendering shared by every page: the emergency box, the helpline, navigation and the page's language."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
import jinja2.nodes
import markupsafe
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from recoverynav import i18n
from recoverynav.emergency import contacts_for
from recoverynav.knowledge import heading_case
from recoverynav.web.cards import facility_card
from recoverynav.web.data_words import opening_age, service_name, sign_label, state_name
from recoverynav.web.finder_links import finder_href
from recoverynav.web.i18n import alternates, language_url, mark_language, request_language
from recoverynav.web.links import safe_url, web_url
from recoverynav.web.navigation import CAPABILITIES
from recoverynav.web.static_files import StaticUrls, static_url
from recoverynav.wiring import settings as current_settings

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
# Starlette 1.x takes a ready environment to add extensions: jinja2.ext.i18n, new-style (Jinja escapes and fills
# ``%(name)s`` itself), reading the language from recoverynav.i18n's context variable set in ``render``.
# StaticUrls: every ``="/static/..."`` a template writes becomes a content-hashed URL (web/static_files.py).
_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=jinja2.select_autoescape(),
    extensions=["jinja2.ext.i18n", StaticUrls],
    # Templates ship with the package: compiled once per process, never re-checked on disk (an include inside a
    # loop would stat its file once per result card).
    auto_reload=False,
)
_env.install_gettext_callables(  # type: ignore[attr-defined]
    gettext=i18n.gettext,
    ngettext=i18n.ngettext,
    pgettext=i18n.pgettext,
    npgettext=i18n.npgettext,
    newstyle=True,
)


@jinja2.pass_eval_context
def _gettext(eval_ctx: jinja2.nodes.EvalContext, message: str, /, **variables: Any) -> str:
    """The extension's new-style ``gettext`` (escaped, always %-formatted) without its two indirections (``_`` ->
    ``gettext`` -> ours, each through ``Context.call``): a results page calls it about 90 times."""
    text = i18n.gettext(message)
    translated = markupsafe.Markup(text) if eval_ctx.autoescape else text
    return translated % variables


_env.globals.update(gettext=_gettext, _=_gettext)
# {% trans %} blocks join their lines with single spaces, so a msgid does not depend on how the template wraps.
_env.policies["ext.i18n.trimmed"] = True
templates = Jinja2Templates(env=_env)
# Drug names start headings with ``heading_case`` ("MAOIs"), never Jinja's ``capitalize`` ("Maois").
templates.env.filters["heading_case"] = heading_case
# Every link target rendered from data passes one of these (tests/web/test_link_schemes.py checks each href).
templates.env.filters["safe_url"] = safe_url
templates.env.filters["web_url"] = web_url
templates.env.filters["finder_href"] = finder_href
# The directory's opening ages ("updated 3 hours ago") in the page's language.
templates.env.filters["opening_age"] = opening_age
templates.env.globals["sign_label"] = sign_label
# A service name or category heading of codes.yaml in the page's language (English ones marked lang="en").
templates.env.filters["service"] = service_name
# A US state's name in the page's language ("Nueva York").
templates.env.filters["state_name"] = state_name
templates.env.globals["static_url"] = static_url


def source_lines(facility: Any) -> tuple[list[tuple[str, Any]], list[str]]:
    """A listing's provenance for ``find/_provenance.html``: its sources' (name, year) once each, in order, and the
    other names sources list it under (each once, case-insensitively, never its own name)."""
    listed: dict[str, tuple[str, Any]] = {}
    others: list[str] = []
    seen = {str(facility.name).lower()}
    for source in facility.sources:
        listed.setdefault(f"{source.name}{source.year}", (source.name, source.year))
        if source.listed_as and str(source.listed_as).lower() not in seen:
            seen.add(str(source.listed_as).lower())
            others.append(source.listed_as)
    return list(listed.values()), others


templates.env.globals["source_lines"] = source_lines
# The finder's result cards, drawn once per listing and language (web/cards.py).
templates.env.globals["facility_card"] = facility_card

_option_lists: dict[tuple[int, str], tuple[object, tuple[tuple[str, markupsafe.Markup, markupsafe.Markup], ...]]] = {}


def choice_options(options: Sequence[Any], selected: str) -> markupsafe.Markup:
    """The ``<option>`` elements of a list of choices (``id``, ``label_in``) in the page's language, the one whose id
    is ``selected`` (in any case) marked ``selected``. Each list is drawn once per language (#21): a finder page has
    some forty options, each a lookup, a call and two escapes when drawn in the template."""
    lang = i18n.current_language()
    key = (id(options), lang)
    kept = _option_lists.get(key)
    if kept is None or kept[0] is not options:
        drawn = []
        for choice in options:
            label = choice.label_in(lang)
            plain = markupsafe.Markup('<option value="{}">{}</option>').format(choice.id, label)
            chosen = markupsafe.Markup('<option value="{}" selected>{}</option>').format(choice.id, label)
            drawn.append((str(choice.id).upper(), plain, chosen))
        kept = (options, tuple(drawn))
        _option_lists[key] = kept
    wanted = str(selected).upper()
    return markupsafe.Markup("".join(chosen if id_ == wanted else plain for id_, plain, chosen in kept[1]))


templates.env.globals["choice_options"] = choice_options


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render ``template`` with the shared context every page needs, in the request's language."""
    settings = current_settings()
    lang = request_language(request)
    base = {
        "settings": settings,
        "contacts": contacts_for(settings.country),
        "capabilities": CAPABILITIES,
        "lang": lang,
        "alternates": alternates(request),
        "default_url": language_url(request, None),
    }
    # The template is drawn inside the constructor, so the language is in force exactly while it is drawn.
    with i18n.use_language(lang):
        response = templates.TemplateResponse(request, template, {**base, **context}, status_code=status_code)
    mark_language(request, response, lang)
    return response


# -- pages that are a function of their address ----------------------------------------------------------------

# Pages kept per process by ``render_once``: a bystander guide page is about 30 kB, so at most a few tens of MB.
MAX_PAGES = 1024
_pages: dict[tuple[str, str, str], tuple[object, int, bytes]] = {}
_pages_lock = threading.Lock()


def render_once(request: Request, template: str, build: Callable[[], tuple[int, Mapping[str, Any]]]) -> HTMLResponse:
    """``render`` for a page drawn only from its address, its language and the settings (no database, no clock, no
    visitor): the first answer to an address is kept and served again (#21), with the same headers ``render`` gives.

    ``build`` returns the status and the template's context; it runs only when the page is not kept. Only 200 answers
    are kept, each with the settings object it was drawn with (changed settings draw it again); the store is bounded
    and forgets the oldest page first.
    """
    settings = current_settings()
    lang = request_language(request)
    key = (template, lang, str(request.url))
    with _pages_lock:
        kept = _pages.get(key)
    if kept is not None and kept[0] is settings:
        response = HTMLResponse(kept[2], status_code=kept[1])
        mark_language(request, response, lang)
        return response
    status, context = build()
    response = render(request, template, status_code=status, **context)
    if status == 200:
        with _pages_lock:
            if len(_pages) >= MAX_PAGES:
                _pages.pop(next(iter(_pages)))
            _pages[key] = (settings, status, bytes(response.body))
    return response


def forget_pages() -> None:
    """Empty the store of ``render_once`` (tests that change what a page is drawn from in place)."""
    with _pages_lock:
        _pages.clear()
