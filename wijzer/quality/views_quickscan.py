"""Pages of the quality app: quickscan (W6). Thin: forms and context here, writes in `actions.quickscan`."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
