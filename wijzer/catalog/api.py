"""Catalogue API: /api/v1/catalog/… (thin: filters in query.py)."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from wijzer.core.params import limit_field, offset_field

from . import query
from .constants import ProductType, ProvenanceStatus
from .domain.availability import licence_expired
from .domain.search.facets import FACET_NAMES
from .models import PriceObservation, Product
from .schemas import ProductDetailOut, ProductPage, SearchOut
from .search.engine import SearchError, search

router = Router(tags=["catalogus"])

TypeName = Literal["digital_licence", "folio", "lifo_bundle", "print", "open_resource", "tool", "test", "other"]


class ProductFilters(Schema):
    source: str | None = None
    sector: Literal["po", "vo", "so", "vso"] | None = None
    subject: str | None = None
    type: TypeName | None = None
    q: str | None = None
    limit: int = limit_field(50, 500)
    offset: int = offset_field()


class SearchParams(Schema):
    """Words, sorting, paging and one list parameter per facet (repeat it for several values: OR)."""

    q: str = ""
    sort: Literal["relevantie", "prijs", "kwaliteit", "dekking", "titel"] = "relevantie"
    limit: int = limit_field(20, 100)
    offset: int = offset_field()
    sector: list[str] = Field(default_factory=list)
    niveau: list[str] = Field(default_factory=list)
    leerjaar: list[str] = Field(default_factory=list)
    vak: list[str] = Field(default_factory=list)
    soort: list[str] = Field(default_factory=list)
    licentie: list[str] = Field(default_factory=list)
    prijs: list[str] = Field(default_factory=list)
    uitgever: list[str] = Field(default_factory=list)
    eigenaar: list[str] = Field(default_factory=list)
    kerndoel: list[str] = Field(default_factory=list)
    kwaliteit: list[str] = Field(default_factory=list)
    visie: list[str] = Field(default_factory=list)
    toegankelijkheid: list[str] = Field(default_factory=list)
    privacy: list[str] = Field(default_factory=list)
    standaard: list[str] = Field(default_factory=list)
    ai: list[str] = Field(default_factory=list)


def price_out(p: PriceObservation) -> dict[str, Any]:
    return {
        "amount_cents": p.amount_cents,
        "vat_percent": str(p.vat_percent),
        "amount_incl_vat_cents": p.amount_incl_vat_cents,
        "currency": p.currency,
        "unit": p.unit,
        "is_indicative": p.is_indicative,
        "observed_at": p.observed_at,
        "source": p.source,
    }


def product_out(p: Product) -> dict[str, Any]:
    return {
        "id": str(p.uuid),
        "product_id": p.product_id,
        "uri": p.uri,
        "title": p.title,
        "type": p.product_type,
        "method": p.method.name if p.method else None,
        "publisher": p.publisher.name if p.publisher else None,
        "supplier": p.supplier.name if p.supplier else None,
        "sectors": p.sectors,
        "licence": p.licence,
        "is_paid": p.is_paid,
        "current_prices": [price_out(x) for x in query.current_prices(p)],
        "is_demo": p.is_demo,
    }


def organisation_out(org: Any) -> dict[str, Any] | None:
    if org is None:
        return None
    return {
        "id": str(org.uuid),
        "name": org.name,
        "kind": org.kind,
        "country": org.country,
        "owners": [o.name for o in org.owner_chain()[1:]],
        "is_demo": org.is_demo,
    }


@router.get("/products", response=ProductPage, summary="Producten in de catalogus")
def list_products(request: HttpRequest, filters: Query[ProductFilters]) -> dict[str, Any]:
    """Gepagineerd als {"count", "items"}; filter op bron, sector, vak (SLO-id), soort en tekst."""
    if not 1 <= filters.limit <= 500 or filters.offset < 0:
        raise HttpError(422, "limit moet tussen 1 en 500 liggen en offset mag niet negatief zijn.")
    qs = query.products(
        source=filters.source,
        sector=filters.sector,
        subject=filters.subject,
        product_type=filters.type,
        q=(filters.q or "")[:200] or None,
    )
    page = list(qs.prefetch_related("prices")[filters.offset : filters.offset + filters.limit])
    return {"count": qs.count(), "items": [product_out(p) for p in page]}


DETAIL_FIELDS = (
    "withdrawn_at", "withdrawn_by", "thumbnail_url", "sale_unit_size", "language", "short_description", "authors",
    "edition", "content_url", "trial_url", "specific_access_urls", "licence_start_date", "licence_end_date",
    "additional_licence_options", "activation_before_days", "activation_before_date", "environments",
    "followup_product_ids", "related_product_ids", "for_sale", "consumable", "supported_until",
)  # fmt: skip


@router.get("/products/{product_id}", response=ProductDetailOut, summary="Eén product met prijzen en herkomst")
def get_product(request: HttpRequest, product_id: str) -> dict[str, Any]:
    try:
        key = uuid.UUID(product_id)
    except ValueError as exc:
        raise HttpError(422, f"'{product_id[:80]}' is geen geldige product-id (UUID).") from exc
    product = query.product_detail(key)
    if product is None:
        raise HttpError(404, "Product niet gevonden.")
    data = product_out(product)
    data.update(
        description=product.description,
        publisher_detail=organisation_out(product.publisher),
        supplier_detail=organisation_out(product.supplier),
        level_ids=product.level_ids,
        subject_ids=product.subject_ids,
        objective_ids=product.objective_ids,
        curriculum_raw=product.curriculum_raw,
        keywords=product.keywords,
        licence_raw=product.licence_raw,
        licence_options=product.licence_options,
        licence_duration=product.licence_duration,
        product_state=product.product_state,
        end_user_roles=product.end_user_roles,
        first_published=product.first_published,
        end_of_life=product.end_of_life,
        last_revision=product.last_revision,
        access_url=product.access_url,
        information_url=product.information_url,
        owner=product.owner.name if product.owner else None,
        licence_expired=licence_expired(product.product_state, product.licence_end_date, timezone.localdate()),
        **{name: getattr(product, name) for name in DETAIL_FIELDS},
        parts=[{"code": x.code, "title": x.title, "ordering": x.ordering} for x in product.parts.all()],
        price_history=[price_out(x) for x in product.prices.all()],
        provenance=[
            {
                "source": x.source,
                "record_id": x.record_id,
                "format": x.format,
                "format_version": x.format_version,
                "first_seen": x.first_seen,
                "harvested_at": x.harvested_at,
                "warnings": x.warnings,
                "status": x.status,
            }
            for x in product.provenance.exclude(status=ProvenanceStatus.CLAIM)  # claims: owner and admins only
        ],
        type_label=str(ProductType(product.product_type).label),
    )
    return data


@router.get("/search", response=SearchOut, summary="Zoeken in de catalogus met facetten")
def search_catalogue(request: HttpRequest, params: Query[SearchParams]) -> dict[str, Any]:
    """Nederlandse zoekwoorden (stammen, accenten genegeerd, laatste woord als begin van een woord) en facetten.
    Elke facet is een lijstparameter (`?soort=open_resource&soort=lifo_bundle`): waarden binnen een facet OF,
    facetten onderling EN. Facettellingen negeren het eigen filter van die facet. Antwoord:
    `{"count", "items", "facets": {naam: [{"value", "label", "count"}]}}`."""
    data = params.dict()
    filters = {name: data[name] for name in FACET_NAMES if data.get(name)}
    try:
        result = search(params.q, filters, sort=params.sort, offset=params.offset, limit=params.limit)
    except SearchError as exc:
        raise HttpError(422, str(exc)) from exc
    products = {p.pk: p for p in query.products_by_pk(list(result.items))}
    items = []
    for pk in result.items:
        if pk in products:
            row = getattr(products[pk], "search_row", None)
            items.append(
                product_out(products[pk]) | {"price_per_pupil_year_incl_vat_cents": row.price_cents if row else None}
            )
    return {
        "count": result.count,
        "items": items,
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for name, values in result.facets.items()
        },
    }
