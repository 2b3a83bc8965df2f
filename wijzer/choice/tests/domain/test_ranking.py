"""The explained ranking (W8 §2): normalised weights, contributions, unknowns, ties, must-haves apart."""

import pytest

from wijzer.choice.domain.ranking import (
    CRITERIA,
    NO_WEIGHT,
    CriterionValue,
    MustHaveCheck,
    RankCandidate,
    RankingError,
    coverage_value,
    normalise_weights,
    price_values,
    rank,
)


def _candidate(id_, title, must_haves=(), **values):
    return RankCandidate(
        id_, title, {key: CriterionValue(value, f"bron {key}") for key, value in values.items()}, must_haves
    )


def test_weights_are_normalised_to_sum_one_and_missing_criteria_weigh_zero():
    # given / when
    weights = normalise_weights({"price": 2, "quality": 6})

    # then
    assert weights == {"price": 0.25, "quality": 0.75, "coverage": 0.0, "privacy": 0.0, "openness": 0.0}
    assert tuple(weights) == CRITERIA


@pytest.mark.parametrize(
    ("_case", "weights", "message"),
    [
        ("all_zero", {"price": 0, "quality": 0}, NO_WEIGHT),
        ("empty", {}, NO_WEIGHT),
        ("negative", {"price": -1, "quality": 2}, "het gewicht van Prijs moet een getal van 0 of meer zijn"),
        ("not_a_number", {"price": float("nan")}, "het gewicht van Prijs moet een getal van 0 of meer zijn"),
        ("unknown", {"looks": 1}, "onbekend criterium: looks; kies uit price, quality, coverage, privacy, openness"),
    ],
)
def test_bad_weights_are_refused_in_dutch(_case, weights, message):
    with pytest.raises(RankingError) as refused:
        normalise_weights(weights)
    assert str(refused.value) == message


def test_score_is_the_weighted_sum_and_changing_a_weight_changes_the_order():
    # given: A is cheap, B is good
    a = _candidate("a", "Aardrijk", price=1.0, quality=0.2)
    b = _candidate("b", "Bolwerk", price=0.6, quality=1.0)

    # when: price weighs 3, quality 1 -> A = 0.75*1.0 + 0.25*0.2 = 0.80; B = 0.75*0.6 + 0.25*1.0 = 0.70
    by_price = rank([a, b], {"price": 3, "quality": 1})
    # and quality weighs 3, price 1 -> A = 0.25*1.0 + 0.75*0.2 = 0.40; B = 0.25*0.6 + 0.75*1.0 = 0.90
    by_quality = rank([a, b], {"price": 1, "quality": 3})

    # then
    assert [(r.rank, r.id, round(r.score, 10)) for r in by_price.ranked] == [(1, "a", 0.8), (2, "b", 0.7)]
    assert [(r.rank, r.id, round(r.score, 10)) for r in by_quality.ranked] == [(1, "b", 0.9), (2, "a", 0.4)]
    price = by_price.ranked[0].contributions[0]
    assert (price.criterion, price.value, price.weight, price.contribution) == ("price", 1.0, 0.75, 0.75)
    assert price.text == "Prijs: 1,00 × 75 % = 0,750 (bron price)"


def test_an_unknown_value_contributes_zero_and_is_named_onbekend():
    # given: C's quality is unknown, D's is 0; otherwise equal
    c = _candidate("c", "Cirkel", price=0.5, quality=None)
    d = _candidate("d", "Driehoek", price=0.5, quality=0.0)

    # when
    ranking = rank([c, d], {"price": 1, "quality": 1})

    # then: both score 0.25; the tie goes by title
    assert [(r.id, r.score) for r in ranking.ranked] == [("c", 0.25), ("d", 0.25)]
    quality = ranking.ranked[0].contributions[1]
    assert (quality.value, quality.contribution, quality.value_text, quality.known) == (None, 0.0, "onbekend", False)
    assert quality.text == "Kwaliteit: onbekend, telt als 0 (gewicht 50 %) (bron quality)"
    assert ranking.ranked[0].unknown == ("quality",)
    assert ranking.ranked[1].unknown == ()
    assert "Een onbekende waarde telt als 0" in ranking.rule


