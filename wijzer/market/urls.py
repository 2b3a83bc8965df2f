"""Pages of the market monitor under /markt/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "market"

urlpatterns: list[URLPattern | URLResolver] = []
