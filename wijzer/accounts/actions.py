"""Every write to accounts tables (style.md §2). Each action writes its audit row in the same transaction."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit_registry
from .constants import AuditAction, OrganisationKind, Role, Scope
from .domain import policy
from .domain import tokens as token_format
from .exceptions import DelegationInvalid, InvitationInvalid, RoleNotAllowed
from .models import ApiToken, AuditEvent, Delegation, Invitation, Membership, Organisation, User


@transaction.atomic
def do_ensure_organisation(
    kind: OrganisationKind,
    name: str,
    *,
    parent: Organisation | None = None,
    country: str = "",
    source: str = "",
    is_demo: bool = False,
    board_number: str = "",
    brin: str = "",
) -> Organisation:
    """The organisation of this kind and name, created when missing (names as delivered, trimmed)."""
    clean = " ".join(name.split())
    organisation, created = Organisation.objects.get_or_create(
        kind=kind,
        name=clean,
        defaults={
            "parent": parent,
            "country": country,
            "source": source,
            "is_demo": is_demo,
            "board_number": board_number,
            "brin": brin,
        },
    )
    if not created and parent is not None and organisation.parent_id is None:
        organisation.parent = parent
        organisation.save(update_fields=["parent"])
    return organisation


def do_record_audit_event(
    action: str,
    *,
    actor: User | None = None,
    actor_label: str = "",
    organisation: Organisation | None = None,
    object_type: str = "",
    object_id: str = "",
    ip: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one row to the audit log. Runs inside the caller's transaction when there is one."""
    if not audit_registry.is_known(str(action)):
        raise ValueError(f"Unknown audit action {action!r}: declare it in the app's constants and register it")
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=(actor_label or (actor.email if actor is not None else ""))[:254],
        organisation=organisation,
        object_type=object_type[:40],
        object_id=str(object_id)[:64],
        ip_prefix=token_format.truncate_ip(ip),
        details=details or {},
    )


@transaction.atomic
def do_grant_membership(
    user: User, organisation: Organisation, role: Role, *, granted_by: User | None = None
) -> Membership:
    """Give `user` the role at the organisation (idempotent). The role must fit the kind of organisation."""
    if not policy.role_fits(policy.RoleCode(role), policy.KindCode(organisation.kind)):
        raise RoleNotAllowed(f"De rol {Role(role).label} past niet bij een {organisation.get_kind_display()}.")
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if created:
        do_record_audit_event(
            AuditAction.MEMBERSHIP_GRANTED,
            actor=granted_by,
            actor_label=granted_by.email if granted_by else "systeem",
            organisation=organisation,
            object_type="membership",
            object_id=str(membership.uuid),
            details={"user": user.email, "role": role},
        )
    return membership


@transaction.atomic
def do_create_api_token(
    organisation: Organisation,
    *,
    name: str,
    scopes: Iterable[Scope | str],
    created_by: User | None,
    expires_at: datetime | None = None,
    ip: str = "",
    actor_label: str = "",
    random_bytes: Callable[[int], bytes] = secrets.token_bytes,
) -> tuple[ApiToken, str]:
    """A new token; the raw value is returned once and never stored. `actor_label`: who, without a user (CLI)."""
    new = token_format.make_token(random_bytes)
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name.strip()[:100],
        prefix=new.prefix,
        token_hash=new.digest,
        scopes=sorted({str(scope) for scope in scopes}),
        created_by=created_by,
        expires_at=expires_at,
    )
    do_record_audit_event(
        AuditAction.TOKEN_CREATED,
        actor=created_by,
        actor_label=actor_label,
        organisation=organisation,
        object_type="api_token",
        object_id=str(token.uuid),
        ip=ip,
        details={"prefix": token.prefix, "scopes": token.scopes, "name": token.name},
    )
    return token, new.raw


