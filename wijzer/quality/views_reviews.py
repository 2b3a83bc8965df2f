"""Pages of the quality app: reviews (W6). Thin: forms and context here, writes in `actions.reviews`."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
