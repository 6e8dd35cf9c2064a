"""One door to an eligibility file: every 270 inquiry and 271 summary in it, in file order.

Usage::

    for item in read_eligibility(path.read_text()):
        print(item.transaction_set)     # "270" or "271"
"""

from __future__ import annotations

from recoverynav.coverage.benefits import BenefitSummary
from recoverynav.coverage.x12_270 import EligibilityInquiry, inquiries_of
from recoverynav.coverage.x12_271 import summarise_271
from recoverynav.coverage.x12_segments import read_transactions

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
            found += inquiries_of(transaction)
        else:
            found += summarise_271(transaction)
    return found
