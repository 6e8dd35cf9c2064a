"""Package faces that import their modules on first use (PEP 562).

A command that needs one function of a package (``recoverynav overdose`` needs the protocol, not the models that
validate it) must not pay for importing the rest. A package lists its public names with the module each lives in and
sets ``__getattr__ = lazy_exports(__name__, _EXPORTS)``; a name is imported once, then kept in the package.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, str]) -> Callable[[str], Any]:
    """The module-level ``__getattr__`` for ``package``: ``exports`` maps each public name to its module's name."""
    namespace = sys.modules[package].__dict__

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{module}"), name)
        namespace[name] = value
        return value

    return __getattr__
