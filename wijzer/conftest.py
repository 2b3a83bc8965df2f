"""Shared pytest fixtures: the real SLO curriculum is loaded once per test database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from wijzer.curriculum import service as curriculum


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        curriculum.load_curriculum()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Abuse-limit counters (accounts.throttle) live in the cache: no test inherits another test's counts."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def slo(db: None) -> None:
    """The real curriculum; reloaded only when an earlier transactional test flushed it."""
    curriculum.load_curriculum()


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (playwright install cannot download here)."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("WIJZER_CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(executable):
        pytest.fail(f"Chromium ontbreekt op {executable}: installeer het Debian-pakket 'chromium'.")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="nl-NL")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()
