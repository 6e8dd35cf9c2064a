"""``search_facilities``: the place resolved offline, then the repository's spatial search, page by page."""

from __future__ import annotations

from datetime import UTC, datetime

from recoverynav.directory.geocode import geocode
from recoverynav.directory.models import FacilityHit, FacilityQuery, Place, SearchResult, UnknownFacilityError
from recoverynav.directory.openings import fresh_since, listed_openings
from recoverynav.directory.repository import FacilityFilter, FacilityRepository


def with_openings(hits: list[FacilityHit], repo: FacilityRepository, now: datetime | None = None) -> list[FacilityHit]:
    """The hits with the openings the public may see at ``now`` (stale ones marked, week-old ones dropped)."""
    if not hits:
        return hits
    moment = now or datetime.now(UTC)
    stored = repo.openings_of([hit.frid for hit in hits])
    return [
        hit.model_copy(update={"openings": listed_openings(stored.get(hit.frid, []), moment)})
        if stored.get(hit.frid)
        else hit
        for hit in hits
    ]


def search_facilities(query: FacilityQuery, repo: FacilityRepository, *, now: datetime | None = None) -> SearchResult:
    """Facilities near a place (within ``radius_miles`` or the ``nearest`` N) that offer every wanted code.

    Results are nearest first and each carries ``distance_miles``; without ``near`` they are sorted by
    name. Demo (synthetic) facilities appear only with ``include_demo``; closed ones never. A search with no
    match carries ``empty``: what was searched, why nothing matched, and what to try.

    Usage::

        search_facilities(FacilityQuery(near="22902", radius_miles=10, codes=["MD"]), repo).results[0].name
    """
    result = search_page(query, repo, now=now)
    if result.total == 0:
        from recoverynav.directory.explain import explain_empty

        result = result.model_copy(update={"empty": explain_empty(query, [], repo, result.origin)})
    return result


def search_page(
    query: FacilityQuery,
    repo: FacilityRepository,
    origin: Place | None = None,
    any_of: tuple[tuple[str, ...], ...] = (),
    *,
    now: datetime | None = None,
) -> SearchResult:
    """One page of ``search_facilities`` without the explanation of an empty result (``origin`` if resolved).

    ``any_of``: groups of codes of which a facility needs at least one each (the repository filters them).
    ``now``: the moment openings are aged against (tests move it).
    """
    moment = now or datetime.now(UTC)
    if origin is None and query.near:
        origin = geocode(query.near)
    radius = effective_radius(query, origin)
    spec = FacilityFilter(
        latitude=origin.latitude if origin else None,
        longitude=origin.longitude if origin else None,
        radius_miles=radius,
        nearest=query.nearest,
        codes=tuple(query.codes),
        any_of=any_of,
        facility_type=query.facility_type,
        name=query.name,
        include_synthetic=query.include_demo,
        openings_since=fresh_since(moment) if query.has_openings else None,
        offset=(query.page - 1) * query.page_size,
        limit=query.page_size,
    )
    page = repo.search(spec)
    return SearchResult(
        results=with_openings(page.hits, repo, moment),
        total=page.total,
        page=query.page,
        page_size=query.page_size,
        origin=origin,
        radius_miles=radius if origin else None,
    )


def effective_radius(query: FacilityQuery, origin: Place | None) -> float | None:
    """The radius searched: None for nearest-N; a state searches at least the radius that covers it."""
    if query.nearest is not None:
        return None
    if origin is not None and origin.radius_miles is not None:
        return max(query.radius_miles, origin.radius_miles)
    return query.radius_miles


def get_facility(
    frid: str, repo: FacilityRepository, *, include_demo: bool = False, now: datetime | None = None
) -> FacilityHit:
    """One facility by ``frid`` (closed ones too, marked by ``status``) with its openings as seen at ``now``;
    :class:`UnknownFacilityError` if absent."""
    # No importer makes an frid with a control character, and PostgreSQL text cannot even hold NUL.
    facility = None if any(ord(char) < 32 for char in frid) else repo.get(frid)
    if facility is None or (facility.synthetic and not include_demo):
        raise UnknownFacilityError(frid)
    return with_openings([FacilityHit(**facility.model_dump())], repo, now)[0]
