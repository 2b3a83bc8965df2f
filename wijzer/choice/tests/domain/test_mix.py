"""The optimal mix (W8 §3) on hand-made instances whose optimum is worked out in the comments."""

import random

import numpy as np
import pytest

from wijzer.choice.domain.mix import (
    MixCandidate,
    MixInputError,
    MixResult,
    MixStatus,
    brute_force_mix,
    greedy_mix,
    solve_mix,
)
from wijzer.choice.domain.mix_model import build_cover_model, prune
from wijzer.choice.domain.mix_result import MixTimings, euro

GOALS = ["1", "2", "3", "4"]
# Four goals. B is the only paid candidate with goal 4, so every paid full cover holds B; goals 1 and 2 then need
# A (200) or C (270) or D alone (500, all four). Full covers without the free O: {A,B} 400, {B,C} 470, {D} 500.
# Greedy takes C first (270 / 3 goals = 90 a goal, below A's and B's 100), then B for goal 4: 470, 17.5 % dearer.
A = MixCandidate("a", "Alfa", 200, frozenset({"1", "2"}))
B = MixCandidate("b", "Beta", 200, frozenset({"3", "4"}))
C = MixCandidate("c", "Gamma", 270, frozenset({"1", "2", "3"}))
D = MixCandidate("d", "Delta", 500, frozenset({"1", "2", "3", "4"}))
OPEN = MixCandidate("o", "Open materiaal", 0, frozenset({"4"}))  # free: with it, C + O = 270 covers everything
ELSEWHERE = MixCandidate("x", "Ander vak", 50, frozenset({"99"}))  # covers no required goal


def _ids(mix):
    return [item.id for item in mix.items]


def test_least_cost_full_cover_beats_greedy():
    # when
    result = solve_mix([A, B, C], GOALS, None)

    # then: {A, B} = 400 (see the instance above); greedy pays 470
    assert (result.status, _ids(result), result.total_cost_cents) == (MixStatus.OPTIMAL, ["a", "b"], 400)
    assert result.covered == ("1", "2", "3", "4")
    assert (result.uncovered, result.complete, result.gap) == ((), True, 0.0)
    assert result.objective == 400.0
    assert result.status_text == "optimaal"
    assert greedy_mix([A, B, C], GOALS, None).total_cost_cents == 470
    assert brute_force_mix([A, B, C], GOALS, None).total_cost_cents == 400
    assert [item.goals for item in result.items] == [("1", "2"), ("3", "4")]


def test_free_open_material_makes_the_cheapest_mix():
    # C covers 1-3 for 270, the free O covers 4: 270 < 400
    result = solve_mix([A, B, C, OPEN], GOALS, 10_000)

    assert (_ids(result), result.total_cost_cents, result.status) == (["c", "o"], 270, MixStatus.OPTIMAL)


def test_alternatives_are_distinct_and_never_cheaper_and_stop_when_there_are_no_more():
    # given: D and a candidate outside the required goals
    result = solve_mix([A, B, C, D, ELSEWHERE], GOALS, None, alternatives=3)

    # then: the covers of the instance, cheapest first; no superset of an earlier mix ({A,B,C} would be one)
    assert _ids(result) == ["a", "b"]
    assert [(_ids(mix), mix.total_cost_cents) for mix in result.alternatives] == [(["b", "c"], 470), (["d"], 500)]
    assert all(mix.covered == ("1", "2", "3", "4") for mix in result.alternatives)
    assert result.ignored == ("x",)
    assert (
        "Er zijn maar 2 andere mixen met andere betaalde onderdelen die evenveel doelen dekken binnen het budget "
        "(gevraagd: 3)."
    ) in (result.explanation)
    assert "1 kandidaten dekken geen vereist doel en doen niet mee." in result.explanation
    assert [info.phase for info in result.solves] == ["min_cost", "alternative", "alternative", "alternative"]


