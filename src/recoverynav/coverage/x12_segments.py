"""Reading and writing X12 segments: delimiters from the ISA header, the ISA/GS/ST envelope, 5010 only.

The fixed-width ISA declares every delimiter: the element separator is its 4th character, the repetition
separator is ISA11, the component separator is ISA16 and the segment terminator is the character right after
ISA16. Files in the wild add a byte-order mark, indentation, CR/LF after each terminator, a newline as the
terminator itself, or 0x1D (group separator) as terminator: all read the same.

Errors name a segment by its position and tag, never by its contents (member ids, names and birth dates live
there).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from recoverynav.errors import InputRejected

__all__ = [
    "DEFAULT_DELIMITERS",
    "IMPLEMENTATION",
    "MAX_X12_CHARS",
    "Delimiters",
    "Segment",
    "Transaction",
    "VersionRefused",
    "X12Rejected",
    "read_transactions",
]

# The TR3 this package reads and writes (HIPAA eligibility, 5010 with its addenda).
IMPLEMENTATION = "005010X279A1"
# A real-time 271 is a few kilobytes and a large batch a few megabytes; anything bigger is not an eligibility file.
MAX_X12_CHARS = 20_000_000
_TAG = re.compile(r"[A-Z][A-Z0-9]{1,2}")
_NEWLINES = re.compile(r"[\r\n]+")
_LEADING = "\ufeff \t\r\n"


class X12Rejected(InputRejected):
    """A file that is not a readable X12 interchange; the message names the segment by position and tag only."""


class VersionRefused(X12Rejected):
    """An X12 version other than 005010 (a 4010 004010X092A1 file, say): "005010 required"."""


@dataclass(frozen=True)
class Delimiters:
    """The four X12 delimiters.

    Usage::

        Delimiters()                                   # * elements, ^ repetitions, : components, ~ segments
        Delimiters(element="|", segment="\\x1d")
    """

    element: str = "*"
    repetition: str = "^"
    component: str = ":"
    segment: str = "~"

    def __post_init__(self) -> None:
        chars = (self.element, self.repetition, self.component, self.segment)
        if any(len(c) != 1 or c.isalnum() or c == " " for c in chars):
            raise X12Rejected("delimiters must be single characters that are neither letters, digits nor spaces")
        # The repetition and component separators may coincide (the TR3's own examples do that: both '^');
        # the element separator and the terminator must differ from everything.
        if len({self.element, self.segment, self.repetition}) != 3 or self.component in (self.element, self.segment):
            raise X12Rejected("the element separator and the segment terminator must differ from every delimiter")

    @property
    def all(self) -> frozenset[str]:
        """Every delimiter character: none may appear inside a value."""
        return frozenset((self.element, self.repetition, self.component, self.segment))


DEFAULT_DELIMITERS = Delimiters()


@dataclass(frozen=True)
class Segment:
    """One segment: its tag and its elements (``element(1)`` is the first after the tag; missing ones are "")."""

    tag: str
    elements: tuple[str, ...]
    position: int  # 1-based place in the file, for error messages

    def element(self, number: int) -> str:
        """Element ``number`` (1-based, as in EB01), "" when absent."""
        return self.elements[number - 1] if 0 < number <= len(self.elements) else ""

    def repeats(self, number: int, delimiters: Delimiters) -> list[str]:
        """A repeatable element split on the repetition separator, empty parts dropped."""
        return [part for part in self.element(number).split(delimiters.repetition) if part]

    def where(self) -> str:
        """ "segment 12 (EB)": how an error points at this segment without quoting it."""
        return f"segment {self.position} ({self.tag})"


@dataclass(frozen=True)
class Transaction:
    """One ST..SE transaction set with the envelope facts that decide how to read it."""

    set_id: str  # ST01: 270 or 271
    control_number: str  # ST02
    implementation: str  # ST03, else GS08
    segments: tuple[Segment, ...]  # between ST and SE, both excluded
    delimiters: Delimiters
    counted: int | None = field(default=None)  # SE01 as written


def _delimiters(text: str) -> tuple[Delimiters, str]:
    """The interchange's delimiters and the text from the ISA on; refuses what is not an X12 interchange."""
    text = text.lstrip(_LEADING)
    if not text.startswith("ISA") or len(text) < 106:
        raise X12Rejected("not an X12 interchange: the file must start with an ISA segment of 106 characters")
    element = text[3]
    if element.isalnum() or element in " \t\r\n":
        raise X12Rejected("segment 1 (ISA): the 4th character must be the element separator")
    # ISA16 follows the 16th element separator; counting (rather than fixed offsets) also reads an unpadded ISA.
    at = -1
    for _ in range(16):
        at = text.find(element, at + 1)
        if at < 0:
            raise X12Rejected("segment 1 (ISA): fewer than 16 elements")
    if at + 2 >= len(text):
        raise X12Rejected("segment 1 (ISA): the file ends inside the ISA segment")
    component, terminator = text[at + 1], text[at + 2]
    repetition_field = text.split(element, 12)[11]
    # In 4010, ISA11 is the standards identifier "U", not a repetition separator.
    repetition = repetition_field if len(repetition_field) == 1 and not repetition_field.isalnum() else "\x1f"
    if terminator in "\r\n":
        terminator = "\n"
    try:
        found = Delimiters(element=element, repetition=repetition, component=component, segment=terminator)
    except X12Rejected as exc:
        raise X12Rejected(f"segment 1 (ISA): unusable delimiters ({exc})") from None
    return found, text


