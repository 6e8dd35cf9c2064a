"""The brute-force baseline for facility search: every matching row's distance, sorted, no spatial index.

It lives with the benchmarks, not in the package: nothing in recoverynav searches this way. ``directory_search.py``
times it against the indexed search, and ``tests/directory/test_search.py`` uses it as the oracle the indexed
search must agree with.

Usage::

    from benchmarks.scan_search import search_by_scan      # from the repository root (tests)
    from scan_search import search_by_scan                 # from a script in benchmarks/
    search_by_scan(repo, spec) == repo.search(spec)
"""

from __future__ import annotations

from sqlalchemy import select

from recoverynav.directory.repository import FacilityFilter, FacilityPage
from recoverynav.storage.directory.facilities import SqlFacilityRepository
from recoverynav.storage.directory.tables import facilities


def search_by_scan(repo: SqlFacilityRepository, spec: FacilityFilter) -> FacilityPage:
    """The same answer as ``repo.search(spec)`` without the spatial index (a place is required)."""
    assert spec.latitude is not None and spec.longitude is not None
    miles = repo.spatial.miles(spec.latitude, spec.longitude)
    query = select(facilities.c.id, miles.label("miles")).where(*repo._filters(spec))
    query = query.where(facilities.c.latitude.is_not(None))
    limit = spec.limit
    if spec.nearest is None:
        query = query.where(miles <= (spec.radius_miles or 25.0))
    else:
        limit = max(0, min(spec.limit, spec.nearest - spec.offset))
    with repo.engine.connect() as conn:
        rows = conn.execute(query.order_by(miles, facilities.c.frid)).all()
        total = len(rows) if spec.nearest is None else min(len(rows), spec.nearest)
        page = rows[spec.offset : spec.offset + limit]
        return FacilityPage(repo._hits(conn, [(r[0], float(r[1])) for r in page]), total)
