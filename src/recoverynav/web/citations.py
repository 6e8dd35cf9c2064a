"""The citation context every page template gets: ``references`` to list and ``numbers`` to mark statements.

``_references.html`` renders both (``reference_list(references)``, ``cite(ids, numbers)``); views build them here
from :func:`recoverynav.references.cite_sources`, so a page never numbers its sources itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from recoverynav.references import Citation, CitedSources, cite_sources


def citation_context(ids: Iterable[str]) -> dict[str, Any]:
    """Number the ids a page cites, in the order it uses them, for ``_references.html``."""
    return numbered_context(cite_sources(ids).citations)


def numbered_context(citations: Iterable[Citation | Mapping[str, Any]]) -> dict[str, Any]:
    """The same context for an answer that already carries its numbered citations (objects or their JSON)."""
    cited = CitedSources(c if isinstance(c, Citation) else Citation.model_validate(c) for c in citations)
    return {"references": list(cited.citations), "numbers": cited}
