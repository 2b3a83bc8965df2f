"""Load the demo reviews, experiences and moderation (VOORBEELDGEGEVENS) of W6 §9; `wijzer setup` outside production.

Everything is written through the same actions as real use, by demo people acting in their role (so the audit log
has the rows real use would leave), and marked `is_demo`. Idempotent: what exists already (a submitted review of
the version in force, a person's experience, a holding, a response, a report, a hidden experience, the school's
quickscan) is left alone, so running it twice changes nothing. The profiles of the demo products are computed at
the end from the stored rows. The data itself is in `demo_data`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields

from django.db import transaction

from wijzer.accounts import service as accounts
from wijzer.catalog import service as catalog
from wijzer.catalog.service import Product

from . import demo_data as data
from .actions import experiences as experience_actions
from .actions.profiles import refresh
from .actions.quickscan import save_quickscan
from .actions.reviews import save_review
from .constants import ReviewStatus, Visibility
from .domain.rubric import Answer
from .models import (
    Criterion,
    Experience,
    ExperienceReport,
    ExpertReview,
    Framework,
    PublisherResponse,
    Quickscan,
    SchoolHolding,
)
from .query import criteria_of, current_framework, topics_of

Role = accounts.Role


@dataclass
class DemoResult:
    """What one run created (all zero on a second run)."""

    products: int = 0
    reviews: int = 0
    experiences: int = 0
    holdings: int = 0
    responses: int = 0
    reports: int = 0
    hidden: int = 0
    quickscans: int = 0

    @property
    def created(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self) if f.name != "products")

    def summary(self) -> str:
        return (
            f"{self.products} producten, {self.reviews} expertbeoordelingen, {self.experiences} ervaringen, "
            f"{self.holdings} opgaven van gebruik, {self.responses} reactie(s) van de uitgever, {self.reports} "
            f"melding(en), {self.hidden} verborgen ervaring(en), {self.quickscans} quickscan(s) nieuw"
        )


def demo_product(spec: data.DemoProduct) -> Product | None:
    """The demo product of a method the demo data is about (None when the demo catalogue lacks it)."""
    methods = [m for m in catalog.methods(demo=True) if m.name == f"{spec.method} (voorbeeld)"]
    for method in sorted(methods, key=lambda m: m.pk):
        found = sorted(
            (p for p in catalog.method_products(method) if spec.title_contains in p.title), key=lambda p: p.title
        )
        if found:
            return found[0]
    return None


def review_answers(spec: data.DemoProduct, criteria: Sequence[Criterion], reviewer: int) -> dict[str, Answer]:
    """The answers of the `reviewer`-th reviewer of `spec` (see `demo_data` for how patterns map on criteria)."""
    answers: dict[str, Answer] = {}
    gateway_index = 0
    per_topic: dict[str, int] = {}
    for criterion in criteria:
        topic = criterion.topic.code
        if criterion.gateway and gateway_index < len(spec.gateway):
            pattern = spec.gateway[gateway_index]
            gateway_index += 1
        else:
            patterns = spec.topics.get(topic) or ("3" * len(spec.reviewers),)
            index = per_topic.get(topic, 0)
            per_topic[topic] = index + 1
            pattern = patterns[index % len(patterns)]
        mark = pattern[reviewer]
        score = None if mark == "-" else int(mark)
        negative = score is not None and score <= 2
        answers[criterion.code] = Answer(
            score,
            reason=spec.reasons.get(topic, "Voorbeeldgegevens: hier ontbreekt iets.") if negative else "",
            evidence=data.EVIDENCE.get(topic, "") if score is not None else "",
        )
    return answers


def experience_scores(marks: str, topic_codes: Sequence[str]) -> dict[str, int | None]:
    """Scores per topic code of the version in force from one character per topic of `demo_data.TOPICS`."""
    by_code = dict(zip(data.TOPICS, marks, strict=True))
    return {code: (None if by_code.get(code, "-") == "-" else int(by_code[code])) for code in topic_codes}


def _actor(person: data.DemoPerson, role: accounts.Role) -> accounts.Actor:
    return accounts.demo_actor(
        person.email, role, person.organisation, first_name=person.first_name, last_name=person.last_name
    )


def _reviews(framework: Framework, spec: data.DemoProduct, product: Product, result: DemoResult) -> None:
    criteria = criteria_of(framework, spec.subject)
    for index, key in enumerate(spec.reviewers):
        actor = _actor(data.REVIEWERS[key], Role.REVIEWER)
        mine = ExpertReview.objects.filter(product=product, reviewer=actor.user, framework=framework)
        if mine.filter(status=ReviewStatus.SUBMITTED).exists():
            continue
        summary = spec.summaries[index] if index < len(spec.summaries) else ""
        save_review(
            actor, product, review_answers(spec, criteria, index),
            subject=spec.subject, summary=summary, submit=True, demo=True,
        )  # fmt: skip
        result.reviews += 1


def _holding(spec: data.DemoProduct, product: Product, result: DemoResult) -> None:
    if not spec.holder:
        return
    leader = _actor(data.SCHOOL_LEADERS[spec.holder], Role.SCHOOL_LEADER)
    school = leader.organisation
    if school is None or SchoolHolding.objects.filter(school=school, product=product).exists():
        return
    experience_actions.declare_holding(leader, school, product, is_demo=True)
    result.holdings += 1


def _reporter(key: str) -> accounts.Actor:
    if key == "redacteur":
        return _actor(data.PUBLISHER_EDITOR, Role.PUBLISHER_EDITOR)
    return _actor(data.TEACHERS[key], Role.TEACHER)


def _experiences(framework: Framework, spec: data.DemoProduct, product: Product, result: DemoResult) -> None:
    codes = [t.code for t in topics_of(framework)]
    moderator = _actor(data.REVIEWERS[data.MODERATOR], Role.REVIEWER)
    for item in spec.experiences:
        teacher = _actor(data.TEACHERS[item.teacher], Role.TEACHER)
        experience = Experience.objects.filter(product=product, author=teacher.user).first()
        if experience is None:
            experience = experience_actions.write_experience(
                teacher,
                product,
                scores=experience_scores(item.scores, codes),
                text=item.text,
                sector=spec.sector,
                level=item.level,
                school_type=item.school_type,
                months_used=item.months_used,
                is_demo=True,
            )
            result.experiences += 1
        if item.report is not None:
            reporter = _reporter(item.report[0])
            seen = ExperienceReport.objects.filter(experience=experience, reporter=reporter.user).exists()
            if not seen and experience.visibility != Visibility.HIDDEN:
                experience_actions.report(reporter, experience, item.report[1])
                result.reports += 1
        if item.hide and experience.visibility != Visibility.HIDDEN:
            experience = experience_actions.hide(moderator, experience, item.hide)
            result.hidden += 1
        if item.response and not PublisherResponse.objects.filter(experience=experience).exists():
            editor = _actor(data.PUBLISHER_EDITOR, Role.PUBLISHER_EDITOR)
            experience_actions.respond(editor, experience, item.response, is_demo=True)
            result.responses += 1


def _quickscan(products: Mapping[str, Product], result: DemoResult) -> None:
    spec = data.QUICKSCAN
    product = products.get(spec.method)
    if product is None:
        return
    head = _actor(spec.person, Role.SECTION_HEAD)
    if Quickscan.objects.filter(school=head.organisation, product=product, is_demo=True).exists():
        return
    save_quickscan(head, product, spec.answers, spec.participants, is_demo=True)
    result.quickscans += 1


@transaction.atomic
def load_demo_quality() -> DemoResult:
    """Load the demo quality data (idempotent, all or nothing). Needs the demo accounts, the demo catalogue and a
    published framework; without them it loads what it can (nothing without a framework)."""
    result = DemoResult()
    framework = current_framework()
    if framework is None:
        return result
    products: dict[str, Product] = {}
    for spec in data.PRODUCTS:
        product = demo_product(spec)
        if product is None:
            continue
        products[spec.method] = product
        _reviews(framework, spec, product, result)
        _holding(spec, product, result)
        _experiences(framework, spec, product, result)
    _quickscan(products, result)
    result.products = len(products)
    if result.created:
        refresh([p.pk for p in products.values()])  # every action refreshed already; once more, from all rows
    return result
