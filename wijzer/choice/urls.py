"""Pages of the choice support under /keuzehulp/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from . import views_decisions, views_mix, views_profiles, views_ranking, views_shortlist

app_name = "choice"

urlpatterns: list[URLPattern | URLResolver] = [
    *views_profiles.urlpatterns,
    *views_ranking.urlpatterns,
    *views_mix.urlpatterns,
    *views_shortlist.urlpatterns,
    *views_decisions.urlpatterns,
]
