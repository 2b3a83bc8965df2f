"""Fixtures: a fresh loopback test server per test and fetch options that never really sleep."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from wijzer.ingest.harvest.base import Page
from wijzer.ingest.harvest.http import FetchOptions
from wijzer.ingest.harvest.tests.testserver import HarvestTestServer

_IDENTIFIER_RE = re.compile(rb"<(?:\w+:)?(?:recordIdentifier|identifier)>([^<]+)<|\"id\": \"([^\"]+)\"")


class Sleeps(list[float]):
    """Records the delays ``fetch`` asked for instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def server() -> Iterator[HarvestTestServer]:
    with HarvestTestServer() as running:
        yield running


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def options(sleeps: Sleeps) -> FetchOptions:
    return FetchOptions(timeout=5.0, sleep=sleeps)


def identifiers(pages: list[Page]) -> list[str]:
    """The record identifiers in the page bodies (SRU recordIdentifier, OAI identifier, Edu-V id), in order."""
    found: list[str] = []
    for page in pages:
        found.extend((a or b).decode() for a, b in _IDENTIFIER_RE.findall(page.body))
    return found
