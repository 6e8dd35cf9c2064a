"""``recoverynav keys rotate``: re-encrypt every personal value under a new key, batch by batch (resumable).

With a key file (no ``RECOVERYNAV_SECRET_KEYS``), ``rotate`` first puts a new key at the top of the file; the
old keys stay, so values not yet re-encrypted remain readable. With ``RECOVERYNAV_SECRET_KEYS``, put the new
key first in the setting yourself, then run ``rotate``. ``--resume`` finishes a run that stopped, without
making another key.
"""

from __future__ import annotations

import click


@click.group()
def keys() -> None:
    """Encryption keys of personal data at rest."""


@keys.command()
@click.option("--resume", is_flag=True, help="Only finish re-encrypting under the newest key (make no new key).")
def rotate(resume: bool) -> None:
    """Re-encrypt every stored personal value under the newest key (a new one first, with a key file)."""
    from recoverynav.backoffice import AuditEvent
    from recoverynav.cli.users import cli_actor
    from recoverynav.storage.crypto import KEY_FILE, FieldCipher, add_key_to_file, load_key_ring
    from recoverynav.storage.key_rotation import rotate_all
    from recoverynav.wiring import back_office_engine, back_office_unit
    from recoverynav.wiring import settings as current_settings

    settings = current_settings()
    engine = back_office_engine()
    ring = load_key_ring()
    configured = settings.secret_keys is not None or settings.data_key is not None
    if not resume and not configured:
        if ring.created_file is None:
            new_id = add_key_to_file(settings.data_dir / KEY_FILE)
            click.echo(f"Added key {new_id} to {settings.data_dir / KEY_FILE}; the older keys stay for reading.")
        ring = load_key_ring()
    elif not resume:
        click.echo(f"Keys come from the settings: re-encrypting under the first one ({ring.primary_id}).")
    cipher = FieldCipher(ring)
    counts = rotate_all(engine, cipher)
    with back_office_unit() as uow:
        uow.audit.record(AuditEvent(actor=cli_actor(), action="keys.rotate", reason=f"to key {cipher.key_id}"))
        uow.commit()
    for column, count in counts.items():
        click.echo(f"{column}: {count} re-encrypted")
    click.echo(f"Every value is now under key {cipher.key_id}.")
