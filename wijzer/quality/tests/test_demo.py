"""The quality demo data (W6 §9): idempotent, every row marked as demo, written through the actions (audited),
and numbers that show real behaviour (gateway passed and failed, high, low and "te weinig" agreement, verified
use only at a school that holds the product, an open moderation queue)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

import pytest

from wijzer.accounts.actions import do_load_demo_accounts
from wijzer.accounts.models import AuditEvent, Membership
from wijzer.ingest.demo import load_demo_catalogue
from wijzer.quality import demo_data as data
from wijzer.quality.actions.framework import ensure_current_framework
from wijzer.quality.actions.profiles import recompute_all
from wijzer.quality.constants import GatewayState, QualityAuditAction, ReportState, ReviewStatus, Visibility
from wijzer.quality.demo import DemoResult, demo_product, load_demo_quality
from wijzer.quality.domain.agreement import Reading
from wijzer.quality.experience_query import open_report_count, verified_flags
from wijzer.quality.models import (
    Experience,
    ExperienceReport,
    ExpertReview,
    PublisherResponse,
    QualityProfile,
    Quickscan,
    SchoolHolding,
)
from wijzer.quality.profile_query import profile_of
from wijzer.quality.review_query import public_reviews

pytestmark = pytest.mark.django_db

MODELS = (ExpertReview, Experience, PublisherResponse, ExperienceReport, SchoolHolding, Quickscan, QualityProfile)


@pytest.fixture
def demo() -> DemoResult:
    do_load_demo_accounts()
    load_demo_catalogue()
    ensure_current_framework()
    return load_demo_quality()


def _counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts["audit"] = AuditEvent.objects.count()
    counts["users"] = get_user_model().objects.count()
    counts["memberships"] = Membership.objects.count()
    return counts


def _product(spec: data.DemoProduct) -> Any:
    product = demo_product(spec)
    assert product is not None
    return product


def test_the_first_load_creates_what_the_data_says(demo: DemoResult) -> None:
    assert demo.products == 3
    assert demo.reviews == 4 + 3 + 2
    assert demo.experiences == 9 + 7 + 6
    assert (demo.holdings, demo.responses, demo.reports, demo.hidden, demo.quickscans) == (2, 1, 3, 1, 1)
    assert ExpertReview.objects.filter(status=ReviewStatus.SUBMITTED).count() == 9
    assert Experience.objects.count() == 22


def test_loading_twice_changes_nothing(demo: DemoResult) -> None:
    before = _counts()
    profiles = {p.product_id: (p.topics, p.gateway, p.experiences) for p in QualityProfile.objects.all()}
    second = load_demo_quality()
    assert second.created == 0
    assert second.products == 3
    assert _counts() == before
    assert {p.product_id: (p.topics, p.gateway, p.experiences) for p in QualityProfile.objects.all()} == profiles


def test_every_demo_row_is_marked_and_the_new_people_cannot_log_in(demo: DemoResult) -> None:
    for model in (ExpertReview, Experience, PublisherResponse, SchoolHolding, Quickscan, QualityProfile):
        assert model.objects.exists(), model.__name__
        assert not model.objects.filter(is_demo=False).exists(), model.__name__
    assert not ExperienceReport.objects.filter(experience__is_demo=False).exists()
    new = get_user_model().objects.filter(
        email__in=["beoordelaar2@voorbeeld.wijzer.nl", "leraar15@voorbeeld.wijzer.nl"]
    )
    assert new.count() == 2
    assert not any(user.has_usable_password() for user in new)
    # the existing demo accounts keep their password
    assert get_user_model().objects.get(email="beoordelaar@voorbeeld.wijzer.nl").has_usable_password()


def test_writes_went_through_the_actions_and_are_audited(demo: DemoResult) -> None:
    def audited(action: str) -> int:
        return AuditEvent.objects.filter(action=action).count()

    assert audited(QualityAuditAction.REVIEW_SUBMITTED) == 9
    assert audited(QualityAuditAction.EXPERIENCE_WRITTEN) == 22
    assert audited(QualityAuditAction.EXPERIENCE_REPORTED) == 3
    assert audited(QualityAuditAction.EXPERIENCE_HIDDEN) == 1
    assert audited(QualityAuditAction.RESPONSE_WRITTEN) == 1
    assert audited(QualityAuditAction.HOLDING_DECLARED) == 2
    assert audited(QualityAuditAction.QUICKSCAN_SAVED) == 1
    hidden = AuditEvent.objects.get(action=QualityAuditAction.EXPERIENCE_HIDDEN)
    assert hidden.actor is not None
    assert hidden.actor.email == "beoordelaar@voorbeeld.wijzer.nl"


def test_the_gateway_passes_for_one_product_and_fails_for_another(demo: DemoResult) -> None:
    gateway = {spec.method: QualityProfile.objects.get(product=_product(spec)).gateway for spec in data.PRODUCTS}
    assert gateway == {
        "Sommenspoor": GatewayState.PASSED,
        "Leeslantaarn": GatewayState.FAILED,
        "Formulepad": GatewayState.PASSED,
    }
    # the profile and its page say so, and that the other topics do not count while the gateway is failed
    leeslantaarn = _product(data.LEESLANTAARN)
    profile = profile_of(leeslantaarn.pk)
    assert profile is not None
    assert profile["gateway"]["state"] == "failed"
    assert [t["code"] for t in profile["topics"] if not t["counts_toward"]] == list(data.TOPICS[1:])
    html = Client().get(f"/kwaliteit/producten/{leeslantaarn.uuid}/profiel/").content.decode()
    text = " ".join(html.split())
    assert "niet gehaald" in text
    assert "telt niet mee zolang de poort niet gehaald is" in text
    assert "voorbeeldgegevens" in text


def test_agreement_is_high_low_and_too_thin(demo: DemoResult) -> None:
    def readings(spec: data.DemoProduct) -> list[Any]:
        [block] = public_reviews(_product(spec))
        assert len(block.reviews) == len(spec.reviewers)
        return [topic.agreement for topic in block.topics]

    high = readings(data.SOMMENSPOOR)
    assert sum(a.reading == Reading.RELIABLE for a in high) >= 5
    assert all(a.alpha is not None and a.alpha > 0.65 and not a.warning for a in high)
    low = readings(data.LEESLANTAARN)
    assert all(a.reading == Reading.UNRELIABLE and a.alpha is not None and a.alpha < 0.3 for a in low)
    thin = readings(data.FORMULEPAD)
    assert all(
        a.reviewers == 2 and a.warning.startswith(("Onbetrouwbaar: te weinig", "Niet te berekenen")) for a in thin
    )


def test_verified_use_only_where_the_school_holds_the_product(demo: DemoResult) -> None:
    product = _product(data.SOMMENSPOOR)
    experiences = list(Experience.objects.filter(product=product).select_related("author", "school"))
    flags = verified_flags(experiences)
    verified = sorted(e.author.email for e in experiences if flags[e.pk])
    wilg = sorted(p.email for k, p in data.TEACHERS.items() if p.organisation == "wilg")
    assert verified == wilg  # De Wilg declared it; De Linde did not
    profile = QualityProfile.objects.get(product=product)
    assert (profile.experiences, profile.verified_experiences) == (8, 5)  # the hidden one is not counted
    # Formulepad: the college declared it; its branch Noord counts as the school's
    formulepad = QualityProfile.objects.get(product=_product(data.FORMULEPAD))
    assert (formulepad.experiences, formulepad.verified_experiences) == (6, 6)
    assert QualityProfile.objects.get(product=_product(data.LEESLANTAARN)).verified_experiences == 0


def test_the_moderation_queue_has_two_open_reports_and_one_hidden_experience(demo: DemoResult) -> None:
    assert open_report_count() == 2
    assert ExperienceReport.objects.filter(state=ReportState.OPEN).count() == 2
    hidden = Experience.objects.get(visibility=Visibility.HIDDEN)
    assert hidden.hidden_reason.startswith("Reclame")
    assert hidden.reports.get().state == ReportState.HIDDEN
    response = PublisherResponse.objects.get()
    assert response.organisation.name == "Uitgeverij De Rekenpen (voorbeeld)"


def test_the_profiles_follow_from_the_rows(demo: DemoResult) -> None:
    def rows() -> dict[int, Any]:
        return {
            p.product_id: (p.topics, p.gateway, p.expert_reviews, p.experiences) for p in QualityProfile.objects.all()
        }

    stored = rows()
    recompute_all(reindex=False)
    again = rows()
    assert again == stored
    sommenspoor = QualityProfile.objects.get(product=_product(data.SOMMENSPOOR))
    expanded = profile_of(sommenspoor.product_id)
    assert expanded is not None
    inhoud = next(t for t in expanded["topics"] if t["code"] == "inhoud")
    assert inhoud["teachers"]["experiences"] == 8  # nine written, one hidden
    # one n, one meaning: the experiences with a score 1-4, the same number in the confidence text
    assert inhoud["teachers"]["experiences"] == inhoud["teachers"]["applicable"]
    assert inhoud["teachers"]["confidence_text"] == "onzeker: 8 ervaringen"
    assert sommenspoor.expert_reviews == 4
