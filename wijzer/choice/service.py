"""The public surface of the choice support for other apps."""

from __future__ import annotations

__all__: list[str] = []
