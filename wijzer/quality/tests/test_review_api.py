"""The review API: the public GET (shape, pseudonymous reviewer ids, agreement) and the reviewer's POST (saved,
422 with Dutch field messages and nothing stored, 403 audited for a teacher and for a token, 404 in Dutch)."""

from __future__ import annotations

import uuid

from django.test import Client
from django.utils import timezone

import pytest

from wijzer.accounts import actions as account_actions
from wijzer.accounts.constants import Role
from wijzer.accounts.models import AuditEvent
from wijzer.accounts.tests.factories import MembershipFactory, OrganisationFactory
from wijzer.accounts.tests.helpers import login_as
from wijzer.catalog.tests.factories import ProductFactory
from wijzer.quality.constants import QualityAuditAction
from wijzer.quality.models import ExpertReview, ReviewAnswer
from wijzer.quality.opendata import pseudonymiser
from wijzer.quality.query import criteria_of
from wijzer.quality.review_query import reviewer_pseudonym
from wijzer.quality.tests.factories import make_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return make_framework()


@pytest.fixture
def product():
    return ProductFactory(owner=OrganisationFactory(publisher=True), title="Rekenrijk")


def url(product) -> str:
    return f"/api/v1/quality/products/{product.uuid}/reviews"


def reviewer(panel=None):
    membership = MembershipFactory(organisation=panel or OrganisationFactory(panel=True), role=Role.REVIEWER)
    return login_as(Client(), membership), membership.user


def body(framework, score: int | None = 3, submit: bool = True, **overrides) -> dict[str, object]:
    answers = {
        c.code: {"score": score, "reason": "Te mager." if score in (1, 2) else "", "evidence": "blz. 4"}
        for c in criteria_of(framework)
    }
    answers.update(overrides)
    return {"answers": answers, "subject": "", "summary": "Degelijk.", "submit": submit}


def post(client, product, data):
    return client.post(url(product), data, content_type="application/json")


def test_post_saves_and_submits(framework, product):
    client, user = reviewer()
    draft = post(client, product, {"answers": {"INH.1": {"score": 4}}, "submit": False})
    assert draft.status_code == 200, draft.content
    assert draft.json()["status"] == "draft"
    assert draft.json()["answers"] == 1
    done = post(client, product, body(framework, INH_1={"score": None}))
    # "INH_1" is no code: refused, nothing changed
    assert done.status_code == 422
    assert "INH_1" in done.json()["fields"]["answers"]
    assert ExpertReview.objects.get().answers.count() == 1
    done = post(client, product, body(framework))
    assert done.status_code == 200
    saved = done.json()
    assert saved["status"] == "submitted"
    assert saved["framework_version"] == "test-1"
    assert saved["answers"] == 14
    assert saved["submitted_at"]
    assert AuditEvent.objects.filter(action=QualityAuditAction.REVIEW_SUBMITTED, actor=user).count() == 1
    frozen = post(client, product, body(framework, score=4))
    assert frozen.status_code == 422
    assert "al ingediend" in frozen.json()["detail"]


def test_post_refuses_with_dutch_field_messages_and_stores_nothing(framework, product):
    client, _ = reviewer()
    data = body(framework)
    data["answers"]["INH.2"] = {"score": 1, "reason": "", "evidence": "x" * 501}
    data["answers"]["DID.1"] = {"score": 6}
    response = post(client, product, data)
    assert response.status_code == 422
    payload = response.json()
    assert payload["detail"].startswith("De beoordeling is niet opgeslagen: er zijn 3 problemen")
    assert payload["fields"] == {
        "reason-INH.2": "INH.2: geef een toelichting bij een negatief oordeel",
        "evidence-INH.2": "INH.2: het bewijs is te lang (501 tekens); maximaal 500 tekens",
        "score-DID.1": "DID.1: kies een score van 1 tot en met 4 of ‘Niet van toepassing’",
    }
    assert not ExpertReview.objects.exists()
    assert not ReviewAnswer.objects.exists()
    wrong_type = post(client, product, {"answers": {"INH.1": {"score": "veel"}}})
    assert wrong_type.status_code == 422
    assert "ongeldige waarde" in wrong_type.json()["detail"]


