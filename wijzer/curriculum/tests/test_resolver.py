"""Stale-id resolution through replacedBy chains (pure)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wijzer.curriculum.domain.resolver import resolve


def _resolve(requested, current, table):
    return resolve(requested, current.__contains__, table.get)


def test_current_id_resolves_to_itself_and_is_not_stale():
    result = _resolve("a", {"a"}, {})
    assert result.current == ("a",)
    assert not result.was_stale


def test_chain_of_two_steps_reaches_the_current_goal():
    result = _resolve("old", {"new"}, {"old": ["mid"], "mid": ["new"]})
    assert result.current == ("new",)
    assert result.path == ("old", "mid")


def test_fan_out_returns_every_current_goal_in_order():
    result = _resolve("old", {"x", "y"}, {"old": ["x", "gone"], "gone": ["y"]})
    assert result.current == ("x", "y")


def test_cycle_ends_without_result():
    result = _resolve("a", set(), {"a": ["b"], "b": ["a"]})
    assert result.current == ()
    assert result.path == ("a", "b")


def test_unknown_id_resolves_to_nothing():
    result = _resolve("zzz", {"a"}, {"old": ["a"]})
    assert result.current == ()
    assert not result.was_stale


@given(
    st.dictionaries(st.sampled_from("abcdef"), st.lists(st.sampled_from("abcdefxyz"), max_size=3)),
    st.sampled_from("abcdef"),
)
def test_resolution_only_returns_current_ids(table, start):
    current = {"x", "y", "z"}
    result = _resolve(start, current, table)
    assert set(result.current) <= current
