"""Pages of the quality app: profiles (W6). Thin: forms and context here, writes in `actions.profiles`."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