@pytest.mark.parametrize("answer", ["x", 4, None, ["score", 4]])
def test_post_refuses_an_answer_that_is_not_an_object(framework, product, answer):
    client, _ = reviewer()
    response = post(client, product, {"answers": {"INH.1": answer}, "submit": False})
    assert response.status_code == 422, response.content
    assert response.json()["detail"].startswith("Ongeldige invoer: payload.answers")
    assert not ExpertReview.objects.exists()
    assert not ReviewAnswer.objects.exists()


def test_post_unknown_product_is_a_dutch_404(framework):
    client, _ = reviewer()
    for value in (str(uuid.uuid4()), "geen-uuid"):
        response = client.post(
            f"/api/v1/quality/products/{value}/reviews", {"answers": {}}, content_type="application/json"
        )
        assert response.status_code == 404
        assert response.json()["detail"].startswith("Dit product bestaat niet")


def test_post_refused_for_a_teacher_a_token_and_anonymous(framework, product):
    teacher = login_as(Client(), MembershipFactory(organisation=OrganisationFactory(school=True), role=Role.TEACHER))
    refused = post(teacher, product, body(framework))
    assert refused.status_code == 403
    assert "beoordelingspanel" in refused.json()["detail"]
    assert AuditEvent.objects.filter(action="access.denied", details__action="quality.review").count() == 1
    panel = OrganisationFactory(panel=True)
    _token, raw = account_actions.do_create_api_token(panel, name="t", scopes=["catalog:push"], created_by=None)
    by_token = Client().post(
        url(product), body(framework), content_type="application/json", headers={"Authorization": f"Bearer {raw}"}
    )
    assert by_token.status_code == 403
    assert Client().post(url(product), body(framework), content_type="application/json").status_code == 401
    assert not ExpertReview.objects.exists()


def test_get_shape_pseudonyms_and_agreement(framework, product):
    panel = OrganisationFactory(panel=True)
    first, first_user = reviewer(panel)
    second, second_user = reviewer(panel)
    one = body(
        framework,
        score=4,
        **{"INH.1": {"score": 1, "reason": "<script>x</script>", "evidence": "blz. 4"}, "INH.2": {"score": 3}},
    )
    two = body(framework, score=4, **{"INH.1": {"score": 2, "reason": "Nee."}, "INH.2": {"score": None}})
    assert post(first, product, one).status_code == 200
    assert post(second, product, two).status_code == 200
    post(reviewer(panel)[0], product, {"answers": {"INH.1": {"score": 4}}, "submit": False})  # a draft: not shown

    response = Client().get(url(product))
    assert response.status_code == 200
    data = response.json()
    assert data["product"] == str(product.uuid)
    assert "Krippendorff" in data["method"]
    assert [r["label"] for r in data["reviews"]] == ["Beoordelaar 1", "Beoordelaar 2"]
    assert [r["reviewer"] for r in data["reviews"]] == [
        reviewer_pseudonym(first_user.pk),
        reviewer_pseudonym(second_user.pk),
    ]
    # the day of submitting, as the open data (was the exact time, to the microsecond)
    assert data["reviews"][0]["submitted_on"] == timezone.localdate().isoformat()
    assert "submitted_at" not in data["reviews"][0]
    text = response.content.decode()
    for user in (first_user, second_user):
        assert user.email not in text
        assert f'"reviewer": "{user.pk}"' not in text
    assert len(data["reviews"][0]["answers"]) == 14
    inh1 = data["reviews"][0]["answers"][0]
    assert inh1 == {
        "criterion": "INH.1",
        "topic": "inhoud",
        "score": 1,
        "not_applicable": False,
        "reason": "<script>x</script>",  # JSON carries the text as written; pages escape it
        "evidence": "blz. 4",
    }
    nvt = next(a for a in data["reviews"][1]["answers"] if a["criterion"] == "INH.2")
    assert nvt["score"] is None
    assert nvt["not_applicable"] is True

    by_topic = {a["topic"]: a for a in data["agreement"]}
    assert len(by_topic) == 7
    inhoud = by_topic["inhoud"]
    # INH.1 (1, 2) pairs; INH.2 (3, n.v.t.) has one score only: pairable 2, one value each of 1 and 2;
    # n1 = n2 = 1, n = 2: observed 2 * d12 = 2 * 1; expected 2 * n1 * n2 * d12 = 2; alpha = 1 - (2 - 1) * 2 / 2 = 0
    assert inhoud["alpha"] == 0.0
    assert inhoud["reviewers"] == 2
    assert inhoud["pairable_values"] == 2
    assert inhoud["units"] == 1
    assert inhoud["level"] == "ordinal"
    assert inhoud["reading"] == "unreliable"
    assert inhoud["warning"].startswith("Onbetrouwbaar: te weinig gegevens")
    assert inhoud["distribution"] == {"1": 1, "2": 1, "3": 0, "4": 0}
    didactiek = by_topic["didactiek"]  # both 4 everywhere: no variation
    assert didactiek["alpha"] is None
    assert didactiek["reading"] == "undefined"
    assert "geen variatie" in didactiek["warning"]


