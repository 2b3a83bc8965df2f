"""Vocabulary of the choice support (W8): frameworks, criteria, must-haves, shortlist states and audit events."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GoalFramework(models.TextChoices):
    KERNDOELEN_2006 = "kerndoelen-2006", _("Kerndoelen 2006 (geldend)")
    KERNDOELEN_FO = "kerndoelen-fo", _("Nieuwe kerndoelen (funderend onderwijs)")


class Criterion(models.TextChoices):
    """What a ranking weighs; the weights are the profile's, visible and adjustable."""

    PRICE = "price", _("Prijs")
    QUALITY = "quality", _("Kwaliteit")
    COVERAGE = "coverage", _("Kerndoeldekking")
    PRIVACY = "privacy", _("Privacy")
    OPENNESS = "openness", _("Openheid")


class MustHave(models.TextChoices):
    EDUV = "eduv", _("Ondersteunt Edu-V")
    ACCESSIBLE = "accessible", _("Toegankelijk")
    PRIVACY_APPROVED = "privacy_approved", _("Privacy goedgekeurd")
    NO_HIGH_RISK_AI = "no_high_risk_ai", _("Geen AI-functie met hoog risico")
    SOLD_SEPARATELY = "sold_separately", _("Los te koop")


class EntryStatus(models.TextChoices):
    """Where a product on a section's shortlist stands: exploring, preferred, decided."""

    EXPLORING = "verkennen", _("Verkennen")
    PREFERRED = "voorkeur", _("Voorkeur")
    DECIDED = "besluit", _("Besluit")


class ChoiceAuditAction(models.TextChoices):
    PROFILE_SAVED = "choice.profile_saved", _("Keuzeprofiel opgeslagen")
    PROFILE_DELETED = "choice.profile_deleted", _("Keuzeprofiel verwijderd")
    SHORTLIST_CHANGED = "choice.shortlist_changed", _("Shortlist van een sectie gewijzigd")
    DECISION_RECORDED = "choice.decision_recorded", _("Besluit van een sectie vastgelegd")
