"""API schemas of the catalogue."""

from __future__ import annotations

import datetime

from ninja import Field, Schema


class OrganisationOut(Schema):
    id: str
    name: str
    kind: str
    country: str
    owners: list[str]  # the ownership chain up to the owner group, nearest first
    is_demo: bool


class PriceOut(Schema):
    amount_cents: int
    vat_percent: str
    amount_incl_vat_cents: int
    currency: str
    unit: str
    is_indicative: bool | None
    observed_at: datetime.datetime
    source: str


class ProvenanceOut(Schema):
    source: str
    record_id: str
    format: str
    format_version: str
    first_seen: datetime.datetime
    harvested_at: datetime.datetime
    warnings: list[dict[str, str]]
    status: str  # authoritative (the owner's) | delegated (only delegated fields); claims are not listed


class PartOut(Schema):
    code: str
    title: str
    ordering: int


class ProductOut(Schema):
    id: str
    product_id: str
    uri: str
    title: str
    type: str
    method: str | None
    publisher: str | None
    supplier: str | None
    sectors: list[str]
    licence: str
    is_paid: bool | None
    current_prices: list[PriceOut]
    is_demo: bool


class ProductDetailOut(ProductOut):
    type_label: str
    description: str
    publisher_detail: OrganisationOut | None
    supplier_detail: OrganisationOut | None
    level_ids: list[str]
    subject_ids: list[str]
    objective_ids: list[str]
    curriculum_raw: dict[str, list[str]]
    keywords: list[str]
    licence_raw: str
    licence_options: list[str]
    licence_duration: str
    product_state: str
    end_user_roles: list[str]
    first_published: datetime.date | None
    end_of_life: datetime.date | None
    last_revision: datetime.date | None
    access_url: str
    information_url: str
    parts: list[PartOut]
    price_history: list[PriceOut]
    provenance: list[ProvenanceOut]
    owner: str | None  # the organisation the product belongs to in Wijzer (W5.1); None: the platform
    withdrawn_at: datetime.datetime | None  # the last live source deleted it (W5.2); still shown, not searchable
    withdrawn_by: str
    thumbnail_url: str
    sale_unit_size: int | None
    language: str
    short_description: str
    authors: list[str]
    edition: str
    content_url: str
    trial_url: str
    specific_access_urls: list[dict[str, str]]
    licence_start_date: datetime.date | None
    licence_end_date: datetime.date | None
    licence_expired: bool  # "Leverbaar" while the licence end date lies in the past
    additional_licence_options: list[str]
    activation_before_days: int | None
    activation_before_date: datetime.date | None
    environments: list[dict[str, str]]
    followup_product_ids: list[str]
    related_product_ids: list[str]
    for_sale: bool | None
    consumable: bool | None
    supported_until: datetime.date | None


class ProductPage(Schema):
    count: int
    items: list[ProductOut]


class FacetValueOut(Schema):
    value: str
    label: str
    count: int


class SearchItemOut(ProductOut):
    price_per_pupil_year_incl_vat_cents: int | None  # computed from the licence terms (see the product page)


class SearchOut(Schema):
    count: int
    items: list[SearchItemOut]
    facets: dict[str, list[FacetValueOut]] = Field(
        description="Per facet met gegevens, met de parameternaam als sleutel (subject, type, price, …): de waarden "
        "met hun aantal (en de gevraagde waarden)."
    )
