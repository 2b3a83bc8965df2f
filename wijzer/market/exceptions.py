"""Errors of the market app that a user sees: always Dutch, always saying what to fix (the shape of `quality`'s)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class MarketError(Exception):
    """Refused input or state. `message` is one Dutch sentence; `fields` maps a form field to its Dutch message."""

    def __init__(self, message: str, fields: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields: dict[str, str] = dict(fields or {})


class NotFound(MarketError):
    """The product, organisation or school asked for does not exist (a 404 with a Dutch message)."""


class Forbidden(MarketError):
    """The actor may not do this (a 403 with a Dutch message; the refusal is in the audit log)."""


def api_refusal(exc: MarketError) -> tuple[int, dict[str, Any]]:
    """The API answer to a refusal: 404 for `NotFound` and 403 for `Forbidden` (`{"detail"}`), otherwise 422 with
    the Dutch message per field (`{"detail", "fields"}`)."""
    if isinstance(exc, NotFound):
        return 404, {"detail": exc.message}
    if isinstance(exc, Forbidden):
        return 403, {"detail": exc.message}
    return 422, {"detail": exc.message, "fields": exc.fields}
