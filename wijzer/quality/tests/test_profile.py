"""The quality profile (W6 §4): exact numbers on a small hand-made case, the gateway, verified use, refresh and
recompute, the search facet and the sort value."""

from __future__ import annotations

from django.utils import timezone

import pytest

from wijzer.accounts.models import AuditEvent
from wijzer.catalog.tests.factories import ProductFactory
from wijzer.quality.actions import profiles
from wijzer.quality.constants import GatewayState, QualityAuditAction, Visibility
from wijzer.quality.domain import profile as rules
from wijzer.quality.models import (
    Experience,
    ExpertReview,
    QualityProfile,
)
from wijzer.quality.profile_query import profile_of
from wijzer.quality.tests.factories import make_framework
from wijzer.quality.tests.profile_world import all_generic, experience, make_case, review, topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(db):
    return make_case()


def test_the_numbers_of_a_small_case_are_exact(case):
    _framework, product = case
    assert profiles.refresh([product.pk], reindex=False) == 1
    shown = profile_of(product.pk)
    assert shown is not None
    assert (shown["expert_reviews"], shown["experiences"], shown["verified_experiences"]) == (3, 4, 2)
    inhoud = topic(shown, "inhoud")
    # INH.1: 3, 4, 3; INH.2: n.v.t., 2, 1 -> topic counts 1:1 2:1 3:2 4:1, n.v.t. 1
    assert inhoud["experts"]["counts"] == {"1": 1, "2": 1, "3": 2, "4": 1}
    assert inhoud["experts"]["not_applicable"] == 1
    # n counts scores 1-4 only: five answers with a score (the n.v.t. stands apart)
    assert (inhoud["experts"]["reviewers"], inhoud["experts"]["answers"], inhoud["experts"]["applicable"]) == (3, 5, 5)
    assert inhoud["experts"]["share_agreeing"] == 0.6
    assert inhoud["experts"]["confidence_text"] == "onzeker: 3 beoordelaars"
    by_code = {c["code"]: c for c in inhoud["criteria"]}
    assert by_code["INH.1"]["median"] == 3.0
    assert by_code["INH.1"]["gateway"] is True
    assert by_code["INH.2"]["median"] == 1.5
    assert by_code["INH.2"]["not_applicable"] == 1
    assert by_code["RW.1"]["answers"] == 0
    assert by_code["RW.1"]["median"] is None
    # Teachers: the hidden experience is not counted; n.v.t. is apart.
    assert inhoud["teachers"]["counts"] == {"1": 1, "2": 1, "3": 1, "4": 1}
    assert (inhoud["teachers"]["experiences"], inhoud["teachers"]["applicable"]) == (4, 4)
    assert inhoud["teachers"]["confidence_text"] == "zeer onzeker: 4 ervaringen"
    assert inhoud["verified"]["counts"] == {"1": 0, "2": 0, "3": 1, "4": 1}
    didactiek = topic(shown, "didactiek")
    assert didactiek["teachers"]["counts"] == {"1": 0, "2": 1, "3": 0, "4": 1}
    assert didactiek["teachers"]["not_applicable"] == 1
    assert didactiek["verified"]["counts"] == {"1": 0, "2": 1, "3": 0, "4": 0}
    assert didactiek["verified"]["not_applicable"] == 1
    assert didactiek["experts"]["counts"] == {"1": 0, "2": 2, "3": 2, "4": 2}
    assert topic(shown, "technologie")["teachers"]["confidence_text"] == "geen gegevens"
    # Gateway: INH.1's median 3 >= 3.
    assert shown["gateway"]["state"] == GatewayState.PASSED
    assert shown["gateway"]["medians"] == [{"code": "INH.1", "median": 3.0}]
    # All generic answers: 14 criteria x 3 reviews = 42, 1 n.v.t.; agreeing: 3+4 answers.
    overall = shown["experts_overall"]
    assert overall["applicable"] == 41
    assert shown["sort_value"] == round(overall["agreeing"] / 41 * 1000)
    stored = QualityProfile.objects.get(product=product)
    assert stored.sort_value == shown["sort_value"]
    assert stored.gateway == GatewayState.PASSED


