"""Properties of the mix on small random instances (W8 §3, "What will be checked"): the integer program's optimum
equals brute force; covered + uncovered are the required goals; every covered goal is covered by a chosen item; the
cost adds up and fits the budget; greedy is never cheaper at the same coverage; alternatives are the next-best."""

from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijzer.choice.domain.mix import MixCandidate, MixStatus, brute_force_mix, greedy_mix, solve_mix

GOALS = [f"k{i}" for i in range(7)]


@st.composite
def instances(draw):
    goals = GOALS[: draw(st.integers(1, len(GOALS)))]
    pool = [*goals, "elders"]  # "elders": a goal outside the required ones
    count = draw(st.integers(0, 9))
    candidates = [
        MixCandidate(
            f"c{i}",
            f"Kandidaat {i}",
            draw(st.one_of(st.just(0), st.integers(1, 900))),
            frozenset(draw(st.lists(st.sampled_from(pool), max_size=4))),
        )
        for i in range(count)
    ]
    budget = draw(st.one_of(st.none(), st.integers(0, 2500)))
    return candidates, goals, budget


def _subsets(candidates):
    for size in range(len(candidates) + 1):
        yield from combinations(candidates, size)


def _cover(subset, goals):
    return set().union(*(c.goals for c in subset)) & set(goals) if subset else set()


def _check_mix(mix, candidates, goals, budget):
    by_id = {c.id: c for c in candidates}
    assert sorted([*mix.covered, *mix.uncovered_ids]) == sorted(goals)
    assert not set(mix.covered) & set(mix.uncovered_ids)
    assert len({item.id for item in mix.items}) == len(mix.items)
    for item in mix.items:
        assert set(item.goals) <= by_id[item.id].goals
        assert item.cost_cents == by_id[item.id].cost_cents
    assert set(mix.covered) == _cover([by_id[item.id] for item in mix.items], goals)
    assert mix.total_cost_cents == sum(by_id[item.id].cost_cents for item in mix.items)
    assert budget is None or mix.total_cost_cents <= budget


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.sampled_from(["paid", "items"]))
def test_the_integer_program_finds_the_brute_force_optimum(instance, distinct):
    # given
    candidates, goals, budget = instance

    # when
    exact = solve_mix(candidates, goals, budget, alternatives=2, distinct=distinct)
    brute = brute_force_mix(candidates, goals, budget)
    greedy = greedy_mix(candidates, goals, budget)

    # then: the same coverage and cost as brute force, and every mix is consistent
    assert exact.status == brute.status
    assert (len(exact.covered), exact.total_cost_cents) == (len(brute.covered), brute.total_cost_cents)
    assert exact.full_coverage_cents == brute.full_coverage_cents
    for mix in (exact.best, *exact.alternatives, greedy.best):
        _check_mix(mix, candidates, goals, budget)
    if exact.status is MixStatus.NO_MIX:
        return
    assert exact.status in (MixStatus.OPTIMAL, MixStatus.PARTIAL)
    assert len(greedy.covered) <= len(exact.covered)
    if len(greedy.covered) == len(exact.covered):
        assert greedy.total_cost_cents >= exact.total_cost_cents
    _check_alternatives(exact, candidates, goals, budget, distinct)


def _key(mix, distinct):
    """The items a no-good cut is laid on: the paid ones ("paid", unless all are free), else all."""
    paid = frozenset(item.id for item in mix.items if item.cost_cents > 0)
    return paid if distinct == "paid" and paid else frozenset(item.id for item in mix.items)


def _check_alternatives(exact, candidates, goals, budget, distinct):
    """Each alternative is the cheapest mix with the same number of goals within budget that contains no earlier
    mix's cut items (brute force over every subset)."""
    found = [_key(exact.best, distinct)]
    previous = exact.total_cost_cents
    for mix in exact.alternatives:
        ids = frozenset(item.id for item in mix.items)
        assert len(mix.covered) == len(exact.covered)
        assert not any(earlier <= ids for earlier in found)
        cheapest = min(
            sum(c.cost_cents for c in subset)
            for subset in _subsets(candidates)
            if len(_cover(subset, goals)) == len(exact.covered)
            and (budget is None or sum(c.cost_cents for c in subset) <= budget)
            and not any(earlier <= {c.id for c in subset} for earlier in found)
        )
        assert mix.total_cost_cents == cheapest
        assert mix.total_cost_cents >= previous
        previous = mix.total_cost_cents
        found.append(_key(mix, distinct))
