"""Catalogue admin: read-only; products change only through ingest runs (provenance stays complete)."""

from __future__ import annotations

from django.contrib import admin

from wijzer.core.admin import ReadOnlyAdmin

from .models import Method, PriceObservation, Product, Provenance


@admin.register(Product)
class ProductAdmin(ReadOnlyAdmin):
    list_display = ("title", "product_id", "product_type", "publisher", "is_demo")
    list_filter = ("product_type", "is_demo")
    search_fields = ("title", "product_id", "uri")


@admin.register(Method)
class MethodAdmin(ReadOnlyAdmin):
    list_display = ("name", "publisher", "is_demo")


@admin.register(PriceObservation)
class PriceObservationAdmin(ReadOnlyAdmin):
    list_display = ("product", "observed_at", "amount_cents", "vat_percent", "unit", "source")


@admin.register(Provenance)
class ProvenanceAdmin(ReadOnlyAdmin):
    list_display = ("source", "record_id", "product", "format", "harvested_at")
    search_fields = ("record_id",)