def test_a_failed_gateway_marks_the_other_topics_and_gives_no_sort_value(db):
    framework = make_framework()
    product = ProductFactory()
    review(framework, product, all_generic(framework, 4, INH_1=2))
    review(framework, product, all_generic(framework, 4, INH_1=2))
    profiles.refresh([product.pk], reindex=False)
    shown = profile_of(product.pk)
    assert shown["gateway"]["state"] == GatewayState.FAILED
    assert [t["counts_toward"] for t in shown["topics"]] == [True, False, False, False, False, False, False]
    assert shown["sort_value"] is None
    assert QualityProfile.objects.get(product=product).sort_value is None


def test_without_expert_reviews_the_gateway_is_unknown_and_gateway_nvt_does_not_count(db):
    framework = make_framework()
    product = ProductFactory()
    experience(framework, product, {"inhoud": 3})
    profiles.refresh([product.pk], reindex=False)
    assert profile_of(product.pk)["gateway"]["state"] == GatewayState.UNKNOWN
    other = ProductFactory()
    review(framework, other, all_generic(framework, 3, INH_1=None))
    profiles.refresh([other.pk], reindex=False)
    shown = profile_of(other.pk)
    assert shown["gateway"]["state"] == GatewayState.UNKNOWN
    assert shown["sort_value"] is None  # one reviewer is not enough either


def test_refresh_is_idempotent_and_a_product_without_data_loses_its_profile(case):
    _framework, product = case
    profiles.refresh([product.pk], reindex=False)
    first = QualityProfile.objects.get(product=product)
    profiles.refresh([product.pk], reindex=False)
    second = QualityProfile.objects.get(product=product)
    assert (first.pk, first.topics, first.sort_value) == (second.pk, second.topics, second.sort_value)
    assert QualityProfile.objects.count() == 1
    ExpertReview.objects.filter(product=product).delete()
    Experience.objects.filter(product=product).update(visibility=Visibility.HIDDEN)
    assert profiles.refresh([product.pk], reindex=False) == 0
    assert not QualityProfile.objects.filter(product=product).exists()
    assert profile_of(product.pk) is None


def test_recompute_all_writes_every_product_with_data_removes_the_rest_and_audits_once(case):
    framework, product = case
    lonely = ProductFactory()
    QualityProfile.objects.create(product=lonely, framework=framework, computed_at=timezone.now())
    other = ProductFactory()
    experience(framework, other, {"inhoud": 4})
    seen: list[tuple[int, int]] = []
    assert profiles.recompute_all(lambda done, total: seen.append((done, total)), reindex=False) == 2
    assert set(QualityProfile.objects.values_list("product_id", flat=True)) == {product.pk, other.pk}
    assert seen == [(2, 2)]
    events = AuditEvent.objects.filter(action=QualityAuditAction.PROFILES_RECOMPUTED)
    assert events.count() == 1
    assert events.get().details == {"profiles": 2, "removed": 1}
    # Same figures as refresh of one product.
    all_at_once = QualityProfile.objects.get(product=product).topics
    profiles.refresh([product.pk], reindex=False)
    assert QualityProfile.objects.get(product=product).topics == all_at_once


def test_demo_rows_mark_the_profile(db):
    framework = make_framework()
    product = ProductFactory()
    review(framework, product, all_generic(framework, 3), demo=True)
    profiles.refresh([product.pk], reindex=False)
    assert QualityProfile.objects.get(product=product).is_demo is True


def test_confidence_rules_at_their_borders():
    assert [rules.expert_confidence(n).level for n in (0, 1, 2, 3, 4, 6, 7)] == [
        "none", "very_low", "low", "low", "fair", "fair", "solid",
    ]  # fmt: skip
    assert [rules.teacher_confidence(n).level for n in (0, 1, 4, 5, 19, 20, 49, 50)] == [
        "none", "very_low", "very_low", "low", "low", "fair", "fair", "solid",
    ]  # fmt: skip
    assert rules.teacher_confidence(1).text == "zeer onzeker: één ervaring"
    assert rules.expert_confidence(1).text == "zeer onzeker: één beoordelaar"


def test_medians_and_the_gateway_rule_are_pure():
    assert rules.Counts((0, 1, 1, 0)).median == 2.5
    assert rules.Counts((0, 0, 0, 0), 3).median is None
    spec = rules.FrameworkSpec(
        "v", (rules.TopicSpec(1, "t", "T", (rules.CriterionSpec(10, "A", "a", True),)),), "Poort", 3
    )
    data = rules.ProductData(reviews=2, answers={10: rules.Counts((0, 1, 1, 0))})
    assert rules.gateway(spec, data).state == rules.FAILED  # median 2.5 < 3
    data = rules.ProductData(reviews=2, answers={10: rules.Counts((0, 0, 1, 1))})
    assert rules.gateway(spec, data).state == rules.PASSED
    assert rules.gateway(spec, rules.ProductData()).state == rules.UNKNOWN
    assert rules.facet_values(2, rules.PASSED, 1, 0) == ["expertbeoordeeld", "poort-gehaald", "met-ervaringen"]
    assert rules.facet_values(1, rules.UNKNOWN, 0, 0) == []


