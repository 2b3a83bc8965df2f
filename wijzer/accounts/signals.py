"""Audit login success and failure from Django's auth signals (framework wiring, style.md §12); a failure also
counts towards the per-network login limit (`throttle.record_login_failure`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from . import throttle
from .actions import do_record_audit_event
from .constants import AuditAction
from .models import Membership, User
from .permissions import client_ip


@receiver(user_logged_in, dispatch_uid="wijzer_audit_login")
def audit_login(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    first = Membership.objects.filter(user=user).select_related("organisation").order_by("id").first()
    do_record_audit_event(
        AuditAction.LOGIN_SUCCEEDED,
        actor=user,
        organisation=first.organisation if first else None,
        ip=client_ip(request) if request is not None else "",
    )


@receiver(user_login_failed, dispatch_uid="wijzer_audit_login_failed")
def audit_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:254]
    do_record_audit_event(
        AuditAction.LOGIN_FAILED,
        actor_label=username or "onbekend",
        ip=client_ip(request) if request is not None else "",
    )
    # Attempts on an account axes has locked for this network (and the attempt that locked it: axes's receiver runs
    # first) and attempts from a blocked network do not count again: one person's typos stay below the network limit.
    if request is not None and not getattr(request, "axes_locked_out", False) and not throttle.was_refused(request):
        throttle.record_login_failure(request, username=username)
