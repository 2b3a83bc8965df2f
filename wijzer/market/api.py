"""API of the market monitor (W7), under /api/v1/market."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["markt"])