def test_the_write_actions_refresh_the_profile_and_the_search_facet(db):
    from wijzer.accounts.constants import Role
    from wijzer.accounts.tests.factories import OrganisationFactory
    from wijzer.catalog.service import search
    from wijzer.catalog.tests.factories import index
    from wijzer.quality.actions import experiences as actions
    from wijzer.quality.tests.experience_world import actor_for

    make_framework()
    school = OrganisationFactory(school=True)
    product = ProductFactory(title="Taalpad")
    index()
    written = actions.write_experience(actor_for(school, Role.TEACHER), product, scores={"inhoud": 4}, text="")
    stored = QualityProfile.objects.get(product=product)
    assert (stored.experiences, stored.verified_experiences) == (1, 0)
    assert search(filters={"kwaliteit": ["met-ervaringen"]}).items == (product.pk,)
    actions.declare_holding(actor_for(school, Role.SCHOOL_LEADER), school, product)
    assert QualityProfile.objects.get(product=product).verified_experiences == 1
    assert search(filters={"kwaliteit": ["geverifieerd-gebruik"]}).items == (product.pk,)
    admin = actor_for(OrganisationFactory(platform=True), Role.PLATFORM_ADMIN)
    actions.hide(admin, written, "Geen echte ervaring.")
    assert not QualityProfile.objects.filter(product=product).exists()
    assert search(filters={"kwaliteit": ["met-ervaringen"]}).count == 0
    actions.restore(admin, written)
    assert QualityProfile.objects.get(product=product).experiences == 1


def test_the_command_recomputes_every_profile_with_progress(case):
    from io import StringIO

    from django.core.management import call_command

    _framework, product = case
    out = StringIO()
    call_command("quality", "profiles", stdout=out)
    assert out.getvalue().splitlines() == [
        "  1 van 1 profielen geschreven",
        "Kwaliteitsprofielen herberekend: 1 product(en) met beoordelingen of ervaringen.",
    ]
    assert QualityProfile.objects.get(product=product).expert_reviews == 3


def test_the_array_rules_equal_the_rules_for_one_product_on_random_counts():
    import numpy as np

    criteria = (rules.CriterionSpec(1, "A.1", "a", True), rules.CriterionSpec(2, "A.2", "b", True))
    spec = rules.FrameworkSpec(
        "v",
        (
            rules.TopicSpec(10, "a", "A", criteria),
            rules.TopicSpec(11, "b", "B", (rules.CriterionSpec(3, "B.1", "c"), rules.CriterionSpec(4, "B.2", "d"))),
        ),
        "Poort",
        3,
    )
    rng = np.random.default_rng(1)
    answers = rng.integers(0, 3, size=(400, 4, 6))
    answers[:, :, 0] = 0
    answers[rng.random(400) < 0.2] = 0  # some products without any expert answer
    teachers = rng.integers(0, 4, size=(400, 2, 6))
    verified = np.minimum(teachers, rng.integers(0, 2, size=(400, 2, 6)))
    reviews = answers[:, :, 1:].sum(axis=2).max(axis=1)
    states = rules.gateway_states(spec, answers, reviews)
    sorts = rules.sort_values(spec, answers, reviews, states)
    stored = rules.compact_many(spec, answers, teachers, verified)
    assert {rules.PASSED, rules.FAILED, rules.UNKNOWN} <= set(states)
    for i in range(400):

        def counts(row):
            return rules.Counts(tuple(int(x) for x in row[1:5]), int(row[5]))

        data = rules.ProductData(
            int(reviews[i]),
            answers={c: counts(answers[i, k]) for k, c in enumerate((1, 2, 3, 4)) if answers[i, k, 1:].any()},
            teachers={t: counts(teachers[i, k]) for k, t in enumerate((10, 11)) if teachers[i, k, 1:].any()},
            verified={t: counts(verified[i, k]) for k, t in enumerate((10, 11)) if verified[i, k, 1:].any()},
        )
        gate = rules.gateway(spec, data)
        assert states[i] == gate.state
        assert sorts[i] == rules.sort_value(data.reviews, gate.state, rules.overall(spec, data))
        assert stored[i] == rules.compact(spec, data)
        for k in range(4):
            median = rules.medians(answers[i, k])
            assert (np.isnan(median) and counts(answers[i, k]).median is None) or median == counts(answers[i, k]).median


