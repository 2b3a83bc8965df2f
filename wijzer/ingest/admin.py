"""Admin for ingest: sources are configured here (W3 §3); runs and quarantine are read-only records."""

from __future__ import annotations

from django.contrib import admin

from wijzer.core.admin import ReadOnlyAdmin

from .models import QuarantinedRecord, Run, Source, VocabularyTerm


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # not subscriptable at runtime
    list_display = ("name", "label", "protocol", "format", "url", "last_success_at", "is_demo")
    list_filter = ("protocol", "format", "is_demo")
    search_fields = ("name", "label", "url")
    readonly_fields = ("checkpoint", "last_success_at")


@admin.register(Run)
class RunAdmin(ReadOnlyAdmin):
    list_display = (
        "pk",
        "source",
        "status",
        "started_at",
        "received",
        "created",
        "updated",
        "unchanged",
        "quarantined",
    )
    list_filter = ("status", "source")


@admin.register(QuarantinedRecord)
class QuarantinedRecordAdmin(ReadOnlyAdmin):
    list_display = ("pk", "source", "record_id", "status", "created_at")
    list_filter = ("status", "source")
    search_fields = ("record_id",)


@admin.register(VocabularyTerm)
class VocabularyTermAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # not subscriptable at runtime
    list_display = ("term", "kind", "slo_ids", "note", "updated_at")
    list_filter = ("kind",)
    search_fields = ("term",)
