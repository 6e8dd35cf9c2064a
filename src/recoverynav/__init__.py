"""recoverynav: cited, open navigation from "what is happening?" to "which treatment, where?".

The capability packages (``knowledge``, ``interactions``, ``emergency``, ``screening``,
``placement``, ``directory``) hold the decisions; ``cli``, ``api``, ``web`` and ``storage`` only
translate. Imports stay lazy so that the command line starts fast.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
