"""API of the choice support (W8), under /api/v1/choice."""

from __future__ import annotations

from ninja import Router

from . import api_mix, api_profiles, api_shortlist

router = Router(tags=["keuzehulp"])
router.add_router("", api_mix.router)
router.add_router("", api_profiles.router)
router.add_router("", api_shortlist.router)
