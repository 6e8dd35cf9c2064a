"""Reference codes a caller can read out on the phone: an unambiguous alphabet and a check character.

The alphabet leaves out 0, 1, I, L and O (each is heard or read as another), so it has 31 symbols — a
prime. The check character is a position-weighted sum modulo 31 (weights 1..7, all invertible modulo a
prime): any one mistyped character and any swap of two neighbours gives a code that does not check. Seven
random characters give 31**7 ≈ 2.75e10 codes, so guessing a live one is hopeless and the code, not the
person's name, can be said on an answering machine.

Usage::

    code = new_reference()                 # "K7M2-9QX4"
    parse_reference(" k7m2 9qx4 ")         # "K7M2-9QX4"; ReferenceRejected for a typo
"""

from __future__ import annotations

import secrets

from recoverynav.errors import InputRejected

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BODY_LENGTH = 7
_VALUE = {symbol: index for index, symbol in enumerate(ALPHABET)}
_MODULUS = len(ALPHABET)


class ReferenceRejected(InputRejected):
    """Not a reference code (wrong length, a character outside the alphabet, or the check fails)."""


def check_character(body: str) -> str:
    """The check character for seven alphabet characters."""
    total = sum((position + 1) * _VALUE[symbol] for position, symbol in enumerate(body))
    return ALPHABET[total % _MODULUS]


def new_reference() -> str:
    """A fresh random code, shown as two groups of four: ``XXXX-XXXC`` (C is the check character)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return _shown(body + check_character(body))


def parse_reference(text: str) -> str:
    """The code in its shown form; spaces, hyphens and lower case are forgiven, typos are not."""
    compact = "".join(ch for ch in text.upper() if ch not in " -")
    if len(compact) != BODY_LENGTH + 1 or any(ch not in _VALUE for ch in compact):
        raise ReferenceRejected(
            f"reference: a code is {BODY_LENGTH + 1} characters from {ALPHABET} (no 0, 1, I, L or O), like K7M2-9QX4"
        )
    if check_character(compact[:BODY_LENGTH]) != compact[-1]:
        raise ReferenceRejected("reference: the code does not check; read it again from the confirmation")
    return _shown(compact)


def is_reference(text: str) -> bool:
    """Whether ``text`` is a well-formed code (for telling a code from a phone number in one search box)."""
    try:
        parse_reference(text)
    except ReferenceRejected:
        return False
    return True


def _shown(compact: str) -> str:
    return f"{compact[:4]}-{compact[4:]}"
