"""Vocabulary of the quality app (W6): the rubric scale, states and audit events."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Agreement(models.IntegerChoices):
    """The rubric of every criterion (as Udir's quality guides): four points of agreement with a positive
    statement. "Niet van toepassing" is stored as NULL, not as a point. 1 and 2 are negative: they need a reason."""

    STRONGLY_DISAGREE = 1, _("Helemaal oneens")
    DISAGREE = 2, _("Deels oneens")
    AGREE = 3, _("Deels eens")
    STRONGLY_AGREE = 4, _("Helemaal eens")


NOT_APPLICABLE_LABEL = "Niet van toepassing"
NEGATIVE_SCORES = frozenset({1, 2})


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SUBMITTED = "submitted", _("Ingediend")


class Visibility(models.TextChoices):
    VISIBLE = "visible", _("Zichtbaar")
    HIDDEN = "hidden", _("Verborgen door moderatie")


class ReportState(models.TextChoices):
    OPEN = "open", _("Open")
    HIDDEN = "hidden", _("Afgehandeld: verborgen")
    KEPT = "kept", _("Afgehandeld: blijft zichtbaar")


class HoldingSource(models.TextChoices):
    """Why Wijzer knows a school holds a product: declared by its school leader now; licences from W9 later."""

    DECLARED = "declared", _("Opgegeven door de school")


class GatewayState(models.TextChoices):
    PASSED = "passed", _("Poort gehaald")
    FAILED = "failed", _("Poort niet gehaald")
    UNKNOWN = "unknown", _("Nog niet beoordeeld")


class QualityAuditAction(models.TextChoices):
    """Audit events of quality, registered with the audit log in `QualityConfig.ready`."""

    FRAMEWORK_LOADED = "quality.framework_loaded", _("Versie van het kwaliteitskader geladen (concept)")
    FRAMEWORK_PUBLISHED = "quality.framework_published", _("Versie van het kwaliteitskader gepubliceerd")
    REVIEW_SUBMITTED = "quality.review_submitted", _("Expertbeoordeling ingediend")
    EXPERIENCE_WRITTEN = "quality.experience_written", _("Ervaring van een leraar geschreven")
    EXPERIENCE_REPORTED = "quality.experience_reported", _("Ervaring gemeld bij de moderatie")
    EXPERIENCE_HIDDEN = "quality.experience_hidden", _("Ervaring verborgen door de moderatie")
    EXPERIENCE_RESTORED = "quality.experience_restored", _("Ervaring weer zichtbaar gemaakt")
    REPORT_DISMISSED = "quality.report_dismissed", _("Melding afgehandeld: ervaring blijft zichtbaar")
    RESPONSE_WRITTEN = "quality.response_written", _("Reactie van de uitgever geplaatst")
    RESPONSE_HIDDEN = "quality.response_hidden", _("Reactie van de uitgever verborgen door de moderatie")
    HOLDING_DECLARED = "quality.holding_declared", _("School heeft opgegeven een product te gebruiken")
    HOLDING_REMOVED = "quality.holding_removed", _("Opgave van gebruik door de school ingetrokken")
    QUICKSCAN_SAVED = "quality.quickscan_saved", _("Quickscan van een sectie opgeslagen")
    QUICKSCAN_SHARED = "quality.quickscan_shared", _("Quickscan gedeeld als ervaring")
    PROFILES_RECOMPUTED = "quality.profiles_recomputed", _("Kwaliteitsprofielen herberekend")
