"""Catalogue API: /api/v1/catalog/… (thin: filters in query.py)."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from wijzer.core.params import alias_field, alias_note, limit_field, offset_field, with_alias

from . import query
from .constants import ProductType, ProvenanceStatus
from .domain.availability import licence_expired
from .domain.search.facets import BY_NAME
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


# API parameter (English) → facet name of the search engine, which is also the old API name and the site's URL word.
FACET_PARAMS: dict[str, str] = {
    "sector": "sector", "level": "niveau", "stage": "leerjaar", "subject": "vak", "type": "soort",
    "licence": "licentie", "price": "prijs", "publisher": "uitgever", "owner_group": "eigenaar", "goal": "kerndoel",
    "quality": "kwaliteit", "vision": "visie", "accessibility": "toegankelijkheid", "privacy": "privacy",
    "standard": "standaard", "ai": "ai",
}  # fmt: skip
PARAM_OF_FACET = {facet: param for param, facet in FACET_PARAMS.items()}
# sort value (English) → the search engine's sort; the Dutch words stay accepted as old values
SORT_VALUES = {"relevance": "relevantie", "price": "prijs", "quality": "kwaliteit", "coverage": "dekking",
               "title": "titel"}  # fmt: skip
SortName = Literal[
    "relevance", "price", "quality", "coverage", "title", "relevantie", "prijs", "kwaliteit", "dekking", "titel"
]


def facet_field(param: str) -> Any:
    """A facet filter of the search: a list parameter, documented with the facet's label and its old name."""
    facet = FACET_PARAMS[param]
    old = f" {alias_note(facet)}" if facet != param else ""
    return Field(
        default_factory=list,
        description=f"Facet „{BY_NAME[facet].label}”; herhaal voor meer waarden, die OF gelden{old}.",
    )


class SearchParams(Schema):
    """Zoekwoorden, volgorde, paginering en één lijstparameter per facet (herhaal hem voor meer waarden: OF). Elke
    facet heeft een Engelse naam; de oude Nederlandse naam (`vak`, `soort`, …) werkt nog als verouderde alias."""

    q: str = Field("", description="Zoekwoorden (Nederlands; het laatste woord telt ook als begin van een woord).")
    sort: SortName = Field(
        "relevance",
        description="Volgorde: relevance, price, quality, coverage of title (de oude waarden relevantie, prijs, "
        "kwaliteit, dekking en titel werken nog, verouderd).",
    )
    limit: int = limit_field(20, 100)
    offset: int = offset_field()
    sector: list[str] = facet_field("sector")
    level: list[str] = facet_field("level")
    stage: list[str] = facet_field("stage")
    subject: list[str] = facet_field("subject")
    type: list[str] = facet_field("type")
    licence: list[str] = facet_field("licence")
    price: list[str] = facet_field("price")
    publisher: list[str] = facet_field("publisher")
    owner_group: list[str] = facet_field("owner_group")
    goal: list[str] = facet_field("goal")
    quality: list[str] = facet_field("quality")
    vision: list[str] = facet_field("vision")
    accessibility: list[str] = facet_field("accessibility")
    privacy: list[str] = facet_field("privacy")
    standard: list[str] = facet_field("standard")
    ai: list[str] = facet_field("ai")
    # the old names (W4), deprecated aliases
    niveau: list[str] = alias_field("level", "niveau", many=True)
    leerjaar: list[str] = alias_field("stage", "leerjaar", many=True)
    vak: list[str] = alias_field("subject", "vak", many=True)
    soort: list[str] = alias_field("type", "soort", many=True)
    licentie: list[str] = alias_field("licence", "licentie", many=True)
    prijs: list[str] = alias_field("price", "prijs", many=True)
    uitgever: list[str] = alias_field("publisher", "uitgever", many=True)
    eigenaar: list[str] = alias_field("owner_group", "eigenaar", many=True)
    kerndoel: list[str] = alias_field("goal", "kerndoel", many=True)
    kwaliteit: list[str] = alias_field("quality", "kwaliteit", many=True)
    visie: list[str] = alias_field("vision", "visie", many=True)
    toegankelijkheid: list[str] = alias_field("accessibility", "toegankelijkheid", many=True)
    standaard: list[str] = alias_field("standard", "standaard", many=True)


def search_filters(data: dict[str, Any]) -> dict[str, list[str]]:
    """The facet filters of a search request, keyed by facet name; a facet given under its English name and its
    old name with different values is a Dutch 422."""
    filters = {}
    for param, facet in FACET_PARAMS.items():
        values = data[param] if facet == param else with_alias(param, data[param], facet, data[facet])
        if values:
            filters[facet] = values
    return filters


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
    Elke facet is een lijstparameter (`?type=open_resource&type=lifo_bundle`): waarden binnen een facet OF,
    facetten onderling EN. Facettellingen negeren het eigen filter van die facet. Antwoord:
    `{"count", "items", "facets": {parameter: [{"value", "label", "count"}]}}`, met als sleutel de (Engelse)
    parameternaam van de facet. De oude Nederlandse parameternamen (`vak`, `soort`, `niveau`, …) werken nog als
    verouderde alias; dezelfde facet onder beide namen met verschillende waarden geeft 422."""
    filters = search_filters(params.dict())
    sort = SORT_VALUES.get(params.sort, params.sort)
    try:
        result = search(params.q, filters, sort=sort, offset=params.offset, limit=params.limit)
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
            PARAM_OF_FACET[name]: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for name, values in result.facets.items()
        },
    }
