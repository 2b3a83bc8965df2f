"""Read-only admin for the quality framework: versions change only through `wijzer quality load|publish`."""

from __future__ import annotations

from django.contrib import admin

from wijzer.core.admin import ReadOnlyAdmin

from .models import Criterion, Framework, Topic


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ("version", "title", "published_at", "created_at", "checksum")
    search_fields = ("version", "title")
    exclude = ("definition",)


@admin.register(Topic)
class TopicAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "framework", "position")
    list_filter = ("framework",)


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    list_display = ("code", "statement", "subject", "gateway", "topic")
    list_filter = ("topic__framework", "subject", "gateway")
    search_fields = ("code", "statement")
