"""Read-only admin: curriculum data comes only from SLO files through `wijzer curriculum load`."""

from __future__ import annotations

from django.contrib import admin

from wijzer.core.admin import ReadOnlyAdmin

from .models import Goal, GoalSet, Level, StaleId, Subject


@admin.register(Goal)
class GoalAdmin(ReadOnlyAdmin):
    list_display = ("code", "label", "framework", "kind", "sectors_key")
    list_filter = ("framework", "kind")
    search_fields = ("code", "label", "text")


@admin.register(GoalSet)
class GoalSetAdmin(ReadOnlyAdmin):
    list_display = ("title", "framework", "settype", "status")
    list_filter = ("framework",)


@admin.register(Level)
class LevelAdmin(ReadOnlyAdmin):
    list_display = ("title", "type", "prefix")
    list_filter = ("type",)


@admin.register(Subject)
class SubjectAdmin(ReadOnlyAdmin):
    list_display = ("title", "prefix", "derived")
    search_fields = ("title",)


@admin.register(StaleId)
class StaleIdAdmin(ReadOnlyAdmin):
    list_display = ("uuid", "title")
