"""Pages of the quality app: experiences (W6). Thin: forms and context here, writes in `actions.experiences`."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
