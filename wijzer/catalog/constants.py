from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductType(models.TextChoices):
    """Mirrors ingest.formats.records.Medium (the documented mapping lives there)."""

    DIGITAL_LICENCE = "digital_licence", _("Digitale licentie")
    FOLIO = "folio", _("Folio / werkboek")
    LIFO_BUNDLE = "lifo_bundle", _("LiFo-bundel (licentie + folio)")
    PRINT = "print", _("Drukwerk")
    OPEN_RESOURCE = "open_resource", _("Open leermateriaal")
    TOOL = "tool", _("Gereedschap / software")
    TEST = "test", _("Toets")
    OTHER = "other", _("Overig")
