"""The SLO curriculum: levels, subjects and the goals of both frameworks, keyed by SLO UUID."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import ElaborationKind, Framework, GoalKind


class Level(models.Model):
    """An SLO niveau (sector, leerjaar, referentieniveau, …)."""

    uuid = models.UUIDField(_("SLO-id"), unique=True)
    title = models.CharField(_("titel"), max_length=200)
    prefix = models.CharField(_("prefix"), max_length=50, blank=True)
    type = models.CharField(_("soort"), max_length=50, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("niveau")
        verbose_name_plural = _("niveaus")
        ordering = ("type", "prefix", "title")

    def __str__(self) -> str:
        return self.title


class Subject(models.Model):
    """An SLO vakleergebied. `derived` marks a subject Wijzer named itself because SLO's id was missing."""

    uuid = models.UUIDField(_("SLO-id"), unique=True)
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("korte naam"), max_length=200, db_index=True)
    prefix = models.CharField(_("prefix"), max_length=50, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    derived = models.BooleanField(_("afgeleid"), default=False)
    alias_ids = models.JSONField(_("andere SLO-id's"), default=list, blank=True)
    levels = models.ManyToManyField(Level, verbose_name=_("niveaus"), blank=True, related_name="subjects")

    class Meta:
        verbose_name = _("vakleergebied")
        verbose_name_plural = _("vakleergebieden")
        ordering = ("title",)

    def __str__(self) -> str:
        return self.title


class GoalSet(models.Model):
    """A group of goals for one subject: a 2006 kerndoel_vakleergebied or an FO kerndoelenset."""

    uuid = models.UUIDField(_("SLO-id"), unique=True)
    framework = models.CharField(_("kader"), max_length=20, choices=Framework.choices)
    title = models.CharField(_("titel"), max_length=300)
    settype = models.CharField(_("soort set"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=50, blank=True)
    description = models.TextField(_("karakteristiek"), blank=True)
    sectors = models.JSONField(_("sectoren"), default=list)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    subjects = models.ManyToManyField(Subject, verbose_name=_("vakleergebieden"), related_name="goal_sets")

    class Meta:
        verbose_name = _("doelenset")
        verbose_name_plural = _("doelensets")
        ordering = ("framework", "position")

    def __str__(self) -> str:
        return self.title


class Domain(models.Model):
    uuid = models.UUIDField(_("SLO-id"), unique=True)
    framework = models.CharField(_("kader"), max_length=20, choices=Framework.choices)
    goal_set = models.ForeignKey(
        GoalSet, verbose_name=_("doelenset"), null=True, on_delete=models.SET_NULL, related_name="domains"
    )
    title = models.CharField(_("titel"), max_length=300)
    prefix = models.CharField(_("prefix"), max_length=50, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("domein")
        verbose_name_plural = _("domeinen")
        ordering = ("position",)

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    """A goal of either framework: a 2006 kerndoel, or an FO kernzin (kerndoel) or doelzin."""

    uuid = models.UUIDField(_("SLO-id"), unique=True)
    framework = models.CharField(_("kader"), max_length=20, choices=Framework.choices, db_index=True)
    kind = models.CharField(_("soort"), max_length=20, choices=GoalKind.choices, db_index=True)
    code = models.CharField(_("code"), max_length=100)
    number = models.PositiveIntegerField(_("nummer"), default=0)
    label = models.CharField(_("korte titel"), max_length=300, blank=True)
    text = models.TextField(_("tekst"))
    status = models.CharField(_("status"), max_length=50, blank=True)
    # "|po|so|": portable containment filter on SQLite and PostgreSQL alike.
    sectors_key = models.CharField(_("sectoren"), max_length=40, db_index=True)
    goal_set = models.ForeignKey(
        GoalSet, verbose_name=_("doelenset"), null=True, on_delete=models.SET_NULL, related_name="goals"
    )
    domain = models.ForeignKey(
        Domain, verbose_name=_("domein"), null=True, on_delete=models.SET_NULL, related_name="goals"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("kerndoel"), null=True, on_delete=models.SET_NULL, related_name="children"
    )
    subjects = models.ManyToManyField(Subject, verbose_name=_("vakleergebieden"), related_name="goals")
    levels = models.ManyToManyField(Level, verbose_name=_("niveaus"), related_name="goals")
    search_text = models.TextField(_("zoektekst"), blank=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ("framework", "position")

    def __str__(self) -> str:
        return f"{self.code}: {self.label}"

    @property
    def sectors(self) -> list[str]:
        return [s for s in self.sectors_key.split("|") if s]


class Elaboration(models.Model):
    """An uitwerking ("Het gaat hierbij om …") or illustratie ("Te denken valt aan …") of an FO doelzin."""

    uuid = models.UUIDField(_("SLO-id"), unique=True)
    goal = models.ForeignKey(Goal, verbose_name=_("doel"), on_delete=models.CASCADE, related_name="elaborations")
    kind = models.CharField(_("soort"), max_length=20, choices=ElaborationKind.choices)
    prefix = models.CharField(_("prefix"), max_length=50, blank=True)
    text = models.TextField(_("tekst"))
    level_titles = models.JSONField(_("niveaus"), default=list)
    position = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("uitwerking of illustratie")
        verbose_name_plural = _("uitwerkingen en illustraties")
        ordering = ("goal", "position")

    def __str__(self) -> str:
        return f"{self.kind} {self.prefix}"


class StaleId(models.Model):
    """An old SLO id and what replaced it (deprecated.json, or a current goal's `replaces`)."""

    uuid = models.UUIDField(_("oude SLO-id"), unique=True)
    types = models.JSONField(_("soorten"), default=list)
    title = models.TextField(_("titel"), blank=True)
    replaced_by = models.JSONField(_("vervangen door"), default=list)

    class Meta:
        verbose_name = _("vervallen id")
        verbose_name_plural = _("vervallen id's")

    def __str__(self) -> str:
        return str(self.uuid)


class CurriculumLoad(models.Model):
    """One load of the SLO files: the fingerprint makes `wijzer setup` idempotent."""

    fingerprint = models.CharField(_("vingerafdruk"), max_length=64)
    source = models.CharField(_("bron"), max_length=500)
    loaded_at = models.DateTimeField(_("geladen op"), auto_now_add=True)
    counts = models.JSONField(_("aantallen"), default=dict)

    class Meta:
        verbose_name = _("curriculumlading")
        verbose_name_plural = _("curriculumladingen")
        ordering = ("-loaded_at",)

    def __str__(self) -> str:
        return f"{self.loaded_at:%Y-%m-%d %H:%M} {self.fingerprint[:8]}"
