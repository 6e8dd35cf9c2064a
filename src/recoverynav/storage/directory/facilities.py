"""The SQLAlchemy implementation of the directory's ``FacilityRepository`` for SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any, Protocol

from pydantic import TypeAdapter
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ColumnElement,
    Connection,
    Engine,
    Float,
    Integer,
    MetaData,
    Table,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    literal_column,
    or_,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError

from recoverynav.directory.models import Facility, FacilityHit, SourceRecord
from recoverynav.directory.openings import Opening
from recoverynav.directory.repository import FacilityFilter, FacilityPage, ImportRun, UpsertCounts
from recoverynav.storage.directory import cells, spatial
from recoverynav.storage.directory.codebits import MASK_COLUMNS, code_masks, split_codes
from recoverynav.storage.directory.tables import facilities, facility_imports
from recoverynav.storage.limits import StorageRejected, row_problems
from recoverynav.storage.locks import WRITE_LOCK_WAIT_SECONDS, write_lock
from recoverynav.storage.unit_of_work import UnitOfWork

_CHUNK = 500
# Nearest-N on SQLite grows a search circle until it holds N matches; doubling keeps the last circle's area
# within 4x of the smallest one that holds them.
_FIRST_RING_MILES = 5.0
# Rows fetched past the page in dot-product order, so rows tying with the page's last one usually come along.
_PAD = 8
_DERIVED = ("id", "fingerprint", "updated_at", *MASK_COLUMNS)
_STORED = [c.name for c in facilities.columns if c.name not in _DERIVED]
# Statements reused for every search (expanding IN lists), so SQLAlchemy compiles each once.
_ROWS = select(facilities).where(facilities.c.id.in_(bindparam("ids", expanding=True)))
# The page's candidates whole, with their exact miles: one statement gives both the scan's order and the rows.
_CANDIDATE_ROWS = select(facilities, spatial.sqlite_miles(0.0, 0.0).label("exact_miles")).where(
    facilities.c.id.in_(bindparam("ids", expanding=True))
)


class SqlFacilityRepository:
    """Facilities in a SQL database; the spatial query follows the dialect (grid cells or PostGIS).

    Usage::

        repo = SqlFacilityRepository(engine_for("sqlite:///x.sqlite3"))
        repo.search(FacilityFilter(latitude=38.03, longitude=-78.48, radius_miles=10, codes=("MD",)))
    """

    def __init__(
        self, engine: Engine, *, unit: UnitOfWork | None = None, lock_wait_seconds: float = WRITE_LOCK_WAIT_SECONDS
    ) -> None:
        self.engine = engine
        self.postgis = engine.dialect.name == "postgresql"
        # The one place the backends differ: how a circle or the nearest N are found (and miles measured).
        self.spatial: _Spatial = _PostGisSpatial(self) if self.postgis else _GridSpatial(self)
        # Writes join this unit's transaction (it commits); without one, each write is a unit of its own.
        self.unit = unit
        # How long an import waits for another one writing the same database before giving up (StorageBusy).
        self.lock_wait_seconds = lock_wait_seconds

    # -- reading -------------------------------------------------------------------------------

    def get(self, frid: str) -> Facility | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(facilities).where(facilities.c.frid == frid)).mappings().first()
        return _to_facility(row) if row else None

    def count(self, *, include_synthetic: bool = True, include_closed: bool = True) -> int:
        query = select(func.count()).select_from(facilities)
        if not include_synthetic:
            query = query.where(facilities.c.synthetic.is_(False))
        if not include_closed:
            query = query.where(facilities.c.status == "open")
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def openings_of(self, frids: Sequence[str]) -> dict[str, list[Opening]]:
        from recoverynav.storage.openings import read_openings

        with self.engine.connect() as conn:
            return read_openings(conn, frids)

    def has_import(self, sha256: str) -> bool:
        with self.engine.connect() as conn:
            found = conn.execute(select(facility_imports.c.id).where(facility_imports.c.sha256 == sha256).limit(1))
            return found.first() is not None

    def search(self, spec: FacilityFilter) -> FacilityPage:
        with self.engine.connect() as conn:
            if spec.latitude is None or spec.longitude is None:
                return self._search_unplaced(conn, spec)
            if spec.nearest is not None:
                return self.spatial.nearest(conn, spec, spec.latitude, spec.longitude, spec.nearest)
            return self.spatial.circle(conn, spec, spec.latitude, spec.longitude, spec.radius_miles or 25.0)

    def _filters(self, spec: FacilityFilter, *, masks: bool = False) -> list[ColumnElement[bool]]:
        """Filters on ``facilities``; ``masks`` tests known codes by bitmask (else plain text tests, as the
        benchmarks' brute-force scan uses them)."""
        c = facilities.c
        where: list[ColumnElement[bool]] = []
        if not spec.include_closed:
            where.append(c.status == "open")
        if not spec.include_synthetic:
            where.append(c.synthetic.is_(False))
        text_codes = spec.codes
        if masks:
            wanted, text_codes = split_codes(spec.codes)
            where += _mask_tests(facilities, wanted)
        where += cells.text_filters(tuple(text_codes), spec.name)
        where += [cells.any_of_test(facilities, group) for group in spec.any_of]
        if spec.facility_type:
            where.append(c.facility_type == spec.facility_type.upper())
        if spec.openings_since is not None:
            from recoverynav.storage.openings import open_now_test

            where.append(open_now_test(c.frid, spec.openings_since))
        return where

    def _search_unplaced(self, conn: Connection, spec: FacilityFilter) -> FacilityPage:
        total = int(conn.execute(select(func.count()).select_from(facilities).where(*self._filters(spec))).scalar_one())
        query = (
            select(facilities.c.id)
            .where(*self._filters(spec))
            .order_by(facilities.c.name, facilities.c.frid)
            .offset(spec.offset)
            .limit(spec.limit)
        )
        ids = [(row[0], None) for row in conn.execute(query)]
        return FacilityPage(self._hits(conn, ids), total)

    def _cell_page(
        self, conn: Connection, spec: FacilityFilter, lat: float, lon: float, miles: float, offset: int, limit: int
    ) -> tuple[list[FacilityHit], int]:
        """One page of the circle's matches in the scan's order (haversine miles, then frid), and their count.

        The dot product orders rows like the haversine except where the two round differently, i.e. within
        DOT_EPSILON. So: the page's end in dot order is found in one pass (with the count), every row within
        DOT_EPSILON of it is added, and only those get miles and are sorted the scan's way.
        """
        query = cells.cell_query(spec, lat, lon, miles)
        want = offset + limit
        if limit <= 0:
            count = select(func.count()).select_from(query.matches.subquery())
            return [], int(conn.execute(count, query.params).scalar_one())
        fetch = want + _PAD
        while True:
            rows = conn.execute(query.paged, {**query.params, "fetch": fetch}).all()
            total = int(rows[0].total) if rows else 0
            if len(rows) >= total or rows[-1].dot < rows[want - 1].dot - cells.DOT_EPSILON:
                break
            fetch *= 4  # a cluster of equal distances (one address, many listings) runs past the pad
        if want < len(rows):
            edge = rows[want - 1].dot - cells.DOT_EPSILON
            rows = [row for row in rows if row.dot >= edge]
        ids = {"ids": [row.id for row in rows], **spatial.sqlite_miles_params(lat, lon)}
        exact = conn.execute(_CANDIDATE_ROWS, ids).mappings().all()
        ordered = sorted(exact, key=lambda row: (row["exact_miles"], row["frid"]))[offset:want]
        return [_hit(row, float(row["exact_miles"])) for row in ordered], total

    def _hits(self, conn: Connection, ids: Sequence[tuple[int, float | None]]) -> list[FacilityHit]:
        if not ids:
            return []
        rows = conn.execute(_ROWS, {"ids": [i for i, _ in ids]}).mappings().all()
        by_id = {row["id"]: row for row in rows}
        return [_hit(by_id[i], d) for i, d in ids]

    # -- writing -------------------------------------------------------------------------------

    def problems(self, facility: Facility) -> list[tuple[str, str]]:
        return _problems(facility, _encoded(facility))

    def sites_in(self, states: Collection[str] | None) -> list[Facility]:
        query = select(facilities).where(facilities.c.status == "open", facilities.c.synthetic.is_(False))
        if states is not None:
            query = query.where(facilities.c.state.in_(sorted(states)))
        with self.engine.connect() as conn:
            return [_to_facility(row) for row in conn.execute(query.order_by(facilities.c.id)).mappings()]

    def upsert(self, facilities_: Sequence[Facility], run: ImportRun, *, absorbed: Sequence[str] = ()) -> UpsertCounts:
        frids = [f.frid for f in facilities_]
        if len(set(frids)) != len(frids):
            raise ValueError("upsert needs unique frids; merge duplicates before storing")
        now = datetime.now(UTC)
        rows = [_to_row(facility, now) for facility in facilities_]
        _refuse_unstorable(facilities_, rows, run)
        if self.unit is not None:
            # The unit already holds the write lock: stage and swap in its transaction.
            conn = self.unit.connection
            with _staged(conn, rows, own=False):
                return _swap(conn, run, frids, absorbed, now)
        with self.engine.connect() as conn:
            # The rows go into a temporary table first, outside the write transaction (on SQLite the temporary
            # database is the connection's own, so staging takes no lock on the real one); the write lock is
            # then held only for the few set-based statements that swap them in.
            with _staged(conn, rows, own=True):
                if self.engine.dialect.name == "sqlite":
                    conn.commit()
                with write_lock(self.engine, self.lock_wait_seconds, connection=conn):
                    counts = _swap(conn, run, frids, absorbed, now)
            if counts.inserted + counts.updated + counts.closed >= ANALYZE_AFTER_ROWS:
                _analyze(conn)
        return counts


# An import that changed at least this many rows refreshes the planner's statistics (PostgreSQL): without them,
# a table loaded from empty is planned as if it were still tiny (sequential scans, quadratic imports).
ANALYZE_AFTER_ROWS = 1_000
# Every written column (the id is the database's); the stage adds the rows' order, so ids follow the input.
_WRITTEN = [c.name for c in facilities.columns if c.name != "id"]
_stage = Table(
    "facility_stage",
    MetaData(),
    Column("seq", Integer, nullable=False),
    *(Column(c.name, c.type) for c in facilities.columns if c.name != "id"),
    prefixes=["TEMPORARY"],
)


@contextmanager
def _staged(conn: Connection, rows: list[dict[str, Any]], *, own: bool) -> Iterator[None]:
    """``rows`` in the temporary table ``facility_stage`` of this connection (dropped again when done)."""
    sqlite = conn.dialect.name == "sqlite"
    drop = "DROP TABLE IF EXISTS " + ("temp." if sqlite else "pg_temp.") + _stage.name
    conn.exec_driver_sql(drop)
    _stage.create(conn)
    if sqlite:
        _stage_sqlite(conn, rows)
    else:
        _stage_postgres(conn, rows)
    conn.exec_driver_sql(f"CREATE UNIQUE INDEX ix_{_stage.name}_frid ON {_stage.name} (frid)")
    if not sqlite:
        conn.exec_driver_sql(f"ANALYZE {_stage.name}")
    try:
        yield
    finally:
        # Within a unit of work the unit's transaction is left as it is; otherwise the connection is ours.
        with suppress(DBAPIError):
            conn.exec_driver_sql(drop)
            if own:
                conn.commit()


def _stage_sqlite(conn: Connection, rows: list[dict[str, Any]]) -> None:
    # The driver's executemany with values converted once here: SQLAlchemy's per-value processing would cost more
    # than the insert itself. Every row carries the same time, so its stored form is computed once.
    processor = facilities.c.updated_at.type.bind_processor(conn.dialect)
    times: dict[datetime, Any] = {}
    names = [name for name in _WRITTEN if name != "updated_at"]
    pick = itemgetter(*names)  # one C call a row instead of a generator
    values = []
    for seq, row in enumerate(rows):
        at = row["updated_at"]
        if at not in times:
            times[at] = processor(at) if processor is not None else at
        values.append((seq, times[at], *pick(row)))
    columns = ", ".join(["seq", "updated_at", *names])
    marks = ", ".join("?" for _ in range(len(names) + 2))
    if values:
        conn.exec_driver_sql(f"INSERT INTO {_stage.name} ({columns}) VALUES ({marks})", values)


def _stage_postgres(conn: Connection, rows: list[dict[str, Any]]) -> None:
    # COPY: one stream instead of a statement per row (psycopg 3 adapts each Python value).
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(f"COPY {_stage.name} ({', '.join(_stage.c.keys())}) FROM STDIN") as copy:
            pick = itemgetter(*_WRITTEN)
            for seq, row in enumerate(rows):
                copy.write_row((seq, *pick(row)))
    finally:
        cursor.close()


def _swap(conn: Connection, run: ImportRun, frids: list[str], absorbed: Sequence[str], now: datetime) -> UpsertCounts:
    """The staged rows into ``facilities`` in set-based statements, in the caller's (locked) transaction."""
    s, f = _stage.c, facilities.c
    # A full refresh closes rows without touching their fingerprint, so compare status too.
    differs = or_(f.fingerprint != s.fingerprint, f.status != s.status)
    kinds = select(func.count(f.id), func.coalesce(func.sum(case((differs, 1), else_=0)), 0)).select_from(
        _stage.outerjoin(facilities, f.frid == s.frid)
    )
    stored, changed = conn.execute(kinds).one()
    counts = UpsertCounts(inserted=len(frids) - stored, updated=changed, unchanged=stored - changed, frids=frids)
    if changed:
        values = {name: s[name] for name in _WRITTEN if name != "frid"}
        conn.execute(update(facilities).values(values).where(f.frid == s.frid, differs))
    if counts.inserted:
        new = select(*(s[name] for name in _WRITTEN)).where(~exists().where(f.frid == s.frid)).order_by(s.seq)
        conn.execute(insert(facilities).from_select(_WRITTEN, new))
    for chunk in _chunks(list(absorbed), _CHUNK):
        conn.execute(delete(facilities).where(f.frid.in_(chunk)))
    if run.full_refresh:
        absent = ~exists().where(s.frid == f.frid)
        close = update(facilities).where(f.dataset == run.dataset, f.status == "open", absent)
        counts.closed = conn.execute(close.values(status="closed", updated_at=now)).rowcount
    conn.execute(
        insert(facility_imports).values(
            dataset=run.dataset,
            source_name=run.source_name[:500],
            sha256=run.sha256,
            rows=run.rows,
            inserted=counts.inserted,
            updated=counts.updated,
            closed=counts.closed,
            full_refresh=run.full_refresh,
            imported_at=now,
        )
    )
    return counts


def _analyze(conn: Connection) -> None:
    """Fresh planner statistics for ``facilities`` after a bulk load (PostgreSQL; see ANALYZE_AFTER_ROWS)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ANALYZE facilities")
        conn.commit()


class _Spatial(Protocol):
    """How one backend finds a circle's matches or the nearest N, and measures miles in SQL."""

    def miles(self, lat: float, lon: float) -> ColumnElement[float]: ...

    def circle(self, conn: Connection, spec: FacilityFilter, lat: float, lon: float, miles: float) -> FacilityPage: ...

    def nearest(self, conn: Connection, spec: FacilityFilter, lat: float, lon: float, n: int) -> FacilityPage: ...


class _GridSpatial:
    """SQLite: the grid cells (``facility_cells``), read around the circle; nearest-N grows a circle."""

    def __init__(self, repo: SqlFacilityRepository) -> None:
        self.repo = repo

    def miles(self, lat: float, lon: float) -> ColumnElement[float]:
        return spatial.sqlite_miles(lat, lon)

    def circle(self, conn: Connection, spec: FacilityFilter, lat: float, lon: float, miles: float) -> FacilityPage:
        hits, total = self.repo._cell_page(conn, spec, lat, lon, miles, spec.offset, spec.limit)
        return FacilityPage(hits, total)

    def nearest(self, conn: Connection, spec: FacilityFilter, lat: float, lon: float, n: int) -> FacilityPage:
        limit = max(0, min(spec.limit, n - spec.offset))
        radius = _FIRST_RING_MILES
        while True:
            # Counting stops at n: a dense first circle costs n rows, not all of them.
            ring = cells.cell_query(spec, lat, lon, radius)
            found = int(conn.execute(cells.capped_count(ring.matches), {**ring.params, "cap": n}).scalar_one())
            # Once the circle holds n matches, the n nearest of all are inside it.
            if found >= n or radius >= cells.WHOLE_EARTH_MILES:
                break
            radius *= 2
        hits, total = self.repo._cell_page(conn, spec, lat, lon, radius, spec.offset, limit)
        return FacilityPage(hits, min(total, n))


class _PostGisSpatial:
    """PostgreSQL: a generated ``geography`` column with a GiST index (circle by ST_DWithin, KNN by ``<->``)."""

    def __init__(self, repo: SqlFacilityRepository) -> None:
        self.repo = repo

    def miles(self, lat: float, lon: float) -> ColumnElement[float]:
        return spatial.postgis_miles(lat, lon)

    def circle(self, conn: Connection, spec: FacilityFilter, lat: float, lon: float, miles: float) -> FacilityPage:
        shape = _postgis_statements(*_postgis_shape(spec))
        params = _postgis_params(spec, lat, lon) | {"meters": miles * spatial.METERS_PER_MILE}
        # One pass: the window count gives the total while only the page's rows come back.
        rows = conn.execute(shape.paged, params | {"offset": spec.offset, "limit": spec.limit}).all()
        total = int(rows[0][2]) if rows else int(conn.execute(shape.count, params).scalar_one())
        return FacilityPage(self.repo._hits(conn, [(r[0], float(r[1])) for r in rows]), total)

    def nearest(self, conn: Connection, spec: FacilityFilter, lat: float, lon: float, n: int) -> FacilityPage:
        limit = max(0, min(spec.limit, n - spec.offset))
        shape = _postgis_statements(*_postgis_shape(spec))
        params = _postgis_params(spec, lat, lon) | {"n": n}
        # The KNN walk (ORDER BY <-> alone, or PostgreSQL abandons the index) finds n matches; the farthest
        # of them bounds the n nearest, which a GiST circle then returns in the scan's order.
        reach = max(conn.execute(shape.knn, params).scalars().all(), default=None)
        if reach is None:
            return FacilityPage([], 0)
        meters = (float(reach) * (1 + 1e-9) + 1e-9) * spatial.METERS_PER_MILE
        rows = conn.execute(shape.inside, params | {"meters": meters}).all()
        total, page = len(rows), rows[spec.offset : spec.offset + limit]
        return FacilityPage(self.repo._hits(conn, [(r[0], float(r[1])) for r in page]), total)


@dataclass(frozen=True)
class _PostGisShape:
    """The statements of one search shape on PostGIS; the origin, radius, code bits and page are parameters."""

    paged: Any
    count: Any
    knn: Any
    inside: Any


def _postgis_shape(spec: FacilityFilter) -> tuple[Any, ...]:
    """What decides a PostGIS statement's text: which filters, code words, text codes, name and groups."""
    wanted, text_codes = split_codes(spec.codes)
    words = tuple(word for word, bits in enumerate(wanted) if bits)
    any_of = tuple(tuple(sorted(group)) for group in spec.any_of)
    facility_type = spec.facility_type.upper() if spec.facility_type else None
    openings = spec.openings_since is not None
    return (spec.include_closed, spec.include_synthetic, words, text_codes, spec.name, any_of, facility_type, openings)


def _postgis_params(spec: FacilityFilter, lat: float, lon: float) -> dict[str, Any]:
    wanted, _ = split_codes(spec.codes)
    params: dict[str, Any] = {"lat": lat, "lon": lon}
    params |= {f"mask{word}": bits for word, bits in enumerate(wanted) if bits}
    if spec.openings_since is not None:
        params["openings_since"] = spec.openings_since
    return params


@lru_cache(maxsize=512)
def _postgis_statements(
    include_closed: bool,
    include_synthetic: bool,
    words: tuple[int, ...],
    text_codes: tuple[str, ...],
    name: str | None,
    any_of: tuple[tuple[str, ...], ...],
    facility_type: str | None,
    openings: bool,
) -> _PostGisShape:
    """Built once per shape, so SQLAlchemy neither rebuilds nor re-keys them per search (the same SQL as the
    filters of ``SqlFacilityRepository._filters`` with masks, the origin and radius as named parameters)."""
    c = facilities.c
    where: list[ColumnElement[bool]] = []
    if not include_closed:
        where.append(c.status == "open")
    if not include_synthetic:
        where.append(c.synthetic.is_(False))
    for word in words:
        bits = bindparam(f"mask{word}", type_=BigInteger)
        where.append(c[MASK_COLUMNS[word]].op("&")(bits) == bits)
    where += cells.text_filters(text_codes, name)
    where += [cells.any_of_test(facilities, group) for group in any_of]
    if facility_type:
        where.append(c.facility_type == facility_type)
    if openings:
        from recoverynav.storage.openings import open_now_test

        where.append(open_now_test(c.frid))
    geog: ColumnElement[Any] = literal_column("facilities.geog")
    origin = func.geography(
        func.ST_SetSRID(func.ST_MakePoint(bindparam("lon", type_=Float), bindparam("lat", type_=Float)), 4326)
    )
    distance = func.ST_Distance(geog, origin, False) / spatial.METERS_PER_MILE
    # A bare boolean call: wrapped as `ST_DWithin(...) IS TRUE` the planner no longer sees an indexable condition.
    within = func.ST_DWithin(geog, origin, bindparam("meters", type_=Float), False, type_=Boolean)
    query = select(c.id, distance.label("miles")).where(within, *where)
    paged = (
        query.add_columns(func.count().over().label("total"))
        .order_by(distance, c.frid)
        .offset(bindparam("offset", type_=Integer))
        .limit(bindparam("limit", type_=Integer))
    )
    count = select(func.count()).select_from(query.subquery())
    placed = [_placed(), *where]
    knn = select(distance).where(*placed).order_by(geog.op("<->")(origin)).limit(bindparam("n", type_=Integer))
    inside = (
        select(c.id, distance.label("miles"))
        .where(within, *placed)
        .order_by(distance, c.frid)
        .limit(bindparam("n", type_=Integer))
    )
    return _PostGisShape(paged, count, knn, inside)


def _problems(facility: Facility, row: dict[str, Any]) -> list[tuple[str, str]]:
    found = [
        ("codes", f"{code!r} holds '|', which separates the stored codes") for code in facility.codes if "|" in code
    ]
    return found + row_problems(facilities, row)


def _refuse_unstorable(facilities_: Sequence[Facility], rows: list[dict[str, Any]], run: ImportRun) -> None:
    """Whatever path a row took here, one the columns cannot hold stops the write before it starts."""
    found = [
        f"frid {facility.frid[:80]!r}, {name}: {problem}"
        for facility, row in zip(facilities_, rows, strict=True)
        for name, problem in _problems(facility, row)
    ]
    run_row = {"dataset": run.dataset, "source_name": run.source_name[:500], "sha256": run.sha256, "rows": run.rows}
    found += [f"import record, {name}: {problem}" for name, problem in row_problems(facility_imports, run_row)]
    if found:
        more = f"; and {len(found) - 20} more" if len(found) > 20 else ""
        raise StorageRejected(
            f"{len(found)} value(s) do not fit the database, nothing written: " + "; ".join(found[:20]) + more
        )


def _mask_tests(table: Any, wanted: Sequence[int]) -> list[ColumnElement[bool]]:
    """``(mask_k & wanted_k) = wanted_k`` for each bitmask word that has a wanted code."""
    return [table.c[name].op("&")(bits) == bits for name, bits in zip(MASK_COLUMNS, wanted, strict=True) if bits]


def _rounded(miles: float | None) -> float | None:
    return None if miles is None else round(miles, 3)


def _placed() -> ColumnElement[bool]:
    """Rows that have a point (facilities without coordinates cannot be nearest to anything)."""
    return facilities.c.latitude.is_not(None)


_JSON = ("other_services", "sources", "state_licence")
# pydantic writes JSON in Rust: a site's sources (with their codes) are most of what an import serialises.
_SOURCES = TypeAdapter(list[SourceRecord])


def _encoded(facility: Facility) -> dict[str, Any]:
    """The stored columns as written, before the derived ones (fingerprint, masks, time)."""
    data = facility.model_dump(exclude={"codes", *_JSON})
    row = {name: data[name] for name in _STORED if name not in ("codes", *_JSON)}
    row["codes"] = "|" + "|".join(facility.codes) + "|" if facility.codes else ""
    row["other_services"] = json.dumps(facility.other_services, ensure_ascii=False) if facility.other_services else ""
    row["sources"] = _SOURCES.dump_json(facility.sources).decode() if facility.sources else ""
    row["state_licence"] = facility.state_licence.model_dump_json() if facility.state_licence else ""
    return row


def _to_row(facility: Facility, now: datetime) -> dict[str, Any]:
    row = _encoded(facility)
    row["fingerprint"] = hashlib.sha256(json.dumps(row, sort_keys=True).encode()).hexdigest()
    # Derived from the codes, so outside the fingerprint: adding masks does not make every row look changed.
    row.update(zip(MASK_COLUMNS, code_masks(facility.codes), strict=True))
    row["updated_at"] = now
    return row


def _to_facility(row: Any) -> Facility:
    return Facility.model_validate(_facility_data(row))


def _hit(row: Any, miles: float | None) -> FacilityHit:
    return FacilityHit.model_validate(_facility_data(row) | {"distance_miles": _rounded(miles)})


def _facility_data(row: Any) -> dict[str, Any]:
    data = {name: row[name] for name in _STORED}
    data["codes"] = [c for c in row["codes"].split("|") if c]
    data["other_services"] = json.loads(row["other_services"]) if row["other_services"] else []
    data["sources"] = json.loads(row["sources"]) if row["sources"] else []
    data["state_licence"] = json.loads(row["state_licence"]) if row["state_licence"] else None
    data["synthetic"] = bool(row["synthetic"])
    return data


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