def test_non_consecutive_criterion_ids_are_packed_with_a_case_and_give_the_same_profile(case):
    from wijzer.quality.models import Criterion, Topic

    framework, product = case
    profiles.refresh([product.pk], reindex=False)
    before = QualityProfile.objects.get(product=product).topics
    assert profiles.Packing.of([3, 4, 5]).first == 3
    assert profiles.Packing.of([5, 3, 4]).slots == [2, 0, 1]
    assert profiles.Packing.of([3, 5, 9]).first is None
    # A criterion added later to another topic breaks the run of ids: the CASE mapping is used.
    make_framework("other", published=False)
    extra = Criterion.objects.create(
        topic=Topic.objects.get(framework=framework, code="technologie"), code="TEC.9", statement="Later.", position=9
    )
    profiles._specs.clear()
    spec = profiles.framework_spec(framework)
    assert profiles.Packing.of([c.id for t in spec.topics for c in t.criteria]).first is None
    assert "CASE a.criterion_id WHEN" in profiles.Packing.of([1, 5]).sums("a.criterion_id", "a.score")[0]
    profiles.refresh([product.pk], reindex=False)
    after = profile_of(product.pk)
    assert topic(after, "inhoud")["experts"]["counts"] == {"1": 1, "2": 1, "3": 2, "4": 1}
    assert topic(after, "technologie")["criteria"][-1]["code"] == extra.code
    assert topic(after, "technologie")["criteria"][-1]["answers"] == 0
    assert len(QualityProfile.objects.get(product=product).topics["counts"]) == len(before["counts"]) + 5
    profiles.recompute_all(reindex=False)
    assert topic(profile_of(product.pk), "didactiek")["experts"]["counts"] == {"1": 0, "2": 2, "3": 2, "4": 2}


def test_n_is_the_same_count_of_scores_1_to_4_in_the_profile_the_confidence_and_the_table():
    """Regression: the teachers' n counted "niet van toepassing" too ("9 ervaringen") while the confidence said
    "onzeker: 8 ervaringen". Now n, the confidence and the table all count scores 1-4; n.v.t. stands apart."""
    from wijzer.quality.profile_html import topic_section

    spec = rules.FrameworkSpec(
        "v",
        (
            rules.TopicSpec(
                1, "inhoud", "Inhoud", (rules.CriterionSpec(10, "A", "a"), rules.CriterionSpec(11, "B", "b"))
            ),
        ),
    )
    data = rules.ProductData(
        reviews=3,
        experiences=9,
        answers={10: rules.Counts((0, 0, 1, 0), 2), 11: rules.Counts((0, 1, 1, 0), 1)},
        teachers={1: rules.Counts((0, 0, 1, 7), 1)},
        verified={1: rules.Counts((0, 0, 0, 0), 1)},
    )
    built = rules.build(spec, data)["topics"][0]
    assert built["teachers"]["experiences"] == 8
    assert built["teachers"]["not_applicable"] == 1
    assert built["teachers"]["confidence_text"] == "onzeker: 8 ervaringen"
    assert built["verified"]["experiences"] == 0
    # experts: reviewers with a score = the most scores on one criterion (B: 2), answers = scores only (3)
    assert (built["experts"]["reviewers"], built["experts"]["answers"], built["experts"]["not_applicable"]) == (2, 3, 3)
    assert built["experts"]["confidence_text"] == "onzeker: 2 beoordelaars"
    assert [c["answers"] for c in built["criteria"]] == [1, 2]
    html = str(topic_section({**built, "experts_bar": [], "teachers_bar": []}, bar_width=160,
                             gateway_applies=False, full=False))  # fmt: skip
    assert "<td>8 ervaringen; 1 niet van toepassing</td>" in html
    assert "<td>onzeker: 8 ervaringen</td>" in html
    assert "<td>2 beoordelaars, 3 scores; 3 niet van toepassing</td>" in html
    assert "<td>0 ervaringen; 1 niet van toepassing</td>" in html
    assert "9 ervaringen" not in html
