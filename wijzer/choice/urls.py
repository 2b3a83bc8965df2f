"""Pages of the choice support under /keuzehulp/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from . import views_decisions, views_shortlist

app_name = "choice"

urlpatterns: list[URLPattern | URLResolver] = [
    *views_shortlist.urlpatterns,
    *views_decisions.urlpatterns,
]
