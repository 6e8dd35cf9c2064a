"""Any-of answers ("I have no insurance": free, sliding fee or payment help) cost one search per page, in SQL.

Before: the groups were applied in Python to every hit, page by page (33-39 statements for one page of 20).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from recoverynav.app import create_app
from recoverynav.directory import FacilityQuery, search_any_of
from recoverynav.directory.choices import QUESTIONS, any_of_groups, load_choices, matches_groups
from recoverynav.storage import SqlFacilityRepository, prepare_database
from recoverynav.web.deps import facility_repository
from tests.seeded import seed_sqlite

# Reading one page: the search itself (count and ids in one statement), the page's rows, their exact miles.
PAGE_STATEMENTS = 3


Counted = tuple[TestClient, list[str], SqlFacilityRepository]
# Every answer whose codes form a group of more than one (an any-of filter, not an all-of code).
WIDE = [
    (question, answer.id)
    for question in QUESTIONS
    for answer in load_choices().answers(question)
    if len(answer.any_of) > 1
]


@pytest.fixture(scope="module")
def counted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Counted]:
    path: Path = tmp_path_factory.mktemp("queries") / "find.sqlite3"
    repo = prepare_database(f"sqlite:///{seed_sqlite(path)}")
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(repo.engine, "before_cursor_execute", record)
    app = create_app()
    app.dependency_overrides[facility_repository] = lambda: repo
    with TestClient(app) as client:
        client.get("/find", params={"near": "22902"})  # warm: anything done once per process happens here
        yield client, statements, repo
    event.remove(repo.engine, "before_cursor_execute", record)


@pytest.mark.parametrize("near", ["22902", "Los Angeles, CA", "Worcester, MA"])
@pytest.mark.parametrize("page", ["1", "2", "3"])
def test_payment_none_reads_one_search_per_page(counted: Counted, near: str, page: str) -> None:
    client, statements, _ = counted
    statements.clear()
    response = client.get("/find", params={"near": near, "radius": "50", "payment": "none", "page": page})
    assert response.status_code == 200 and (page != "1" or 'class="facility"' in response.text)
    searches = [s for s in statements if "facility_cells" in s or "FROM facilities" in s]
    assert len(searches) <= PAGE_STATEMENTS, searches


@pytest.mark.parametrize(("question", "answer"), WIDE)
@pytest.mark.parametrize("near", ["Los Angeles, CA", "Worcester, MA", "Vermont"])
def test_the_sql_filter_keeps_exactly_the_facilities_with_a_code_of_each_group(
    counted: Counted, question: str, answer: str, near: str
) -> None:
    _, _, repo = counted
    groups = any_of_groups(**{question: answer})
    query = FacilityQuery(near=near, radius_miles=25, page_size=100)
    everything = [
        hit for page in range(1, 31) for hit in search_any_of(query.model_copy(update={"page": page}), [], repo).results
    ]
    wanted = [hit.frid for hit in everything if matches_groups(hit.codes, groups)]
    filtered = search_any_of(query, groups, repo)
    assert [hit.frid for hit in filtered.results] == wanted[:100] and filtered.total == len(wanted)
