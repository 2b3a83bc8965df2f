from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from .models import ApiToken, AuditEvent, Membership, Organisation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]  # not subscriptable at runtime
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "is_staff")
    search_fields = ("email", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Persoon", {"fields": ("first_name", "last_name")}),
        ("Rechten", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # not subscriptable at runtime
    list_display = ("name", "kind", "parent", "board_number", "brin", "is_demo")
    list_filter = ("kind", "is_demo")
    search_fields = ("name", "board_number", "brin")
    raw_id_fields = ("parent",)

    def has_delete_permission(self, request: HttpRequest, obj: Organisation | None = None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # not subscriptable at runtime
    list_display = ("user", "role", "organisation", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "organisation__name")
    raw_id_fields = ("user", "organisation")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # roles are granted through invitations (audited), not by editing rows

    def has_change_permission(self, request: HttpRequest, obj: Membership | None = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # not subscriptable at runtime
    list_display = ("name", "prefix", "organisation", "scopes", "last_used_at", "expires_at", "revoked_at")
    search_fields = ("name", "prefix", "organisation__name")
    readonly_fields = [f.name for f in ApiToken._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # created on the organisation's token page, which shows the secret once


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # not subscriptable at runtime
    """Read-only: the audit log is append-only (W2 §5)."""

    list_display = ("time", "action", "actor_label", "organisation", "object_type", "object_id", "ip_prefix")
    list_filter = ("action",)
    search_fields = ("actor_label", "object_id", "organisation__name")
    date_hierarchy = "time"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
