"""Each face turns a typed finder query into its own link: ``/find?...`` on the web (and in the API's
``finder_url``), a ``recoverynav find ...`` command on the command line (#14)."""

from __future__ import annotations

import shlex
from urllib.parse import parse_qs, urlsplit

from hypothesis import given
from hypothesis import strategies as st

from recoverynav.cli.find import find_command
from recoverynav.directory import FinderQuery
from recoverynav.web.finder_links import finder_href

CODES = st.lists(st.sampled_from(["DT", "HI", "RES", "CO", "PW", "OP"]), max_size=4, unique=True).map(tuple)
PLACES = st.one_of(st.none(), st.sampled_from(["22902", "Charlottesville, VA", "38.03,-78.48", "a&b=c d"]))
RADII = st.one_of(st.none(), st.integers(1, 500))


@given(CODES, st.one_of(st.none(), st.sampled_from(["BU", "METH"])), PLACES, RADII)
def test_the_web_link_carries_every_part_of_the_query(
    codes: tuple[str, ...], medication: str | None, near: str | None, radius: int | None
) -> None:
    url = finder_href(FinderQuery(codes=codes, medication=medication, near=near, radius_miles=radius))
    parts = urlsplit(url)
    params = parse_qs(parts.query)
    assert parts.path == "/find"
    assert params.get("code", []) == list(codes)
    assert params.get("medication") == ([medication] if medication else None)
    assert params.get("near") == ([near] if near else None)
    assert params.get("radius") == ([str(radius)] if radius is not None else None)


def test_the_web_links_are_the_ones_pages_always_had() -> None:
    assert finder_href(FinderQuery(codes=("DT", "HI"), near="22902")) == "/find?code=DT&code=HI&near=22902"
    assert finder_href(FinderQuery(medication="BU", near="22902", radius_miles=5)) == (
        "/find?medication=BU&near=22902&radius=5"
    )
    assert finder_href(FinderQuery()) == "/find"


@given(CODES, PLACES, RADII)
def test_the_command_line_reads_back_as_the_same_search(
    codes: tuple[str, ...], near: str | None, radius: int | None
) -> None:
    from recoverynav.cli.find import find

    command = find_command(FinderQuery(codes=codes, near=near, radius_miles=radius))
    assert command is not None
    words = shlex.split(command)
    assert words[:2] == ["recoverynav", "find"]
    context = find.make_context("find", words[2:])
    assert context.params["codes"] == codes and context.params["near"] == near
    if radius is not None:
        assert context.params["radius_miles"] == radius


def test_a_medication_search_has_no_command_line() -> None:
    assert find_command(FinderQuery(medication="BU", near="22902")) is None
