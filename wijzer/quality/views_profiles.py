"""Pages of the quality app: profiles (W6 §4). Thin: the stored profile is read, never recomputed on view."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from wijzer.quality.exceptions import NotFound
from wijzer.quality.profile_query import block_context
from wijzer.quality.query import product_by_uuid


def product_profile(request: HttpRequest, product_uuid: str) -> HttpResponse:
    """The whole profile of a product, per topic and per criterion (public)."""
    try:
        product = product_by_uuid(product_uuid)
    except NotFound as missing:
        return render(request, "quality/experience_not_found.html", {"message": missing.message}, status=404)
    return render(request, "quality/profile.html", block_context(product, full=True))


urlpatterns: list[URLPattern] = [
    path("producten/<str:product_uuid>/profiel/", product_profile, name="product-profile"),
]
