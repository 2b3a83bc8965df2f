"""The catalogue: products (open and closed), methods and their parts, prices over time, provenance."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import ProductType, ProvenanceStatus, VisionApproach, VisionSource


class Method(models.Model):
    """A method (ECK ProductFamilyName) of one publisher; its products are volumes, licences, workbooks …"""

    uuid = models.UUIDField(_("publieke id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("naam"), max_length=300)
    publisher = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("uitgever"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="methods",
    )
    # Whose method this is in Wijzer (W5.1): the owner of the source that delivered it; None = the platform.
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("eigenaar in Wijzer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_methods",
    )
    is_demo = models.BooleanField(_("voorbeeldgegevens"), default=False)

    class Meta:
        verbose_name = _("methode")
        verbose_name_plural = _("methodes")
        ordering = ("name",)
        constraints = [
            models.UniqueConstraint(fields=["name", "publisher", "owner"], name="method_unique_name_publisher_owner")
        ]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    """One product of the catalogue. `key` identifies it across sources: EAN/product id, else URI."""

    uuid = models.UUIDField(_("publieke id"), default=uuid.uuid4, unique=True, editable=False)
    key = models.CharField(_("sleutel"), max_length=600, unique=True)
    product_id = models.CharField(_("productcode (EAN/ISBN)"), max_length=100, blank=True, db_index=True)
    uri = models.URLField(_("vindplaats"), max_length=1000, blank=True)
    title = models.CharField(_("titel"), max_length=1000)
    description = models.TextField(_("beschrijving"), blank=True)
    method = models.ForeignKey(
        Method, verbose_name=_("methode"), null=True, blank=True, on_delete=models.SET_NULL, related_name="products"
    )
    publisher = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("uitgever"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="published_products",
    )
    supplier = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("leverancier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supplied_products",
    )
    # Whose record this is (W5.1): the owner of the source that first delivered it; None = the platform (open
    # material harvested by Wijzer). Rights come from this and from delegations, never from `publisher`/`supplier`
    # (what the feed says about itself).
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("eigenaar in Wijzer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_products",
    )
    product_type = models.CharField(_("soort"), max_length=20, choices=ProductType.choices, db_index=True)
    type_raw = models.CharField(_("soort zoals aangeleverd"), max_length=200, blank=True)
    # Curriculum: SLO/OBK UUIDs mapped by ingest, and the strings exactly as the supplier delivered them.
    sectors = models.JSONField(_("sectoren (po/vo/so/vso)"), default=list, blank=True)
    level_ids = models.JSONField(_("niveaus (SLO-id's)"), default=list, blank=True)
    subject_ids = models.JSONField(_("vakken (SLO-id's)"), default=list, blank=True)
    objective_ids = models.JSONField(_("leerdoelen (SLO-id's)"), default=list, blank=True)
    curriculum_raw = models.JSONField(_("curriculum zoals aangeleverd"), default=dict, blank=True)
    keywords = models.JSONField(_("trefwoorden"), default=list, blank=True)
    language = models.CharField(_("taal"), max_length=20, blank=True)
    licence = models.CharField(_("licentie"), max_length=50, blank=True)
    licence_raw = models.CharField(_("licentie zoals aangeleverd"), max_length=500, blank=True)
    is_paid = models.BooleanField(_("betaald"), null=True)
    licence_options = models.JSONField(_("licentievormen"), default=list, blank=True)
    licence_duration = models.CharField(_("licentieduur"), max_length=100, blank=True)
    sale_unit_size = models.PositiveIntegerField(_("verkoopeenheid"), null=True, blank=True)
    product_state = models.CharField(_("status"), max_length=100, blank=True)
    end_user_roles = models.JSONField(_("bedoelde gebruikers"), default=list, blank=True)
    first_published = models.DateField(_("eerste publicatie"), null=True, blank=True)
    end_of_life = models.DateField(_("einde levensduur"), null=True, blank=True)
    last_revision = models.DateField(_("laatste herziening"), null=True, blank=True)
    access_url = models.URLField(_("toegang"), max_length=1000, blank=True)
    information_url = models.URLField(_("informatie"), max_length=1000, blank=True)
    thumbnail_url = models.URLField(_("afbeelding"), max_length=1000, blank=True)
    # W5.2: what schools use and used to sit only in the raw record.
    short_description = models.CharField(_("korte beschrijving"), max_length=300, blank=True)
    authors = models.JSONField(_("auteurs"), default=list, blank=True)
    edition = models.CharField(_("editie"), max_length=100, blank=True)
    content_url = models.URLField(_("inhoud"), max_length=1000, blank=True)
    trial_url = models.URLField(_("proeflicentie of inkijkexemplaar"), max_length=1000, blank=True)
    specific_access_urls = models.JSONField(_("toegang per inlogroute"), default=list, blank=True)
    licence_start_date = models.DateField(_("licentie geldig vanaf"), null=True, blank=True)
    licence_end_date = models.DateField(_("licentie geldig tot"), null=True, blank=True)
    additional_licence_options = models.JSONField(_("extra licentievormen"), default=list, blank=True)
    activation_before_days = models.PositiveIntegerField(_("activeren binnen (dagen)"), null=True, blank=True)
    activation_before_date = models.DateField(_("activeren vóór"), null=True, blank=True)
    environments = models.JSONField(_("technische eisen"), default=list, blank=True)
    followup_product_ids = models.JSONField(_("opvolger(s)"), default=list, blank=True)
    related_product_ids = models.JSONField(_("verwante producten"), default=list, blank=True)
    for_sale = models.BooleanField(_("los te koop"), null=True)
    consumable = models.BooleanField(_("verbruiksproduct"), null=True)
    supported_until = models.DateField(_("te bestellen tot"), null=True, blank=True)
    is_demo = models.BooleanField(_("voorbeeldgegevens"), default=False, db_index=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    created_run_id = models.BigIntegerField(_("aangemaakt door importrun"), null=True, blank=True, db_index=True)
    # W5.2: the last live source of the product deleted it (OAI-PMH status="deleted", Edu-V withdrawn): out of
    # search and facets, its page says since when and by which source; its history stays.
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True, db_index=True)
    withdrawn_by = models.CharField(_("ingetrokken door bron"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("producten")
        ordering = ("title",)

    def __str__(self) -> str:
        return self.title


class ProductPart(models.Model):
    """A part of a product as delivered (ECK SubProducts); W5 refines parts into chapters and sections."""

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="parts")
    code = models.CharField(_("productcode"), max_length=100, blank=True)
    title = models.CharField(_("titel"), max_length=1000, blank=True)
    ordering = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("onderdeel")
        verbose_name_plural = _("onderdelen")
        ordering = ("product", "ordering")

    def __str__(self) -> str:
        return self.title or self.code


class PriceObservation(models.Model):
    """One price line seen at one moment. A changed price set adds a new snapshot; history is never deleted."""

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="prices")
    observed_at = models.DateTimeField(_("waargenomen op"), db_index=True)
    amount_cents = models.BigIntegerField(_("bedrag excl. btw (centen)"))
    vat_percent = models.DecimalField(_("btw %"), max_digits=5, decimal_places=2)
    currency = models.CharField(_("valuta"), max_length=3, default="EUR")
    unit = models.CharField(_("eenheid"), max_length=200, blank=True)
    is_indicative = models.BooleanField(_("indicatief"), null=True)
    source = models.CharField(_("bron"), max_length=200)
    line = models.PositiveSmallIntegerField(_("regel"), default=0)
    run_id = models.BigIntegerField(_("importrun"), null=True, blank=True, db_index=True)
    # W5.2: Edu-V prices carry a start date and a kind; tier and school-size prices apply from a quantity.
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    kind = models.CharField(_("soort prijs"), max_length=20, blank=True)
    min_quantity = models.PositiveIntegerField(_("vanaf aantal"), null=True, blank=True)

    class Meta:
        verbose_name = _("prijswaarneming")
        verbose_name_plural = _("prijswaarnemingen")
        ordering = ("product", "-observed_at", "line")
        indexes = [models.Index(fields=["product", "observed_at"], name="price_product_time")]

    def __str__(self) -> str:
        return f"{self.amount_cents / 100:.2f} {self.currency}"

    @property
    def amount_incl_vat_cents(self) -> int:
        return round(self.amount_cents * (100 + self.vat_percent) / 100)


class Provenance(models.Model):
    """Where a product's data came from: one row per (source, record id), with the raw record as delivered."""

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="provenance")
    source = models.CharField(_("bron"), max_length=200)
    record_id = models.CharField(_("record-id"), max_length=600)
    format = models.CharField(_("formaat"), max_length=50)
    format_version = models.CharField(_("versie"), max_length=50, blank=True)
    content_hash = models.CharField(_("inhoudshash"), max_length=64)
    raw = models.BinaryField(_("ruw record"))
    warnings = models.JSONField(_("waarschuwingen"), default=list, blank=True)
    first_seen = models.DateTimeField(_("eerst gezien"))
    harvested_at = models.DateTimeField(_("laatst opgehaald"))
    run_id = models.BigIntegerField(_("importrun"), null=True, blank=True)
    # W5.1: whether this delivery changed the product (the owner's), changed only delegated fields, or is a claim
    # of a source without rights, kept with the reason and shown to the owner and platform administrators.
    status = models.CharField(
        _("rechten"), max_length=20, choices=ProvenanceStatus.choices, default=ProvenanceStatus.AUTHORITATIVE
    )
    conflict = models.CharField(_("reden"), max_length=500, blank=True)
    withdrawn_at = models.DateTimeField(_("verwijderd bij de bron op"), null=True, blank=True)

    class Meta:
        verbose_name = _("herkomst")
        verbose_name_plural = _("herkomst")
        constraints = [models.UniqueConstraint(fields=["source", "record_id"], name="provenance_unique_record")]

    def __str__(self) -> str:
        return f"{self.source}:{self.record_id}"


