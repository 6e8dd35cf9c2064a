"""Reading untrusted bytes safely: bounded gzip, bounded size, JSON with a nesting limit, CSV faults as errors.

Every importer and the sync read through here, so a truncated or corrupt ``.gz``, a gzip bomb, JSON nested
100,000 deep or a 5,000-digit number becomes a file-level error naming the fix, never a traceback.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

from recoverynav.directory.importers.records import ImportRejected, RowError

# The largest SAMHSA file we know (the national directory download) is tens of MB; a bomb stops here.
MAX_BYTES = 256 * 1024 * 1024
# A locator envelope is 5 levels deep (envelope, rows, row, services, service); nothing real comes close.
MAX_JSON_DEPTH = 32
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1024 * 1024


class FileProblem(ImportRejected):
    """The file as a whole cannot be read (row 0): nothing was imported."""

    def __init__(self, source_name: str, field: str, problem: str) -> None:
        super().__init__(source_name, [RowError(0, field, problem)])


def read_limited(path: Path, limit: int = MAX_BYTES) -> bytes:
    """A file's bytes, refusing more than ``limit`` (a device or a huge file is never read whole)."""
    if path.is_file() and path.stat().st_size > limit:
        raise FileProblem(path.name, "file", _too_big(limit))
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileProblem(path.name, "file", _too_big(limit))
    return data


def decompressed(data: bytes, source_name: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes themselves, or their gzip content (every member) decompressed in chunks up to ``limit``."""
    if data[:2] != _GZIP_MAGIC:
        if len(data) > limit:
            raise FileProblem(source_name, "file", _too_big(limit))
        return data
    out = bytearray()
    rest = data
    while rest[:2] == _GZIP_MAGIC:
        stream = zlib.decompressobj(wbits=31)
        try:
            while True:
                chunk = stream.decompress(rest, _CHUNK)
                out += chunk
                if len(out) > limit:
                    raise FileProblem(source_name, "gzip", _too_big(limit, "decompresses to"))
                rest = stream.unconsumed_tail
                if stream.eof or (not chunk and not rest):
                    break
        except zlib.error as exc:
            raise FileProblem(
                source_name, "gzip", f"the compressed data is corrupt ({exc}); download the file again"
            ) from None
        if not stream.eof:
            raise FileProblem(
                source_name, "gzip", "the compressed data ends early (a cut-off download?); download the file again"
            )
        rest = stream.unused_data
    return bytes(out)


def parse_json(content: str | bytes, source_name: str, field: str = "file") -> Any:
    """Parsed JSON, or :class:`FileProblem` for invalid, too deeply nested or unconvertible content."""
    try:
        payload = json.loads(content)
    except json.JSONDecodeError as exc:
        raise FileProblem(
            source_name, field, f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        payload = None
        deep = True
    except ValueError as exc:
        # e.g. an integer of more than 4,300 digits, which Python refuses to convert.
        raise FileProblem(source_name, field, f"not usable JSON ({exc})") from None
    else:
        deep = _depth_exceeds(payload, MAX_JSON_DEPTH)
    if deep:
        raise FileProblem(
            source_name, field, f"JSON nested more than {MAX_JSON_DEPTH} levels deep; a SAMHSA listing is 5 levels"
        )
    return payload


def _depth_exceeds(payload: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(payload, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            if depth > limit:
                return True
            stack.extend((item, depth + 1) for item in value if isinstance(item, (dict, list)))
    return False


def _too_big(limit: int, verb: str = "is") -> str:
    return (
        f"{verb} more than {limit // (1024 * 1024)} MB, far larger than any SAMHSA listing; "
        "check that this is the right file, or split it into smaller files"
    )