def test_alternatives_differ_in_what_is_bought_unless_asked_for_any_difference():
    # given: two free items for goal 4, so C + either one costs 270
    other_open = MixCandidate("p", "Open materiaal 2", 0, frozenset({"4"}))
    candidates = [A, B, C, OPEN, other_open]

    # when
    paid = solve_mix(candidates, GOALS, None, alternatives=3)
    items = solve_mix(candidates, GOALS, None, alternatives=3, distinct="items")

    # then: "paid" skips the swap of one free item for the other; after {A,B} no mix leaves out C and one of A, B
    assert (paid.total_cost_cents, [mix.total_cost_cents for mix in paid.alternatives]) == (270, [400])
    assert _ids(paid.alternatives[0]) == ["a", "b"]
    # "items": {C, other free} 270, {A, B} 400, {B, C} 470 (none contains an earlier set)
    assert [mix.total_cost_cents for mix in items.alternatives] == [270, 400, 470]
    assert {_ids(items)[1], _ids(items.alternatives[0])[1]} == {"o", "p"}
    assert "Er is maar 1 andere mix met andere betaalde onderdelen die evenveel doelen dekt binnen het budget " in (
        " ".join(paid.explanation)
    )


def test_alternatives_respect_the_budget():
    # a budget of 470 leaves {A,B} 400 and {B,C} 470, not {D} 500
    result = solve_mix([A, B, C, D], GOALS, 470)

    assert [mix.total_cost_cents for mix in result.alternatives] == [470]


def test_no_alternatives_asked_none_computed():
    result = solve_mix([A, B, C, D], GOALS, None, alternatives=0)

    assert (result.alternatives, len(result.solves)) == ((), 1)


def test_unaffordable_full_coverage_gives_the_most_goals_within_budget_then_the_least_cost():
    # given: budget 300 < 400, the cheapest full cover. Within 300: C alone covers 3 goals (270); A or B alone 2;
    # any pair costs 400 or more. So C, with goal 4 dropped for the budget.
    result = solve_mix([A, B, C, D], GOALS, 300, pupils=4)

    # then
    assert (result.status, _ids(result), result.total_cost_cents) == (MixStatus.PARTIAL, ["c"], 270)
    assert [(goal.goal, goal.reason, goal.text) for goal in result.uncovered] == [
        ("4", "budget", "niet betaalbaar binnen het budget")
    ]
    assert result.full_coverage_cents == 400
    assert result.explanation[0] == (
        "De goedkoopste mix met volledige dekking kost € 4,00, meer dan het budget van € 3,00: verhoog het budget "
        "met € 1,00 (€ 0,25 per leerling) of schrap doelen."
    )
    assert result.explanation[1] == (
        "Binnen het budget dekt deze mix zoveel mogelijk doelen, 3 van de 4, voor € 2,70; 1 doel blijft open "
        "(niet betaalbaar binnen het budget)."
    )
    assert [info.phase for info in result.solves][:3] == ["min_cost", "max_coverage", "least_cost_at_coverage"]
    assert result.alternatives == ()  # no other single item or pair covers 3 goals within 300


def test_at_equal_coverage_within_budget_the_cheaper_mix_wins():
    # given: budget 269 leaves A (200) and B (200) with 2 goals each; an extra E covers 2 goals for 250
    expensive = MixCandidate("e", "Epsilon", 250, frozenset({"2", "3"}))
    result = solve_mix([A, B, C, expensive], GOALS, 269)

    # then: 2 goals for 200 (A or B), and the other two at 2 goals as alternatives, cheapest first
    assert (len(result.covered), result.total_cost_cents, result.status) == (2, 200, MixStatus.PARTIAL)
    assert [mix.total_cost_cents for mix in result.alternatives] == [200, 250]
    assert result.objective == 200.0


def test_a_goal_no_candidate_covers_is_uncovered_up_front_and_the_rest_still_solved():
    result = solve_mix([A, B, C], [*GOALS, "5"], None)

    assert (result.status, _ids(result), result.total_cost_cents) == (MixStatus.OPTIMAL, ["a", "b"], 400)
    assert [(goal.goal, goal.reason) for goal in result.uncovered] == [("5", "no_candidate")]
    assert result.complete is False
    assert result.explanation[0] == "De goedkoopste mix dekt alle 4 doelen die een kandidaat dekt, voor € 4,00."
    assert result.to_dict()["uncovered"] == ["5"]
    assert result.to_dict()["uncovered_reasons"] == {"5": "no_candidate"}


