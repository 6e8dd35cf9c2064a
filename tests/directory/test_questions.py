"""Questions to ask: every question rests on a catalogued source, and the list cites both NIAAA's questions and
SAMHSA's own "what to look for" advice (issue #18 says "NIAAA's questions and SAMHSA's 'what to ask' advice")."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from recoverynav.directory.questions import load_questions, questions_for
from recoverynav.references import get_reference

GUIDANCE = {
    "niaaa-navigator-10-questions": "alcoholtreatment.niaaa.nih.gov",
    "samhsa-findtreatment-signs-of-quality-treatment": "www.findtreatment.gov",
}


@pytest.mark.parametrize(("ref_id", "host"), sorted(GUIDANCE.items()))
def test_the_list_cites_the_federal_guidance_it_paraphrases(ref_id: str, host: str) -> None:
    table = load_questions()
    cited = {ref for q in table.questions for ref in q.cites} | set(table.before_you_call.cites)
    assert ref_id in table.sources and ref_id in cited
    reference = get_reference(ref_id)
    assert reference.url is not None
    assert urlparse(reference.url).scheme == "https" and urlparse(reference.url).hostname == host
    assert reference.verified


@pytest.mark.parametrize("question", ["credentials", "opioid_medication", "family", "aftercare"])
def test_the_signs_of_quality_questions_cite_samhsa(question: str) -> None:
    by_id = {q.id: q for q in questions_for().questions}
    assert "samhsa-findtreatment-signs-of-quality-treatment" in by_id[question].cites


def test_every_cited_source_is_listed_in_the_file() -> None:
    table = load_questions()
    cited = {ref for q in table.questions for ref in q.cites} | set(table.before_you_call.cites)
    assert cited <= set(table.sources)
