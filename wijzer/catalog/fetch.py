"""ORM -> plain facts for the product page, the comparison and the CSV exports (W4)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from wijzer.catalog.constants import ProductType, ProvenanceStatus, VisionApproach, VisionSource
from wijzer.catalog.domain.compare import Row, rows
from wijzer.catalog.domain.pricing import PerPupilPrice, PriceLine, PriceTerms, per_pupil_per_year
from wijzer.catalog.domain.search.facets import FORMAT_STANDARD, LICENCE_LABELS, STANDARD_LABELS
from wijzer.catalog.domain.sparkline import Sparkline, sparkline
from wijzer.catalog.models import Product
from wijzer.catalog.query import current_prices
from wijzer.catalog.search.labels import labels_for
from wijzer.catalog.templatetags.money import euro


@dataclass(frozen=True)
class BundlePart:
    title: str
    code: str
    product: Product | None  # the part as a product of its own, when the catalogue has it


@dataclass(frozen=True)
class Vision:
    label: str
    source: str
    corrected_by: str


@dataclass
class ProductFacts:
    product: Product
    price: PerPupilPrice
    lines: list[PriceLine]
    owners: list[tuple[str, str]]  # (name, country) from publisher up to the owner group
    levels: list[str]
    subjects: list[str]
    visions: list[Vision]
    standards: list[str]
    parts: list[BundlePart] = field(default_factory=list)
    part_of: list[Product] = field(default_factory=list)
    last_harvested: datetime.datetime | None = None
    warnings: list[str] = field(default_factory=list)
    spark: Sparkline | None = None
    history: list[tuple[datetime.datetime, int]] = field(default_factory=list)

    @property
    def owner_group(self) -> str:
        return f"{self.owners[-1][0]} ({self.owners[-1][1]})" if len(self.owners) > 1 else ""


def _visions(product: Product) -> list[Vision]:
    rows_ = list(product.visions.select_related("corrected_by").all())
    reviewer = [v for v in rows_ if v.source == VisionSource.REVIEWER]
    chosen = reviewer or [v for v in rows_ if v.source != VisionSource.REVIEWER]
    return [
        Vision(
            str(VisionApproach(v.approach).label),
            str(VisionSource(v.source).label),
            v.corrected_by.email if v.corrected_by else "",
        )
        for v in chosen
    ]


def _history(product: Product) -> list[tuple[datetime.datetime, int]]:
    totals: dict[datetime.datetime, int] = {}
    for p in product.prices.all():
        totals[p.observed_at] = totals.get(p.observed_at, 0) + p.amount_cents
    return sorted(totals.items())


def facts(product: Product) -> ProductFacts:
    """Everything a chooser needs about one product (expects `query.product_detail`'s prefetching)."""
    lines = [PriceLine(p.amount_cents, Decimal(p.vat_percent), p.unit) for p in current_prices(product)]
    terms = PriceTerms(
        tuple(lines),
        product.product_type,
        product.title,
        product.description,
        product.licence_duration,
        tuple(product.end_user_roles),
        product.is_paid,
    )
    owners = [(o.name, o.country) for o in product.publisher.owner_chain()] if product.publisher else []
    provenance = list(product.provenance.exclude(status=ProvenanceStatus.CLAIM))  # claims change nothing (W5.1)
    parts = list(product.parts.all())
    codes = [p.code for p in parts if p.code]
    by_code = {p.product_id: p for p in Product.objects.filter(product_id__in=codes)} if codes else {}
    history = _history(product)
    return ProductFacts(
        product=product,
        price=per_pupil_per_year(terms),
        lines=lines,
        owners=owners,
        levels=list(labels_for("niveau", product.level_ids).values()),
        subjects=list(dict.fromkeys(labels_for("vak", product.subject_ids).values())),
        visions=_visions(product),
        standards=sorted(
            {STANDARD_LABELS[FORMAT_STANDARD[p.format]] for p in provenance if p.format in FORMAT_STANDARD}
        ),
        parts=[BundlePart(p.title or p.code, p.code, by_code.get(p.code)) for p in parts],
        part_of=list(Product.objects.filter(parts__code=product.product_id).distinct()) if product.product_id else [],
        last_harvested=max((p.harvested_at for p in provenance), default=None),
        warnings=[str(w.get("message", "")) for p in provenance for w in p.warnings],
        spark=sparkline(history),
        history=history,
    )


COMPARE_LABELS = (
    "Titel", "Soort", "Methode", "Uitgever", "Eigenaarsgroep", "Sector", "Niveaus", "Vakken", "Licentie",
    "Licentieduur", "Prijs per leerling per jaar excl. btw", "Prijs per leerling per jaar incl. btw",
    "Waarvan licentie (incl. btw)", "Waarvan folio (incl. btw)", "Onderdelen", "Didactische visie", "Standaarden",
    "Privacy", "Laatst opgehaald", "Validatiewaarschuwingen", "Voorbeeldgegevens",
)  # fmt: skip


def _price_text(cents: int | None, price: PerPupilPrice) -> str:
    return euro(cents) if cents is not None else (price.reason or "onbekend")


def compare_column(f: ProductFacts) -> dict[str, str]:
    p = f.product
    parts = {part.label: euro(part.incl_cents) for part in f.price.parts}
    return {
        "Titel": p.title,
        "Soort": str(ProductType(p.product_type).label) if p.product_type in ProductType.values else p.product_type,
        "Methode": p.method.name if p.method else "",
        "Uitgever": p.publisher.name if p.publisher else "",
        "Eigenaarsgroep": f.owner_group,
        "Sector": ", ".join(s.upper() for s in p.sectors),
        "Niveaus": ", ".join(f.levels),
        "Vakken": ", ".join(f.subjects),
        "Licentie": LICENCE_LABELS.get(p.licence, p.licence),
        "Licentieduur": p.licence_duration,
        "Prijs per leerling per jaar excl. btw": _price_text(f.price.excl_cents, f.price),
        "Prijs per leerling per jaar incl. btw": _price_text(f.price.incl_cents, f.price),
        "Waarvan licentie (incl. btw)": parts.get("licentie", ""),
        "Waarvan folio (incl. btw)": parts.get("folio", ""),
        "Onderdelen": "; ".join(part.title for part in f.parts),
        "Didactische visie": ", ".join(v.label for v in f.visions) or "niet opgegeven",
        "Standaarden": ", ".join(f.standards),
        "Privacy": "nog geen gegevens",
        "Laatst opgehaald": f.last_harvested.strftime("%d-%m-%Y") if f.last_harvested else "",
        "Validatiewaarschuwingen": "; ".join(f.warnings) or "geen",
        "Voorbeeldgegevens": "ja" if p.is_demo else "nee",
    }


def comparison(products: Sequence[ProductFacts]) -> list[Row]:
    return rows(COMPARE_LABELS, [compare_column(f) for f in products])