@transaction.atomic
def do_revoke_api_token(
    token: ApiToken, *, revoked_by: User | None, ip: str = "", via: str = "web", actor_label: str = ""
) -> ApiToken:
    """Revoke the token (idempotent: a second revocation changes nothing and is not logged again)."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = timezone.now()
    locked.revoked_by = revoked_by
    locked.save(update_fields=["revoked_at", "revoked_by"])
    do_record_audit_event(
        AuditAction.TOKEN_REVOKED,
        actor=revoked_by,
        actor_label=actor_label or (revoked_by.email if revoked_by else f"sleutel {locked.display}"),
        organisation=locked.organisation,
        object_type="api_token",
        object_id=str(locked.uuid),
        ip=ip,
        details={"prefix": locked.prefix, "via": via},
    )
    return locked


@transaction.atomic
def do_record_token_use(token: ApiToken, *, path: str, method: str, ip: str = "") -> None:
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
    do_record_audit_event(
        AuditAction.TOKEN_USED,
        actor_label=f"sleutel {token.display}",
        organisation=token.organisation,
        object_type="api_token",
        object_id=str(token.uuid),
        ip=ip,
        details={"method": method, "path": path[:200]},
    )


GRANTING_KINDS = frozenset({OrganisationKind.PUBLISHER})
DELEGATE_KINDS = frozenset({OrganisationKind.PUBLISHER, OrganisationKind.DISTRIBUTOR})


def _delegable(fields: Iterable[str]) -> list[str]:
    chosen = sorted({str(f).strip() for f in fields if str(f).strip()})
    unknown = [f for f in chosen if f not in set(policy.DelegableField)]
    if unknown:
        known = ", ".join(policy.DelegableField)
        raise DelegationInvalid(f"Onbekend veld {', '.join(unknown)}: kies uit {known}.")
    if not chosen:
        raise DelegationInvalid("Kies minstens één veld om te delegeren (prices, availability of access_url).")
    return chosen


@transaction.atomic
def do_grant_delegation(
    grantor: Organisation,
    grantee: Organisation,
    fields: Iterable[str],
    *,
    source_name: str = "",
    granted_by: User | None = None,
    actor_label: str = "",
    ip: str = "",
) -> Delegation:
    """Let `grantee` deliver these fields of `grantor`'s products (replaces an earlier grant between the two)."""
    if grantor.kind not in GRANTING_KINDS:
        kind = grantor.get_kind_display()
        raise DelegationInvalid(f"Alleen een uitgever kan delegeren; {grantor.name} is een {kind}.")
    if grantee.kind not in DELEGATE_KINDS:
        kind = grantee.get_kind_display()
        raise DelegationInvalid(f"Delegeren kan aan een uitgever of distributeur, niet aan een {kind}.")
    if grantee.pk == grantor.pk:
        raise DelegationInvalid("Een organisatie hoeft niet aan zichzelf te delegeren.")
    chosen = _delegable(fields)
    delegation, _created = Delegation.objects.update_or_create(
        grantor=grantor,
        grantee=grantee,
        source_name=source_name.strip()[:100],
        defaults={"fields": chosen, "revoked_at": None, "created_by": granted_by, "created_at": timezone.now()},
    )
    do_record_audit_event(
        AuditAction.DELEGATION_GRANTED,
        actor=granted_by,
        actor_label=actor_label,
        organisation=grantor,
        object_type="delegation",
        object_id=str(delegation.uuid),
        ip=ip,
        details={"grantee": grantee.name, "fields": chosen, "source": delegation.source_name},
    )
    return delegation


@transaction.atomic
def do_revoke_delegation(
    delegation: Delegation, *, revoked_by: User | None = None, actor_label: str = "", ip: str = ""
) -> Delegation:
    if delegation.revoked_at is None:
        delegation.revoked_at = timezone.now()
        delegation.save(update_fields=["revoked_at"])
        do_record_audit_event(
            AuditAction.DELEGATION_REVOKED,
            actor=revoked_by,
            actor_label=actor_label,
            organisation=delegation.grantor,
            object_type="delegation",
            object_id=str(delegation.uuid),
            ip=ip,
            details={"grantee": delegation.grantee.name, "fields": delegation.fields},
        )
    return delegation


