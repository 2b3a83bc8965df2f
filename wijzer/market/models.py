"""The market monitor (W7): reference series, price facts per product and year, lock-in facts, school sets.

`PriceFact` and `MarketProduct` are derived from the catalogue (prices, owners, sectors, subjects) by
`actions.refresh`; nothing in them is entered by hand. Reference series, lock-in declarations and school sets are
records of their own, each written by the party the policy table names and audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import NoPriceReason, PointStatus


class ReferenceSeries(models.Model):
    """A series shipped as data with its source (CBS CPI, the €340 VO budget, pupil counts); updatable by CSV."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    unit = models.CharField(_("eenheid"), max_length=100, blank=True)
    base_year = models.PositiveSmallIntegerField(_("basisjaar"), null=True, blank=True)
    source = models.TextField(_("bron"))
    source_url = models.URLField(_("adres van de bron"), max_length=500, blank=True)
    licence = models.CharField(_("licentie"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("referentiereeks")
        verbose_name_plural = _("referentiereeksen")
        ordering = ("code",)

    def __str__(self) -> str:
        return self.name


class ReferencePoint(models.Model):
    series = models.ForeignKey(
        ReferenceSeries, verbose_name=_("reeks"), on_delete=models.CASCADE, related_name="points"
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    value = models.DecimalField(_("waarde"), max_digits=16, decimal_places=4)
    status = models.CharField(_("status"), max_length=20, choices=PointStatus.choices, default=PointStatus.OFFICIAL)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("waarde van een referentiereeks")
        verbose_name_plural = _("waarden van referentiereeksen")
        ordering = ("series", "year")
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="market_point_unique_year")]

    def __str__(self) -> str:
        return f"{self.series.code} {self.year}: {self.value}"


class MarketProduct(models.Model):
    """What the monitor needs to know of a catalogue product, derived at refresh: owner group, segments, openness."""

    product = models.OneToOneField(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="+"
    )
    owner_group = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("eigenaarsgroep"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner_name = models.CharField(_("eigenaar (naam)"), max_length=300, blank=True)
    owner_country = models.CharField(_("land van de eigenaar"), max_length=2, blank=True)
    publisher = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("uitgever"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    method_id = models.BigIntegerField(_("methode"), null=True, blank=True)
    sectors = models.JSONField(_("sectoren"), default=list, blank=True)
    subject_ids = models.JSONField(_("vakken (SLO-id's)"), default=list, blank=True)
    is_paid = models.BooleanField(_("betaald"), null=True, blank=True)
    is_open = models.BooleanField(_("open leermateriaal"), default=False)
    withdrawn_year = models.PositiveSmallIntegerField(_("ingetrokken in"), null=True, blank=True)
    lockin = models.JSONField(_("afhankelijkheid (indicatoren)"), default=dict, blank=True)
    is_demo = models.BooleanField(_("voorbeeldgegevens"), default=False)
    refreshed_at = models.DateTimeField(_("ververst op"))

    class Meta:
        verbose_name = _("product in de marktmonitor")
        verbose_name_plural = _("producten in de marktmonitor")

    def __str__(self) -> str:
        return f"{self.product_id} ({self.owner_name or 'eigenaar onbekend'})"


class PriceFact(models.Model):
    """A product's price in calendar year Y: the snapshot known at the end of Y, normalised per pupil per school
    year by the catalogue's rules (incl. and excl. VAT, LiFo parts apart), or no per-pupil figure with the reason."""

    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    per_pupil_excl_cents = models.BigIntegerField(_("per leerling per schooljaar excl. btw (centen)"), null=True)
    per_pupil_incl_cents = models.BigIntegerField(_("per leerling per schooljaar incl. btw (centen)"), null=True)
    licence_incl_cents = models.BigIntegerField(_("licentiedeel incl. btw (centen)"), null=True)
    folio_incl_cents = models.BigIntegerField(_("foliodeel incl. btw (centen)"), null=True)
    list_excl_cents = models.BigIntegerField(_("som van de geldende prijsregels excl. btw (centen)"), null=True)
    is_lifo = models.BooleanField(_("LiFo (licentie + folio)"), default=False)
    reason = models.CharField(
        _("reden zonder prijs per leerling"), max_length=20, choices=NoPriceReason.choices, blank=True
    )
    observed_at = models.DateTimeField(_("prijs waargenomen op"))
    is_demo = models.BooleanField(_("voorbeeldgegevens"), default=False)

    class Meta:
        verbose_name = _("prijsfeit")
        verbose_name_plural = _("prijsfeiten")
        constraints = [models.UniqueConstraint(fields=["product", "year"], name="market_fact_unique_year")]
        indexes = [models.Index(fields=["year"], name="market_fact_year")]

    def __str__(self) -> str:
        return f"{self.product_id} in {self.year}"


class MarketState(models.Model):
    """The refresh watermark (one row): the catalogue changes seen by the last refresh."""

    price_watermark = models.BigIntegerField(_("laatste prijswaarneming"), default=0)
    product_watermark = models.DateTimeField(_("laatste productwijziging"), null=True, blank=True)
    refreshed_at = models.DateTimeField(_("ververst op"), null=True, blank=True)

    class Meta:
        verbose_name = _("stand van de marktmonitor")
        verbose_name_plural = _("stand van de marktmonitor")

    def __str__(self) -> str:
        return f"ververst op {self.refreshed_at}"


class LockInDeclaration(models.Model):
    """What the product's own publisher declares about open standards and data export (the feed's word about its
    own rights never counts). None = not declared."""

    product = models.OneToOneField(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="+"
    )
    supports_eduv = models.BooleanField(_("ondersteunt Edu-V"), null=True, blank=True)
    supports_eck = models.BooleanField(_("ondersteunt ECK"), null=True, blank=True)
    supports_lti = models.BooleanField(_("ondersteunt LTI"), null=True, blank=True)
    data_export = models.BooleanField(_("export van leerlinggegevens en resultaten"), null=True, blank=True)
    export_formats = models.CharField(_("exportformaten"), max_length=200, blank=True)
    note = models.CharField(_("toelichting"), max_length=1000, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("opgegeven namens"), on_delete=models.PROTECT, related_name="+"
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opgegeven door"), on_delete=models.PROTECT, related_name="+"
    )
    declared_at = models.DateTimeField(_("opgegeven op"), auto_now=True)
    is_demo = models.BooleanField(_("voorbeeldgegevens"), default=False)

    class Meta:
        verbose_name = _("opgave over afhankelijkheid")
        verbose_name_plural = _("opgaven over afhankelijkheid")

    def __str__(self) -> str:
        return f"afhankelijkheid van {self.product_id}"


class SchoolSet(models.Model):
    """A school's set of learning materials with the number of pupils using each: the ground of its cost per pupil
    per year (W7 §4). W8 adds a section's choice as another kind of set."""

    school = models.OneToOneField(
        "accounts.Organisation", verbose_name=_("school"), on_delete=models.CASCADE, related_name="+"
    )
    pupils_total = models.PositiveIntegerField(_("aantal leerlingen van de school"))
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bijgewerkt door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_demo = models.BooleanField(_("voorbeeldgegevens"), default=False)

    class Meta:
        verbose_name = _("leermiddelenset van een school")
        verbose_name_plural = _("leermiddelensets van scholen")

    def __str__(self) -> str:
        return f"set van {self.school_id}"


class SchoolSetLine(models.Model):
    school_set = models.ForeignKey(SchoolSet, verbose_name=_("set"), on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="+"
    )
    pupils = models.PositiveIntegerField(_("aantal leerlingen dat het gebruikt"))

    class Meta:
        verbose_name = _("regel van een leermiddelenset")
        verbose_name_plural = _("regels van leermiddelensets")
        constraints = [models.UniqueConstraint(fields=["school_set", "product"], name="market_set_unique_product")]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.pupils} leerlingen"
