"""The public surface of the market monitor for other apps (W8's choice support uses prices and costs)."""

from __future__ import annotations

__all__: list[str] = []
