from django.db import models
from django.utils.translation import gettext_lazy as _


class PartLevel(models.TextChoices):
    VOLUME = "volume", _("Deel")
    CHAPTER = "chapter", _("Hoofdstuk")
    SECTION = "section", _("Paragraaf")


class Strength(models.TextChoices):
    CORE = "core", _("Kern")
    PARTIAL = "partial", _("Gedeeltelijk")


class LinkState(models.TextChoices):
    """Where a link stands: declared by the supplier or suggested by Wijzer until a reviewer confirms or rejects it.

    `Alignment.provenance` holds the state now, `Alignment.origin` the first one (declared or suggested). Only
    CONFIRMED counts as confirmed coverage (W5 §1). Not to be confused with `catalog.Provenance` (where a product's
    data came from).
    """

    DECLARED = "declared", _("Opgegeven door de leverancier")
    SUGGESTED = "suggested", _("Voorgesteld door Wijzer")
    CONFIRMED = "confirmed", _("Bevestigd door een beoordelaar")
    REJECTED = "rejected", _("Afgewezen door een beoordelaar")


class Decision(models.TextChoices):
    CONFIRM = "confirm", _("Bevestigen")
    REJECT = "reject", _("Afwijzen")


FRAMEWORKS = ("kerndoelen-2006", "kerndoelen-fo")
FRAMEWORK_LABELS = {"kerndoelen-2006": "Kerndoelen 2006", "kerndoelen-fo": "Nieuwe kerndoelen"}


class AlignmentAuditAction(models.TextChoices):
    """Audit events of alignment, registered with the audit log in `AlignmentConfig.ready` (W5.4 §3)."""

    CONFIRMED = "alignment.confirmed", _("Kerndoelkoppeling bevestigd")
    REJECTED = "alignment.rejected", _("Kerndoelkoppeling afgewezen")
    IMPORTED = "alignment.imported", _("Inhoudsopgave van een methode aangeleverd")
