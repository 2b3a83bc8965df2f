"""API of the quality app: profiles (W6 §4, §7), mounted under /api/v1/quality by `quality.api`.

`GET /products/{product_uuid}/profile` is public: the stored profile with all its parts (per topic the expert and
teacher distributions, n, share agreeing and confidence; per criterion the counts and median; the gateway) and the
rules that made it. A product without reviews or experiences gets an empty profile that says so (`has_data`
false, no zeros that look like scores); an unknown product a Dutch 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest

from ninja import Router, Schema, Status

from .constants import GatewayState
from .profile_query import profile_of, rules_text
from .query import current_framework, product_or_none

router = Router(tags=["kwaliteit"])

PRODUCT_NOT_FOUND = "Dit product staat niet in de catalogus. Controleer de uuid van het product."
NO_DATA = "Nog geen beoordelingen of ervaringen: dit product heeft nog geen kwaliteitsprofiel."


class ProfileDistributionOut(Schema):
    counts: dict[str, int]  # "1".."4" -> how often
    not_applicable: int
    applicable: int
    agreeing: int
    share_agreeing: float | None  # agreeing / applicable; null without applicable answers


class ProfileExpertsOut(ProfileDistributionOut):
    reviewers: int
    answers: int
    confidence: str
    confidence_text: str


class ProfileTeachersOut(ProfileDistributionOut):
    experiences: int
    confidence: str
    confidence_text: str


class ProfileVerifiedOut(ProfileDistributionOut):
    experiences: int


class ProfileCriterionOut(ProfileDistributionOut):
    code: str
    statement: str
    subject: str
    gateway: bool
    answers: int
    median: float | None


class ProfileTopicOut(Schema):
    code: str
    name: str
    gateway: bool
    counts_toward: bool  # false while the gateway is failed (the data is still here)
    experts: ProfileExpertsOut
    teachers: ProfileTeachersOut
    verified: ProfileVerifiedOut
    criteria: list[ProfileCriterionOut]


class ProfileMedianOut(Schema):
    code: str
    median: float | None


class ProfileGatewayOut(Schema):
    name: str
    applies: bool
    pass_at: int | None
    state: str
    state_label: str
    medians: list[ProfileMedianOut]


class ProfileRulesOut(Schema):
    how_computed: str
    confidence_experts: str
    confidence_teachers: str
    gateway: str
    sort: str


class ProductProfileOut(Schema):
    product: str
    has_data: bool
    message: str
    framework_version: str | None
    computed_at: datetime | None
    is_demo: bool
    expert_reviews: int
    experiences: int
    verified_experiences: int
    gateway: ProfileGatewayOut | None
    sort_value: int | None
    experts_overall: ProfileDistributionOut | None
    topics: list[ProfileTopicOut]
    rules: ProfileRulesOut


class ProfileDetailOut(Schema):
    detail: str


@router.get(
    "/products/{product_uuid}/profile",
    response={200: ProductProfileOut, 404: ProfileDetailOut},
    summary="Kwaliteitsprofiel van een product: per onderwerp de verdeling, n en de zekerheid",
)
def product_profile(request: HttpRequest, product_uuid: str) -> Status[dict[str, Any]]:
    product = product_or_none(product_uuid)
    if product is None:
        return Status(404, {"detail": PRODUCT_NOT_FOUND})
    shown = profile_of(product.pk)
    if shown is None:
        framework = current_framework()
        pass_at = framework.gateway_pass_at if framework is not None else None
        return Status(
            200,
            {
                "product": str(product.uuid),
                "has_data": False,
                "message": NO_DATA,
                "framework_version": framework.version if framework is not None else None,
                "computed_at": None,
                "is_demo": False,
                "expert_reviews": 0,
                "experiences": 0,
                "verified_experiences": 0,
                "gateway": None,
                "sort_value": None,
                "experts_overall": None,
                "topics": [],
                "rules": rules_text(pass_at),
            },
        )
    gateway = dict(shown["gateway"])
    gateway["state_label"] = str(GatewayState(gateway["state"]).label)
    return Status(
        200,
        {
            "product": str(product.uuid),
            "has_data": True,
            "message": "",
            "framework_version": shown["framework"],
            "computed_at": shown["computed_at"],
            "is_demo": shown["demo"],
            "expert_reviews": shown["expert_reviews"],
            "experiences": shown["experiences"],
            "verified_experiences": shown["verified_experiences"],
            "gateway": gateway,
            "sort_value": shown["sort_value"],
            "experts_overall": shown["experts_overall"],
            "topics": shown["topics"],
            "rules": shown["rules"],
        },
    )
