"""Files that are not what they claim: every one is a file-level error naming the fix, never a traceback."""

from __future__ import annotations

import gzip
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverynav.directory.importers import ImportRejected, parse_bytes
from recoverynav.directory.importers.files import MAX_JSON_DEPTH, FileProblem, decompressed, parse_json
from tests.facility_databases import sample_bytes

SAMPLE = gzip.compress(sample_bytes())


def bomb(decompressed_bytes: int) -> bytes:
    """A gzip stream of zeros, built in pieces so the test itself never holds the expanded bytes."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    piece = bytes(1024 * 1024)
    parts = [packer.compress(piece) for _ in range(decompressed_bytes // len(piece))]
    return b"".join([*parts, packer.flush()])


@pytest.mark.parametrize(
    ("data", "fmt", "field", "problem"),
    [
        (SAMPLE[: len(SAMPLE) // 2], "auto", "gzip", "ends early (a cut-off download?); download the file again"),
        (SAMPLE[:10] + b"\x00" * 50 + SAMPLE[60:], "auto", "gzip", "corrupt"),
        (SAMPLE[:2], "auto", "gzip", "ends early"),
        (b"[" * 100_000, "locator", "file", f"nested more than {MAX_JSON_DEPTH} levels deep"),
        (b'{"rows": [], "n": ' + b"7" * 5000 + b"}", "auto", "file", "not usable JSON"),
        (b'[{"name1": "a", "latitude": 1e999, "longitude": 1}]', "auto", "latitude", "less than or equal to 90"),
        (
            b"name1,city,state,zip,latitude,longitude\n" + b"x" * 200_000 + b",a,VA,22902,1,1\n",
            "spreadsheet",
            "file",
            "not readable as CSV",
        ),
    ],
    ids=["truncated-gz", "corrupt-gz", "gz-header-only", "deep-json", "huge-int", "inf", "huge-csv-field"],
)
def test_unreadable_files_are_one_clear_error(data: bytes, fmt: str, field: str, problem: str) -> None:
    try:
        batch, _ = parse_bytes(data, "hostile.json", fmt=fmt)
        errors = batch.errors
    except FileProblem as exc:
        errors = exc.errors
    assert any(e.field == field and problem in e.problem for e in errors), errors
    assert "hostile.json" in str(ImportRejected("hostile.json", errors))


def test_a_gzip_bomb_is_refused_at_the_limit() -> None:
    with pytest.raises(FileProblem, match="decompresses to more than 1 MB"):
        decompressed(bomb(64 * 1024 * 1024), "bomb.json.gz", limit=1024 * 1024)


@given(st.binary(max_size=4096), st.integers(min_value=1, max_value=5000), st.integers(min_value=1, max_value=3))
def test_decompression_gives_the_content_or_refuses_past_the_limit(content: bytes, limit: int, members: int) -> None:
    packed = b"".join(gzip.compress(content) for _ in range(members))
    expected = content * members
    if len(expected) <= limit:
        assert decompressed(packed, "x.gz", limit=limit) == expected
    else:
        with pytest.raises(FileProblem, match="more than"):
            decompressed(packed, "x.gz", limit=limit)


@given(st.integers(min_value=1, max_value=3 * MAX_JSON_DEPTH))
def test_json_nesting_is_refused_past_the_depth_limit(depth: int) -> None:
    content = "[" * depth + "]" * depth
    if depth <= MAX_JSON_DEPTH:
        assert parse_json(content, "x.json") is not None
    else:
        with pytest.raises(FileProblem, match="nested more than"):
            parse_json(content, "x.json")


@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash_the_parser(data: bytes) -> None:
    for fmt in ("auto", "locator", "label-export", "moud", "spreadsheet"):
        try:
            parse_bytes(data, "random.json.gz", fmt=fmt)
        except ValueError as exc:  # FileProblem, or "cannot tell the format ... give --format"
            assert str(exc)
