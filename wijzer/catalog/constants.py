from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductType(models.TextChoices):
    """Mirrors catalog.domain.records.Medium (the documented mapping lives in ingest.formats.medium)."""

    DIGITAL_LICENCE = "digital_licence", _("Digitale licentie")
    FOLIO = "folio", _("Folio / werkboek")
    LIFO_BUNDLE = "lifo_bundle", _("LiFo-bundel (licentie + folio)")
    PRINT = "print", _("Drukwerk")
    OPEN_RESOURCE = "open_resource", _("Open leermateriaal")
    TOOL = "tool", _("Gereedschap / software")
    TEST = "test", _("Toets")
    OTHER = "other", _("Overig")


class VisionApproach(models.TextChoices):
    """The didactic approach a product follows (W4 facet "visie"), as declared by a supplier or a reviewer."""

    DIRECT_INSTRUCTION = "directe_instructie", _("Directe instructie")
    INQUIRY = "onderzoekend_leren", _("Onderzoekend leren")
    ADAPTIVE = "adaptief", _("Adaptief")
    THEMATIC = "thematisch", _("Thematisch")
    COOPERATIVE = "cooperatief", _("Coöperatief leren")
    REALISTIC = "realistisch", _("Realistisch (contextrijk)")
    PROJECT = "projectonderwijs", _("Projectonderwijs")


class VisionSource(models.TextChoices):
    SUPPLIER = "supplier", _("Opgegeven door de aanbieder")
    REVIEWER = "reviewer", _("Gecorrigeerd door een beoordelaar")
    DEMO = "demo", _("Voorbeeldgegevens")


class ProvenanceStatus(models.TextChoices):
    """What a delivery through a source was allowed to change of its product (W5.1)."""

    AUTHORITATIVE = "authoritative", _("Van de eigenaar")
    DELEGATED = "delegated", _("Gedelegeerde velden")
    CLAIM = "claim", _("Claim (niets gewijzigd)")