def test_get_single_review_gives_no_alpha_and_unknown_product_404(framework, product):
    client, _ = reviewer()
    post(client, product, body(framework))
    data = Client().get(url(product)).json()
    assert all(a["alpha"] is None and a["reading"] == "too_few_reviewers" for a in data["agreement"])
    assert all("Te weinig beoordelaars" in a["warning"] for a in data["agreement"])
    missing = Client().get(f"/api/v1/quality/products/{uuid.uuid4()}/reviews")
    assert missing.status_code == 404
    assert missing.json()["detail"].startswith("Dit product bestaat niet")


def test_pseudonym_is_stable_and_not_the_id(settings):
    assert reviewer_pseudonym(7) == reviewer_pseudonym(7)
    assert reviewer_pseudonym(7) != reviewer_pseudonym(8)
    assert len(reviewer_pseudonym(7)) == 16
    assert reviewer_pseudonym(7) == pseudonymiser().of("reviewer", 7)  # the same id as in the open-data files
    before = reviewer_pseudonym(7)
    settings.SECRET_KEY = "een-ander-geheim-" + "x" * 40
    assert reviewer_pseudonym(7) != before


def test_reviews_of_two_versions_are_compared_within_their_version_only(framework, product):
    from django.utils import timezone

    panel = OrganisationFactory(panel=True)
    old_first, _ = reviewer(panel)
    old_second, _ = reviewer(panel)
    assert post(old_first, product, body(framework, score=4, **{"INH.1": {"score": 3}})).status_code == 200
    assert (
        post(old_second, product, body(framework, score=4, **{"INH.1": {"score": 2, "reason": "Nee."}})).status_code
        == 200
    )
    newer = make_framework("test-2")
    newer.published_at = timezone.now()
    newer.save(update_fields=["published_at"])
    new_client, _ = reviewer(panel)
    assert post(new_client, product, body(newer, score=1)).status_code == 200

    data = Client().get(url(product)).json()
    assert [(r["framework_version"], r["label"]) for r in data["reviews"]] == [
        ("test-2", "Beoordelaar 1"),
        ("test-1", "Beoordelaar 1"),
        ("test-1", "Beoordelaar 2"),
    ]
    inhoud = {a["framework_version"]: a for a in data["agreement"] if a["topic"] == "inhoud"}
    assert inhoud["test-2"]["reviewers"] == 1
    assert inhoud["test-2"]["alpha"] is None
    assert inhoud["test-1"]["reviewers"] == 2
    assert inhoud["test-1"]["pairable_values"] == 4  # INH.1 (3, 2) and INH.2 (4, 4)

    page = Client().get(f"/kwaliteit/producten/{product.uuid}/beoordelingen/").content.decode()
    assert page.index("Kader versie test-2") < page.index("Kader versie test-1")
    assert "RW.1" not in page  # an extension nobody chose is not a row of empty cells