@transaction.atomic
def do_create_invitation(
    organisation: Organisation,
    *,
    email: str,
    role: Role,
    invited_by: User,
    accept_url: Callable[[str], str],
    ip: str = "",
    now: datetime | None = None,
    random_bytes: Callable[[int], bytes] = secrets.token_bytes,
) -> tuple[Invitation, str]:
    """Store the invitation (hash only) and e-mail the link after commit. Returns the raw link secret."""
    if not policy.role_fits(policy.RoleCode(role), policy.KindCode(organisation.kind)):
        raise RoleNotAllowed(f"De rol {Role(role).label} past niet bij een {organisation.get_kind_display()}.")
    moment = now or timezone.now()
    secret = token_format.make_secret(random_bytes)
    invitation = Invitation.objects.create(
        organisation=organisation,
        role=role,
        email=User.objects.normalize_email(email).lower(),
        secret_hash=secret.digest,
        invited_by=invited_by,
        created_at=moment,
        expires_at=moment + timedelta(days=settings.WIJZER_INVITATION_DAYS),
    )
    do_record_audit_event(
        AuditAction.INVITATION_SENT,
        actor=invited_by,
        organisation=organisation,
        object_type="invitation",
        object_id=str(invitation.uuid),
        ip=ip,
        details={"email": invitation.email, "role": role},
    )
    link = accept_url(secret.raw)
    until = timezone.localtime(invitation.expires_at)
    body = (
        f"U bent door {invited_by.email} uitgenodigd als {Role(role).label} bij {organisation.name} in Wijzer.\n\n"
        f"Accepteer de uitnodiging via deze link (geldig tot {until:%d-%m-%Y %H:%M}):\n"
        f"{link}\n\nKent u deze uitnodiging niet? Dan kunt u dit bericht negeren."
    )
    recipient = invitation.email
    transaction.on_commit(lambda: send_mail(f"Uitnodiging voor Wijzer: {organisation.name}", body, None, [recipient]))
    return invitation, secret.raw


def find_invitation(raw: str, *, now: datetime | None = None) -> Invitation:
    """The open invitation for this link secret, or InvitationInvalid with a Dutch reason."""
    invitation = Invitation.objects.select_related("organisation").filter(secret_hash=token_format.digest(raw)).first()
    if invitation is None:
        raise InvitationInvalid("Deze uitnodigingslink is onbekend. Controleer de link of vraag een nieuwe aan.")
    if invitation.accepted_at is not None:
        raise InvitationInvalid("Deze uitnodiging is al gebruikt. U kunt inloggen met uw e-mailadres.")
    if invitation.expires_at <= (now or timezone.now()):
        raise InvitationInvalid(
            "Deze uitnodiging is verlopen. Vraag degene die u uitnodigde om een nieuwe uitnodiging."
        )
    return invitation


@transaction.atomic
def do_record_invitation_refused(raw: str, reason: str, *, actor: User | None, ip: str = "") -> None:
    invitation = Invitation.objects.filter(secret_hash=token_format.digest(raw)).first()
    do_record_audit_event(
        AuditAction.INVITATION_REFUSED,
        actor=actor,
        actor_label=actor.email if actor else "anoniem",
        organisation=invitation.organisation if invitation else None,
        object_type="invitation",
        object_id=str(invitation.uuid) if invitation else "",
        ip=ip,
        details={"reason": reason},
    )


@transaction.atomic
def do_accept_invitation(invitation: Invitation, user: User, *, ip: str = "") -> Membership:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is not None:
        raise InvitationInvalid("Deze uitnodiging is al gebruikt. U kunt inloggen met uw e-mailadres.")
    if user.email.lower() != locked.email:
        raise InvitationInvalid("Deze uitnodiging is voor een ander e-mailadres. Log uit en open de link opnieuw.")
    membership = do_grant_membership(user, locked.organisation, Role(locked.role), granted_by=locked.invited_by)
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    do_record_audit_event(
        AuditAction.INVITATION_ACCEPTED,
        actor=user,
        organisation=locked.organisation,
        object_type="invitation",
        object_id=str(locked.uuid),
        ip=ip,
        details={"role": locked.role},
    )
    return membership


@transaction.atomic
def do_register_invited_user(
    invitation: Invitation, *, first_name: str, last_name: str, password: str, ip: str = ""
) -> tuple[User, Membership]:
    """Create the account for a new person from their invitation, then accept it."""
    user = User.objects.create_user(
        invitation.email, password, first_name=first_name.strip()[:150], last_name=last_name.strip()[:150]
    )
    return user, do_accept_invitation(invitation, user, ip=ip)


