"""Personal data at rest: AES-256-GCM fields with a key id, and keyed (HMAC) hashes for lookup without keeping.

Keys form a ring, newest first: the first encrypts, every one decrypts the values that name its key id, so
``recoverynav keys rotate`` can re-encrypt row by row while both keys work. Where the ring comes from:

1. ``RECOVERYNAV_SECRET_KEYS``: ``"kid2:<base64 32 bytes>,kid1:<base64>"`` (newest first; key ids are letters,
   digits, ``-`` and ``_``). Several servers sharing one PostgreSQL database share the keys this way.
2. ``RECOVERYNAV_DATA_KEY`` (the single key of #18; its id is the first 8 hex digits of its SHA-256), added
   after the ring's keys when both are set, so values it encrypted stay readable.
3. Else ``data.key`` in the data directory: one ``kid:base64`` line per key, newest first (a bare base64 line,
   as #18 wrote it, is a key whose id is its hash prefix). It is made on first need with owner-only
   permissions, and :func:`load_key_ring` says so through ``KeyRing.created_file``.

Keys never go into the database. Losing them loses the encrypted values, nothing else.

Usage::

    box = FieldCipher(load_key_ring())          # FieldCipher(key_bytes) still works: a ring of one
    token = box.encrypt("me@example.org", purpose="staff_users.email:u1")   # "v1:<kid>:<base64>"
    box.decrypt(token, purpose="staff_users.email:u1")                      # "me@example.org"
    box.blind_indexes("me@example.org", purpose="staff_users.email")        # one per key, primary first
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from recoverynav.errors import InputRejected

KEY_FILE = "data.key"
KEY_BYTES = 32
_VERSION = "v1"
_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
log = logging.getLogger(__name__)


class DataKeyError(InputRejected):
    """A configured data key is not base64 of 32 bytes, or a key id is malformed (the message never repeats a key)."""


def parse_data_key(text: str, *, setting: str = "RECOVERYNAV_DATA_KEY") -> bytes:
    """32 key bytes from base64 (standard or URL-safe alphabet)."""
    cleaned = text.strip()
    try:
        standard = cleaned.replace("-", "+").replace("_", "/")
        raw = base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DataKeyError(f"{setting}: not base64; make one with `openssl rand -base64 32`") from exc
    if len(raw) != KEY_BYTES:
        raise DataKeyError(f"{setting}: must decode to {KEY_BYTES} bytes; make one: openssl rand -base64 32")
    return raw


def hash_key_id(key: bytes) -> str:
    """The id of a key given without one (``RECOVERYNAV_DATA_KEY``, a bare key file line): its hash prefix."""
    return hashlib.sha256(key).hexdigest()[:8]


@dataclass(frozen=True)
class KeyRing:
    """Keys by id, newest (the one that encrypts) first; ``created_file`` names a key file made just now."""

    keys: tuple[tuple[str, bytes], ...]
    created_file: Path | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not self.keys:
            raise DataKeyError("the key ring is empty: set RECOVERYNAV_SECRET_KEYS or let recoverynav make a key file")
        ids = [kid for kid, _ in self.keys]
        if len(set(ids)) != len(ids):
            raise DataKeyError("RECOVERYNAV_SECRET_KEYS: a key id is used twice; give each key its own id")

    @property
    def primary_id(self) -> str:
        """The id of the key new values are encrypted with."""
        return self.keys[0][0]

    @classmethod
    def single(cls, key: bytes) -> KeyRing:
        """A ring of one key, its id derived from the key (how #18's single key was named)."""
        return cls(((hash_key_id(key), key),))


def parse_key_ring(text: str, *, setting: str = "RECOVERYNAV_SECRET_KEYS") -> tuple[tuple[str, bytes], ...]:
    """``"kid:base64,kid:base64"`` (commas or new lines) into (id, key) pairs; a bare base64 gets its hash id."""
    pairs: list[tuple[str, bytes]] = []
    for number, item in enumerate(re.split(r"[,\n]", text), start=1):
        item = item.strip()
        if not item:
            continue
        kid, sep, encoded = item.partition(":")
        if not sep:
            key = parse_data_key(kid, setting=f"{setting} (key {number})")
            pairs.append((hash_key_id(key), key))
            continue
        if not _KEY_ID.fullmatch(kid):
            raise DataKeyError(f"{setting} (key {number}): a key id is 1-32 letters, digits, '-' or '_'")
        pairs.append((kid, parse_data_key(encoded, setting=f"{setting} (key {number})")))
    return tuple(pairs)


def load_key_ring() -> KeyRing:
    """The configured keys (``RECOVERYNAV_SECRET_KEYS``, then ``RECOVERYNAV_DATA_KEY``), else the key file."""
    from recoverynav.settings import get_settings

    settings = get_settings()
    pairs: list[tuple[str, bytes]] = []
    if settings.secret_keys is not None:
        pairs += parse_key_ring(settings.secret_keys.get_secret_value())
    if settings.data_key is not None:
        legacy = parse_data_key(settings.data_key.get_secret_value())
        if all(key != legacy for _, key in pairs):
            pairs.append((hash_key_id(legacy), legacy))
    if pairs:
        return KeyRing(tuple(pairs))
    return _key_file(settings.data_dir / KEY_FILE)


def load_data_key() -> bytes:
    """The key new values are encrypted with (the ring's first); kept for callers of #18."""
    return load_key_ring().keys[0][1]


def _new_key_line() -> str:
    return f"k{secrets.token_hex(4)}:{base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode('ascii')}"


def _key_file(path: Path) -> KeyRing:
    if path.exists():
        return KeyRing(parse_key_ring(path.read_text(encoding="ascii"), setting=str(path)))
    path.parent.mkdir(parents=True, exist_ok=True)
    line = _new_key_line()
    try:
        # O_EXCL: two processes starting at once must not each write their own key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return KeyRing(parse_key_ring(path.read_text(encoding="ascii"), setting=str(path)))
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    log.warning("made a new encryption key file %s (mode 0600): back it up; without it encrypted values are lost", path)
    return KeyRing(parse_key_ring(line), created_file=path)


def add_key_to_file(path: Path) -> str:
    """Put a fresh key first in the key file (atomically, mode 0600) and return its id; old keys stay."""
    old = path.read_text(encoding="ascii") if path.exists() else ""
    parse_key_ring(old, setting=str(path))  # refuse to build on a damaged file
    line = _new_key_line()
    temporary = path.with_name(path.name + f".{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(line + "\n" + old)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    return line.split(":", 1)[0]


def key_id_of(token: str) -> str:
    """The key id a stored value names (``v1:<kid>:...``)."""
    parts = token.split(":", 2)
    if len(parts) != 3 or parts[0] != _VERSION:
        raise ValueError("not an encrypted value of this format")
    return parts[1]


class FieldCipher:
    """Encrypts one column's values; ``purpose`` (table, column, row id) is bound in as associated data."""

    def __init__(self, key: bytes | KeyRing) -> None:
        ring = key if isinstance(key, KeyRing) else KeyRing.single(key)
        self.ring = ring
        self._aead = {kid: AESGCM(raw) for kid, raw in ring.keys}
        self._hash_keys = [hmac.new(raw, b"recoverynav blind index", hashlib.sha256).digest() for _, raw in ring.keys]
        self.key_id = ring.primary_id

    def encrypt(self, plaintext: str, *, purpose: str) -> str:
        """``v1:<key id>:<base64 nonce+ciphertext>`` under the newest key; a fresh random nonce every time."""
        nonce = secrets.token_bytes(12)
        sealed = self._aead[self.key_id].encrypt(nonce, plaintext.encode("utf-8"), purpose.encode("utf-8"))
        return f"{_VERSION}:{self.key_id}:{base64.b64encode(nonce + sealed).decode('ascii')}"

    def decrypt(self, token: str, *, purpose: str) -> str:
        """The plaintext; ValueError when no key of the ring has the value's key id, or it was altered."""
        key_id = key_id_of(token)
        aead = self._aead.get(key_id)
        if aead is None:
            raise ValueError(f"encrypted with key {key_id!r}, which is not among the configured keys")
        raw = base64.b64decode(token.split(":", 2)[2])
        try:
            return aead.decrypt(raw[:12], raw[12:], purpose.encode("utf-8")).decode("utf-8")
        except InvalidTag as exc:
            raise ValueError("the encrypted value was altered or belongs to another column or row") from exc

    def needs_rotation(self, token: str) -> bool:
        """Whether a stored value was encrypted with a key other than the newest."""
        return key_id_of(token) != self.key_id

    def rotate(self, token: str, *, purpose: str) -> str:
        """The same plaintext encrypted under the newest key (unchanged when it already is)."""
        if not self.needs_rotation(token):
            return token
        return self.encrypt(self.decrypt(token, purpose=purpose), purpose=purpose)

    def blind_index(self, value: str, *, purpose: str) -> str:
        """A keyed hash under the newest key: equal values match, yet the value cannot be found by trying them all."""
        return self._index(self._hash_keys[0], value, purpose)

    def blind_indexes(self, value: str, *, purpose: str) -> list[str]:
        """The keyed hash under every key, newest first: a lookup matches rows not yet rotated too."""
        return [self._index(key, value, purpose) for key in self._hash_keys]

    @staticmethod
    def _index(key: bytes, value: str, purpose: str) -> str:
        return hmac.new(key, f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()
