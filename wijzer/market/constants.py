"""Vocabulary of the market monitor (W7): reference-series status, lock-in answers and audit events."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PointStatus(models.TextChoices):
    """How a value of a reference series was obtained: read in the publication, or computed from it."""

    OFFICIAL = "official", _("Officieel cijfer")
    COMPUTED = "computed", _("Berekend")
    ESTIMATED = "estimated", _("Schatting")


class NoPriceReason(models.TextChoices):
    """Why a product has no price per pupil per school year in a year (the catalogue's own rules decide)."""

    NONE = "", _("—")
    NOT_PER_PUPIL = "not_per_pupil", _("Geen prijs per leerling (docent- of schoollicentie)")
    NO_PERIOD = "no_period", _("Geen licentieperiode bekend")
    NO_LINES = "no_lines", _("Geen geldende prijsregels")


class MarketAuditAction(models.TextChoices):
    REFERENCE_IMPORTED = "market.reference_imported", _("Referentiereeks ingelezen")
    LOCKIN_DECLARED = "market.lockin_declared", _("Gegevens over afhankelijkheid opgegeven")
    SCHOOL_SET_SAVED = "market.school_set_saved", _("Leermiddelenset van een school opgeslagen")
    SCHOOL_COSTS_VIEWED = "market.school_costs_viewed", _("Kosten van een school bekeken")
    FACTS_REFRESHED = "market.facts_refreshed", _("Prijsfeiten van de marktmonitor ververst")