@transaction.atomic
def do_start_totp_setup(user: User) -> TOTPDevice:
    """The unconfirmed TOTP device being set up (reused until confirmed, so a reload keeps the same QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)
    return device


@transaction.atomic
def do_confirm_totp_device(device: TOTPDevice, *, ip: str = "") -> TOTPDevice:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    do_record_audit_event(
        AuditAction.TWO_FACTOR_ENABLED, actor=device.user, object_type="totp_device", object_id=str(device.pk), ip=ip
    )
    return device


@dataclass(frozen=True, slots=True)
class DemoCredential:
    email: str
    roles: str
    password: str
    otpauth_uri: str = ""


@transaction.atomic
def do_load_demo_accounts(*, random_bytes: Callable[[int], bytes] = secrets.token_bytes) -> list[DemoCredential]:
    """Demo organisations and users (idempotent). Returns credentials only for users created now."""
    from . import demo

    orgs: dict[str, Organisation] = {}
    for spec in demo.DEMO_ORGANISATIONS:
        orgs[spec.key] = do_ensure_organisation(
            spec.kind,
            spec.name,
            parent=orgs[spec.parent] if spec.parent else None,
            country=spec.country,
            board_number=spec.board_number,
            brin=spec.brin,
            source="Voorbeeldgegevens van Wijzer (niet echt)",
            is_demo=True,
        )
    password = "demo-" + token_format.make_secret(random_bytes).raw[:20]
    created: list[DemoCredential] = []
    for person in demo.DEMO_USERS:
        if User.objects.filter(email=person.email).exists():
            continue
        user = User.objects.create_user(
            person.email,
            password,
            first_name=person.first_name,
            last_name=person.last_name,
            is_staff=person.staff,
            is_superuser=person.staff,
        )
        for role, key in person.roles:
            do_grant_membership(user, orgs[key], role)
        uri = ""
        if person.staff or policy.requires_two_factor({policy.RoleCode(role) for role, _ in person.roles}):
            device = TOTPDevice.objects.create(user=user, name="Voorbeeld-authenticator", confirmed=True)
            uri = device.config_url
        labels = ", ".join(f"{Role(role).label} bij {orgs[key].name}" for role, key in person.roles)
        created.append(DemoCredential(person.email, labels, password, uri))
    return created


@transaction.atomic
def do_ensure_demo_member(
    email: str, role: Role, organisation_key: str, *, first_name: str = "", last_name: str = ""
) -> Membership:
    """A demo person (address under the demo domain) with a role at a demo organisation (by its key in
    `demo.DEMO_ORGANISATIONS`), for demo data written in their name. A person created here has no usable password:
    nobody logs in as them. Idempotent; an existing person keeps their password and name."""
    from . import demo

    if not email.endswith("@" + demo.DOMAIN):
        raise ValueError(f"Een voorbeeldpersoon heeft een adres op {demo.DOMAIN}, niet {email}.")
    spec = next(o for o in demo.DEMO_ORGANISATIONS if o.key == organisation_key)
    organisation = Organisation.objects.get(kind=spec.kind, name=spec.name)
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, first_name=first_name, last_name=last_name)
    return do_grant_membership(user, organisation, role)


@transaction.atomic
def do_reset_demo_passwords(
    *, actor_label: str = "wijzer accounts demo-password", random_bytes: Callable[[int], bytes] = secrets.token_bytes
) -> list[DemoCredential]:
    """One new password for every existing demo user (local use only: the caller refuses production), each change
    in the audit log as a password change. Demo users that do not exist yet are created first."""
    from . import demo

    created = do_load_demo_accounts(random_bytes=random_bytes)
    if created:
        return created
    password = "demo-" + token_format.make_secret(random_bytes).raw[:20]
    result: list[DemoCredential] = []
    for person in demo.DEMO_USERS:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            continue
        user.set_password(password)
        user.save(update_fields=["password"])
        do_record_audit_event(
            AuditAction.PASSWORD_CHANGED,
            actor=user,
            actor_label=actor_label,
            object_type="user",
            object_id=str(user.pk),
            details={"reason": "voorbeeldwachtwoord opnieuw ingesteld"},
        )
        memberships = user.memberships.select_related("organisation").order_by("pk")
        labels = ", ".join(f"{Role(m.role).label} bij {m.organisation.name}" for m in memberships)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        result.append(DemoCredential(person.email, labels, password, device.config_url if device else ""))
    return result
