"""Rebuild the command line's compiled catalogue, ``src/recoverynav/knowledge/_bundle.json``, from the YAML.

Run after editing ``knowledge/substances/*.yaml`` or ``classes.yaml`` (a test fails while the bundle is stale)::

    .venv/bin/python scripts/build_bundle.py

The builder itself (``recoverynav.knowledge.bundle.render_bundle``) stays in the package and prints nothing;
this script writes its answer and says where.
"""

from __future__ import annotations

from recoverynav.knowledge.bundle import bundle_path, render_bundle


def main() -> None:
    path = bundle_path()
    path.write_text(render_bundle(), encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
