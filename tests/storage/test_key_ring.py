"""The key ring: the newest key encrypts, every key decrypts its own values, ids are checked, keys never echoed."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverynav.storage.crypto import DataKeyError, FieldCipher, KeyRing, hash_key_id, key_id_of, parse_key_ring

OLD, NEW = bytes(32), bytes(range(32))


def b64(key: bytes) -> str:
    return base64.b64encode(key).decode()


@given(text=st.text(max_size=200), purpose=st.text(min_size=1, max_size=40))
def test_values_survive_a_new_key_and_rotate_to_it(text: str, purpose: str) -> None:
    old = FieldCipher(KeyRing((("k1", OLD),)))
    token = old.encrypt(text, purpose=purpose)
    ring = FieldCipher(KeyRing((("k2", NEW), ("k1", OLD))))
    assert ring.decrypt(token, purpose=purpose) == text and ring.needs_rotation(token)
    rotated = ring.rotate(token, purpose=purpose)
    assert key_id_of(rotated) == "k2" and ring.decrypt(rotated, purpose=purpose) == text
    assert FieldCipher(KeyRing((("k2", NEW),))).decrypt(rotated, purpose=purpose) == text
    with pytest.raises(ValueError):
        FieldCipher(KeyRing((("k2", NEW),))).decrypt(token, purpose=purpose)


def test_a_value_is_bound_to_its_row() -> None:
    box = FieldCipher(NEW)
    token = box.encrypt("me@example.org", purpose="staff_users.email:u1")
    with pytest.raises(ValueError):
        box.decrypt(token, purpose="staff_users.email:u2")


def test_blind_indexes_match_under_every_key_newest_first() -> None:
    ring = FieldCipher(KeyRing((("k2", NEW), ("k1", OLD))))
    old = FieldCipher(KeyRing((("k1", OLD),)))
    indexes = ring.blind_indexes("a@b.org", purpose="p")
    assert indexes[0] == ring.blind_index("a@b.org", purpose="p") and indexes[1] == old.blind_index(
        "a@b.org", purpose="p"
    )


def test_a_bare_key_keeps_the_id_it_had_before_the_ring() -> None:
    # #18 named its single key by hash prefix: values it wrote still name a key the ring has.
    assert parse_key_ring(b64(NEW)) == ((hash_key_id(NEW), NEW),)
    assert FieldCipher(NEW).key_id == hash_key_id(NEW)


@pytest.mark.parametrize(
    "text",
    [f"bad id!:{b64(NEW)}", f"k1:{b64(NEW)[:20]}", f"k1:{b64(NEW)},k1:{b64(OLD)}", "k1:not base64 at all", ""],
)
def test_bad_rings_are_refused_without_repeating_a_key(text: str) -> None:
    with pytest.raises(DataKeyError) as caught:
        KeyRing(parse_key_ring(text))
    assert b64(NEW) not in str(caught.value) and b64(NEW)[:20] not in str(caught.value)
