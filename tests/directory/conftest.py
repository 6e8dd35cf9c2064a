"""Fixtures for directory tests: a local locator server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.directory.locator_server import Locator, serving


@pytest.fixture()
def locator() -> Iterator[tuple[Locator, str]]:
    with serving() as running:
        yield running
