"""Pages of the quality app: framework (W6). Thin: forms and context here, writes in `actions.framework`."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