def test_a_criterion_left_out_is_unknown_but_only_listed_when_it_weighs():
    ranking = rank([_candidate("x", "X", price=1.0)], {"price": 1, "privacy": 1})

    assert ranking.ranked[0].unknown == ("privacy",)
    assert ranking.ranked[0].score == 0.5


def test_ties_go_by_title_then_id_whatever_the_input_order():
    # given: four candidates with the same score
    same = {"price": 0.5}
    candidates = [
        _candidate("2", "Beta", **same),
        _candidate("9", "Alfa", **same),
        _candidate("1", "Beta", **same),
        _candidate("5", "Alfa", **same),
    ]

    # when / then: the order is the same for the list and its reverse
    for given in (candidates, candidates[::-1]):
        assert [r.id for r in rank(given, {"price": 1}).ranked] == ["5", "9", "1", "2"]
        assert [r.rank for r in rank(given, {"price": 1}).ranked] == [1, 2, 3, 4]


def test_candidates_failing_a_must_have_or_with_an_unknown_fact_are_listed_apart_with_reasons():
    # given
    unknown = MustHaveCheck("privacy_approved", None, "onbekend: Wijzer registreert dit pas met W9")
    failed = MustHaveCheck("eduv", False, "ondersteunt Edu-V niet volgens de verklaring van de uitgever")
    passed = MustHaveCheck("sold_separately", True, "")
    candidates = [
        _candidate("ok", "Oké", (passed,), price=0.1),
        _candidate("u", "Ultra", (passed, unknown), price=1.0),
        _candidate("f", "Fout", (failed, unknown), price=0.9),
    ]

    # when
    ranking = rank(candidates, {"price": 1})

    # then
    assert [r.id for r in ranking.ranked] == ["ok"]
    assert [(f.id, f.reasons) for f in ranking.failed] == [
        ("f", (failed.reason, unknown.reason)),
        ("u", (unknown.reason,)),
    ]
    assert ranking.failed[1].score == 1.0


@pytest.mark.parametrize(
    ("_case", "candidates", "message"),
    [
        ("value_above_one", [_candidate("a", "A", price=1.5)], "A: de waarde voor Prijs ligt niet tussen 0 en 1"),
        ("unknown_criterion", [_candidate("a", "A", colour=0.5)], "A: onbekend criterium colour"),
        ("twice", [_candidate("a", "A"), _candidate("a", "B")], "kandidaat a staat twee keer in de lijst"),
    ],
)
def test_malformed_candidates_are_refused(_case, candidates, message):
    with pytest.raises(RankingError) as refused:
        rank(candidates, {"price": 1})
    assert str(refused.value) == message


def test_no_candidates_is_an_empty_ranking():
    ranking = rank([], {"price": 1})
    assert (ranking.ranked, ranking.failed) == ((), ())


@pytest.mark.parametrize(
    ("_case", "costs", "values"),
    [
        ("spread", [100, 300, None, 200], [1.0, 0.0, None, 0.5]),
        ("all_equal", [250, 250, None], [1.0, 1.0, None]),
        ("free_and_paid", [0, 1000], [1.0, 0.0]),
        ("all_unknown", [None, None], [None, None]),
        ("none", [], []),
    ],
)
def test_price_values_are_min_max_inverted(_case, costs, values):
    assert price_values(costs) == values


def test_price_values_refuse_a_negative_price():
    with pytest.raises(RankingError):
        price_values([10, -1])


def test_coverage_value_counts_only_required_goals():
    assert coverage_value({"a", "b", "x"}, ["a", "b", "c", "d"]) == 0.5
    assert coverage_value(set(), ["a"]) == 0.0
    assert coverage_value({"a"}, []) is None
