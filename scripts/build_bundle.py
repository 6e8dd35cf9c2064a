"""Rebuild the command line's compiled data from their sources (a test fails while either is stale)::

    .venv/bin/python scripts/build_bundle.py

- ``src/recoverynav/knowledge/_bundle/`` (``names.json`` and one ``<id>.json`` per entry) from
  ``knowledge/substances/*.yaml`` and ``classes.yaml``, for ``recoverynav drug``;
- ``src/recoverynav/interactions/_check.json`` and ``_check_findings.jsonl`` (every pair finding) from
  ``interactions/rules.yaml``, the TripSit chart and the catalogue, for ``recoverynav check``;
- ``src/recoverynav/directory/_find.json`` and ``_zips.txt`` (schema revision, bundled-file digests, code and
  quality-sign tables, every ZIP code's place) for ``recoverynav find``'s fast path;
- ``src/recoverynav/emergency/_overdose.json`` (the protocol, the numbers and the references they cite) from
  ``emergency/protocol.yaml`` and ``numbers.yaml``, for ``recoverynav overdose``;
- ``src/recoverynav/screening/_screening.json`` (every instrument, validated) from ``screening/instruments/*.yaml``,
  for ``recoverynav screen``;
- ``src/recoverynav/coverage/_x12_codes.json`` (the X12 code lists, sources checked) from ``coverage/x12_codes.yaml``,
  for ``recoverynav coverage parse``;
- ``src/recoverynav/cli/_guide/<payment>.json`` (every payment and state's answer) from ``coverage/``'s guide, for
  ``recoverynav coverage guide``;
- ``src/recoverynav/placement/_place.json`` (the placement rules, options guide, withdrawal rows, monographs' classes
  and label maxima, the references they cite) and ``src/recoverynav/cli/_place.json`` (the text's Spanish headings),
  for ``recoverynav place --facts``;
- ``src/recoverynav/cli/_questions.json`` (every care and medication pair's questions, JSON and text) from
  ``directory/questions.yaml`` and ``choices.yaml``, for ``recoverynav questions``;
- ``src/recoverynav/storage/migrations/_head.json`` (the newest revision and every script's digest) from the
  migration scripts, so checking a database is current needs no Alembic;
- ``src/recoverynav/meetings/_zones.txt`` (every ZIP centroid's time zone, by one-degree cell) from the ZIP data,
  for ``meetings.timezones.zone_at`` (``recoverynav meetings find``), and ``src/recoverynav/cli/_meetings.json``
  (schema revision, shipped feeds' digests, type labels) for ``meetings find``'s fast path.

The builders (``knowledge.bundle.render_bundle``, ``interactions.bundle.render_check_bundle``) stay in their
packages and print nothing; this script writes their answers and says where.
"""

from __future__ import annotations

from pathlib import Path

import recoverynav.meetings
from recoverynav.cli.guide_bundle import guide_bundle_dir, render_guide_bundle
from recoverynav.cli.questions import questions_bundle_dir, render_questions_bundle
from recoverynav.cli.quickmeetings import bundle_path as meetings_bundle_path
from recoverynav.cli.quickplace import place_cli_bundle_dir, render_place_cli_bundle
from recoverynav.coverage.x12_codes import code_lists_bundle_dir, render_code_lists_bundle
from recoverynav.emergency.bundle import overdose_bundle_dir, render_overdose_bundle
from recoverynav.interactions.bundle import check_bundle_dir, render_check_bundle
from recoverynav.knowledge.bundle import bundle_dir, render_bundle
from recoverynav.meetings.timezones import render_zone_bundle
from recoverynav.placement.bundle import place_bundle_dir, render_place_bundle
from recoverynav.screening.bundle import render_screening_bundle, screening_bundle_dir
from recoverynav.storage.directory.find_bundle import bundle_folder, render_find_bundle
from recoverynav.storage.meetings.cli_bundle import render_meetings_bundle
from recoverynav.storage.migrate import render_head_file
from recoverynav.storage.schema_head import migrations_folder


def main() -> None:
    folder = bundle_dir()
    folder.mkdir(exist_ok=True)
    files = render_bundle()
    for stale in folder.glob("*.json"):
        if stale.name not in files:
            stale.unlink()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} files in {folder}")
    for name, text in render_check_bundle().items():
        path = check_bundle_dir() / name
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    for name, text in render_overdose_bundle().items():
        path = overdose_bundle_dir() / name
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    for name, text in render_screening_bundle().items():
        path = screening_bundle_dir() / name
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    for name, text in render_code_lists_bundle().items():
        path = code_lists_bundle_dir() / name
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    guide = guide_bundle_dir()
    guide.mkdir(exist_ok=True)
    for name, text in render_guide_bundle().items():
        (guide / name).write_text(text, encoding="utf-8")
    print(f"wrote {guide}")
    for name, text in render_questions_bundle().items():
        path = questions_bundle_dir() / name
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    for folder_of, files in (
        (place_bundle_dir, render_place_bundle()),
        (place_cli_bundle_dir, render_place_cli_bundle()),
    ):
        for name, text in files.items():
            path = folder_of() / name
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    for name, text in render_find_bundle().items():
        path = bundle_folder() / name
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    for name, text in render_head_file().items():
        path = migrations_folder() / name
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    for text in render_meetings_bundle().values():
        Path(meetings_bundle_path()).write_text(text, encoding="utf-8")
        print(f"wrote {meetings_bundle_path()}")
    for name, text in render_zone_bundle().items():
        path = Path(recoverynav.meetings.__file__).parent / name
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
