"""Phone numbers dial: E.164 tel: targets with ;ext=, the extension shown, unparseable text never a link."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverynav.directory import FacilityHit
from recoverynav.directory.bundled import BUNDLED, bundled_bytes
from recoverynav.directory.importers.loader import parse_bytes
from recoverynav.directory.phones import TEL_PATTERN, listed_phones, parse_phone


@pytest.mark.parametrize(
    ("text", "tel", "display"),
    [
        ("951-925-8450 x1699", "tel:+19519258450;ext=1699", "(951) 925-8450 ext. 1699"),
        ("(760) 922-8625", "tel:+17609228625", "(760) 922-8625"),
        ("434-972-1800", "tel:+14349721800", "(434) 972-1800"),
        ("(530) 555-0142 X12", "tel:+15305550142;ext=12", "(530) 555-0142 ext. 12"),
        ("787-555-1234", "tel:+17875551234", "(787) 555-1234"),  # Puerto Rico shares country code 1
        ("(916) 199-0199", None, "(916) 199-0199"),  # no area code starts a line with 1: not dialable
        ("Intakes", None, "Intakes"),
        ("(999) 999-9999 X", None, "(999) 999-9999 X"),
    ],
)
def test_listed_text_to_display_and_tel(text: str, tel: str | None, display: str) -> None:
    phone = parse_phone(text)
    assert phone is not None
    assert (phone.tel, phone.display) == (tel, display)


def test_blank_is_no_phone() -> None:
    assert parse_phone("  ") is None
    assert listed_phones("", "", "") == []


def test_the_same_number_is_listed_once_in_order() -> None:
    phones = listed_phones("434-972-1800", "(434) 972-1800", "800-662-4357")
    assert [(p.kind, p.tel) for p in phones] == [("main", "tel:+14349721800"), ("hotline", "tel:+18006624357")]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gives_a_dialable_e164_link_or_none(text: str) -> None:
    phone = parse_phone(text)
    if phone is None:
        assert not text.split()
        return
    assert phone.display
    assert phone.tel is None or TEL_PATTERN.fullmatch(phone.tel)
    if phone.ext:
        assert phone.tel is not None and phone.tel.endswith(f";ext={phone.ext}") and phone.ext in phone.display


_AREA = st.integers(200, 989).filter(lambda n: n % 100 != 11)
_LINE = st.integers(0, 9999)


@settings(max_examples=200, deadline=None)
@given(
    _AREA,
    st.integers(200, 999).filter(lambda n: n % 100 != 11),
    _LINE,
    st.one_of(st.none(), st.integers(1, 99999).map(str)),
    st.sampled_from(["{a}-{e}-{l}", "({a}) {e}-{l}", "{a}.{e}.{l}", "1-{a}-{e}-{l}", "+1 {a} {e} {l}"]),
    st.sampled_from([" x{x}", " ext. {x}", " ext {x}", " X{x}", " extension {x}"]),
)
def test_a_valid_us_number_dials_its_digits_and_extension(
    area: int, exchange: int, line: int, ext: str | None, shape: str, ext_shape: str
) -> None:
    text = shape.format(a=area, e=exchange, l=f"{line:04d}") + (ext_shape.format(x=ext) if ext else "")
    phone = parse_phone(text)
    assert phone is not None
    if phone.tel is None:
        return  # a number plan gap (e.g. an unassigned area code): shown as text, which is the rule
    assert phone.tel == f"tel:+1{area}{exchange}{line:04d}" + (f";ext={ext}" if ext else "")
    assert (ext is None) == (phone.ext is None)
    if ext:
        assert f"ext. {ext}" in phone.display


def test_every_bundled_listing_dials_e164_and_shows_its_extension() -> None:
    checked = 0
    for name, fmt, dataset in BUNDLED:
        batch, _ = parse_bytes(bundled_bytes(name), name.removesuffix(".gz"), fmt=fmt, dataset=dataset)
        for facility in batch.facilities:
            hit = FacilityHit(**facility.model_dump())
            for phone in hit.phones:
                checked += 1
                assert phone.tel is None or TEL_PATTERN.fullmatch(phone.tel), phone
                # An extension needs its digits: California's list has "(805) 371-6377 X" with none.
                if re.search(r"\sx\.?\s*\d", facility.phone, re.IGNORECASE) and phone.kind == "main" and phone.tel:
                    assert phone.ext and f"ext. {phone.ext}" in phone.display
    assert checked > 400