def test_a_zero_budget_takes_only_free_material_and_says_what_to_relax():
    result = solve_mix([A, B, C, OPEN], GOALS, 0)

    assert (result.status, _ids(result), result.total_cost_cents) == (MixStatus.PARTIAL, ["o"], 0)
    assert [goal.goal for goal in result.uncovered] == ["1", "2", "3"]
    assert "Het budget is € 0: alleen gratis (open) materiaal past. Verhoog het budget per leerling." in (
        result.explanation
    )
    assert result.full_coverage_cents == 270


def test_a_zero_budget_without_free_material_is_an_empty_mix_with_an_explanation():
    result = solve_mix([A, B, C], GOALS, 0)

    assert (result.status, result.items, result.total_cost_cents) == (MixStatus.PARTIAL, (), 0)
    assert [goal.reason for goal in result.uncovered] == ["budget"] * 4
    assert (
        "Binnen het budget past geen kandidaat die een vereist doel dekt: 4 doelen blijven open (niet betaalbaar "
        "binnen het budget)."
    ) in result.explanation


@pytest.mark.parametrize(
    ("_case", "candidates", "goals", "pupils", "reason", "starts"),
    [
        ("zero_pupils", [A, B], GOALS, 0, "zero_pupils", "Het profiel heeft 0 leerlingen"),
        ("no_candidates", [], GOALS, 30, "no_candidates", "Er is geen kandidaat met een bekende prijs"),
        ("no_goals", [A, B], [], 30, "no_goals", "Er zijn geen vereiste doelen"),
        ("nothing_coverable", [ELSEWHERE], GOALS, 30, "no_coverable_goal", "Geen enkele kandidaat dekt een van"),
    ],
)
def test_nothing_to_solve_is_a_result_with_a_dutch_reason_not_an_error(
    _case, candidates, goals, pupils, reason, starts
):
    for solver in (solve_mix, greedy_mix, brute_force_mix):
        result = solver(candidates, goals, 1000, pupils=pupils)

        assert (result.status, result.reason, result.items) == (MixStatus.NO_MIX, reason, ())
        assert result.explanation[0].startswith(starts)
        assert [goal.goal for goal in result.uncovered] == list(goals)
        assert result.status_text == "geen mix mogelijk"


@pytest.mark.parametrize(
    ("_case", "candidates", "budget", "options", "message"),
    [
        ("negative_cost", [MixCandidate("a", "Alfa", -1, frozenset())], None, {}, "Alfa: de kosten moeten"),
        ("cost_not_whole", [MixCandidate("a", "Alfa", 1.5, frozenset())], None, {}, "Alfa: de kosten moeten"),  # type: ignore[arg-type]  # the check under test
        ("twice", [A, A], None, {}, "een kandidaat staat twee keer in de lijst"),
        ("negative_budget", [A], -5, {}, "het budget moet een heel aantal centen"),
        ("negative_pupils", [A], 5, {"pupils": -1}, "het aantal leerlingen moet"),
        ("no_time", [A], 5, {"time_limit": 0}, "de tijdslimiet moet meer dan 0 seconden zijn"),
        ("negative_alternatives", [A], 5, {"alternatives": -1}, "het aantal alternatieven moet"),
        ("distinct", [A], 5, {"distinct": "cheap"}, "onbekende keuze voor 'distinct': cheap; kies paid of items"),
    ],
)
def test_malformed_input_is_refused_in_dutch(_case, candidates, budget, options, message):
    with pytest.raises(MixInputError) as refused:
        solve_mix(candidates, GOALS, budget, **options)
    assert str(refused.value).startswith(message)


def test_required_goals_given_twice_count_once():
    result = solve_mix([A, B], ["1", "2", "1", "3", "4", "4"], None)

    assert result.required == ("1", "2", "3", "4")
    assert result.covered == ("1", "2", "3", "4")


def test_a_free_item_that_adds_nothing_is_pruned_from_the_mix():
    # given: a free item covering goal 1, which A also covers: {A, B} and {A, B, free} both cost 400
    redundant = MixCandidate("f", "Gratis", 0, frozenset({"1"}))
    result = solve_mix([A, B, redundant], GOALS, None, alternatives=1)

    # then: the mix holds no item whose goals the others cover, and the free item alone is not an 'alternative'
    assert _ids(result) == ["a", "b"]
    assert result.alternatives == ()


