"""API of the quality framework, reviews, experiences and profiles (W6), under /api/v1/quality."""

from __future__ import annotations

from ninja import Router

from . import api_experiences, api_framework, api_profiles, api_quickscan, api_reviews

router = Router(tags=["kwaliteit"])
router.add_router("", api_framework.router)
router.add_router("", api_reviews.router)
router.add_router("", api_experiences.router)
router.add_router("", api_profiles.router)
router.add_router("", api_quickscan.router)
