from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceFormat(models.TextChoices):
    AUTO = "auto", _("Automatisch herkennen")
    ECK = "eck_catalog", _("ECK CatalogService (XML)")
    NLLOM = "nl_lom", _("NL-LOM (XML)")
    EDUV = "eduv_json", _("Edu-V Catalogue API (JSON)")
    CSV = "csv", _("CSV-sjabloon")


# CLI short names -> adapter identifiers (`wijzer ingest --format eck`).
FORMAT_ALIASES = {"auto": "auto", "eck": "eck_catalog", "nllom": "nl_lom", "eduv": "eduv_json", "csv": "csv"}


class SourceProtocol(models.TextChoices):
    FILE = "file", _("Bestand of upload")
    SRU = "sru", _("SRU")
    OAI = "oai", _("OAI-PMH")
    EDUV = "eduv", _("Edu-V paginering")
    PUSH = "push", _("Aanlevering via API")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Bezig")
    SUCCEEDED = "succeeded", _("Geslaagd")
    PARTIAL = "partial", _("Geslaagd met afgekeurde records")
    FAILED = "failed", _("Mislukt; catalogus ongewijzigd")
    ABORTED = "aborted", _("Afgebroken; catalogus ongewijzigd")


class QuarantineStatus(models.TextChoices):
    OPEN = "open", _("In quarantaine")
    RELEASED = "released", _("Alsnog opgenomen")
    STILL_INVALID = "still_invalid", _("Opnieuw afgekeurd")
    SUPERSEDED = "superseded", _("Vervangen door een nieuwere aanlevering")


class TermKind(models.TextChoices):
    LEVEL = "level", _("Niveau / sector / leerjaar")
    SUBJECT = "subject", _("Vak")


class IngestAuditAction(models.TextChoices):
    """Audit events of ingest (registered with the audit log in `IngestConfig.ready`)."""

    SOURCE_REGISTERED = "source.registered", _("Bron geregistreerd")
    CATALOG_DELIVERED = "catalog.delivered", _("Catalogusgegevens aangeleverd")
    QUARANTINE_REPROCESSED = "quarantine.reprocessed", _("Quarantaine opnieuw verwerkt")
    RAW_RECORD_VIEWED = "quarantine.raw_viewed", _("Ruw record bekeken")


# A source name starting with this is reserved for the default push source of one organisation (W5.1 §2).
PUSH_PREFIX = "push-"
