"""Personal data at rest: AES-256-GCM fields with a key id, and keyed (HMAC) hashes for counting without keeping.

The key comes from the setting ``RECOVERYNAV_DATA_KEY`` (base64 of 32 random bytes), else from ``data.key`` in the
data directory, made on first use with owner-only permissions. Several servers sharing one PostgreSQL database
must share the key through the setting. Losing the key loses the encrypted values, nothing else.

Usage::

    box = FieldCipher(load_data_key())
    token = box.encrypt("me@example.org", purpose="listing_reports.contact")
    box.decrypt(token, purpose="listing_reports.contact")     # "me@example.org"
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from recoverynav.errors import InputRejected

KEY_FILE = "data.key"
KEY_BYTES = 32
_VERSION = "v1"


class DataKeyError(InputRejected):
    """The configured data key is not base64 of 32 bytes (the message never repeats the value)."""


def parse_data_key(text: str) -> bytes:
    """32 key bytes from base64 (standard or URL-safe alphabet)."""
    cleaned = text.strip()
    try:
        standard = cleaned.replace("-", "+").replace("_", "/")
        raw = base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DataKeyError("RECOVERYNAV_DATA_KEY: not base64; make one with `openssl rand -base64 32`") from exc
    if len(raw) != KEY_BYTES:
        raise DataKeyError(f"RECOVERYNAV_DATA_KEY: must decode to {KEY_BYTES} bytes; make one: openssl rand -base64 32")
    return raw


def load_data_key() -> bytes:
    """The configured key, else the data directory's key file (created, mode 0600, on first use)."""
    from recoverynav.settings import get_settings

    settings = get_settings()
    if settings.data_key is not None:
        return parse_data_key(settings.data_key.get_secret_value())
    return _key_file(settings.data_dir / KEY_FILE)


def _key_file(path: Path) -> bytes:
    if path.exists():
        return parse_data_key(path.read_text(encoding="ascii"))
    path.parent.mkdir(parents=True, exist_ok=True)
    encoded = base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")
    try:
        # O_EXCL: two processes starting at once must not each write their own key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return parse_data_key(path.read_text(encoding="ascii"))
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(encoded + "\n")
    return parse_data_key(encoded)


class FieldCipher:
    """Encrypts one column's values; ``purpose`` (the table and column) is bound in as associated data."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)
        self._hash_key = hmac.new(key, b"recoverynav blind index", hashlib.sha256).digest()
        self.key_id = hashlib.sha256(key).hexdigest()[:8]

    def encrypt(self, plaintext: str, *, purpose: str) -> str:
        """``v1:<key id>:<base64 nonce+ciphertext>``; a fresh random nonce every time."""
        nonce = secrets.token_bytes(12)
        sealed = self._aead.encrypt(nonce, plaintext.encode("utf-8"), purpose.encode("ascii"))
        return f"{_VERSION}:{self.key_id}:{base64.b64encode(nonce + sealed).decode('ascii')}"

    def decrypt(self, token: str, *, purpose: str) -> str:
        """The plaintext; ValueError when the token was made with another key or was altered."""
        version, key_id, payload = token.split(":", 2)
        if version != _VERSION or key_id != self.key_id:
            raise ValueError(f"encrypted with key {key_id!r}, not the configured key {self.key_id!r}")
        raw = base64.b64decode(payload)
        try:
            return self._aead.decrypt(raw[:12], raw[12:], purpose.encode("ascii")).decode("utf-8")
        except InvalidTag as exc:
            raise ValueError("the encrypted value was altered or belongs to another column") from exc

    def blind_index(self, value: str, *, purpose: str) -> str:
        """A keyed hash: equal values match, yet the value (an IP address) cannot be recovered by trying them all."""
        return hmac.new(self._hash_key, f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()
