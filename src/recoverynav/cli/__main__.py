"""``python -m recoverynav.cli``: the same as the ``recoverynav`` command."""

from __future__ import annotations

from recoverynav.cli.main import main

main()
