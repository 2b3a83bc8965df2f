"""Method parts (volume → chapter → section) and their links to kerndoelen of either framework (W5)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import LinkState, PartLevel, Strength


class MethodPart(models.Model):
    """One part of a method: a volume, a chapter in it or a section in a chapter, in order."""

    uuid = models.UUIDField(_("publieke id"), default=uuid.uuid4, unique=True, editable=False)
    method = models.ForeignKey(
        "catalog.Method", verbose_name=_("methode"), on_delete=models.CASCADE, related_name="alignment_parts"
    )
    product = models.ForeignKey(
        "catalog.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alignment_parts",
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("hoort bij"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    key = models.CharField(_("sleutel"), max_length=200, help_text=_("Stabiele sleutel binnen de methode."))
    level = models.CharField(_("niveau"), max_length=20, choices=PartLevel.choices)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("titel"), max_length=500)
    text = models.TextField(_("beschrijving of leerdoelen"), blank=True)
    sector = models.CharField(_("sector"), max_length=10, blank=True)
    stage = models.CharField(_("leerjaar of groep"), max_length=100, blank=True)
    is_demo = models.BooleanField(_("voorbeeldgegevens"), default=False)
    withdrawn_at = models.DateTimeField(
        _("niet meer aangeleverd sinds"),
        null=True,
        blank=True,
        help_text=_(
            "Stond niet meer in de laatste inhoudsopgave van de leverancier; blijft met zijn koppelingen bewaard."
        ),
    )

    class Meta:
        verbose_name = _("methodeonderdeel")
        verbose_name_plural = _("methodeonderdelen")
        ordering = ("method", "position")
        constraints = [models.UniqueConstraint(fields=["method", "key"], name="alignment_part_unique_key")]

    def __str__(self) -> str:
        return self.title


class Alignment(models.Model):
    """A link between a part and a goal (SLO uuid), with its strength and where it comes from."""

    uuid = models.UUIDField(_("publieke id"), default=uuid.uuid4, unique=True, editable=False)
    part = models.ForeignKey(MethodPart, verbose_name=_("onderdeel"), on_delete=models.CASCADE, related_name="links")
    goal_uuid = models.UUIDField(_("doel (SLO-id)"), db_index=True)
    goal_code = models.CharField(_("code"), max_length=100, blank=True)
    framework = models.CharField(_("kader"), max_length=20, db_index=True)
    declared_id = models.CharField(_("opgegeven id"), max_length=100, blank=True)  # as delivered (maybe stale)
    strength = models.CharField(_("sterkte"), max_length=10, choices=Strength.choices, default=Strength.CORE)
    provenance = models.CharField(_("herkomst"), max_length=12, choices=LinkState.choices, db_index=True)
    origin = models.CharField(_("oorspronkelijke herkomst"), max_length=12, choices=LinkState.choices)
    score = models.FloatField(_("score"), null=True, blank=True)
    evidence = models.JSONField(_("onderbouwing"), default=dict, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordelaar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    reason = models.TextField(_("reden"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("koppeling")
        verbose_name_plural = _("koppelingen")
        ordering = ("part", "framework", "goal_code")
        constraints = [models.UniqueConstraint(fields=["part", "goal_uuid"], name="alignment_unique_part_goal")]

    def __str__(self) -> str:
        return f"{self.part} → {self.goal_code}"
