"""The admin site (/beheer/) of Wijzer: two-factor for every admin, and every admin write in the audit log (W5.1 §4).

- `WijzerAdminSite.has_permission` adds "passed two-factor (django-otp) in this session" to Django's staff check.
  `AccountMiddleware` already sends every staff user to TOTP set-up or verification before any page (see
  `permissions.requires_two_factor`); the site check is the second lock, and its `login` view sends a logged-in
  but unverified admin the same way instead of showing the login form again (no dead end).
- Every ModelAdmin registered on the site, ours or a library's, is given `AuditedAdminMixin` at registration, so
  each add, change and delete through the admin writes an `AuditEvent` in the admin's own transaction. The hook is
  the ModelAdmin's `log_addition`/`log_change`/`log_deletions` rather than a `post_save` on `LogEntry`: the admin
  form's `changed_data` (field names, not translated labels) is at hand there, and a bulk delete of several rows
  writes its LogEntries with `bulk_create`, which sends no `post_save`.

Only field names (and the new value of yes/no and reference fields) go into the details, never a password or hash.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from django_otp import user_has_device

from .actions import do_record_audit_event
from .constants import AuditAction
from .models import Organisation, User
from .permissions import client_ip, is_verified

_CHANGE_ATTRIBUTE = "_wijzer_admin_change"


def _model_label(obj: models.Model) -> str:
    return obj._meta.label_lower


def _organisation_of(obj: models.Model) -> Organisation | None:
    if isinstance(obj, Organisation):
        return obj
    owner = getattr(obj, "organisation", None)
    return owner if isinstance(owner, Organisation) else None


def _shown_value(field: models.Field[Any, Any], value: Any) -> Any:
    if isinstance(field, models.ForeignKey):
        return str(value) if value is not None else None
    return value


def form_changes(form: BaseForm) -> dict[str, Any]:
    """The names of the fields the admin changed; for yes/no and reference fields also the new value."""
    names = [str(name) for name in form.changed_data]
    values: dict[str, Any] = {}
    instance = getattr(form, "instance", None)
    if isinstance(instance, models.Model):
        for name in names:
            try:
                field = instance._meta.get_field(name)
            except FieldDoesNotExist:  # a form-only field (password1, …): its name is enough
                continue
            if isinstance(field, models.BooleanField | models.ForeignKey):
                values[name] = _shown_value(field, getattr(instance, field.attname))
    return {"fields": names, **({"values": values} if values else {})}


def _inline_changes(formsets: Iterable[Any] | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for formset in formsets or ():
        for obj in getattr(formset, "new_objects", ()):
            rows.append({"model": _model_label(obj), "id": str(obj.pk), "change": "added"})
        for obj, fields in getattr(formset, "changed_objects", ()):
            rows.append({"model": _model_label(obj), "id": str(obj.pk), "change": "changed", "fields": list(fields)})
        for obj in getattr(formset, "deleted_objects", ()):
            rows.append({"model": _model_label(obj), "id": str(obj.pk), "change": "deleted"})
    return rows


def _actor(request: HttpRequest) -> User | None:
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and user.is_authenticated else None


def record_admin_event(
    request: HttpRequest, action: AuditAction, obj: models.Model, extra: dict[str, Any] | None = None
) -> None:
    do_record_audit_event(
        action,
        actor=_actor(request),
        organisation=_organisation_of(obj),
        object_type=_model_label(obj),
        object_id=str(obj.pk),
        ip=client_ip(request),
        details={"model": _model_label(obj), "object": str(obj)[:200], **(extra or {})},
    )


class AuditedAdminMixin:
    """Writes an AuditEvent next to Django's LogEntry for every add, change and delete through the admin."""

    def construct_change_message(
        self, request: HttpRequest, form: BaseForm, formsets: Iterable[Any] | None, add: bool = False
    ) -> Any:
        inlines = _inline_changes(formsets)
        setattr(request, _CHANGE_ATTRIBUTE, {**form_changes(form), **({"inlines": inlines} if inlines else {})})
        return super().construct_change_message(request, form, formsets, add)  # type: ignore[misc]

    def _take_change(self, request: HttpRequest) -> dict[str, Any]:
        change: dict[str, Any] = getattr(request, _CHANGE_ATTRIBUTE, None) or {"fields": []}
        if hasattr(request, _CHANGE_ATTRIBUTE):
            delattr(request, _CHANGE_ATTRIBUTE)
        return change

    def log_addition(self, request: HttpRequest, obj: models.Model, message: Any) -> Any:
        record_admin_event(request, AuditAction.ADMIN_ADDED, obj, self._take_change(request))
        return super().log_addition(request, obj, message)  # type: ignore[misc]

    def log_change(self, request: HttpRequest, obj: models.Model, message: Any) -> Any:
        record_admin_event(request, AuditAction.ADMIN_CHANGED, obj, self._take_change(request))
        return super().log_change(request, obj, message)  # type: ignore[misc]

    def log_deletions(self, request: HttpRequest, queryset: Iterable[models.Model]) -> Any:
        objects = list(queryset)
        for obj in objects:
            record_admin_event(request, AuditAction.ADMIN_DELETED, obj)
        return super().log_deletions(request, objects)  # type: ignore[misc]


def audited(admin_class: type[admin.ModelAdmin[Any]]) -> type[admin.ModelAdmin[Any]]:
    """`admin_class` with `AuditedAdminMixin` in front (itself when it already has it)."""
    if issubclass(admin_class, AuditedAdminMixin):
        return admin_class
    attributes = {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__}
    return type(admin_class.__name__, (AuditedAdminMixin, admin_class), attributes)


def two_factor_url(user: User, next_url: str) -> str:
    target = "accounts:two_factor_verify" if user_has_device(user) else "accounts:two_factor_setup"
    return f"{reverse(target)}?{urlencode({'next': next_url})}"


class WijzerAdminSite(admin.AdminSite):
    """Django's admin, for active staff who passed two-factor in this session; every write audited."""

    site_header = "Wijzer beheer"
    site_title = "Wijzer beheer"
    index_title = "Beheer"

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        super().register(model_or_iterable, audited(admin_class or admin.ModelAdmin), **options)

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and is_verified(request)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """A logged-in admin who has not passed two-factor yet goes to set-up or verification, then back here."""
        user = _actor(request)
        if user is not None and user.is_active and user.is_staff and not is_verified(request):
            candidate = request.GET.get("next", "")
            allowed = url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure())
            return HttpResponseRedirect(two_factor_url(user, candidate if allowed else reverse("admin:index")))
        return super().login(request, extra_context)
