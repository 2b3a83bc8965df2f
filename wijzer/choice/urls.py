"""Pages of the choice support under /keuzehulp/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "choice"

urlpatterns: list[URLPattern | URLResolver] = []
