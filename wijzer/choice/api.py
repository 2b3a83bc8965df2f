"""API of the choice support (W8), under /api/v1/choice."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["keuzehulp"])
