"""Login, logout, two-factor, role switching, "Mijn account" and invitations (W2 §2-3). Thin: writes in actions."""

from __future__ import annotations

import base64
import io
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import login, logout
from django.contrib.auth.views import (
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

import qrcode
import qrcode.image.svg
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import actions, throttle
from .constants import AuditAction
from .domain import network
from .domain.policy import Action
from .exceptions import InvitationInvalid
from .forms import (
    DutchPasswordResetForm,
    DutchSetPasswordForm,
    InvitedRegistrationForm,
    LoginForm,
    RoleSwitchForm,
    TotpForm,
)
from .models import User
from .permissions import (
    active_membership,
    allow_unverified,
    can,
    client_ip,
    forbidden,
    member_required,
    memberships_of,
    record_denial,
    requires_two_factor,
    set_active_membership,
)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


@allow_unverified
@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    """E-mail and password; then two-factor where required. A federated backend (Entree) adds a button here.

    A network blocked for password spraying (`throttle`) is answered before any password is checked."""
    wait = throttle.login_network_wait(request) if request.method == "POST" else 0
    if wait > 0:
        form = LoginForm(request, initial={"username": request.POST.get("username", "")[:254]})
        context = {"form": form, "next": _safe_next(request, ""), "blocked": throttle.login_network_message(wait)}
        return render(request, "accounts/login.html", context, status=429)
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        next_url = _safe_next(request, reverse("accounts:account"))
        if requires_two_factor(request):
            target = "accounts:two_factor_verify" if user_has_device(user) else "accounts:two_factor_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': next_url})}")
        return HttpResponseRedirect(next_url)
    return render(request, "accounts/login.html", {"form": form, "next": _safe_next(request, "")})


@allow_unverified
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    user = request.user if request.user.is_authenticated else None
    if isinstance(user, User):
        actions.do_record_audit_event(AuditAction.LOGGED_OUT, actor=user, ip=client_ip(request))
    logout(request)
    return redirect("home")


def locked_out(request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None) -> HttpResponse:
    """django-axes lockout page (AXES_LOCKOUT_CALLABLE): Dutch, HTTP 429, and an audit row."""
    attempted = ""
    if isinstance(credentials, dict):
        attempted = str(credentials.get("username", ""))
    actions.do_record_audit_event(
        AuditAction.LOGIN_LOCKED_OUT, actor_label=attempted or "onbekend", ip=client_ip(request)
    )
    return render(request, "accounts/locked_out.html", status=429)


def _totp_wait(devices: list[TOTPDevice]) -> int:
    """Seconds until the first of these throttled devices accepts a code again (django-otp's back-off)."""
    now = timezone.now().timestamp()
    waits = []
    for device in devices:
        allowed, data = device.verify_is_allowed()
        until = (data or {}).get("locked_until")
        if not allowed and isinstance(until, datetime):
            waits.append(network.wait_seconds(until.timestamp(), now))
    return max(1, min(waits)) if waits else 0


def _totp_throttled(wait: int) -> str:
    """The honest answer while django-otp throttles: even a right code is not checked now."""
    return f"Te veel pogingen: wacht nog {network.dutch_seconds(wait)} en probeer het dan opnieuw."


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@allow_unverified
@member_required
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up a TOTP app: scan the QR code (or type the key), confirm with one code."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101  # guaranteed by member_required
    if user_has_device(user) and not getattr(user, "is_verified", lambda: False)():
        return redirect("accounts:two_factor_verify")
    device = actions.do_start_totp_setup(user)
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = _totp_wait([device])
        if not wait and device.verify_token(form.cleaned_data["code"].strip()):
            actions.do_confirm_totp_device(device, ip=client_ip(request))
            otp_login(request, device)
            return HttpResponseRedirect(_safe_next(request, reverse("accounts:account")))
        _refuse_code(
            request,
            form,
            user,
            wait,
            "Deze code klopt niet. Controleer de tijd op uw telefoon en probeer de nieuwe code.",
        )
    secret = base64.b32encode(device.bin_key).decode("ascii")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": _qr_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _safe_next(request, ""),
            "required": requires_two_factor(request),
        },
    )


def _refuse_code(request: HttpRequest, form: TotpForm, user: User, wait: int, wrong: str) -> None:
    """A refused two-factor code: audited (with the wait when throttled) and said on the form in Dutch."""
    actions.do_record_audit_event(
        AuditAction.TWO_FACTOR_FAILED,
        actor=user,
        ip=client_ip(request),
        details={"reason": "throttled", "wait_seconds": wait} if wait else {},
    )
    form.add_error("code", _totp_throttled(wait) if wait else wrong)
    form.is_valid()


@allow_unverified
@member_required
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101  # guaranteed by member_required
    if not user_has_device(user):
        return redirect("accounts:two_factor_setup")
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip()
        devices = [device for device in devices_for_user(user) if isinstance(device, TOTPDevice)]
        allowed = [device for device in devices if device.verify_is_allowed()[0]]
        for device in allowed:
            if device.verify_token(code):
                otp_login(request, device)
                actions.do_record_audit_event(AuditAction.TWO_FACTOR_VERIFIED, actor=user, ip=client_ip(request))
                return HttpResponseRedirect(_safe_next(request, reverse("accounts:account")))
        wait = 0 if allowed else _totp_wait(devices)
        _refuse_code(
            request, form, user, wait, "Deze code klopt niet of is verlopen. Probeer de code die uw app nu toont."
        )
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request, "")})


