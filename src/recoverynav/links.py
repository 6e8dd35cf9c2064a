"""One allow-list for every link rendered from data: ``http``/``https``, or a scheme a link names.

A facility website from an import or a poisoned sync (``javascript:alert(document.domain)//://x``), a
reference link or a finder URL is a link target only if its scheme is allowed; otherwise the page shows
the text without a link. A calendar file's ``URL`` (``meetings.meeting_ics``) passes the same list, so a
capability and a page never disagree about what is a link; hence a plain module, not part of the web face.
Browsers strip tabs, newlines and leading control characters from URLs, so a
value containing any control character or whitespace is refused rather than cleaned.

Usage (templates, registered in ``web.rendering``; code: ``from recoverynav.links import safe_url``)::

    {% set href = f.website | web_url %}{% if href %}<a href="{{ href }}">...</a>{% endif %}
    <a href="{{ ref.link | safe_url }}">   {# "" (no link target) when the scheme is not allowed #}
"""

from __future__ import annotations

import re
from functools import lru_cache

WEB_SCHEMES = frozenset({"http", "https"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# Any C0/C1 control, DEL, whitespace (incl. Unicode spaces) or a backslash (read as "/" by browsers).
_UNSAFE_CHAR = re.compile(r"[\x00-\x20\x7f-\xa0\s\\\u2028\u2029\ufeff]")


def safe_url(value: object, schemes: frozenset[str] | tuple[str, ...] = WEB_SCHEMES, relative: bool = True) -> str:
    """``value`` if it is a link we allow, else ``""``: an allowed scheme, or (``relative``) a site path or fragment."""
    if not isinstance(value, str):
        return ""
    return _safe_url(value, frozenset(schemes), relative)


# Pages render the same reference and facility links again and again (the overdose page has dozens).
@lru_cache(maxsize=8192)
def _safe_url(value: str, schemes: frozenset[str], relative: bool) -> str:
    url = value.strip()
    if not url or len(url) > 2000 or _UNSAFE_CHAR.search(url):
        return ""
    match = _SCHEME.match(url)
    if match:
        return url if match.group(1).lower() in {s.lower() for s in schemes} else ""
    if relative and url[0] in "/#?" and not url.startswith("//"):
        return url
    return ""


def web_url(value: object) -> str:
    """A stored website as a link: ``example.org`` gains ``http://``; only ``http``/``https`` are linked."""
    if not isinstance(value, str):
        return ""
    url = value.strip()
    match = _SCHEME.match(url)
    # "example.org:8080/x" reads as scheme "example.org": a dot never occurs in the schemes we allow.
    if url and not url.startswith(("/", "#", "?")) and (match is None or "." in match.group(1)):
        url = "http://" + url.lstrip("/")
    return safe_url(url, WEB_SCHEMES, relative=False)