def test_the_cli_shape():
    result = solve_mix([A, B, C], GOALS, 1000, alternatives=1)

    shape = result.to_dict()

    assert {key: shape[key] for key in ("status", "items", "total_cost_cents", "covered", "uncovered")} == {
        "status": "optimal",
        "items": [
            {"product_id": "a", "title": "Alfa", "cost_cents": 200, "goals": ["1", "2"]},
            {"product_id": "b", "title": "Beta", "cost_cents": 200, "goals": ["3", "4"]},
        ],
        "total_cost_cents": 400,
        "covered": ["1", "2", "3", "4"],
        "uncovered": [],
    }
    assert shape["alternatives"][0]["total_cost_cents"] == 470
    assert (shape["gap"], shape["complete"], shape["budget_cents"]) == (0.0, True, 1000)


def test_a_time_limit_status_shows_the_gap_in_dutch():
    result = MixResult(MixStatus.TIME_LIMIT, solve_mix([A, B], GOALS, None).best, tuple(GOALS), None, gap=0.0123)

    assert result.status_text == "tijdslimiet bereikt: beste gevonden mix, niet bewezen optimaal (gap 1,23 %)"
    assert result.timings == MixTimings()


def test_the_same_input_gives_the_same_mix_whatever_the_order_of_a_set():
    # given: equal-cost covers ({A,B} and {P,Q}); the goal sets built in a different order
    p = MixCandidate("p", "Pi", 200, frozenset(["2", "1"]))
    q = MixCandidate("q", "Qoppa", 200, frozenset(["4", "3"]))

    first = solve_mix([A, B, p, q], GOALS, None, alternatives=0)
    again = solve_mix([A, B, p, q], list(GOALS), None, alternatives=0)

    assert _ids(first) == _ids(again)
    assert first.total_cost_cents == 400


def _large(count, goals=150, seed=7):
    """A seeded instance too big to solve in a millisecond: paid candidates with 3-30 of the goals."""
    rng = random.Random(seed)
    names = [f"doel-{j}" for j in range(goals)]
    candidates = []
    for i in range(count):
        covered = frozenset(rng.sample(names, rng.randint(3, 30)))
        candidates.append(MixCandidate(f"k{i}", f"Kandidaat {i}", len(covered) * rng.randint(500, 2000), covered))
    return candidates, names


def test_when_time_runs_out_before_highs_has_a_mix_the_greedy_mix_is_shown_as_not_proven():
    # given: 10,000 candidates and a millisecond (the presolve alone takes longer)
    candidates, goals = _large(10_000)

    # when
    result = solve_mix(candidates, goals, None, time_limit=0.001)

    # then: a full mix, the greedy one, marked as not proven
    greedy = greedy_mix(candidates, goals, None)
    assert [info.status for info in result.solves] == ["no_solution"]
    assert (result.status, result.greedy_fallback, result.gap) == (MixStatus.TIME_LIMIT, True, None)
    assert (_ids(result), result.total_cost_cents) == (_ids(greedy), greedy.total_cost_cents)
    assert (result.covered, result.uncovered) == (tuple(goals), ())
    assert result.alternatives == ()
    assert result.explanation[:2] == (
        f"De beste gevonden mix dekt alle 150 doelen, voor {euro(result.total_cost_cents)}.",
        "HiGHS had binnen de tijd nog geen mix; dit is de mix van de gulzige heuristiek.",
    )
    assert result.status_text == "tijdslimiet bereikt: beste gevonden mix, niet bewezen optimaal"


def test_pruning_drops_items_whose_goals_others_cover_dearest_first():
    # given: A {1,2} 200, B {3,4} 200, C {1,2,3} 270, a free {1}; all four chosen
    redundant = MixCandidate("f", "Gratis", 0, frozenset({"1"}))
    model = build_cover_model([A, B, C, redundant], GOALS)

    # when
    kept = prune(model, np.arange(4))

    # then: C (dearest) goes first (1, 2, 3 stay covered by A and B), then the free item (A covers 1)
    assert [model.columns[i] for i in kept] == [0, 1]
