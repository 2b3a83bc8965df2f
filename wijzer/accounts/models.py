"""People and organisations. The custom user model exists from the first migration (W1); organisations are the
shared reference for schools, publishers and owner groups (W2, used by the catalogue in W3)."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import OrganisationKind


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

    def owner_chain(self) -> list[Organisation]:
        """This organisation and its owners, nearest first (guarded against cycles)."""
        chain: list[Organisation] = [self]
        node = self.parent
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return chain
