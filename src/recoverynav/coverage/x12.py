"""One door to an eligibility file: every 270 inquiry and 271 summary in it, in file order.

Why our own reader and writer rather than x12sdk 2.2.0 (the Pydantic 2 fork of LinuxForHealth x12), measured on
the 28 files in tests/coverage/x12_samples on 2026-12-07: it read the 7 LinuxForHealth samples it ships, but
none of the OopFactory files as they are (a byte-order mark and indentation: UnboundLocalError/ValueError), and
after stripping those still failed two valid 5010 271s (AAA 80 at 2000A and 42 at 2100C are missing from its
per-loop enums) and three of the four substance-use 271s (CI/CJ refused, EB09 "DY" parsed as a decimal); 4010
files failed with KeyError/UnboundLocalError, not a "005010 required"; its ValidationError messages quote the
input values (member ids, names); its generator writes ST03 "005010X279" without A1. Working around that means
patching its enums and models from outside: not clean. Ours reads all 28 (the nine 4010 files refused), and is
~6x faster on demo.271 (0.9 ms against 6.0 ms).

Usage::

    for item in read_eligibility(path.read_text()):
        print(item.transaction_set)     # "270" or "271"
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recoverynav.coverage.x12_271 import summarise_271
from recoverynav.coverage.x12_segments import read_transactions

if TYPE_CHECKING:
    from recoverynav.coverage.benefits import BenefitSummary
    from recoverynav.coverage.x12_270 import EligibilityInquiry

__all__ = ["decode_x12", "read_eligibility"]


def decode_x12(data: bytes) -> str:
    """File bytes as text: UTF-8 (a byte-order mark dropped), else Latin-1 so no byte is refused."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_eligibility(text: str) -> list[EligibilityInquiry | BenefitSummary]:
    """Every 270 inquiry and every 271 summary in a 5010 interchange; a 4010 file is refused ("005010 required")."""
    found: list[EligibilityInquiry | BenefitSummary] = []
    for transaction in read_transactions(text):
        if transaction.set_id == "270":
            from recoverynav.coverage.x12_270 import inquiries_of  # the inquiry models only when a file has one

            found += inquiries_of(transaction)
        else:
            found += summarise_271(transaction)
    return found
