"""Errors of the quality app that a user sees: always Dutch, always saying what to fix."""

from __future__ import annotations

from collections.abc import Mapping


class QualityError(Exception):
    """Refused input or state. `message` is one Dutch sentence; `fields` maps a form field to its Dutch message."""

    def __init__(self, message: str, fields: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields: dict[str, str] = dict(fields or {})


class NotFound(QualityError):
    """The product, review or experience asked for does not exist (a 404 with a Dutch message)."""


class Forbidden(QualityError):
    """The actor may not do this (a 403 with a Dutch message; the refusal is in the audit log)."""
