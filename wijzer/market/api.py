"""API of the market monitor (W7), under /api/v1/market."""

from __future__ import annotations

from ninja import Router

from . import api_lockin, api_monitor, api_school

router = Router(tags=["markt"])
router.add_router("", api_monitor.router)
router.add_router("", api_lockin.router)
router.add_router("", api_school.router)
