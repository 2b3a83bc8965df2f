"""VOORBEELDGEGEVENS for the market monitor (W7 §8): owner groups of the demo publishers, a price history 2017-2025
of the demo catalogue's paid products, a few lock-in declarations and a school set. `wijzer setup` runs it after the
catalogue demo (not in production); idempotent: a second run writes nothing.

Owner groups. The six fictional publishers are attached to four fictional owner groups with a country (a Dutch media
group, a second Dutch publishing house, a Finnish-like holding and a private-equity fund whose country is unknown), so
that concentration, the foreign share and the unknown-country share show real behaviour. A publisher that already
has an owner keeps it.

Price history. Deterministic (seeded per product): every paid demo product with a price gets one snapshot a year (1
August, the start of the school year) from the year its method entered (2017 for most methods, later for some) up to
2025, ending below its first own catalogue price: going back from that price, each year's lines are divided by (1 +
CPI change of the following year + a premium of 0.5 to 3 points), so prices rise a little faster than the CPI on
average. LiFo bundles were print only (one folio line at 9 % VAT) until their switch year, spread so that about 6 %
of the bundles were LiFo in 2017 and all in 2025; the separately sold digital licence of a VO school year appears in
the year its bundle switched. Written through `catalog.service.record_price_history` under the source
`voorbeeldgeschiedenis` (demo products only). Three older editions (of Letterlab, Krachtveld and Wereldvenster) are
added as withdrawn demo products with a history from 2017 up to the year they were withdrawn (2021-2023), so that
products leaving the catalogue show too.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from wijzer.accounts import service as accounts
from wijzer.catalog import service as catalog
from wijzer.market.actions.reference import data_dir
from wijzer.market.actions.refresh import refresh
from wijzer.market.domain.reference import parse_reference_csv, values_of, yearly_change
from wijzer.market.models import LockInDeclaration, SchoolSet

SEED = 2017
HISTORY_SOURCE = "voorbeeldgeschiedenis"
FIRST_YEAR = 2017
LAST_YEAR = 2025
SNAPSHOT_DAY = (8, 1)  # 1 August: prices for the new school year
ASSUMED_CPI_CHANGE = Decimal("0.025")  # a year without a CPI figure (the demo only)
PREMIUM = (Decimal("0.005"), Decimal("0.030"))  # yearly rise above the CPI, per product and year
PRINT_SHARE = Decimal("0.85")  # a print-only book cost this part of the later licence + folio
LIFO_FRACTION = {2017: 0.06, 2018: 0.15, 2019: 0.27, 2020: 0.42, 2021: 0.58, 2022: 0.72, 2023: 0.84, 2024: 0.93}
ENTRY_YEARS = (2017, 2017, 2017, 2017, 2017, 2017, 2018, 2019, 2020, 2021, 2022, 2023)  # per method, seeded
LICENCE_VAT = Decimal(21)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DEMO_DOMAIN = "voorbeeld.wijzer.nl"  # the demo people of `accounts.demo`

OWNER_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (  # (group, country, publishers)
    ("Voorbeeld Mediagroep (voorbeeld)", "NL", ("Uitgeverij De Rekenpen (voorbeeld)",)),
    ("Uitgeefhuis Lage Landen (voorbeeld)", "NL", ("Uitgeverij Polderwind (voorbeeld)",)),
    (
        "Noordse Leermiddelen Holding (voorbeeld)",
        "FI",
        ("Uitgeverij Klimop (voorbeeld)", "Uitgeverij Zeeklaver (voorbeeld)", "Uitgeverij Duinroos (voorbeeld)"),
    ),
    ("Fonds Leerkapitaal III (voorbeeld)", "", ("Uitgeverij Sterrenkijker (voorbeeld)",)),
)

# The providers of the demo's open material (NL-LOM) are Dutch foundations and networks: their own top, country NL.
OPEN_PROVIDERS = (
    "Open Lesmateriaal Collectief (voorbeeld)",
    "Stichting Vrije Leerbronnen (voorbeeld)",
    "Lerarennetwerk Open Vakdidactiek (voorbeeld)",
)

# Lock-in declarations by the demo editor of Uitgeverij De Rekenpen (the only demo publisher with an editor):
# (method, words in the title, Edu-V, ECK, LTI, export, formats, note)
LOCKIN: tuple[tuple[str, str, bool | None, bool | None, bool | None, bool | None, str, str], ...] = (
    ("Sommenspoor", "groep 3 leerlinglicentie", True, True, False, True, "CSV, QTI",
     "Voorbeeldgegevens: resultaten per leerling als CSV; toetsen als QTI."),
    ("Leeslantaarn", "groep 5 leerlinglicentie", True, True, True, True, "CSV", "Voorbeeldgegevens."),
    ("Tijdlijnen", "havo 1 LiFo", False, True, False, False, "",
     "Voorbeeldgegevens: gegevens blijven in de leeromgeving van de uitgever."),
    ("Sommenspoor", "docentlicentie", None, True, None, None, "", "Voorbeeldgegevens: nog niet alles bekend."),
)  # fmt: skip

# Older editions that left the catalogue (withdrawn in December of the year), shaped after a current product at
# 90 % of its price: (method, words in the title of the current product, year withdrawn).
WITHDRAWN: tuple[tuple[str, str, int], ...] = (
    ("Letterlab", "groep 4 leerlinglicentie", 2021),
    ("Krachtveld", "havo 2 LiFo", 2022),
    ("Wereldvenster", "groep 5 leerlinglicentie", 2023),
)
OLD_EDITION_PRICE = Decimal("0.9")

SCHOOL_SET_PUPILS = 1200  # Het Voorbeeld College (voorbeeld)
SCHOOL_SET: tuple[tuple[str, str, int], ...] = (  # (method, words in the title, pupils)
    ("Formulepad", "havo 1 LiFo", 210),
    ("Formulepad", "vwo 1 LiFo", 190),
    ("Taaltoren", "havo 1 LiFo", 210),
    ("Taaltoren", "vwo 1 LiFo", 190),
    ("Wordbridge", "havo 1 LiFo", 210),
    ("Wordbridge", "vwo 1 leerlinglicentie", 190),
    ("Levensweb", "havo 1 LiFo", 210),
    ("Tijdlijnen", "havo 1 LiFo", 210),
    ("Formulepad", "toetsen", 400),
)


@dataclass
class DemoMarketResult:
    """What one run wrote (all zero on a second run)."""

    demo_products: int = 0  # paid demo products with a price in the catalogue
    owner_links: int = 0
    withdrawn: int = 0  # older editions added (withdrawn)
    products: int = 0  # products with a (new or changed) history
    price_lines: int = 0
    declarations: int = 0
    school_sets: int = 0
    facts: int = 0

    @property
    def created(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self) if f.name not in ("facts", "demo_products"))

    def summary(self) -> str:
        if not self.demo_products:
            return "niets geladen (eerst de voorbeeldaccounts en de voorbeeldcatalogus: wijzer setup)."
        if not self.created:
            return "stonden er al."
        return (
            f"{self.owner_links} uitgevers aan een eigenaarsgroep, {self.withdrawn} ingetrokken oudere edities, "
            f"prijsgeschiedenis van {self.products} producten "
            f"({self.price_lines} prijsregels), {self.declarations} opgave(n) over afhankelijkheid, "
            f"{self.school_sets} leermiddelenset(s), {self.facts} prijsfeiten ververst."
        )


def load_demo_market() -> DemoMarketResult:
    """Owner groups, price history, lock-in declarations and a school set; then the facts are refreshed."""
    if settings.PRODUCTION:  # pragma: no cover - the command refuses first
        raise RuntimeError("Voorbeeldgegevens horen niet in productie.")
    result = DemoMarketResult()
    result.owner_links = _owner_groups()
    products = _paid_demo_products()
    result.demo_products = len(products)
    result.withdrawn, old_editions = _old_editions(products)
    for product, snapshots in histories([*products, *old_editions], cpi_changes()).items():
        written = catalog.record_price_history(product, snapshots, HISTORY_SOURCE)
        if written:
            result.products += 1
            result.price_lines += written
    result.declarations = _declarations(products)
    result.school_sets = _school_set(products)
    if result.created:
        # A new owner group changes no product row's timestamp: rebuild every product's row and facts.
        result.facts = refresh(all=bool(result.owner_links), actor_label="voorbeeldgegevens marktmonitor").facts
    return result


def _owner_groups() -> int:
    """Attach each demo publisher without an owner to its group, and give the open-material providers their country;
    returns how many organisations changed."""
    attached = 0
    with transaction.atomic():
        for name, country, publishers in OWNER_GROUPS:
            group = accounts.ensure_organisation(
                accounts.OrganisationKind.OWNER_GROUP, name, country=country, is_demo=True
            )
            for publisher in publishers:
                found = accounts.Organisation.objects.filter(
                    kind=accounts.OrganisationKind.PUBLISHER, name=publisher
                ).first()
                if found is not None and found.parent_id is None:
                    found.parent = group
                    found.save(update_fields=["parent"])
                    attached += 1
        for provider in accounts.Organisation.objects.filter(
            name__in=OPEN_PROVIDERS, is_demo=True, parent__isnull=True, country=""
        ):
            provider.country = "NL"
            provider.save(update_fields=["country"])
            attached += 1
    return attached


@dataclass(frozen=True, slots=True)
class DemoProduct:
    product: catalog.Product
    method: str  # the method's name without " (voorbeeld)"
    anchor: catalog.Snapshot  # the first own catalogue snapshot


def _paid_demo_products() -> list[DemoProduct]:
    """The demo catalogue's paid products with a price, by id (their methods, their first own snapshot)."""
    rows = list(catalog.Product.objects.filter(is_demo=True, is_paid=True).select_related("method").order_by("pk"))
    anchors = catalog.first_snapshots([p.pk for p in rows], exclude_source=HISTORY_SOURCE)
    return [
        DemoProduct(p, p.method.name.removesuffix(" (voorbeeld)") if p.method else p.title, anchors[p.pk])
        for p in rows
        if p.pk in anchors
    ]


