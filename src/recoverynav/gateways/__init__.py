"""Gateways: calls to outside services, each behind a port (a ``typing.Protocol``) its capability defines.

Capabilities never import this package; faces (or ``wiring``) hand a gateway to the capability. Today:
``samhsa_locator`` (the directory's ``LocatorPages``) and ``feeds`` (Meeting Guide feed downloads, with timeouts
and a size cap). A clearinghouse lookup or an e-mail/SMS sender goes here.
"""

from __future__ import annotations

from recoverynav.gateways.samhsa_locator import SamhsaLocator, sync_from_locator

__all__ = ["SamhsaLocator", "sync_from_locator"]
