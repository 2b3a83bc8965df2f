"""The quality framework as versioned data, expert reviews, teacher experiences and the quality profile (W6).

A framework version (generic topics and criteria, subject extensions, a gateway) is loaded from
`data/quality/` and published; a review or an experience keeps the version it used, so publishing a new version
never changes an old answer. Scores use the four-point agreement scale of `constants.Agreement`; NULL is
"niet van toepassing".
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .constants import GatewayState, HoldingSource, ReportState, ReviewStatus, Visibility

_SCORE_OK = Q(score__isnull=True) | Q(score__gte=1, score__lte=4)


class Framework(models.Model):
    """One version of the national quality framework (generic part and subject extensions together)."""

    version = models.CharField(_("versie"), max_length=20, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    gateway_name = models.CharField(_("naam van de poort"), max_length=200, blank=True)
    gateway_pass_at = models.PositiveSmallIntegerField(
        _("poort gehaald vanaf"),
        null=True,
        blank=True,
        help_text=_("De mediaan van elk poortcriterium moet minstens deze score hebben (1–4)."),
    )
    sources = models.JSONField(_("bronnen"), default=list, blank=True)
    definition = models.JSONField(_("definitie zoals geladen"), default=dict)
    checksum = models.CharField(_("controlegetal (SHA-256)"), max_length=64)
    created_at = models.DateTimeField(_("geladen op"), auto_now_add=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gepubliceerd door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("versie van het kwaliteitskader")
        verbose_name_plural = _("versies van het kwaliteitskader")
        ordering = ("-published_at", "-created_at")

    def __str__(self) -> str:
        return f"{self.title} {self.version}"


class Topic(models.Model):
    """One of the topics of a framework version (the seven of the literature study)."""

    framework = models.ForeignKey(Framework, verbose_name=_("kader"), on_delete=models.CASCADE, related_name="topics")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("onderwerp")
        verbose_name_plural = _("onderwerpen")
        ordering = ("framework", "position")
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="quality_topic_unique_code")]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """A criterion, written as a positive statement. `subject` empty: generic; otherwise a subject extension."""

    topic = models.ForeignKey(Topic, verbose_name=_("onderwerp"), on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("code"), max_length=20)
    statement = models.TextField(_("uitspraak"))
    guidance = models.TextField(_("waar let je op"), blank=True)
    subject = models.CharField(_("vakuitbreiding"), max_length=40, blank=True)
    gateway = models.BooleanField(_("hoort bij de poort"), default=False)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("criterium")
        verbose_name_plural = _("criteria")
        ordering = ("topic__position", "position")
        constraints = [models.UniqueConstraint(fields=["topic", "code"], name="quality_criterion_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.statement[:60]}"


class ExpertReview(models.Model):
    """A review of a product by a member of a reviewer panel, against one framework version."""

    uuid = models.UUIDField(_("publieke id"), default=uuid.uuid4, unique=True, editable=False)
    framework = models.ForeignKey(Framework, verbose_name=_("kader"), on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="expert_reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("beoordelaar"), on_delete=models.PROTECT, related_name="+"
    )
    panel = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("panel"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("vakuitbreiding"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    summary = models.TextField(_("samenvatting"), blank=True)
    created_at = models.DateTimeField(_("begonnen op"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    is_demo = models.BooleanField(_("voorbeeldgegevens"), default=False)

    class Meta:
        verbose_name = _("expertbeoordeling")
        verbose_name_plural = _("expertbeoordelingen")
        ordering = ("-submitted_at", "-created_at")
        constraints = [
            models.UniqueConstraint(fields=["product", "reviewer", "framework"], name="quality_review_one_per_reviewer")
        ]

    def __str__(self) -> str:
        return f"Beoordeling {self.uuid}"


class ReviewAnswer(models.Model):
    """The answer of one review on one criterion: a score (NULL = niet van toepassing), a reason, evidence."""

    review = models.ForeignKey(
        ExpertReview, verbose_name=_("beoordeling"), on_delete=models.CASCADE, related_name="answers"
    )
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterium"), on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    reason = models.TextField(_("toelichting"), blank=True)
    evidence = models.CharField(_("bewijs (pagina, hoofdstuk, link)"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="quality_answer_one_per_criterion"),
            models.CheckConstraint(condition=_SCORE_OK, name="quality_answer_score_1_4"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score if self.score is not None else 'n.v.t.'}"


class Experience(models.Model):
    """A teacher's short experience with a product: a score per topic, a text and the context of use."""

    uuid = models.UUIDField(_("publieke id"), default=uuid.uuid4, unique=True, editable=False)
    framework = models.ForeignKey(Framework, verbose_name=_("kader"), on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="experiences"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("schrijver"), on_delete=models.PROTECT, related_name="+"
    )
    school = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("ervaring"), blank=True)
    sector = models.CharField(_("sector"), max_length=10, blank=True)
    level = models.CharField(_("niveau of leerjaar"), max_length=100, blank=True)
    school_type = models.CharField(_("soort school"), max_length=100, blank=True)
    months_used = models.PositiveSmallIntegerField(_("maanden in gebruik"), null=True, blank=True)
    visibility = models.CharField(
        _("zichtbaarheid"), max_length=20, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    hidden_reason = models.TextField(_("reden van verbergen"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verborgen door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    hidden_at = models.DateTimeField(_("verborgen op"), null=True, blank=True)
    created_at = models.DateTimeField(_("geschreven op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    # when the author last changed the text or the scores (write_experience; never moderation): a publisher
    # response older than this answers an earlier version
    rewritten_at = models.DateTimeField(_("herschreven op"), null=True, blank=True)
    is_demo = models.BooleanField(_("voorbeeldgegevens"), default=False)

    class Meta:
        verbose_name = _("ervaring")
        verbose_name_plural = _("ervaringen")
        ordering = ("-created_at",)
        constraints = [models.UniqueConstraint(fields=["product", "author"], name="quality_experience_one_per_person")]
        indexes = [models.Index(fields=["product", "visibility"], name="quality_exp_product_visible")]

    def __str__(self) -> str:
        return f"Ervaring {self.uuid}"


class ExperienceScore(models.Model):
    """The score of an experience for one topic (NULL = niet van toepassing)."""

    experience = models.ForeignKey(
        Experience, verbose_name=_("ervaring"), on_delete=models.CASCADE, related_name="scores"
    )
    topic = models.ForeignKey(Topic, verbose_name=_("onderwerp"), on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)

    class Meta:
        verbose_name = _("score per onderwerp")
        verbose_name_plural = _("scores per onderwerp")
        constraints = [
            models.UniqueConstraint(fields=["experience", "topic"], name="quality_experience_score_one_per_topic"),
            models.CheckConstraint(condition=_SCORE_OK, name="quality_experience_score_1_4"),
        ]

    def __str__(self) -> str:
        return f"{self.topic_id}: {self.score if self.score is not None else 'n.v.t.'}"


class PublisherResponse(models.Model):
    """The one response of the product's publisher to an experience."""

    experience = models.OneToOneField(
        Experience, verbose_name=_("ervaring"), on_delete=models.CASCADE, related_name="response"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("uitgever"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("schrijver"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("reactie"))
    visibility = models.CharField(
        _("zichtbaarheid"), max_length=20, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    hidden_reason = models.TextField(_("reden van verbergen"), blank=True)
    created_at = models.DateTimeField(_("geschreven op"), auto_now_add=True)
    is_demo = models.BooleanField(_("voorbeeldgegevens"), default=False)

    class Meta:
        verbose_name = _("reactie van de uitgever")
        verbose_name_plural = _("reacties van uitgevers")

    def __str__(self) -> str:
        return f"Reactie op {self.experience_id}"


class ExperienceReport(models.Model):
    """A report of an experience to the moderators, and how it was handled."""

    experience = models.ForeignKey(
        Experience, verbose_name=_("ervaring"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gemeld door"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reden"))
    state = models.CharField(_("afhandeling"), max_length=20, choices=ReportState.choices, default=ReportState.OPEN)
    created_at = models.DateTimeField(_("gemeld op"), auto_now_add=True)
    handled_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgehandeld door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ("created_at",)
        constraints = [models.UniqueConstraint(fields=["experience", "reporter"], name="quality_report_one_per_person")]

    def __str__(self) -> str:
        return f"Melding over {self.experience_id}"


class SchoolHolding(models.Model):
    """A school holds (uses) a product: the ground for the "verified use" mark of its teachers' experiences."""

    school = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("school"), on_delete=models.CASCADE, related_name="+"
    )
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="school_holdings"
    )
    source = models.CharField(
        _("herkomst"), max_length=20, choices=HoldingSource.choices, default=HoldingSource.DECLARED
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opgegeven door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    declared_at = models.DateTimeField(_("opgegeven op"), auto_now_add=True)
    is_demo = models.BooleanField(_("voorbeeldgegevens"), default=False)

    class Meta:
        verbose_name = _("gebruik door een school")
        verbose_name_plural = _("gebruik door scholen")
        constraints = [models.UniqueConstraint(fields=["school", "product"], name="quality_holding_unique")]

    def __str__(self) -> str:
        return f"{self.school_id} gebruikt {self.product_id}"


class QualityProfile(models.Model):
    """The computed quality profile of a product: per topic the distribution, n and a confidence indication.

    Recomputed from the reviews and experiences (`actions.profiles.refresh`, `recompute_all`); never edited by hand.
    `topics` holds the counts per topic and criterion of `framework` (format: `domain.profile.compact`)."""

    product = models.OneToOneField(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="quality_profile"
    )
    framework = models.ForeignKey(Framework, verbose_name=_("kader"), on_delete=models.PROTECT, related_name="+")
    expert_reviews = models.PositiveIntegerField(_("expertbeoordelingen"), default=0)
    experiences = models.PositiveIntegerField(_("ervaringen"), default=0)
    verified_experiences = models.PositiveIntegerField(_("ervaringen met geverifieerd gebruik"), default=0)
    gateway = models.CharField(_("poort"), max_length=20, choices=GatewayState.choices, default=GatewayState.UNKNOWN)
    topics = models.JSONField(_("onderwerpen"), default=list)
    is_demo = models.BooleanField(_("met voorbeeldgegevens"), default=False)
    sort_value = models.PositiveSmallIntegerField(
        _("sorteerwaarde"),
        null=True,
        blank=True,
        help_text=_("Aandeel 'eens' van de expertantwoorden × 1000; leeg zonder 2 beoordelingen of gehaalde poort."),
    )
    computed_at = models.DateTimeField(_("berekend op"))

    class Meta:
        verbose_name = _("kwaliteitsprofiel")
        verbose_name_plural = _("kwaliteitsprofielen")

    def __str__(self) -> str:
        return f"Kwaliteitsprofiel van {self.product_id}"


class Quickscan(models.Model):
    """A short scan a section fills in together about its current method; may be shared as an experience."""

    uuid = models.UUIDField(_("publieke id"), default=uuid.uuid4, unique=True, editable=False)
    framework = models.ForeignKey(Framework, verbose_name=_("kader"), on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="quickscans"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ingevuld door"), on_delete=models.PROTECT, related_name="+"
    )
    participants = models.CharField(_("wie deden mee"), max_length=200, blank=True)
    answers = models.JSONField(_("antwoorden per onderwerp"), default=dict)
    created_at = models.DateTimeField(_("ingevuld op"), auto_now_add=True)
    shared_experience = models.ForeignKey(
        Experience,
        verbose_name=_("gedeeld als ervaring"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField(_("voorbeeldgegevens"), default=False)

    class Meta:
        verbose_name = _("quickscan")
        verbose_name_plural = _("quickscans")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"Quickscan {self.uuid}"
