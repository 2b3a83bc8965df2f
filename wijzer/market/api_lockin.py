"""API of lock-in (W7 §7), mounted under /api/v1/market by `market.api`.

`GET /lockin/products/{product_uuid}` and `GET /lockin/publishers/{publisher_uuid}` are public: the seven indicators
(1 locks in, 0 open, null unknown) with their evidence, the composite with its formula and how many are known.
`PUT /lockin/products/{product_uuid}` stores the owner's declaration: the editor of the publisher that owns the
product, or a platform administrator (a logged-in session, CSRF-checked, or a token: the policy table decides; no
token scope reaches it today). 401 without either; 403 (audited) for anyone else; a Dutch 404 for an unknown
product; a Dutch 422 per field for bad input.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from ninja import Router, Schema, Status
from ninja.errors import AuthorizationError, HttpError
from pydantic import BaseModel

from wijzer.accounts import service as accounts
from wijzer.core.params import limit_query, offset_query
from wijzer.market import lockin_query as reads
from wijzer.market.actions import lockin as actions
from wijzer.market.exceptions import MarketError, NotFound, api_refusal

router = Router(tags=["markt"])

MAX_LIMIT = 500
Answer = Status[dict[str, Any]]


class DetailOut(Schema):
    detail: str


class MarketRefusedOut(Schema):
    detail: str
    fields: dict[str, str]  # form field -> Dutch message


class IndicatorOut(Schema):
    code: str  # eduv, eck, lti, export, bundle, term, switching
    name: str
    value: int | None  # 1 locks in, 0 open, null unknown
    evidence: str
    source: str  # declared (by the product's owner), catalogue, derived


class LockInProductOut(Schema):
    uuid: str
    title: str


class DeclarationOut(Schema):
    organisation: str
    declared_on: str  # YYYY-MM-DD
    supports_eduv: bool | None
    supports_eck: bool | None
    supports_lti: bool | None
    data_export: bool | None
    export_formats: str
    note: str
    is_demo: bool


class ProductLockInOut(Schema):
    product: LockInProductOut
    indicators: list[IndicatorOut]
    composite: float | None  # 0-100; null when no indicator is known
    known: int
    total: int
    formula: str
    switching_rule: str
    declaration: DeclarationOut | None
    bundles: list[LockInProductOut]
    is_demo: bool


class LockInPublisherOut(Schema):
    uuid: str
    name: str


class PublisherRowOut(Schema):
    product: LockInProductOut
    composite: float | None
    known: int
    total: int
    indicators: dict[str, int | None]
    is_demo: bool


class PublisherLockInOut(Schema):
    publisher: LockInPublisherOut
    mean: float | None  # mean composite over the products with one (n)
    n: int
    count: int  # products of the publisher
    formula: str
    publisher_formula: str
    items: list[PublisherRowOut]
    is_demo: bool


# A plain pydantic model, not ninja's Schema: every field has a default and Schema reads any value as an object with
# attributes, so a body `[1, 2]`, `"tekst"` or `null` replaced the declaration with one that said nothing; a
# BaseModel takes only a JSON object (anything else is a 422).
class LockInIn(BaseModel):
    supports_eduv: bool | None = None
    supports_eck: bool | None = None
    supports_lti: bool | None = None
    data_export: bool | None = None
    export_formats: str = ""
    note: str = ""


def _ref(uuid: object, title: str) -> dict[str, str]:
    return {"uuid": str(uuid), "title": title}


def _declaration(found: reads.ProductLockIn) -> dict[str, Any] | None:
    d = found.declaration
    if d is None:
        return None
    return {
        "organisation": d.organisation.name,
        "declared_on": timezone.localtime(d.declared_at).date().isoformat(),
        "supports_eduv": d.supports_eduv,
        "supports_eck": d.supports_eck,
        "supports_lti": d.supports_lti,
        "data_export": d.data_export,
        "export_formats": d.export_formats,
        "note": d.note,
        "is_demo": d.is_demo,
    }


def product_out(found: reads.ProductLockIn) -> dict[str, Any]:
    return {
        "product": _ref(found.product.uuid, found.product.title),
        "indicators": [
            {"code": i.code, "name": i.name, "value": i.value, "evidence": i.evidence, "source": i.source}
            for i in found.indicators
        ],
        "composite": found.composite,
        "known": found.known,
        "total": found.total,
        "formula": reads.FORMULA,
        "switching_rule": reads.SWITCHING_RULE,
        "declaration": _declaration(found),
        "bundles": [_ref(b.uuid, b.title) for b in found.bundles],
        "is_demo": found.is_demo,
    }


@router.get(
    "/lockin/products/{product_uuid}",
    response={200: ProductLockInOut, 404: DetailOut},
    summary="Afhankelijkheid van een product: zeven indicatoren met onderbouwing en de samengestelde score",
)
def product_lockin(request: HttpRequest, product_uuid: str) -> Answer:
    try:
        return Status(200, product_out(reads.product_lockin(product_uuid)))
    except NotFound as missing:
        return Status(404, {"detail": missing.message})


@router.get(
    "/lockin/publishers/{publisher_uuid}",
    response={200: PublisherLockInOut, 404: DetailOut},
    summary="Afhankelijkheid per uitgever: gemiddelde score over haar producten (n) en een regel per product",
)
def publisher_lockin(
    request: HttpRequest,
    publisher_uuid: str,
    limit: int = limit_query(100, MAX_LIMIT),
    offset: int = offset_query(),
) -> Answer:
    try:
        found = reads.publisher_lockin(publisher_uuid)
    except NotFound as missing:
        return Status(404, {"detail": missing.message})
    return Status(
        200,
        {
            "publisher": {"uuid": str(found.organisation.uuid), "name": found.organisation.name},
            "mean": found.mean,
            "n": found.n,
            "count": len(found.products),
            "formula": reads.FORMULA,
            "publisher_formula": reads.PUBLISHER_FORMULA,
            "items": [
                {
                    "product": _ref(p.product.uuid, p.product.title),
                    "composite": p.composite,
                    "known": p.known,
                    "total": p.total,
                    "indicators": {i.code: i.value for i in p.indicators},
                    "is_demo": p.is_demo,
                }
                for p in found.products[offset : offset + limit]
            ],
            "is_demo": found.is_demo,
        },
    )


def _owner_auth() -> Callable[[HttpRequest], accounts.Principal | None]:
    """A token or a session whose role may declare for the product's owner: 401 without, 404 for an unknown
    product, 403 (audited) otherwise."""

    def authenticate(request: HttpRequest) -> accounts.Principal | None:
        principal = accounts.principal_of(request)
        if principal is None:
            return None
        match = request.resolver_match
        try:
            product = reads.product_by_uuid(match.kwargs.get("product_uuid", "") if match else "")
        except NotFound as missing:
            raise HttpError(404, missing.message) from None
        allowed = accounts.check(
            accounts.actor_of(request),
            accounts.Action.DECLARE_LOCKIN,
            reads.owner_of(product),
            object_type="product",
            object_id=str(product.uuid),
            reason=actions.NOT_OWNER_EDITOR,
        )
        if not allowed:
            raise AuthorizationError(403, actions.NOT_OWNER_EDITOR)
        return principal

    authenticate.__name__ = "lockin_owner_auth"
    return authenticate


@router.put(
    "/lockin/products/{product_uuid}",
    auth=_owner_auth(),
    response={200: ProductLockInOut, 403: DetailOut, 404: DetailOut, 422: MarketRefusedOut},
    summary="Open standaarden en export opgeven (redacteur van de eigenaar van het product, of platformbeheer)",
)
def declare_lockin(request: HttpRequest, product_uuid: str, payload: LockInIn) -> Answer:
    """Replaces the owner's earlier declaration. true = yes, false = no, null = unknown (not declared)."""
    try:
        actions.declare_lockin(
            accounts.actor_of(request),
            product_uuid,
            supports_eduv=payload.supports_eduv,
            supports_eck=payload.supports_eck,
            supports_lti=payload.supports_lti,
            data_export=payload.data_export,
            export_formats=payload.export_formats,
            note=payload.note,
        )
    except MarketError as exc:
        return Status(*api_refusal(exc))
    return Status(200, product_out(reads.product_lockin(product_uuid)))