def cpi_changes() -> dict[int, Decimal]:
    """The yearly CPI change by year from the shipped reference file (the demo does not depend on the database)."""
    text = (data_dir() / "reference-series.csv").read_text(encoding="utf-8")
    parsed = parse_reference_csv(text, {"cpi", "budget-vo-per-pupil", "pupils-po", "pupils-vo"})
    return yearly_change(values_of(parsed.rows, "cpi")) if parsed.ok else {}


def _round5(value: Decimal) -> int:
    return int((value / 5).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 5


def _moment(year: int) -> datetime.datetime:
    month, day = SNAPSHOT_DAY
    return datetime.datetime(year, month, day, 9, 0, tzinfo=AMSTERDAM)


def _switch_years(products: list[DemoProduct]) -> dict[int, int]:
    """Per LiFo bundle the year it became LiFo: a seeded order of the bundles cut at `LIFO_FRACTION`."""
    bundles = [d for d in products if d.product.product_type == "lifo_bundle"]
    order = sorted(bundles, key=lambda d: random.Random(f"{SEED}:lifo:{d.product.key}").random())  # noqa: S311
    switch: dict[int, int] = {}
    for rank, item in enumerate(order):
        quantile = (rank + 0.5) / max(len(order), 1)
        switch[item.product.pk] = next(
            (year for year, fraction in sorted(LIFO_FRACTION.items()) if quantile < fraction), LAST_YEAR
        )
    return switch


def _entry_year(method: str) -> int:
    return random.Random(f"{SEED}:entry:{method}").choice(ENTRY_YEARS)  # noqa: S311 - demo data


def _stage(title: str) -> str:
    """The school-year words of a demo title ("Formulepad (voorbeeld) havo 1 LiFo: …" -> "formulepad havo 1")."""
    head = title.split(" LiFo")[0].split(" leerlinglicentie")[0]
    return head.replace(" (voorbeeld)", "").casefold()


def histories(
    products: list[DemoProduct], cpi: Mapping[int, Decimal]
) -> dict[catalog.Product, list[catalog.HistorySnapshot]]:
    """The snapshots to write per product (deterministic; see the module text)."""
    switch = _switch_years(products)
    bundle_switch = {_stage(d.product.title): switch[d.product.pk] for d in products if d.product.pk in switch}
    result: dict[catalog.Product, list[catalog.HistorySnapshot]] = {}
    for item in products:
        anchor_year = item.anchor.observed_at.astimezone(AMSTERDAM).year
        first = FIRST_YEAR if item.product.withdrawn_at is not None else _entry_year(item.method)
        if item.product.product_type == "digital_licence" and _stage(item.product.title) in bundle_switch:
            first = max(first, bundle_switch[_stage(item.product.title)])  # sold apart since the LiFo switch
        last = min(LAST_YEAR, anchor_year - (1 if _moment(anchor_year) >= item.anchor.observed_at else 0))
        if first > last:
            continue
        rng = random.Random(f"{SEED}:price:{item.product.key}")  # noqa: S311 - demo data
        amounts = [Decimal(cents) for cents, _vat, _unit in item.anchor.lines]
        yearly: dict[int, list[Decimal]] = {}
        for year in range(anchor_year, first, -1):  # the lines of year-1 from those of year
            rise = cpi.get(year, ASSUMED_CPI_CHANGE) + Decimal(rng.uniform(*map(float, PREMIUM)))
            amounts = [amount / (1 + max(rise, Decimal("0.001"))) for amount in amounts]
            if year - 1 <= last:
                yearly[year - 1] = amounts
        snapshots = []
        for year in sorted(yearly):
            lines = tuple(
                (_round5(amount), vat, unit)
                for amount, (_cents, vat, unit) in zip(yearly[year], item.anchor.lines, strict=True)
            )
            if item.product.pk in switch and year < switch[item.product.pk]:
                total = sum((Decimal(cents) for cents, _vat, _unit in lines), Decimal(0))
                folio = [(vat, unit) for _cents, vat, unit in lines if vat < LICENCE_VAT] or [(Decimal(9), "")]
                lines = ((_round5(total * PRINT_SHARE), folio[0][0], folio[0][1]),)  # print only
            snapshots.append(catalog.HistorySnapshot(_moment(year), lines))
        if snapshots:
            result[item.product] = snapshots
    return result


def _find_item(products: list[DemoProduct], method: str, words: str) -> DemoProduct | None:
    found = sorted(
        (d for d in products if d.method == method and words in d.product.title),
        key=lambda d: (d.product.title, d.product.pk),
    )
    return found[0] if found else None


def _find(products: list[DemoProduct], method: str, words: str) -> catalog.Product | None:
    item = _find_item(products, method, words)
    return item.product if item is not None else None


def _old_editions(products: list[DemoProduct]) -> tuple[int, list[DemoProduct]]:
    """The withdrawn older editions (created when missing) with the anchor their history ends below: 90 % of the
    current product's first own price, at the turn of the year after they were withdrawn."""
    created = 0
    items: list[DemoProduct] = []
    for method, words, year in WITHDRAWN:
        current = _find_item(products, method, words)
        if current is None:
            continue
        product, new = catalog.add_withdrawn_demo_product(
            current.product,
            key=f"voorbeeld-oude-editie:{current.product.key}",
            title=current.product.title.replace(" (voorbeeld) ", " (voorbeeld) oude editie ", 1),
            withdrawn_at=datetime.datetime(year, 12, 1, 9, 0, tzinfo=AMSTERDAM),
        )
        created += int(new)
        lines = tuple((_round5(cents * OLD_EDITION_PRICE), vat, unit) for cents, vat, unit in current.anchor.lines)
        anchor = catalog.Snapshot(datetime.datetime(year + 1, 1, 1, tzinfo=AMSTERDAM), lines)
        items.append(DemoProduct(product, method, anchor))
    return created, items


def _declarations(products: list[DemoProduct]) -> int:
    from wijzer.market.actions.lockin import declare_lockin

    editor = accounts.demo_actor(
        f"redacteur@{DEMO_DOMAIN}",
        accounts.Role.PUBLISHER_EDITOR,
        "publisher",
        first_name="Rosa",
        last_name="Redacteur",
    )
    written = 0
    for method, words, eduv, eck, lti, export, formats, note in LOCKIN:
        product = _find(products, method, words)
        if product is None or LockInDeclaration.objects.filter(product=product).exists():
            continue
        declare_lockin(
            editor, product, supports_eduv=eduv, supports_eck=eck, supports_lti=lti, data_export=export,
            export_formats=formats, note=note, is_demo=True,
        )  # fmt: skip
        written += 1
    return written


def _school_set(products: list[DemoProduct]) -> int:
    from wijzer.market.actions.school_set import save_school_set

    school = accounts.Organisation.objects.filter(
        kind=accounts.OrganisationKind.SCHOOL, name="Het Voorbeeld College (voorbeeld)"
    ).first()
    if school is None or SchoolSet.objects.filter(school=school).exists():
        return 0
    lines = [
        {"product": str(product.uuid), "pupils": pupils}
        for method, words, pupils in SCHOOL_SET
        if (product := _find(products, method, words)) is not None
    ]
    if not lines:
        return 0
    head = accounts.demo_actor(
        f"sectievoorzitter@{DEMO_DOMAIN}", accounts.Role.SECTION_HEAD, "college", first_name="Sem", last_name="Sectie"
    )
    save_school_set(head, school, pupils_total=SCHOOL_SET_PUPILS, lines=lines, is_demo=True)
    return 1
