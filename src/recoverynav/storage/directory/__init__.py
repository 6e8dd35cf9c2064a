"""Storage of the directory capability: facilities, their import log and the spatial index.

Sibling packages (``storage/meetings/``, a back office's ``storage/cases/``...) sit beside this one and share
the engine, the migrations chain and the unit of work.
"""

from __future__ import annotations

from recoverynav.storage.directory.facilities import SqlFacilityRepository

__all__ = ["SqlFacilityRepository"]
