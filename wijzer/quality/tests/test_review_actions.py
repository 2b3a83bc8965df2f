"""Saving and submitting expert reviews: permission, one review per reviewer per version, frozen after submit,
all-or-nothing on refused input, the version kept, the audit row."""

from __future__ import annotations

import uuid

from django.utils import timezone

import pytest

from wijzer.accounts.constants import Role
from wijzer.accounts.domain.policy import RoleCode
from wijzer.accounts.models import AuditEvent
from wijzer.accounts.service import Actor
from wijzer.accounts.tests.factories import MembershipFactory, OrganisationFactory
from wijzer.catalog.tests.factories import ProductFactory
from wijzer.quality.actions.reviews import NOT_A_REVIEWER, save_review
from wijzer.quality.constants import QualityAuditAction, ReviewStatus
from wijzer.quality.domain.rubric import Answer
from wijzer.quality.exceptions import Forbidden, NotFound, QualityError
from wijzer.quality.models import ExpertReview, ReviewAnswer
from wijzer.quality.query import PRODUCT_NOT_FOUND, criteria_of
from wijzer.quality.tests.factories import make_framework

pytestmark = pytest.mark.django_db


def actor(role: Role = Role.REVIEWER, organisation=None) -> Actor:
    org = organisation or OrganisationFactory(panel=True)
    membership = MembershipFactory(organisation=org, role=role)
    return Actor(membership.user.email, org, role=RoleCode(role), user=membership.user)


def full_answers(framework, subject: str = "", score: int = 3) -> dict[str, Answer]:
    return {
        c.code: Answer(score, "Zo is het." if score < 3 else "", "blz. 12") for c in criteria_of(framework, subject)
    }


@pytest.fixture
def framework():
    return make_framework()


@pytest.fixture
def product():
    publisher = OrganisationFactory(publisher=True, name="Uitgeverij Test")
    return ProductFactory(owner=publisher, title="Rekenrijk groep 5")


def test_draft_then_submit_updates_the_same_review(framework, product):
    reviewer = actor()
    draft = save_review(reviewer, product.uuid, {"INH.1": Answer(4)}, summary="Eerste indruk")
    assert draft.status == ReviewStatus.DRAFT
    assert draft.framework == framework
    assert draft.panel == reviewer.organisation
    assert draft.reviewer == reviewer.user
    assert not AuditEvent.objects.filter(action=QualityAuditAction.REVIEW_SUBMITTED).exists()

    again = save_review(reviewer, str(product.uuid), {"INH.1": Answer(2, "Te weinig oefenstof"), "INH.2": Answer(None)})
    assert again.pk == draft.pk
    assert ExpertReview.objects.count() == 1
    stored = {a.criterion.code: (a.score, a.reason) for a in again.answers.select_related("criterion")}
    assert stored == {"INH.1": (2, "Te weinig oefenstof"), "INH.2": (None, "")}

    done = save_review(reviewer, product, full_answers(framework), summary="Samenvatting", submit=True)
    assert done.pk == draft.pk
    assert done.status == ReviewStatus.SUBMITTED
    assert done.submitted_at is not None
    assert done.answers.count() == 14  # seven topics, two generic criteria each
    event = AuditEvent.objects.get(action=QualityAuditAction.REVIEW_SUBMITTED)
    assert event.actor == reviewer.user
    assert event.organisation == reviewer.organisation
    assert event.object_id == str(done.uuid)
    assert event.details["product"] == str(product.uuid)
    assert event.details["framework"] == "test-1"
    assert event.details["answers"] == 14


def test_submitted_review_is_frozen(framework, product):
    reviewer = actor()
    review = save_review(reviewer, product.uuid, full_answers(framework), submit=True)
    before = list(ReviewAnswer.objects.filter(review=review).values_list("criterion_id", "score", "reason"))
    for submit in (False, True):
        with pytest.raises(QualityError) as refused:
            save_review(reviewer, product.uuid, full_answers(framework, score=4), summary="anders", submit=submit)
        assert "al ingediend" in refused.value.message
    review.refresh_from_db()
    assert review.summary == ""
    assert list(ReviewAnswer.objects.filter(review=review).values_list("criterion_id", "score", "reason")) == before
    assert ExpertReview.objects.count() == 1


def test_two_reviewers_each_have_their_own_review(framework, product):
    panel = OrganisationFactory(panel=True)
    first = save_review(actor(organisation=panel), product.uuid, full_answers(framework), submit=True)
    second = save_review(actor(organisation=panel), product.uuid, full_answers(framework, score=4), submit=True)
    assert first.pk != second.pk
    assert ExpertReview.objects.filter(product=product, status=ReviewStatus.SUBMITTED).count() == 2


