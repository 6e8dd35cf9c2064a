"""Work done once before the site serves: each step makes bundled data ready (e.g. the facility database).

Capabilities that need preparation add a ``module:function`` to ``STEPS``; each step is idempotent.
"""

from __future__ import annotations

from importlib import import_module

STEPS: tuple[str, ...] = (
    "recoverynav.storage:prepare_database",
    "recoverynav.storage.meetings:prepare_meetings",
    # Validates the rules and precomputes every pair finding (~0.2-0.5 s) before the first /check.
    "recoverynav.interactions:load_engine",
)


def prepare() -> None:
    """Run every preparation step in order."""
    for step in STEPS:
        module, func = step.split(":")
        getattr(import_module(module), func)()
