"""Sources, import runs, quarantine and the editable vocabulary mapping."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import QuarantineStatus, RunStatus, SourceFormat, SourceProtocol, TermKind


class Source(models.Model):
    """A catalogue source: a publisher's feed, an open repository, a file upload or an API push."""

    name = models.SlugField(_("naam"), max_length=100, unique=True)
    label = models.CharField(_("omschrijving"), max_length=300, blank=True)
    format = models.CharField(_("formaat"), max_length=20, choices=SourceFormat.choices, default=SourceFormat.AUTO)
    protocol = models.CharField(
        _("protocol"), max_length=10, choices=SourceProtocol.choices, default=SourceProtocol.FILE
    )
    url = models.URLField(_("adres"), max_length=1000, blank=True)
    params = models.JSONField(
        _("parameters"),
        default=dict,
        blank=True,
        help_text=_('Bijv. {"query": "…", "recordSchema": "eckcs2.5.2"} voor SRU of {"set": "…"} voor OAI.'),
    )
    # The organisation this source is registered to (W5.1 §2): its records belong to it. None = a platform
    # source (open repositories harvested by Wijzer): only platform administrators deliver into it.
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("geregistreerd op naam van"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sources",
    )
    is_demo = models.BooleanField(_("voorbeeldgegevens"), default=False)
    is_active = models.BooleanField(_("actief"), default=True)
    checkpoint = models.JSONField(_("hervatpunt"), default=dict, blank=True)
    last_success_at = models.DateTimeField(_("laatst geslaagd"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("bron")
        verbose_name_plural = _("bronnen")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.label or self.name


class Run(models.Model):
    """One harvest or import: a unit with its counts. Either all its records land, or none."""

    source = models.ForeignKey(Source, verbose_name=_("bron"), on_delete=models.PROTECT, related_name="runs")
    input_name = models.CharField(_("invoer"), max_length=1000, blank=True)
    format = models.CharField(_("formaat"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.RUNNING)
    started_at = models.DateTimeField(_("gestart"))
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)
    received = models.PositiveIntegerField(_("ontvangen"), default=0)
    created = models.PositiveIntegerField(_("nieuw"), default=0)
    updated = models.PositiveIntegerField(_("bijgewerkt"), default=0)
    unchanged = models.PositiveIntegerField(_("ongewijzigd"), default=0)
    quarantined = models.PositiveIntegerField(_("in quarantaine"), default=0)
    still_quarantined = models.PositiveIntegerField(_("al in quarantaine"), default=0)
    price_changes = models.PositiveIntegerField(_("prijswijzigingen"), default=0)
    conflicts = models.PositiveIntegerField(_("conflicten (product van een ander)"), default=0)
    duplicates = models.PositiveIntegerField(_("dubbel in dezelfde levering"), default=0)
    deleted = models.PositiveIntegerField(_("verwijderd bij de bron"), default=0)
    deleted_unknown = models.PositiveIntegerField(_("verwijdering van een onbekend record"), default=0)
    warnings = models.PositiveIntegerField(_("records met waarschuwing"), default=0)
    problems = models.JSONField(_("problemen"), default=dict, blank=True)
    message = models.TextField(_("melding"), blank=True)
    # Who runs it (W5.1 §7-8): a run whose process is gone is marked aborted at the next start.
    pid = models.PositiveIntegerField(_("proces"), null=True, blank=True)
    host = models.CharField(_("machine"), max_length=200, blank=True)
    # Quarantine entries this run marked superseded, with their earlier status: [[pk, status], …] (for its undo).
    superseded = models.JSONField(_("vervangen quarantaineregels"), default=list, blank=True)

    class Meta:
        verbose_name = _("importrun")
        verbose_name_plural = _("importruns")
        ordering = ("-started_at", "-pk")

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def valid_share(self) -> float | None:
        rejected = self.quarantined + self.still_quarantined
        return None if not self.received else (self.received - rejected) / self.received

    @property
    def format_label(self) -> str:
        """The format by its name ("ECK CatalogService (XML)"), not its code (W5.3)."""
        return str(dict(SourceFormat.choices).get(self.format, self.format))


class QuarantinedRecord(models.Model):
    """A rejected record, kept raw with every reason, until a mapping fix lets it through."""

    source = models.ForeignKey(Source, verbose_name=_("bron"), on_delete=models.PROTECT, related_name="quarantine")
    run = models.ForeignKey(Run, verbose_name=_("run"), on_delete=models.PROTECT, related_name="quarantine")
    record_id = models.CharField(_("record-id"), max_length=600, blank=True)
    position = models.PositiveIntegerField(_("positie in bestand"), null=True, blank=True)
    format = models.CharField(_("formaat"), max_length=20)
    raw = models.BinaryField(_("ruw record"))
    raw_hash = models.CharField(_("hash van het ruwe record"), max_length=64, db_index=True)
    problems = models.JSONField(_("redenen"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=QuarantineStatus.choices, default=QuarantineStatus.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("in quarantaine sinds"))
    resolved_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("record in quarantaine")
        verbose_name_plural = _("quarantaine")
        ordering = ("-created_at", "pk")

    def __str__(self) -> str:
        return f"{self.source}:{self.record_id or self.position}"

    @property
    def reasons(self) -> list[dict[str, str]]:
        """Why the record was not taken: its errors (W5.2 §6). Warnings never read as a reason for refusal."""
        return [p for p in self.problems if p.get("severity", "error") == "error"]

    @property
    def notes(self) -> list[dict[str, str]]:
        """Its warnings, shown apart (they would not have kept the record out on their own)."""
        return [p for p in self.problems if p.get("severity") == "warning"]


class VocabularyTerm(models.Model):
    """An editable mapping of a supplier's free-text term ("HAVO", "jaar 4", "NATUURKUNDE") to SLO/OBK ids."""

    term = models.CharField(_("term"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=TermKind.choices)
    slo_ids = models.JSONField(_("SLO/OBK-id's"), default=list)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("vocabulaireterm")
        verbose_name_plural = _("vocabulairetermen")
        ordering = ("term",)

    def __str__(self) -> str:
        return self.term


class IngestLock(models.Model):
    """One row: the run that may write to the catalogue now. A second run waits for it, or says who is busy; a run
    whose process died is undone and marked aborted by the next one (W5.1 §8)."""

    run = models.OneToOneField(
        Run, verbose_name=_("run"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acquired_at = models.DateTimeField(_("sinds"), null=True, blank=True)

    class Meta:
        verbose_name = _("importslot")
        verbose_name_plural = _("importslot")

    def __str__(self) -> str:
        return f"run {self.run_id}" if self.run_id else "vrij"
