"""The shortlist (keuzelijst, W4): per user in the database, per anonymous visitor in the session."""

from __future__ import annotations

import uuid

from django.http import HttpRequest

from . import actions
from .models import Product, ShortlistItem

SESSION_KEY = "catalog_shortlist"
MAX_ITEMS = 50


def uuids(request: HttpRequest) -> list[uuid.UUID]:
    if request.user.is_authenticated:
        return list(
            ShortlistItem.objects.filter(user=request.user)
            .order_by("added_at", "pk")
            .values_list("product__uuid", flat=True)
        )
    found = []
    for raw in request.session.get(SESSION_KEY, []):
        try:
            found.append(uuid.UUID(str(raw)))
        except ValueError:
            continue
    return found


def add(request: HttpRequest, product: Product) -> bool:
    if request.user.is_authenticated:
        return actions.do_add_to_shortlist(request.user, product)
    current = [str(u) for u in uuids(request)]
    if str(product.uuid) in current or len(current) >= MAX_ITEMS:
        return False
    request.session[SESSION_KEY] = [*current, str(product.uuid)]
    return True


def remove(request: HttpRequest, product: Product) -> None:
    if request.user.is_authenticated:
        actions.do_remove_from_shortlist(request.user, product)
        return
    request.session[SESSION_KEY] = [str(u) for u in uuids(request) if u != product.uuid]