class ProductVision(models.Model):
    """A declared didactic approach of a product (W4). A reviewer's row overrides the supplier's."""

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="visions")
    approach = models.CharField(_("didactische aanpak"), max_length=40, choices=VisionApproach.choices)
    source = models.CharField(_("bron"), max_length=20, choices=VisionSource.choices)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gecorrigeerd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("didactische visie")
        verbose_name_plural = _("didactische visies")
        ordering = ("product", "created_at")
        constraints = [
            models.UniqueConstraint(fields=["product", "approach", "source"], name="vision_unique_per_source")
        ]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.approach} ({self.source})"


class SearchRow(models.Model):
    """The search index row of one product (W4): analysed text, sort keys and facet keys.

    SQLite adds an FTS5 table over `tokens` (external content, rowid = product id); PostgreSQL a generated
    tsvector column with a GIN index (migration 0002). Written only by `catalog.search.index`.
    """

    product = models.OneToOneField(
        Product, verbose_name=_("product"), primary_key=True, on_delete=models.CASCADE, related_name="search_row"
    )
    tokens = models.TextField(_("zoektekst (geanalyseerd)"))
    title_tokens = models.TextField(_("titel (geanalyseerd)"))
    sort_title = models.CharField(_("sorteertitel"), max_length=200)
    price_cents = models.BigIntegerField(_("prijs per leerling per jaar incl. btw (centen)"), null=True)
    quality = models.IntegerField(_("kwaliteit (W6)"), null=True)
    coverage = models.IntegerField(_("kerndoeldekking (W5)"), null=True)
    facet_keys = models.JSONField(_("facetwaarden"), default=list)

    class Meta:
        verbose_name = _("zoekindexregel")
        verbose_name_plural = _("zoekindex")
        indexes = [
            models.Index(fields=["sort_title", "product"], name="search_sort_title"),
            models.Index(fields=["price_cents", "product"], name="search_sort_price"),
            models.Index(fields=["quality", "product"], name="search_sort_quality"),
            models.Index(fields=["coverage", "product"], name="search_sort_coverage"),
        ]

    def __str__(self) -> str:
        return self.sort_title


