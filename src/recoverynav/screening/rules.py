"""The scoring rules without pydantic: :func:`score` reads an instrument's attributes and builds its result with the
constructors it is given.

``score_instrument`` (``scoring.py``) runs it over the validated models and builds the pydantic results;
``recoverynav screen --answers`` runs the very same rules over the compiled instruments (``bundle.py``) and builds
plain objects, so the command starts without importing pydantic. A test compares the two over many inputs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from recoverynav.errors import InputRejected

if TYPE_CHECKING:
    from recoverynav.screening.models import Band, Instrument, Item, Note, Sex

Answers = Sequence[int] | Mapping[str, int | None]


def slug(text: str) -> str:
    """A lower-case id from a free-form instrument name ("AUDIT C" -> "audit-c")."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class AnswerError(InputRejected):
    """Answers that do not fit the instrument; ``field`` names the item (or ``sex``/``age``) to fix."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Kinds(NamedTuple):
    """The constructors of a result's parts (keyword arguments in the models' field order)."""

    result: Callable[..., Any]
    answered: Callable[..., Any]
    note: Callable[..., Any]
    group: Callable[..., Any]


def score(instrument: Instrument, answers: Answers, sex: str | None, age: int | None, kinds: Kinds) -> Any:
    """Score ``answers`` exactly as the instrument's authors publish it; raise :class:`AnswerError` on bad input."""
    checked_sex = _check_sex(sex)
    if age is not None and not 0 <= age <= 130:
        raise AnswerError(f"age must be a whole number of years between 0 and 130, got {age}", field="age")
    chosen = _normalise(instrument, answers)
    asked = asked_items(instrument, chosen)
    for number, item in enumerate(instrument.items, start=1):
        if asked[item.id] and chosen[item.id] is None:
            raise AnswerError(f"item {number} ({item.id}) needs an answer: {_choices(item)}", field=item.id)
    answered = tuple(_answered(item, n, chosen, asked, kinds.answered) for n, item in enumerate(instrument.items, 1))
    groups = _group_results(instrument, answered, kinds.group)
    total = _total(instrument, answered, groups)
    band = _band(instrument, total, checked_sex)
    return kinds.result(
        instrument=instrument.id,
        instrument_name=instrument.name,
        score=total,
        min_score=instrument.min_score,
        max_score=instrument.max_score,
        score_label=instrument.score_label,
        band=band.id,
        band_label=band.label,
        positive=band.positive,
        severity=band.severity,
        severity_graded=instrument.grades_severity,
        meaning=band.meaning,
        next_steps=band.next_steps,
        notes=_notes(instrument, total, checked_sex, age, chosen, kinds.note),
        groups=groups,
        answers=answered,
        sex=checked_sex,
        age=age,
        loinc_total=instrument.loinc.total,
        sources=instrument.sources,
    )


def asked_items(instrument: Instrument, chosen: Mapping[str, int | None]) -> dict[str, bool]:
    """Which items the published skip logic asks, given the answers so far (items are asked in order)."""
    asked: dict[str, bool] = {}
    for item in instrument.items:
        asked[item.id] = not item.asked_if_any or any(
            asked.get(ref, False) and (chosen.get(ref) or 0) > 0 for ref in item.asked_if_any
        )
    return asked


# Option numbers and ages are at most three ASCII digits: "²" passes str.isdigit() but not int(), and a
# 5,000-digit number is beyond int()'s limit; neither is an answer.
_NUMBER = re.compile(r"[0-9]{1,3}")


def parse_number(text: str, field: str, label: str, high: int = 999, hint: str = "") -> int:
    """A whole number of 0..``high`` written in ASCII digits, else an ``AnswerError`` naming ``field``."""
    value = text.strip()
    if not _NUMBER.fullmatch(value) or int(value) > high:
        shown = repr(value) if len(value) <= 12 else f"{value[:12]!r}..."
        raise AnswerError(f"{label} is {shown}: give a whole number from 0 to {high}{hint}", field=field)
    return int(value)


def parse_answer_list(text: str) -> list[int]:
    """``"1,0,3"`` -> ``[1, 0, 3]``; anything but 0-based option numbers names its position."""
    parts = text.split(",")
    if len(parts) > 200:
        raise AnswerError("too many answers: give one option number per item, e.g. 1,0,3", field="answers")
    hint = " (0-based option numbers separated by commas, e.g. 1,0,3)"
    return [parse_number(part, f"answer {n}", f"answer {n}", hint=hint) for n, part in enumerate(parts, start=1)]


def _check_sex(sex: str | None) -> Sex | None:
    if sex is None or sex == "":
        return None
    if sex == "female":
        return "female"
    if sex == "male":
        return "male"
    raise AnswerError(f"sex must be 'female' or 'male' (or left out), got {sex!r}", field="sex")


def _choices(item: Item) -> str:
    return "; ".join(f"{n} = {o.text}" for n, o in enumerate(item.options))


