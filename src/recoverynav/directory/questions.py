"""Questions to ask a facility before you go (``questions.yaml``), tailored by the care and medication chosen.

Usage::

    from recoverynav.directory.questions import questions_for
    [q.id for q in questions_for(care="DT", medication="BU").questions]
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field, model_validator

from recoverynav.datafiles import read_yaml
from recoverynav.directory.choices import UnknownChoiceError, load_choices
from recoverynav.references import check_ids


class Question(BaseModel):
    """One question in our own words, why it is worth asking, the choices it is for, and its sources."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z_]+$")
    ask: str = Field(min_length=10)
    why: str = Field(min_length=10)
    care: list[str] = Field(default_factory=list)
    medication: list[str] = Field(default_factory=list)
    cites: list[str] = Field(min_length=1)


class CitedText(BaseModel):
    """A paragraph and its sources."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    cites: list[str] = Field(min_length=1)


class QuestionText(BaseModel):
    """A question and its reason in another language (the same statements, so the English sources stand)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ask: str = Field(min_length=10)
    why: str = Field(min_length=10)


class QuestionsText(BaseModel):
    """``questions.yaml``'s ``es:`` block: the paragraph before calling and every question, by id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    before_you_call: str = Field(min_length=20)
    questions: dict[str, QuestionText]


class QuestionsFile(BaseModel):
    """The shape of ``questions.yaml``; care and medication ids must be the find form's choices."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: list[str] = Field(min_length=1)
    before_you_call: CitedText
    questions: list[Question] = Field(min_length=1)
    es: QuestionsText = Field(exclude=True)

    @model_validator(mode="after")
    def _every_question_translated(self) -> QuestionsFile:
        ids, translated = {q.id for q in self.questions}, set(self.es.questions)
        if ids != translated:
            missing, stray = sorted(ids - translated), sorted(translated - ids)
            raise ValueError(f"es: questions must be exactly the question ids (missing {missing}, unknown {stray})")
        return self

    def in_language(self, lang: str) -> QuestionsFile:
        """The file with its words in ``lang`` ("en" or "es"); ids, choices and sources unchanged."""
        if lang != "es":
            return self
        before = self.before_you_call.model_copy(update={"text": self.es.before_you_call})
        questions = [q.model_copy(update=self.es.questions[q.id].model_dump()) for q in self.questions]
        return self.model_copy(update={"before_you_call": before, "questions": questions})

    @model_validator(mode="after")
    def _known_choices(self) -> QuestionsFile:
        choices = load_choices()
        care = {c.id for c in choices.care}
        medication = {c.id for c in choices.medication}
        for q in self.questions:
            if not set(q.care) <= care or not set(q.medication) <= medication:
                raise ValueError(f"question {q.id!r} names a care or medication id the find form does not offer")
        return self


class QuestionList(BaseModel):
    """The questions for one choice of care and medication (empty strings: no preference)."""

    care: str = ""
    medication: str = ""
    before_you_call: CitedText
    questions: list[Question]


@cache
def load_questions() -> QuestionsFile:
    """Read and validate ``questions.yaml``; every cited source must be in the bibliography."""
    data = QuestionsFile.model_validate(read_yaml("recoverynav.directory", "questions.yaml"))
    check_ids(data.sources, where="directory/questions.yaml")
    check_ids(data.before_you_call.cites, where="directory/questions.yaml before_you_call")
    for q in data.questions:
        check_ids(q.cites, where=f"directory/questions.yaml {q.id}")
    return data


def questions_for(care: str = "", medication: str = "", lang: str = "en") -> QuestionList:
    """Every general question plus those for this care type and medication (words in ``lang``, "en" or "es");
    unknown ids raise UnknownChoiceError."""
    choices = load_choices()
    wanted_care = care.strip().upper()
    wanted_medication = medication.strip().upper()
    for field, value, allowed in (
        ("care", wanted_care, [c.id for c in choices.care]),
        ("medication", wanted_medication, [c.id for c in choices.medication]),
    ):
        if value and value not in allowed:
            raise UnknownChoiceError(field, value, allowed)
    data = load_questions().in_language(lang)
    picked = [
        q
        for q in data.questions
        if (not q.care and not q.medication)
        or (wanted_care and wanted_care in q.care)
        or (wanted_medication and wanted_medication in q.medication)
    ]
    return QuestionList(
        care=wanted_care, medication=wanted_medication, before_you_call=data.before_you_call, questions=picked
    )
