"""API of the quality app: experiences (W6), mounted under /api/v1/quality by `quality.api`."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["kwaliteit"])
