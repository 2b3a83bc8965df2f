"""Choice support (W8): a section's profile, its shared shortlist and the decision it records.

Rankings and mixes are computed from the catalogue, alignment, quality and market data when asked (`domain/`);
only what people decide is stored here.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import EntryStatus, GoalFramework


class ChoiceProfile(models.Model):
    """What a school or section needs: the ground of a ranking and a mix. Saved per organisation (W2)."""

    uuid = models.UUIDField(_("publieke id"), default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("school of sectie"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("naam"), max_length=200)
    sector = models.CharField(_("sector"), max_length=10)
    level_ids = models.JSONField(_("niveaus en leerjaren (SLO-id's)"), default=list, blank=True)
    subject_id = models.CharField(_("vak (SLO-id)"), max_length=100)
    pupils = models.PositiveIntegerField(_("aantal leerlingen"))
    budget_per_pupil_cents = models.PositiveIntegerField(_("budget per leerling per jaar (centen)"))
    framework = models.CharField(
        _("kader"), max_length=20, choices=GoalFramework.choices, default=GoalFramework.KERNDOELEN_2006
    )
    required_goal_ids = models.JSONField(
        _("doelen die gedekt moeten zijn"),
        default=list,
        blank=True,
        help_text=_("Leeg: alle doelen van vak en sector."),
    )
    vision = models.JSONField(_("voorkeuren voor de didactische aanpak"), default=list, blank=True)
    weights = models.JSONField(_("gewichten"), default=dict, blank=True)
    must_haves = models.JSONField(_("harde eisen"), default=list, blank=True)
    count_suggested = models.BooleanField(_("voorgestelde koppelingen tellen mee"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gemaakt door"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    is_demo = models.BooleanField(_("voorbeeldgegevens"), default=False)

    class Meta:
        verbose_name = _("keuzeprofiel")
        verbose_name_plural = _("keuzeprofielen")
        ordering = ("organisation", "name")
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="choice_profile_unique_name")]

    def __str__(self) -> str:
        return self.name


class Shortlist(models.Model):
    """A section's shortlist, shared with the members of its organisation (section head and teachers)."""

    uuid = models.UUIDField(_("publieke id"), default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("school of sectie"), on_delete=models.CASCADE, related_name="+"
    )
    profile = models.ForeignKey(
        ChoiceProfile,
        verbose_name=_("profiel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shortlists",
    )
    name = models.CharField(_("naam"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gemaakt door"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    is_demo = models.BooleanField(_("voorbeeldgegevens"), default=False)

    class Meta:
        verbose_name = _("shortlist van een sectie")
        verbose_name_plural = _("shortlists van secties")
        ordering = ("organisation", "name")
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="choice_shortlist_unique_name")]

    def __str__(self) -> str:
        return self.name


class ShortlistEntry(models.Model):
    shortlist = models.ForeignKey(
        Shortlist, verbose_name=_("shortlist"), on_delete=models.CASCADE, related_name="entries"
    )
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.EXPLORING)
    note = models.TextField(_("notitie"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("toegevoegd door"), on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gewijzigd door"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("product op een shortlist")
        verbose_name_plural = _("producten op shortlists")
        constraints = [models.UniqueConstraint(fields=["shortlist", "product"], name="choice_entry_unique_product")]

    def __str__(self) -> str:
        return f"{self.shortlist} · {self.product_id} ({self.status})"


class Decision(models.Model):
    """The section's decision: when, who took part, what was chosen and why (a snapshot, so the record stays true
    when prices or coverage change later)."""

    uuid = models.UUIDField(_("publieke id"), default=uuid.uuid4, unique=True, editable=False)
    shortlist = models.ForeignKey(
        Shortlist, verbose_name=_("shortlist"), on_delete=models.CASCADE, related_name="decisions"
    )
    decided_on = models.DateField(_("besloten op"))
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("genomen door"), related_name="+", blank=True
    )
    summary = models.TextField(_("toelichting"))
    snapshot = models.JSONField(_("vastgelegde keuze"), default=dict)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("vastgelegd door"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    is_demo = models.BooleanField(_("voorbeeldgegevens"), default=False)

    class Meta:
        verbose_name = _("besluit van een sectie")
        verbose_name_plural = _("besluiten van secties")
        ordering = ("-decided_on", "-recorded_at")

    def __str__(self) -> str:
        return f"{self.shortlist} · {self.decided_on:%Y-%m-%d}"