@member_required
@require_POST
def switch_role(request: HttpRequest) -> HttpResponse:
    """Make another of one's own memberships active. Someone else's membership is refused and audited."""
    form = RoleSwitchForm(request.POST)
    mine = {str(m.uuid): m for m in memberships_of(request)}
    chosen = mine.get(str(form.cleaned_data["membership"])) if form.is_valid() else None
    if chosen is None:
        message = "Deze rol hoort niet bij uw account. Kies een van uw eigen rollen."
        record_denial(request, message, action="role.switch", organisation=None)
        return forbidden(request, message)
    previous = active_membership(request)
    set_active_membership(request, chosen)
    user = request.user
    assert isinstance(user, User)  # noqa: S101  # guaranteed by member_required
    actions.do_record_audit_event(
        AuditAction.ROLE_SWITCHED,
        actor=user,
        organisation=chosen.organisation,
        object_type="membership",
        object_id=str(chosen.uuid),
        ip=client_ip(request),
        details={"from": str(previous.uuid) if previous else "", "role": chosen.role},
    )
    return HttpResponseRedirect(_safe_next(request, reverse("accounts:account")))


@member_required
@never_cache
def account(request: HttpRequest) -> HttpResponse:
    """Mijn account: roles (switchable), two-factor status and what the active role may manage."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101  # guaranteed by member_required
    active = active_membership(request)
    links: list[dict[str, str]] = []
    if active is not None:
        org = active.organisation
        links.append(
            {"label": f"Organisatiepagina van {org.name}", "url": reverse("accounts:organisation", args=[org.uuid])}
        )
        for action, name, label in (
            (Action.MANAGE_TOKENS, "accounts:tokens", "API-sleutels beheren"),
            (Action.INVITE_MEMBER, "accounts:invite", "Iemand uitnodigen"),
            (Action.VIEW_AUDIT, "accounts:audit", "Logboek bekijken"),
        ):
            if can(active, action, org):
                links.append({"label": label, "url": reverse(name, args=[org.uuid])})
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": memberships_of(request),
            "active": active,
            "links": links,
            "has_device": user_has_device(user),
            "two_factor_required": requires_two_factor(request),
        },
    )


@allow_unverified
@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, secret: str) -> HttpResponse:
    try:
        invitation = actions.find_invitation(secret)
    except InvitationInvalid as invalid:
        actor = request.user if isinstance(request.user, User) and request.user.is_authenticated else None
        actions.do_record_invitation_refused(secret, invalid.message, actor=actor, ip=client_ip(request))
        return render(request, "accounts/invitation_invalid.html", {"message": invalid.message}, status=410)
    context: dict[str, Any] = {"invitation": invitation}
    user = request.user
    if isinstance(user, User) and user.is_authenticated:
        if request.method == "POST":
            try:
                membership = actions.do_accept_invitation(invitation, user, ip=client_ip(request))
            except InvitationInvalid as invalid:
                actions.do_record_invitation_refused(secret, invalid.message, actor=user, ip=client_ip(request))
                return render(request, "accounts/invitation_invalid.html", {"message": invalid.message}, status=403)
            set_active_membership(request, membership)
            return redirect("accounts:account")
        context["wrong_account"] = user.email.lower() != invitation.email
        return render(request, "accounts/invitation_accept.html", context)
    if User.objects.filter(email__iexact=invitation.email).exists():
        context["login_url"] = f"{reverse('accounts:login')}?{urlencode({'next': request.path})}"
        return render(request, "accounts/invitation_accept.html", context)
    form = InvitedRegistrationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        new_user, membership = actions.do_register_invited_user(
            invitation,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            password=form.cleaned_data["password1"],
            ip=client_ip(request),
        )
        login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        set_active_membership(request, membership)
        return redirect("accounts:account")
    context["form"] = form
    return render(request, "accounts/invitation_accept.html", context)


class DutchPasswordResetView(PasswordResetView):
    form_class = DutchPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        # The address is not confirmed to exist (no account enumeration); the request itself is logged.
        actions.do_record_audit_event(
            AuditAction.PASSWORD_RESET_REQUESTED,
            actor_label=form.cleaned_data["email"],
            ip=client_ip(self.request),
        )
        return super().form_valid(form)


class DutchPasswordResetConfirmView(PasswordResetConfirmView):
    form_class = DutchSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        actions.do_record_audit_event(AuditAction.PASSWORD_CHANGED, actor=form.user, ip=client_ip(self.request))
        return response


password_reset = allow_unverified(DutchPasswordResetView.as_view())
password_reset_done = allow_unverified(PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"))
password_reset_confirm = allow_unverified(DutchPasswordResetConfirmView.as_view())
password_reset_complete = allow_unverified(
    PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)
