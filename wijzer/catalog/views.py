"""Catalogue pages (W3: list and product page with prices and provenance; W4 adds search and comparison)."""

from __future__ import annotations

import uuid

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from . import query
from .constants import ProductType


def product_list(request: HttpRequest) -> HttpResponse:
    product_type = request.GET.get("soort", "")
    sector = request.GET.get("sector", "")
    q = request.GET.get("q", "")[:200].strip()
    qs = query.products(
        product_type=product_type if product_type in ProductType.values else None,
        sector=sector if sector in {"po", "vo", "so", "vso"} else None,
        q=q or None,
    ).prefetch_related("prices")
    page = Paginator(qs, 25).get_page(request.GET.get("pagina"))
    rows = [{"product": p, "prices": query.current_prices(p)} for p in page]
    has_demo = any(p.is_demo for p in page)
    return render(
        request,
        "catalog/list.html",
        {
            "page": page,
            "rows": rows,
            "types": ProductType.choices,
            "product_type": product_type,
            "sector": sector,
            "q": q,
            "has_demo": has_demo,
        },
    )


def product_detail(request: HttpRequest, product_uuid: str) -> HttpResponse:
    try:
        key = uuid.UUID(product_uuid)
    except ValueError as exc:
        raise Http404("Onbekend product") from exc
    product = query.product_detail(key)
    if product is None:
        raise Http404("Onbekend product")
    return render(
        request,
        "catalog/detail.html",
        {
            "product": product,
            "current": query.current_prices(product),
            "history": list(product.prices.all()),
            "provenance": list(product.provenance.all()),
            "parts": list(product.parts.all()),
            "owners": product.publisher.owner_chain() if product.publisher else [],
        },
    )
