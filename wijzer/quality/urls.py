"""Pages of the quality app under /kwaliteit/: one module per concept."""

from __future__ import annotations

from . import views_experiences, views_framework, views_profiles, views_quickscan, views_reviews

app_name = "quality"

urlpatterns = [
    *views_framework.urlpatterns,
    *views_reviews.urlpatterns,
    *views_experiences.urlpatterns,
    *views_profiles.urlpatterns,
    *views_quickscan.urlpatterns,
]
