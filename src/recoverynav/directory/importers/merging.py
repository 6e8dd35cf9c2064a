"""Import-time merging: new records join the stored sites they describe, so a search shows one card per site.

Merging at import (not at query time) keeps search a plain spatial query and its page counts exact. An import
reads the stored sites of the states it touches, clusters them with the new records by the same-site rule
(``directory.sites``), and writes only the sites that changed; a stored site that a new record joins to
another is absorbed (removed, its sources kept by the survivor).

SAMHSA's 2025 supportive-services points are not listings: each is matched to the best stored site by name
and position (:data:`POINT_MILES`), never joining two sites, and marks it as still listed in 2025.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from recoverynav.directory.importers import ca_dhcs, supportive_points
from recoverynav.directory.models import FLOOR_DATASET, Facility, SourceRecord, sources_of
from recoverynav.directory.sites import (
    NAME_SIMILARITY,
    SiteKey,
    clusters,
    merge_site,
    merged_sources,
    miles_between,
    site_key,
)

# A 2025 point and a stored site are one facility when their names are alike and they lie this close.
POINT_MILES = 0.5
ANNOTATION_DATASETS = frozenset({supportive_points.DATASET})
# Sources that are not SAMHSA's listing (a state's licensing register cannot say whether SAMHSA lists a site).
NOT_SAMHSA = frozenset({ca_dhcs.DATASET})
# SAMHSA's full directory download (the spreadsheet importer); a state it covers is complete for its year.
DOWNLOAD_DATASET = "locator-download"
# A download lists a state completely when it has at least this many of its sites (the MA file has one VT row).
COMPLETE_STATE_SITES = 10
_ROUNDS = 3


@dataclass
class MergePlan:
    """What an import writes: changed or new sites, stored sites absorbed into others, and match counts."""

    sites: list[Facility] = field(default_factory=list)
    absorbed: list[str] = field(default_factory=list)
    records: int = 0
    # Sites holding at least one of the records (some of them stored before).
    joined: int = 0
    points: int = 0
    points_matched: int = 0

    def summary(self) -> str:
        """One line for the import report: how records became sites and how many 2025 points matched."""
        parts = [f"{self.records} record(s) in {self.joined} site(s)"] if self.records else []
        if self.points:
            parts.append(
                f"{self.points_matched} of {self.points} 2025 points matched a site (name token-set similarity "
                f">= {NAME_SIMILARITY:.0f} within {POINT_MILES} mile)"
            )
        return "; ".join(parts)


def candidate_states(incoming: Sequence[Facility]) -> set[str] | None:
    """The states whose stored sites an import must read (None: all, when some record has no state)."""
    states = {facility.state for facility in incoming}
    return None if "" in states else states


def plan_merge(stored: Sequence[Facility], incoming: Sequence[Facility]) -> MergePlan:
    """Cluster stored sites with incoming records; the sites to write and the stored ones absorbed."""
    points = [f for f in incoming if f.dataset in ANNOTATION_DATASETS]
    listings = [f for f in incoming if f.dataset not in ANNOTATION_DATASETS and not f.synthetic]
    replaced = {f.frid for f in listings}
    # A stored record that the file lists again (same id) is its older version: the new one replaces it.
    kept = [f for f in stored if not (f.frid in replaced and len(f.sources) <= 1)]
    plan = MergePlan(records=len(listings), points=len(points))
    sites: list[Facility] = [*kept, *listings]
    keys = [site_key(f) for f in sites]
    among: set[int] | None = None
    for _ in range(_ROUNDS):
        # Merged facts can bring two merged sites within the rule of each other: cluster again until stable,
        # testing only pairs with a newly merged site.
        groups = clusters(keys, among)
        if len(groups) == len(sites):
            break
        merged_sites, merged_keys, among = [], [], set()
        for group in groups:
            if len(group) == 1:
                merged_sites.append(sites[group[0]])
                merged_keys.append(keys[group[0]])
                continue
            among.add(len(merged_sites))
            merged_sites.append(merge_site([sites[i] for i in group]))
            merged_keys.append(site_key(merged_sites[-1]))
        sites, keys = merged_sites, merged_keys
    sites = _unique_frids(sites)
    for index, more in _match_points(keys, points, plan).items():
        sites[index] = sites[index].model_copy(update={"sources": merged_sources([*sources_of(sites[index]), *more])})
    # A site of one record keeps its sources empty: the record is its own source (models.sources_of).
    origins = [[(s.dataset, s.year) for s in site.sources] or [(site.dataset, site.snapshot_year)] for site in sites]
    complete = Counter(
        site.state
        for site, origin in zip(sites, origins, strict=True)
        if any(dataset == DOWNLOAD_DATASET and year >= 2025 for dataset, year in origin)
    )
    for index, (site, origin) in enumerate(zip(sites, origins, strict=True)):
        listed = _still_listed(site.state, origin, complete)
        if listed is not site.still_listed_2025:
            sites[index] = site.model_copy(update={"still_listed_2025": listed})
    stored_by_frid = {f.frid: f for f in stored}
    survivors = {f.frid for f in sites}
    plan.absorbed = sorted(frid for frid in stored_by_frid if frid not in survivors)
    # Sites holding a record of this file are written even when unchanged, so a full refresh sees them present.
    fresh = {(s.dataset, s.record) for f in listings for s in f.sources} | {(f.dataset, f.frid) for f in listings}
    holding = [
        any((s.dataset, s.record) in fresh for s in f.sources) if f.sources else (f.dataset, f.frid) in fresh
        for f in sites
    ]
    plan.joined = sum(holding)
    plan.sites = [f for f, held in zip(sites, holding, strict=True) if held or stored_by_frid.get(f.frid) != f]
    return plan


def _unique_frids(sites: list[Facility]) -> list[Facility]:
    """A site keeps its first record's id; should two sites come to share one, the later takes a member's."""
    seen: set[str] = set()
    result = []
    for site in sites:
        frid = site.frid
        if frid in seen:
            frid = next((s.record for s in site.sources if s.record and s.record not in seen), frid + "-site")
        seen.add(frid)
        # The site's own record keeps its id in the sources; only the site is renamed.
        renamed = {"frid": frid, "sources": sources_of(site)}
        result.append(site if frid == site.frid else site.model_copy(update=renamed))
    return result


def _match_points(
    keys: Sequence[SiteKey], points: Sequence[Facility], plan: MergePlan
) -> dict[int, list[SourceRecord]]:
    """The sources that matched 2025 points add, by site index."""
    added: dict[int, list[SourceRecord]] = defaultdict(list)
    if not points:
        return added
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        if key.latitude is not None and key.longitude is not None:
            grid[(int(key.latitude * 100 // 1), int(key.longitude * 100 // 1))].append(index)
    for point in points:
        best = _best_site(site_key(point), keys, grid)
        if best is not None:
            plan.points_matched += 1
            added[best].append(sources_of(point)[0])
    return added


def _best_site(point: SiteKey, keys: Sequence[SiteKey], grid: dict[tuple[int, int], list[int]]) -> int | None:
    if point.latitude is None or point.longitude is None or not point.name:
        return None
    row, column = int(point.latitude * 100 // 1), int(point.longitude * 100 // 1)
    best: tuple[float, float, int] | None = None
    for d_row in (-1, 0, 1):
        for d_col in (-2, -1, 0, 1, 2):
            for index in grid.get((row + d_row, column + d_col), ()):
                miles = miles_between(point, keys[index])
                if miles is None or miles > POINT_MILES or not keys[index].name:
                    continue
                score = fuzz.token_set_ratio(point.name, keys[index].name)
                if score >= NAME_SIMILARITY and (best is None or (score, -miles) > (best[0], best[1])):
                    best = (score, -miles, index)
    return best[2] if best else None


def _still_listed(state: str, origin: Sequence[tuple[str, int]], complete: Counter[str]) -> bool | None:
    """True with a 2025 SAMHSA source; False for a 2020 listing absent from a complete 2025 download of its state."""
    if any(year >= 2025 and dataset not in NOT_SAMHSA for dataset, year in origin):
        return True
    if any(dataset == FLOOR_DATASET for dataset, _ in origin) and complete[state] >= COMPLETE_STATE_SITES:
        return False
    return None
