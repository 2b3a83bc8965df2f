"""Member pages about one organisation: the page with its members, API tokens, invitations, audit log (W2 §4-5).

Each view is wrapped in `organisation_required(Action.X)`, which resolves the organisation from the URL and asks
the policy table whether the active role may do X there (refusals are audited and shown as a Dutch 403).
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijzer.core.csvexport import csv_response

from . import actions
from .constants import AuditAction, Role
from .domain import policy
from .domain.policy import Action
from .exceptions import RoleNotAllowed
from .forms import InvitationForm, TokenCreateForm
from .models import ApiToken, AuditEvent, Membership, Organisation, User
from .permissions import active_membership, can, client_ip, organisation_required


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101  # organisation_required implies a logged-in user
    return user


def _role(request: HttpRequest) -> policy.RoleCode:
    membership = active_membership(request)
    assert membership is not None  # noqa: S101  # organisation_required implies an active membership
    return policy.RoleCode(membership.role)


@require_GET
@organisation_required(Action.VIEW_ORGANISATION)
def organisation_detail(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    active = active_membership(request)
    members = Membership.objects.filter(organisation=organisation).select_related("user").order_by("user__email")
    return render(
        request,
        "accounts/organisation.html",
        {
            "organisation": organisation,
            "owners": organisation.owner_chain()[1:],
            "children": organisation.children.order_by("name"),
            "members": members,
            "may_manage_tokens": can(active, Action.MANAGE_TOKENS, organisation),
            "may_invite": can(active, Action.INVITE_MEMBER, organisation),
            "may_view_audit": can(active, Action.VIEW_AUDIT, organisation),
        },
    )


NEW_TOKEN_SESSION_KEY = "accounts.new_token"  # noqa: S105  # a session key; the raw token waits there for one GET
INVITE_SENT_SESSION_KEY = "accounts.invite_sent"


@never_cache
@require_http_methods(["GET", "POST"])
@organisation_required(Action.MANAGE_TOKENS)
def organisation_tokens(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """List, and create. Post/Redirect/Get: the raw token goes into the (server-side) session, never into the URL,
    and is shown once on the page after the redirect; reloading that page makes no second key and shows no secret."""
    scopes = [str(s) for s in policy.grantable_scopes(_role(request), policy.KindCode(organisation.kind))]
    form = TokenCreateForm(request.POST or None, scopes=scopes)
    if request.method == "POST" and form.is_valid():
        token, raw = actions.do_create_api_token(
            organisation,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            created_by=_actor(request),
            expires_at=timezone.now() + timedelta(days=form.cleaned_data["days"]),
            ip=client_ip(request),
        )
        request.session[NEW_TOKEN_SESSION_KEY] = {
            "organisation": str(organisation.uuid), "token": str(token.uuid), "raw": raw
        }  # fmt: skip
        return redirect("accounts:tokens", organisation.uuid)
    created: ApiToken | None = None
    raw_token = ""
    pending = request.session.get(NEW_TOKEN_SESSION_KEY)
    if request.method == "GET" and isinstance(pending, dict) and pending.get("organisation") == str(organisation.uuid):
        del request.session[NEW_TOKEN_SESSION_KEY]  # once: a reload shows the list without the secret
        created = ApiToken.objects.filter(organisation=organisation, uuid=str(pending.get("token", ""))).first()
        raw_token = str(pending.get("raw", "")) if created else ""
    return render(
        request,
        "accounts/tokens.html",
        {
            "organisation": organisation,
            "form": form,
            "can_create": bool(scopes),
            "created": created,
            "raw_token": raw_token,
            "tokens": ApiToken.objects.filter(organisation=organisation).select_related("created_by"),
        },
    )


@require_POST
@organisation_required(Action.MANAGE_TOKENS)
def revoke_token(request: HttpRequest, organisation: Organisation, token_uuid: uuid.UUID) -> HttpResponse:
    token = ApiToken.objects.filter(organisation=organisation, uuid=token_uuid).first()
    if token is None:
        raise Http404("Onbekende sleutel")
    actions.do_revoke_api_token(token, revoked_by=_actor(request), ip=client_ip(request))
    return redirect("accounts:tokens", organisation.uuid)


@never_cache
@require_http_methods(["GET", "POST"])
@organisation_required(Action.INVITE_MEMBER)
def invite(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    roles = [str(r) for r in policy.invitable_roles(_role(request), policy.KindCode(organisation.kind))]
    form = InvitationForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _secret = actions.do_create_invitation(
                organisation,
                email=form.cleaned_data["email"],
                role=Role(form.cleaned_data["role"]),
                invited_by=_actor(request),
                accept_url=lambda raw: request.build_absolute_uri(reverse("accounts:accept_invitation", args=[raw])),
                ip=client_ip(request),
            )
        except RoleNotAllowed as error:
            form.add_error("role", str(error))
        else:  # Post/Redirect/Get: reloading the confirmation sends no second invitation
            request.session[INVITE_SENT_SESSION_KEY] = {
                "organisation": str(organisation.uuid), "email": invitation.email
            }  # fmt: skip
            return redirect("accounts:invite", organisation.uuid)
    sent = request.session.get(INVITE_SENT_SESSION_KEY)
    if request.method == "GET" and isinstance(sent, dict) and sent.get("organisation") == str(organisation.uuid):
        del request.session[INVITE_SENT_SESSION_KEY]
        return render(request, "accounts/invite_sent.html", {"organisation": organisation, "email": sent["email"]})
    return render(request, "accounts/invite.html", {"organisation": organisation, "form": form})


def audit_organisations(
    membership: Membership | None, action: Action, organisation: Organisation
) -> list[Organisation]:
    """The organisation and those in its tree whose audit events the active role may read, as the policy table
    says (a board's privacy officer: the board, its schools and their branches; the board is the controller)."""
    return [o for o in organisation.tree() if o == organisation or can(membership, action, o)]


@require_GET
@organisation_required(Action.VIEW_AUDIT)
def audit_log(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    scope = audit_organisations(active_membership(request), Action.VIEW_AUDIT, organisation)
    events = AuditEvent.objects.filter(organisation__in=scope).select_related("actor", "organisation")
    page = Paginator(events, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "accounts/audit.html",
        {
            "organisation": organisation,
            "page": page,
            "several": len(scope) > 1,
            "may_export": can(active_membership(request), Action.EXPORT_AUDIT, organisation),
        },
    )


@require_GET
@organisation_required(Action.EXPORT_AUDIT)
def audit_export(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """CSV of the organisation's audit log; the export itself is an audit event (W2 §5)."""
    scope = audit_organisations(active_membership(request), Action.EXPORT_AUDIT, organisation)
    events = list(
        AuditEvent.objects.filter(organisation__in=scope).select_related("organisation").order_by("time", "id")
    )
    actions.do_record_audit_event(
        AuditAction.AUDIT_EXPORTED,
        actor=_actor(request),
        organisation=organisation,
        object_type="organisation",
        object_id=str(organisation.uuid),
        ip=client_ip(request),
        details={"rows": len(events)},
    )
    rows: list[tuple[str, ...]] = [
        ("tijdstip", "gebeurtenis", "door", "soort object", "object-id", "netwerk", "details", "organisatie"),
    ]
    for event in events:
        rows.append(
            (
                timezone.localtime(event.time).isoformat(),
                event.action,
                event.actor_label,
                event.object_type,
                event.object_id,
                event.ip_prefix,
                json.dumps(event.details, ensure_ascii=False, sort_keys=True),
                event.organisation.name if event.organisation else "",
            )
        )
    return csv_response(rows, filename=f"logboek-{organisation.uuid}.csv")  # neutralises formulas (CSV injection)