def read_segments(text: str) -> tuple[Delimiters, list[Segment]]:
    """Every segment of an interchange, with the delimiters its ISA declares."""
    if len(text) > MAX_X12_CHARS:
        raise X12Rejected(f"the file is larger than {MAX_X12_CHARS:,} characters; an eligibility file is far smaller")
    delimiters, text = _delimiters(text)
    pieces: Sequence[str] = _NEWLINES.split(text) if delimiters.segment == "\n" else text.split(delimiters.segment)
    segments: list[Segment] = []
    for piece in pieces:
        piece = piece.strip(_LEADING)
        if not piece:
            continue
        tag, *elements = piece.split(delimiters.element)
        position = len(segments) + 1
        if not _TAG.fullmatch(tag):
            raise X12Rejected(f"segment {position}: does not start with a segment tag (two or three capitals)")
        # ISA keeps its fixed-width padding; every other value is trimmed as X12 suppresses trailing spaces.
        values = tuple(elements) if tag == "ISA" else tuple(e.strip(" \t\r\n") for e in elements)
        segments.append(Segment(tag, values, position))
    return delimiters, segments


def _check_version(version: str, where: str) -> None:
    if version.startswith("00501"):
        return
    if version.startswith("00401"):
        raise VersionRefused(
            f"{where}: this is an X12 4010 file ({version or 'no version'}); 005010 required - ask the sender for the "
            f"{IMPLEMENTATION} version of the 270/271"
        )
    raise VersionRefused(f"{where}: X12 version {version[:12] or 'missing'}; 005010 required ({IMPLEMENTATION})")


def read_transactions(text: str, *, sets: Sequence[str] = ("270", "271")) -> list[Transaction]:
    """Every 5010 transaction set of an interchange; a 4010 file (or any other version) is refused whole."""
    delimiters, segments = read_segments(text)
    transactions: list[Transaction] = []
    group_version: str | None = None
    current: list[Segment] | None = None
    header: Segment | None = None
    for segment in segments:
        match segment.tag:
            case "ISA" | "IEA":
                continue
            case "GS":
                group_version = segment.element(8)
            case "GE":
                group_version = None
            case "ST":
                if group_version is None:
                    raise X12Rejected(f"{segment.where()}: a transaction starts outside a functional group (GS)")
                if current is not None:
                    raise X12Rejected(f"{segment.where()}: a transaction starts before the previous one ended (SE)")
                # ST03, when present, takes precedence over GS08 (X12's note on ST03, source stedi-x12-st-segment).
                _check_version(segment.element(3) or group_version, segment.where())
                set_id = segment.element(1)
                if set_id not in sets:
                    raise X12Rejected(
                        f"{segment.where()}: transaction set {set_id[:6] or '(none)'} is not an eligibility "
                        f"{' or '.join(sets)}"
                    )
                current, header = [], segment
            case "SE":
                if current is None or header is None:
                    raise X12Rejected(f"{segment.where()}: a transaction ends that never started (ST)")
                counted = segment.element(1)
                transactions.append(
                    Transaction(
                        set_id=header.element(1),
                        control_number=header.element(2),
                        implementation=header.element(3) or (group_version or ""),
                        segments=tuple(current),
                        delimiters=delimiters,
                        counted=int(counted) if counted.isdigit() else None,
                    )
                )
                current, header = None, None
            case _:
                if current is None:
                    raise X12Rejected(f"{segment.where()}: a segment outside any transaction (ST..SE)")
                current.append(segment)
    if current is not None:
        raise X12Rejected("the file ends inside a transaction: its SE segment is missing")
    if not transactions:
        raise X12Rejected("the interchange holds no transaction set (ST..SE)")
    return transactions


def write_segments(segments: Iterator[Sequence[str]] | Sequence[Sequence[str]], delimiters: Delimiters) -> str:
    """Segments as X12 text, one a line: each ends with the terminator and (unless it is a newline) a newline."""
    end = delimiters.segment if delimiters.segment == "\n" else delimiters.segment + "\n"
    return "".join(delimiters.element.join(parts) + end for parts in segments)
