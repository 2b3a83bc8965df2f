"""The alignment side of the choice support (W8): which goals the products of a list cover, and why.

A link counts for a product when its method part names that product (`MethodPart.product`), or, when the part names
no product, for every *pupil lesson material* product of the part's method: a digital licence, a folio (workbook), a
LiFo bundle or print that is not meant for teachers only. The catalogue does not say which volume holds such a part,
and tests, tools and teacher licences do not teach the goal. Rejected links never count; suggested links only when
asked (`count_suggested`). One query for all the links of the asked products and methods.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db.models import Q

from .constants import LinkState
from .models import Alignment

LESSON_MATERIAL_TYPES = frozenset({"digital_licence", "folio", "lifo_bundle", "print"})
TEACHER_ROLES = frozenset({"Onderwijsgever"})
PROVENANCE_WORDS = {
    LinkState.CONFIRMED.value: "bevestigd door een beoordelaar",
    LinkState.DECLARED.value: "opgegeven door de leverancier",
    LinkState.SUGGESTED.value: "voorgesteld door Wijzer (nog niet beoordeeld)",
}


@dataclass(frozen=True, slots=True)
class GoalLink:
    goal_id: str
    goal_code: str
    part_title: str
    provenance: str  # confirmed, declared or suggested
    strength: str  # core or partial
    product_pk: int | None  # the product the part names; None = the whole method
    method_pk: int

    @property
    def provenance_text(self) -> str:
        return PROVENANCE_WORDS.get(self.provenance, self.provenance)


def inherits_method_links(product_type: str, end_user_roles: Sequence[str]) -> bool:
    """Whether a product counts for the links of its method's parts that name no product (see the module text)."""
    roles = set(end_user_roles)
    return product_type in LESSON_MATERIAL_TYPES and not (roles and roles <= TEACHER_ROLES)


def goal_links(
    *, product_pks: Collection[int], method_pks: Collection[int], framework: str, count_suggested: bool
) -> list[GoalLink]:
    """The counting links of `framework` on parts that name one of the products, or that name no product and belong
    to one of the methods (the caller decides which products of a method inherit them: `inherits_method_links`)."""
    states = [LinkState.CONFIRMED, LinkState.DECLARED] + ([LinkState.SUGGESTED] if count_suggested else [])
    where = Q(part__product_id__in=list(product_pks)) | Q(
        part__product__isnull=True, part__method_id__in=list(method_pks)
    )
    rows = (
        Alignment.objects.filter(where, framework=framework, provenance__in=states, part__withdrawn_at__isnull=True)
        .order_by("part__method_id", "part__position", "goal_code", "pk")
        .values_list(
            "goal_uuid", "goal_code", "part__title", "provenance", "strength", "part__product_id", "part__method_id"
        )
    )
    return [
        GoalLink(str(goal), code, title, provenance, strength, product, method)
        for goal, code, title, provenance, strength, product, method in rows
    ]