def _normalise(instrument: Instrument, answers: Answers) -> dict[str, int | None]:
    items = instrument.items
    if isinstance(answers, Mapping):
        unknown = [key for key in answers if key not in instrument.item_ids]
        if unknown:
            raise AnswerError(
                f"{instrument.name} has no item {unknown[0]!r}; its items are {', '.join(instrument.item_ids)}",
                field=str(unknown[0]),
            )
        values: list[int | None] = [answers.get(item.id) for item in items]
    else:
        if isinstance(answers, str | bytes):
            raise AnswerError("answers must be a list of option numbers, not text", field="answers")
        values = list(answers)
        if len(values) != len(items):
            missing = items[len(values)].id if len(values) < len(items) else None
            where = f"; item {len(values) + 1} ({missing}) is missing" if missing else ""
            raise AnswerError(
                f"{instrument.name} has {len(items)} items: give {len(items)} answers in published order, "
                f"got {len(values)}{where}",
                field=missing or "answers",
            )
    chosen: dict[str, int | None] = {}
    for number, (item, value) in enumerate(zip(items, values, strict=True), start=1):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise AnswerError(f"item {number} ({item.id}): answer must be an option number", field=item.id)
        if value is not None and not 0 <= value < len(item.options):
            raise AnswerError(
                f"item {number} ({item.id}) has options 0-{len(item.options) - 1}, got {value}: {_choices(item)}",
                field=item.id,
            )
        chosen[item.id] = value
    return chosen


def _answered(
    item: Item, number: int, chosen: Mapping[str, int | None], asked: Mapping[str, bool], make: Callable[..., Any]
) -> Any:
    option = chosen[item.id]
    excluded = any(chosen.get(ref.item) == ref.option for ref in item.not_counted_if)
    counted = asked[item.id] and option is not None and not excluded
    return make(
        item=item.id,
        number=number,
        text=item.text,
        option=option,
        answer=item.options[option].text if option is not None else None,
        points=item.options[option].points if counted and option is not None else 0,
        asked=asked[item.id],
        counted=counted,
    )


def _group_results(instrument: Instrument, answered: tuple[Any, ...], make: Callable[..., Any]) -> tuple[Any, ...]:
    if instrument.scoring != "group-max":
        return ()
    sums = dict.fromkeys(instrument.groups, 0)
    for item, answer in zip(instrument.items, answered, strict=True):
        if item.group is not None:
            sums[item.group] += answer.points
    results = []
    for group_id, title in instrument.groups.items():
        band = next(b for b in instrument.group_bands if b.min <= sums[group_id] <= b.max)
        results.append(make(id=group_id, title=title, score=sums[group_id], band=band.id, label=band.label))
    return tuple(results)


def _total(instrument: Instrument, answered: tuple[Any, ...], groups: tuple[Any, ...]) -> int:
    if instrument.scoring == "group-max":
        return max(int(g.score) for g in groups)
    points = [int(a.points) for a in answered]
    return max(points) if instrument.scoring == "max" else sum(points)


def _band(instrument: Instrument, score: int, sex: Sex | None) -> Band:
    wanted: Sex | None = sex if any(b.sex == sex for b in instrument.bands) else None
    return next(b for b in instrument.bands if b.sex == wanted and b.min <= score <= b.max)


def _notes(
    instrument: Instrument,
    score: int,
    sex: Sex | None,
    age: int | None,
    chosen: Mapping[str, int | None],
    make: Callable[..., Any],
) -> tuple[Any, ...]:
    notes = [
        make(id=n.id, text=n.text, sources=n.sources) for n in instrument.notes if _applies(n, score, sex, age, chosen)
    ]
    if age is not None and (
        (instrument.age_min is not None and age < instrument.age_min)
        or (instrument.age_max is not None and age > instrument.age_max)
    ):
        span = f"{instrument.age_min or 0}-{instrument.age_max}" if instrument.age_max else f"{instrument.age_min}+"
        notes.append(
            make(
                id="age-outside-validation",
                text=f"{instrument.name} was validated for ages {span}; at {age} read the result with care.",
                sources=instrument.sources,
            )
        )
    return tuple(notes)


def _applies(note: Note, score: int, sex: Sex | None, age: int | None, chosen: Mapping[str, int | None]) -> bool:
    when = note.when
    checks: list[bool] = []
    if when.sex is not None:
        checks.append(sex == when.sex)
    if when.sex_unknown:
        checks.append(sex is None)
    if when.min_age is not None:
        checks.append(age is not None and age >= when.min_age)
    if when.max_age is not None:
        checks.append(age is not None and age <= when.max_age)
    if when.min_score is not None:
        checks.append(score >= when.min_score)
    if when.max_score is not None:
        checks.append(score <= when.max_score)
    if when.option is not None:
        checks.append(chosen.get(when.option.item) == when.option.option)
    checks.extend((chosen.get(item_id) or 0) == 0 for item_id in when.items_zero)
    return all(checks)