@pytest.mark.parametrize(
    ("answers", "submit", "field", "message"),
    [
        ({"INH.1": Answer(2, "  ")}, False, "reason-INH.1", "INH.1: geef een toelichting bij een negatief oordeel"),
        ({"INH.1": Answer(7)}, False, "score-INH.1", "INH.1: kies een score van 1 tot en met 4"),
        ({"XYZ.1": Answer(3)}, False, "answers", "Onbekend criterium"),
        ({"INH.1": Answer(3, "x" * 2001)}, False, "reason-INH.1", "INH.1: de toelichting is te lang"),
        ({"INH.1": Answer(3, "", "x" * 501)}, False, "evidence-INH.1", "INH.1: het bewijs is te lang"),
        ({"INH.1": Answer(3)}, True, "score-INH.2", "INH.2: kies een score"),
        ({"RW.1": Answer(3)}, False, "answers", "RW.1"),  # an extension criterion without choosing the extension
    ],
)
def test_refused_answers_store_nothing(framework, product, answers, submit, field, message):
    reviewer = actor()
    with pytest.raises(QualityError) as refused:
        save_review(reviewer, product.uuid, answers, submit=submit)
    assert refused.value.fields[field].startswith(message) or message in refused.value.fields[field]
    assert refused.value.message.startswith("De beoordeling is niet opgeslagen")
    assert not ExpertReview.objects.exists()
    assert not ReviewAnswer.objects.exists()
    assert not AuditEvent.objects.filter(action=QualityAuditAction.REVIEW_SUBMITTED).exists()


def test_refused_save_keeps_the_earlier_draft(framework, product):
    reviewer = actor()
    draft = save_review(reviewer, product.uuid, {"INH.1": Answer(4, "", "blz. 3")}, summary="Eerste")
    with pytest.raises(QualityError):
        save_review(reviewer, product.uuid, {"INH.1": Answer(1)}, summary="Tweede")
    draft.refresh_from_db()
    assert draft.summary == "Eerste"
    assert list(draft.answers.values_list("score", "evidence")) == [(4, "blz. 3")]


def test_subject_extension_adds_its_criteria(framework, product):
    reviewer = actor()
    answers = full_answers(framework, "rekenen-wiskunde")
    assert "RW.1" in answers
    with pytest.raises(QualityError) as refused:
        save_review(reviewer, product.uuid, answers, subject="", submit=True)
    assert "RW.1" in refused.value.fields["answers"]
    with pytest.raises(QualityError) as unknown:
        save_review(reviewer, product.uuid, answers, subject="frans", submit=True)
    assert "Onbekende vakuitbreiding" in unknown.value.fields["subject"]
    review = save_review(reviewer, product.uuid, answers, subject="rekenen-wiskunde", submit=True)
    assert review.subject == "rekenen-wiskunde"
    assert review.answers.count() == 15


def test_a_later_version_does_not_change_the_old_review(framework, product):
    reviewer = actor()
    old = save_review(reviewer, product.uuid, full_answers(framework), submit=True)
    newer = make_framework("test-2")
    newer.published_at = timezone.now()
    newer.save(update_fields=["published_at"])
    old.refresh_from_db()
    assert old.framework == framework
    assert {a.criterion.topic.framework_id for a in old.answers.select_related("criterion__topic")} == {framework.pk}
    # a new review by the same reviewer is allowed against the new version, and uses it
    fresh = save_review(reviewer, product.uuid, full_answers(newer), submit=True)
    assert fresh.pk != old.pk
    assert fresh.framework == newer


def test_a_draft_keeps_its_version_when_a_new_one_is_published(framework, product):
    reviewer = actor()
    draft = save_review(reviewer, product.uuid, {"INH.1": Answer(3)})
    make_framework("test-2")
    kept = save_review(reviewer, product.uuid, full_answers(framework), submit=True)
    assert kept.pk == draft.pk
    assert kept.framework == framework


@pytest.mark.parametrize("role", [Role.TEACHER, Role.PUBLISHER_EDITOR, Role.PLATFORM_ADMIN, Role.SCHOOL_LEADER])
def test_other_roles_are_refused_and_audited(framework, product, role):
    home = {
        Role.TEACHER: {"school": True},
        Role.SCHOOL_LEADER: {"school": True},
        Role.PUBLISHER_EDITOR: {"publisher": True},
        Role.PLATFORM_ADMIN: {"platform": True},
    }[role]
    someone = actor(role, OrganisationFactory(**home))
    with pytest.raises(Forbidden) as refused:
        save_review(someone, product.uuid, full_answers(framework), submit=True)
    assert refused.value.message == NOT_A_REVIEWER
    assert not ExpertReview.objects.exists()
    denial = AuditEvent.objects.get(action="access.denied")
    assert denial.details["action"] == "quality.review"
    assert denial.object_id == str(product.uuid)


def test_unknown_product_is_not_found(framework):
    for value in (uuid.uuid4(), "geen-uuid"):
        with pytest.raises(NotFound) as missing:
            save_review(actor(), value, {})
        assert missing.value.message == PRODUCT_NOT_FOUND
    assert not ExpertReview.objects.exists()


def test_without_a_published_framework_nothing_is_stored(product):
    make_framework(published=False)
    with pytest.raises(QualityError) as refused:
        save_review(actor(), product.uuid, {})
    assert "nog geen kwaliteitskader" in refused.value.message
    assert not ExpertReview.objects.exists()