class SearchBitmap(models.Model):
    """One chunk of the bitmap of a facet value ("soort:open_resource") or a very common word ("t:wiskund")."""

    name = models.CharField(_("naam"), max_length=300)
    chunk = models.IntegerField(_("deel"))
    bits = models.BinaryField(_("bits"))

    class Meta:
        verbose_name = _("zoekbitmap")
        verbose_name_plural = _("zoekbitmaps")
        constraints = [models.UniqueConstraint(fields=["name", "chunk"], name="search_bitmap_unique_chunk")]

    def __str__(self) -> str:
        return f"{self.name}#{self.chunk}"


class SearchState(models.Model):
    """One row: a new `token` after every index write, so each process knows when its cached bitmaps are stale."""

    token = models.CharField(_("versie"), max_length=32)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("zoekindexversie")
        verbose_name_plural = _("zoekindexversie")

    def __str__(self) -> str:
        return self.token


class ShortlistItem(models.Model):
    """A product on a signed-in user's shortlist (keuzelijst); anonymous visitors keep theirs in the session."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="shortlist"
    )
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("product op keuzelijst")
        verbose_name_plural = _("keuzelijst")
        ordering = ("user", "added_at", "pk")
        constraints = [models.UniqueConstraint(fields=["user", "product"], name="shortlist_unique_product")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.product_id}"


class UndoEntry(models.Model):
    """What an import run changed, so that a run that fails (or whose process dies) halfway can be undone.

    An ingest run commits batch by batch (so that logins and API calls are not kept waiting by one long write
    transaction, W5.1 §8); each batch writes, in the same transaction, the state of every row it changes before the
    change. Rows a run created carry its id (`Product.created_run_id`, `Provenance.run_id`, `PriceObservation.run_id`).
    `catalog.undo.do_undo_run` restores all of it in one transaction; a finished run's entries are deleted.
    """

    run_id = models.BigIntegerField(_("importrun"), db_index=True)
    kind = models.CharField(_("soort"), max_length=20)  # product | provenance | parts | method
    object_id = models.BigIntegerField(_("object"))
    before = models.JSONField(_("eerdere staat"), null=True)

    class Meta:
        verbose_name = _("herstelregel")
        verbose_name_plural = _("herstelregels")

    def __str__(self) -> str:
        return f"{self.run_id} {self.kind} {self.object_id}"
