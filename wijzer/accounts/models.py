"""People, organisations, memberships (roles), invitations, API tokens and the audit log.

The custom user model exists from the first migration (W1); organisations are the shared reference for schools,
publishers and owner groups (used by the catalogue in W3); the rest is W2.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import audit_registry
from .constants import OrganisationKind, Role, Scope


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("Een e-mailadres is verplicht.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person; logs in with an e-mail address."""

    username = None  # type: ignore[assignment]  # e-mail is the login name
    uuid = models.UUIDField(_("publieke id"), default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mailadres"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]  # email-based manager

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.email


class Organisation(models.Model):
    """A school board, school, branch, publisher, distributor, owner group, reviewer panel or the platform.

    `parent` is the owner: a board owns its schools, a school its branches, an owner group its publishers and
    distributors (the ownership chain the market monitor follows).
    """

    uuid = models.UUIDField(_("publieke id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("naam"), max_length=300)
    kind = models.CharField(_("soort"), max_length=30, choices=OrganisationKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("eigenaar"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    country = models.CharField(_("land (ISO 3166)"), max_length=2, blank=True)
    board_number = models.CharField(_("bevoegd-gezagnummer"), max_length=10, blank=True)
    brin = models.CharField(_("BRIN / OnderwijsaanbiederId"), max_length=12, blank=True)
    website = models.URLField(_("website"), blank=True)
    source = models.TextField(_("bron"), blank=True, help_text=_("Herkomst van de gegevens, bijv. een publicatie."))
    is_demo = models.BooleanField(_("voorbeeldgegevens"), default=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ("name",)
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="organisation_unique_kind_name")]

    def __str__(self) -> str:
        return self.name

    def tree(self) -> list[Organisation]:
        """This organisation and everything it owns (a board's schools and their branches), one query per level."""
        found: list[Organisation] = [self]
        seen = {self.pk}
        level = [self.pk]
        while level:
            children = list(Organisation.objects.filter(parent_id__in=level).exclude(pk__in=seen).order_by("name"))
            found += children
            seen.update(child.pk for child in children)
            level = [child.pk for child in children]
        return found

    def owner_chain(self) -> list[Organisation]:
        """This organisation and its owners, nearest first (guarded against cycles)."""
        chain: list[Organisation] = [self]
        node = self.parent
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return chain


class Membership(models.Model):
    """A role a person holds at an organisation. One person may hold several (W2 §2)."""

    uuid = models.UUIDField(_("publieke id"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("rol bij organisatie")
        verbose_name_plural = _("rollen bij organisaties")
        ordering = ("organisation__name", "role")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_user_org_role")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} bij {self.organisation}"


class Invitation(models.Model):
    """An invitation by e-mail to take a role at an organisation. Only a hash of the link secret is stored."""

    uuid = models.UUIDField(_("publieke id"), default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="invitations"
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    email = models.EmailField(_("e-mailadres"))
    secret_hash = models.CharField(_("hash van de link"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, verbose_name=_("uitgenodigd door"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    expires_at = models.DateTimeField(_("verloopt op"))
    accepted_at = models.DateTimeField(_("geaccepteerd op"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, verbose_name=_("geaccepteerd door"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.email}: {self.get_role_display()} bij {self.organisation}"


class ApiToken(models.Model):
    """A scoped, revocable key for a machine acting for an organisation. Only the SHA-256 of the token is kept."""

    uuid = models.UUIDField(_("publieke id"), default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("naam"), max_length=100)
    prefix = models.CharField(_("voorvoegsel"), max_length=8, unique=True, editable=False)
    token_hash = models.CharField(_("hash"), max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("bevoegdheden"), default=list)
    created_by = models.ForeignKey(
        User, verbose_name=_("gemaakt door"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    expires_at = models.DateTimeField(_("verloopt op"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, verbose_name=_("ingetrokken door"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"wzr_{self.prefix}… ({self.name})"

    @property
    def display(self) -> str:
        return f"wzr_{self.prefix}_…"

    def is_active(self, now: Any = None) -> bool:
        moment = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > moment)

    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [str(labels.get(scope, scope)) for scope in self.scopes]


class Delegation(models.Model):
    """What a publisher lets another organisation deliver for its products (W5.1 §1): e.g. a distributor's prices.

    Rights over catalogue records come only from rows like this (and from owning the source), never from what a
    feed says about itself. `source_name` limits the grant to one source of the grantee; empty: all its sources.
    A revoked grant keeps its row (`revoked_at`); the audit log has the history of every change.
    """

    uuid = models.UUIDField(_("publieke id"), default=uuid.uuid4, unique=True, editable=False)
    grantor = models.ForeignKey(
        Organisation, verbose_name=_("uitgever"), on_delete=models.PROTECT, related_name="delegations_granted"
    )
    grantee = models.ForeignKey(
        Organisation, verbose_name=_("aan"), on_delete=models.PROTECT, related_name="delegations_received"
    )
    source_name = models.CharField(_("alleen via bron"), max_length=100, blank=True)
    fields = models.JSONField(_("velden"), default=list)
    created_by = models.ForeignKey(
        User, verbose_name=_("door"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("verleend op"), default=timezone.now)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("delegatie")
        verbose_name_plural = _("delegaties")
        ordering = ("grantor", "grantee", "source_name")
        constraints = [
            models.UniqueConstraint(fields=["grantor", "grantee", "source_name"], name="delegation_unique_grant")
        ]

    def __str__(self) -> str:
        return f"{self.grantor} → {self.grantee}: {', '.join(self.fields)}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and bool(self.fields)


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Append-only: bulk updates and deletes are refused in code (and by a database trigger, see 0003)."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Het logboek is alleen-toevoegen: wijzigen is niet toegestaan.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Het logboek is alleen-toevoegen: verwijderen is niet toegestaan.")


OBJECT_LABELS = {  # AuditEvent.object_type -> Dutch (W5.3: no internal keys on pages)
    "alignment": "koppeling",
    "api_token": "API-sleutel",
    "claim": "claim",
    "delegation": "delegatie",
    "invitation": "uitnodiging",
    "membership": "rol",
    "method": "methode",
    "organisation": "organisatie",
    "quarantine": "quarantaine",
    "run": "importrun",
    "source": "bron",
    "totp_device": "tweestapsapparaat",
    "user": "gebruiker",
}


class AuditEvent(models.Model):
    """One security-relevant event (W2 §5): who, for which organisation, when, on what. Never changed."""

    uuid = models.UUIDField(_("publieke id"), default=uuid.uuid4, unique=True, editable=False)
    time = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    # No `choices`: the vocabulary lives in each app and is checked against `audit_registry` (no migration here).
    action = models.CharField(_("gebeurtenis"), max_length=40, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("door"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(_("door (zoals opgegeven)"), max_length=254, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    object_type = models.CharField(_("soort object"), max_length=40, blank=True)
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    ip_prefix = models.CharField(_("netwerk (ingekort IP-adres)"), max_length=50, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("logboekregel")
        verbose_name_plural = _("logboek")
        ordering = ("-time", "-id")

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.action} {self.actor_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise PermissionError("Het logboek is alleen-toevoegen: wijzigen is niet toegestaan.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Het logboek is alleen-toevoegen: verwijderen is niet toegestaan.")

    @property
    def action_label(self) -> str:
        return audit_registry.label(self.action)

    @property
    def object_label(self) -> str:
        """What the event was about, in words ("rol", "API-sleutel"); the raw type for an unknown kind."""
        return OBJECT_LABELS.get(self.object_type, self.object_type.replace("_", " "))
