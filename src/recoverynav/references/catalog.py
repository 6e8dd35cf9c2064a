"""Load, validate and look up the bibliography (``sources/*.yaml``, one file per area)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from recoverynav.datafiles import yaml_files
from recoverynav.errors import NotFound
from recoverynav.references.models import Reference


class UnknownReferenceError(NotFound, KeyError):
    """A source id that is not in the bibliography."""

    def __init__(self, ids: Iterable[str], where: str = "") -> None:
        self.ids = sorted(set(ids))
        self.where = where
        place = f" in {where}" if where else ""
        super().__init__(f"unknown reference id(s){place}: {', '.join(self.ids)}")


@cache
def all_references() -> dict[str, Reference]:
    """Every reference by id; a duplicate id across files is an error."""
    found: dict[str, Reference] = {}
    for file_name, data in yaml_files("recoverynav.references", "sources"):
        for raw in (data or {}).get("references", []):
            ref = Reference.model_validate(raw)
            if ref.id in found:
                raise ValueError(f"reference id {ref.id!r} is defined twice (second time in {file_name})")
            found[ref.id] = ref
    return found


def get_reference(ref_id: str) -> Reference:
    """One reference by id, or :class:`UnknownReferenceError`."""
    try:
        return all_references()[ref_id]
    except KeyError:
        raise UnknownReferenceError([ref_id]) from None


def check_ids(ids: Iterable[str], where: str = "") -> None:
    """Raise :class:`UnknownReferenceError` naming every id that dangles."""
    known = all_references()
    missing = [i for i in ids if i not in known]
    if missing:
        raise UnknownReferenceError(missing, where)


def resolve(ids: Iterable[str]) -> list[Reference]:
    """The references for ``ids``, in order, without repeats."""
    seen: dict[str, Reference] = {}
    for ref_id in ids:
        if ref_id not in seen:
            seen[ref_id] = get_reference(ref_id)
    return list(seen.values())
