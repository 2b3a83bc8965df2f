"""Builders for the quality profile tests: reviews and experiences written straight into the tables."""

from __future__ import annotations

from django.utils import timezone

from wijzer.accounts.tests.factories import OrganisationFactory, UserFactory
from wijzer.catalog.tests.factories import ProductFactory
from wijzer.quality.constants import ReviewStatus, Visibility
from wijzer.quality.models import (
    Criterion,
    Experience,
    ExperienceScore,
    ExpertReview,
    ReviewAnswer,
    SchoolHolding,
    Topic,
)
from wijzer.quality.tests.factories import make_framework


def review(framework, product, scores: dict[str, int | None], *, submitted: bool = True, demo: bool = False):
    """A review answering the given criterion codes (the others: not answered, as a draft may be)."""
    panel = OrganisationFactory(panel=True)
    made = ExpertReview.objects.create(
        framework=framework,
        product=product,
        reviewer=UserFactory(),
        panel=panel,
        status=ReviewStatus.SUBMITTED if submitted else ReviewStatus.DRAFT,
        submitted_at=timezone.now() if submitted else None,
        is_demo=demo,
    )
    criteria = {c.code: c for c in Criterion.objects.filter(topic__framework=framework)}
    for code, score in scores.items():
        ReviewAnswer.objects.create(review=made, criterion=criteria[code], score=score, reason="r")
    return made


def all_generic(framework, default: int | None, **override: int | None) -> dict[str, int | None]:
    codes = Criterion.objects.filter(topic__framework=framework, subject="").values_list("code", flat=True)
    scores: dict[str, int | None] = dict.fromkeys(codes, default)
    scores.update({k.replace("_", "."): v for k, v in override.items()})
    return scores


def experience(framework, product, scores: dict[str, int | None], *, school=None, hidden: bool = False):
    made = Experience.objects.create(
        framework=framework,
        product=product,
        author=UserFactory(),
        school=school,
        visibility=Visibility.HIDDEN if hidden else Visibility.VISIBLE,
    )
    topics = {t.code: t for t in Topic.objects.filter(framework=framework)}
    for code, score in scores.items():
        ExperienceScore.objects.create(experience=made, topic=topics[code], score=score)
    return made


def topic(profile, code):
    return next(t for t in profile["topics"] if t["code"] == code)


def make_case():
    """A product with three submitted reviews and a draft, four visible experiences (two with verified use, one
    through a branch of the holding school) and a hidden one."""
    framework = make_framework()
    product = ProductFactory(title="Rekenrijk")
    school = OrganisationFactory(school=True)
    branch = OrganisationFactory(branch=True, parent=school)
    other = OrganisationFactory(school=True)
    SchoolHolding.objects.create(school=school, product=product)
    # Three submitted reviews and one draft (not counted). INH.1 is the gateway criterion.
    review(framework, product, all_generic(framework, 4, INH_1=3, INH_2=None))
    review(framework, product, all_generic(framework, 3, INH_1=4, INH_2=2))
    review(framework, product, all_generic(framework, 2, INH_1=3, INH_2=1))
    review(framework, product, all_generic(framework, 1), submitted=False)
    # Teachers: own school (verified), branch of it (verified), another school, no school, a hidden one.
    experience(framework, product, {"inhoud": 4, "didactiek": None}, school=school)
    experience(framework, product, {"inhoud": 3, "didactiek": 2}, school=branch)
    experience(framework, product, {"inhoud": 1, "didactiek": 4}, school=other)
    experience(framework, product, {"inhoud": 2}, school=None)
    experience(framework, product, {"inhoud": 1, "didactiek": 1}, school=school, hidden=True)
    return framework, product
