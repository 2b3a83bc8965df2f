"""Catalogue admin: read-only; products change only through ingest runs (provenance stays complete)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import Method, PriceObservation, Product, Provenance


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]  # not subscriptable at runtime
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Product)
class ProductAdmin(ReadOnly):
    list_display = ("title", "product_id", "product_type", "publisher", "is_demo")
    list_filter = ("product_type", "is_demo")
    search_fields = ("title", "product_id", "uri")


@admin.register(Method)
class MethodAdmin(ReadOnly):
    list_display = ("name", "publisher", "is_demo")


@admin.register(PriceObservation)
class PriceObservationAdmin(ReadOnly):
    list_display = ("product", "observed_at", "amount_cents", "vat_percent", "unit", "source")


@admin.register(Provenance)
class ProvenanceAdmin(ReadOnly):
    list_display = ("source", "record_id", "product", "format", "harvested_at")
    search_fields = ("record_id",)
