"""Print how long the plan PDF takes to render (WeasyPrint) and to read back (pypdf), by plan size.

Usage: .venv/bin/python benchmarks/plan_pdf.py
"""

from __future__ import annotations

import io
import statistics
import time

from pypdf import PdfReader

from recoverynav.plans import MAX_ITEMS, MAX_TEXT, CrisisPlan, Person, Reasons, RecoveryPlan, plan_pdf
from recoverynav.plans.models import Triggers


def _plan(items: int, text: str) -> RecoveryPlan:
    lines = [text] * items
    return RecoveryPlan(
        reasons=Reasons(health=lines, home=lines, purpose=lines, community=lines),
        triggers=Triggers(inside=lines, outside=lines),
        warning_signs=lines,
        coping_now=lines,
        coping_week=lines,
        people=[Person(name="Sam", phone="215-555-0100")],
        medications=lines,
        if_i_slip=lines,
        crisis=CrisisPlan(warning_signs=lines, on_my_own=lines, people_and_places=lines, safer_place=lines),
    )


def main() -> None:
    words = " ".join(["walk to the park with my dog"] * 10)
    cases = {
        "typical (2 items x 40 chars)": _plan(2, words[:40]),
        "long (4 items x 120 chars)": _plan(4, words[:120]),
        f"maximal ({MAX_ITEMS} items x {MAX_TEXT} chars)": _plan(MAX_ITEMS, words[:MAX_TEXT]),
    }
    plan_pdf(RecoveryPlan())  # fonts and fontconfig warm up once per process
    for name, plan in cases.items():
        renders, reads = [], []
        for _ in range(3):
            start = time.perf_counter()
            pdf = plan_pdf(plan)
            renders.append(time.perf_counter() - start)
            start = time.perf_counter()
            pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
            reads.append(time.perf_counter() - start)
        print(
            f"{name:34} render median {statistics.median(renders):6.2f} s, read back {statistics.median(reads):5.2f} s,"
            f" {len(pages)} pages, {len(pdf) // 1000} kB"
        )


if __name__ == "__main__":
    main()
