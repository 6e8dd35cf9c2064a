"""Work done once before the site serves: each step makes bundled data ready (e.g. the facility database).

Capabilities that need preparation add a ``module:function`` to ``STEPS``; each step is idempotent.
``recoverynav serve`` runs them once in its own process before it starts the workers; each worker then runs
``WORKER_STEPS`` (no writes: it records what the parent prepared and warms its own caches), so N workers never
race each other through migrations and imports.
"""

from __future__ import annotations

from importlib import import_module

STEPS: tuple[str, ...] = (
    "recoverynav.storage:prepare_database",
    "recoverynav.storage.meetings:prepare_meetings",
    # Validates the rules and precomputes every pair finding (~0.2-0.5 s) before the first /check.
    "recoverynav.interactions:load_engine",
)

# In a worker process whose parent ran STEPS: what each step leaves to do in the worker's own memory.
WORKER_STEPS: tuple[str, ...] = (
    "recoverynav.storage.database:mark_prepared",
    "recoverynav.storage.meetings:mark_meetings_prepared",
    "recoverynav.interactions:load_engine",
)


def prepare() -> None:
    """Run every preparation step in order."""
    _run(STEPS)


def prepare_worker() -> None:
    """In a server worker after the parent's :func:`prepare`: no migration or import, only per-process caches."""
    _run(WORKER_STEPS)


def _run(steps: tuple[str, ...]) -> None:
    for step in steps:
        module, func = step.split(":")
        getattr(import_module(module), func)()
