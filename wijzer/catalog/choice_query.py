"""The catalogue's side of the choice support (W8): the products of a sector and subject, as plain rows.

A product is a candidate for a sector and subject when it is not withdrawn, names the sector and names a subject id
that the catalogue's "vak" facet groups with the asked subject (an OBK and an SLO id of one subject count as the
same subject, exactly as in the search). Products that are parts of a bundle (a loose workbook, a licence) are
products of their own here and count as candidates too. Three queries in all: the products, their methods'
names (joined), and the didactic approaches they declare.
"""

from __future__ import annotations

from dataclasses import dataclass

from .history import is_open, subject_groups
from .models import Product, ProductVision


@dataclass(frozen=True, slots=True)
class ChoiceProduct:
    pk: int
    uuid: str
    title: str
    product_id: str  # EAN/ISBN as delivered ("" for open material)
    method_id: int | None
    method_name: str
    publisher_name: str
    product_type: str
    level_ids: tuple[str, ...]
    objective_ids: tuple[str, ...]  # the goals the supplier declares for the product itself
    end_user_roles: tuple[str, ...]
    for_sale: bool | None
    is_paid: bool | None
    is_open: bool  # free, or under an open licence
    licence: str
    visions: tuple[str, ...]  # declared didactic approaches (catalog VisionApproach codes)
    is_demo: bool


def choice_products(sector: str, subject_uuid: str) -> list[ChoiceProduct]:
    """Products of `sector` and the subject (grouped as in the search), not withdrawn, by title."""
    rows = list(
        Product.objects.filter(withdrawn_at__isnull=True, sectors__icontains=f'"{sector}"')
        .order_by("title", "pk")
        .values_list(
            "pk", "uuid", "title", "product_id", "method_id", "method__name", "publisher__name", "product_type",
            "level_ids", "objective_ids", "end_user_roles", "for_sale", "is_paid", "licence", "subject_ids", "is_demo",
        )
    )  # fmt: skip
    ids = sorted({str(s) for row in rows for s in (row[14] or [])} | {subject_uuid})
    groups = subject_groups(ids)
    key = groups.get(subject_uuid, (subject_uuid, ""))[0]
    chosen = [row for row in rows if any(groups.get(str(s), (s, ""))[0] == key for s in row[14] or [])]
    visions: dict[int, list[str]] = {}
    if chosen:
        found = ProductVision.objects.filter(product_id__in=[row[0] for row in chosen]).order_by("product_id", "pk")
        for pid, approach in found.values_list("product_id", "approach"):
            visions.setdefault(pid, []).append(approach)
    return [
        ChoiceProduct(
            pk=pk,
            uuid=str(uid),
            title=title,
            product_id=code or "",
            method_id=method_id,
            method_name=method_name or "",
            publisher_name=publisher or "",
            product_type=ptype,
            level_ids=tuple(str(v) for v in levels or []),
            objective_ids=tuple(str(v) for v in objectives or []),
            end_user_roles=tuple(str(v) for v in roles or []),
            for_sale=for_sale,
            is_paid=paid,
            is_open=is_open(paid, ptype, licence),
            licence=licence or "",
            visions=tuple(dict.fromkeys(visions.get(pk, []))),
            is_demo=demo,
        )
        for (
            pk, uid, title, code, method_id, method_name, publisher, ptype, levels, objectives, roles, for_sale, paid,
            licence, _subjects, demo,
        ) in chosen
    ]  # fmt: skip
