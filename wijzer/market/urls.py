"""Pages of the market monitor under /markt/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

from . import views_lockin, views_monitor, views_school

app_name = "market"

urlpatterns: list[URLPattern | URLResolver] = [
    *views_monitor.urlpatterns,
    *views_lockin.urlpatterns,
    *views_school.urlpatterns,
]
