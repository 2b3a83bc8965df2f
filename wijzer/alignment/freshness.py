"""Per-process caches of curriculum data (goal catalogue, suggester index) follow `wijzer curriculum load`.

A web worker builds the goal catalogue and the suggester index once and keeps them. When the curriculum is loaded
again (in another process), `curriculum.service.load_version()` changes; the next request that uses a cache sees
that and rebuilds. The version is read once per request (one small query), and on every use outside a request
(commands, tests).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from wijzer.curriculum import service as curriculum

_clearers: list[Callable[[], None]] = []
_state: dict[str, str | None] = {"version": None}
_local = threading.local()


def register(clear: Callable[[], None]) -> None:
    """A cache to clear when the curriculum changes (e.g. an `lru_cache`'s `cache_clear`)."""
    _clearers.append(clear)


def clear() -> None:
    for clear_one in _clearers:
        clear_one()
    _state["version"] = None


def ensure_fresh() -> None:
    """Clear every registered cache when another curriculum was loaded since they were filled."""
    if getattr(_local, "checked", False):
        return
    version = curriculum.load_version()
    if version != _state["version"]:
        clear()
        _state["version"] = version
    if getattr(_local, "in_request", False):
        _local.checked = True


def request_started(**_kwargs: Any) -> None:
    _local.in_request, _local.checked = True, False


def request_finished(**_kwargs: Any) -> None:
    _local.in_request, _local.checked = False, False
