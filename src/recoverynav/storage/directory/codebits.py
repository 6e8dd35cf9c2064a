"""Service codes as integer bitmasks, so a search tests ``(mask & wanted) = wanted`` instead of string matching.

Each code in :data:`CODE_ORDER` owns one bit: code ``i`` is bit ``i % 63`` of word ``i // 63`` (63 bits keep every
word a non-negative signed 64-bit integer on SQLite and PostgreSQL). The order is part of the stored data:
append-only, and any change needs a migration that recomputes ``facilities.code_mask*`` (bump
:data:`CODE_BITS_VERSION`). Codes outside the list keep working through the ``codes`` text column.
"""

from __future__ import annotations

from collections.abc import Iterable

CODE_BITS_VERSION = 1
WORDS = 5
BITS_PER_WORD = 63
MASK_COLUMNS = tuple(f"code_mask{word}" for word in range(WORDS))

# Version 1: the locator catalogue of 2026-11 (directory/codes.yaml), sorted.
# fmt: off
CODE_ORDER: tuple[str, ...] = (
    "ACC", "ACM", "ACMA", "ACT", "ACU", "AD", "ADLT", "ADM", "ADTX", "AH", "AIM", "ALZ", "ANG", "AOSS", "AT",
    "AUDO", "AUINPE", "AUPC", "AURPE", "BABA", "BC", "BDTX", "BERI", "BIA", "BMO", "BMW", "BSDM", "BU", "BUM",
    "BWN", "BWON", "CARF", "CBHC", "CBT", "CCC", "CDM", "CDTX", "CFT", "CHLD", "CIT", "CJ", "CLF", "CLND", "CM",
    "CMHA", "CMHC", "CMHG", "CMI", "CO", "COA", "COOT", "COPSU", "CRT", "CRV", "CSAA", "CSBG", "CT", "DAOF", "DAUT",
    "DB", "DBT", "DDF", "DEA", "DEC", "DLC", "DM", "DP", "DSF", "DT", "DU", "DUO", "DV", "DVFP", "ECT", "EIH",
    "EMDR", "EMP", "ES", "F17", "F19", "F25", "F28", "F30", "F31", "F35", "F36", "F37", "F4", "F42", "F43", "F47",
    "F66", "F67", "F70", "F81", "F92", "FCO", "FED", "FEM", "FG", "FPSY", "FQHC", "FSA", "FX", "GCO", "GH", "GL",
    "GT", "HAEC", "HAV", "HBT", "HBV", "HCT", "HEO", "HFAP", "HH", "HI", "HID", "HIT", "HIVT", "HLA", "HS", "HV",
    "ICM", "ICO", "IDD", "IH", "IMR", "INPE", "IPC", "IPSY", "IPT", "ISC", "ITU", "JC", "KIT", "LCCG", "LFXD",
    "MALE", "MC", "MCO", "MD", "MDET", "MDTX", "METH", "MF", "MH", "MHCV", "MHIV", "MHPA", "MHS", "MI", "MM", "MMD",
    "MMW", "MN", "MOA", "MOTI", "MPEP", "MSMH", "MST", "MU", "MWS", "MXM", "N13", "N18", "N23", "N24", "N40",
    "NAUT", "NCQA", "NMAUT", "NMOA", "NOE", "NOOP", "NP", "NRT", "NSC", "NU", "NX", "NXN", "OD", "ODT", "ODTX",
    "OFD", "OIT", "OMB", "OMH", "OP", "OPC", "ORES", "ORT", "OSF", "OTP", "OTPA", "OUDO", "PA", "PAIN", "PC", "PCF",
    "PED", "PEER", "PEFP", "PEOFF", "PEON", "PH", "PHDT", "PI", "PIEC", "PMAT", "PRS", "PSY", "PSYH", "PTSD",
    "PVTN", "PVTP", "PW", "RC", "RD", "REBT", "RELP", "RES", "RL", "RPE", "RPN", "RS", "RTCA", "RTCC", "SA", "SACA",
    "SAE", "SAMF", "SCJJ", "SE", "SED", "SEF", "SF", "SH", "SHG", "SHP", "SI", "SMHA", "SMHD", "SMI", "SMON",
    "SMOP", "SMPD", "SNR", "SOTP", "SP", "SPS", "SS", "SSA", "SSD", "STAG", "STDH", "STDT", "STG", "STMH", "STU",
    "SUMH", "SWFS", "TA", "TAEC", "TAY", "TBG", "TBI", "TBS", "TCC", "TELE", "TGD", "TID", "TMS", "TOD", "TRC",
    "TRMA", "TWFA", "UB", "UN", "VAF", "VAHC", "VAMC", "VAPN", "VAPP", "VET", "VO", "VOC", "VPPD", "VTRL", "WI",
    "WN", "XA", "X_BEHAV", "X_TRAUMA", "YAD",
)
# fmt: on

_BIT = {code: index for index, code in enumerate(CODE_ORDER)}
# (word, bit value) per code, so an import computes a row's masks without arithmetic per code.
_WORD_BIT = {code: (index // BITS_PER_WORD, 1 << (index % BITS_PER_WORD)) for code, index in _BIT.items()}


def code_masks(codes: Iterable[str]) -> tuple[int, ...]:
    """The ``WORDS`` bitmask words of a code set; codes without a bit are left out (they match by text).

    Usage::

        code_masks(["BU", "DT"])   # (mask0, mask1, mask2, mask3, mask4)
    """
    words = [0] * WORDS
    for code in codes:
        found = _WORD_BIT.get(code)
        if found is not None:
            words[found[0]] |= found[1]
    return tuple(words)


def split_codes(codes: Iterable[str]) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """Wanted codes as (bitmask words, codes that have no bit and must be matched by text)."""
    wanted = list(codes)
    return code_masks(wanted), tuple(code for code in wanted if code not in _BIT)
