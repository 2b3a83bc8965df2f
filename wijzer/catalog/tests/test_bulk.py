"""catalog.bulk: the fast JSON text equals json.dumps; core.db.select_in finds exactly the asked rows."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijzer.catalog import bulk
from wijzer.catalog.models import Method
from wijzer.core import db

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)


@given(st.lists(st.text()) | st.dictionaries(st.text(), st.lists(st.text())) | JSON_VALUES)
def test_json_text_is_exactly_compact_json_dumps(value):
    assert bulk.json_text(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@pytest.mark.django_db
def test_select_in_returns_the_rows_whose_field_is_one_of_the_values(monkeypatch):
    monkeypatch.setattr(db, "IN_CHUNK", 2)  # several statements
    made = {name: Method.objects.create(name=name).pk for name in ("a", "b", "c", "d", "e")}
    found = db.select_in(Method, ["name", "id"], "name", ["e", "a", "x", "a", "c"])
    assert sorted(found) == [("a", made["a"]), ("c", made["c"]), ("e", made["e"])]
    assert db.select_in(Method, ["id"], "name", ["a", "b"], where={"name": "b"}) == [(made["b"],)]
    assert db.select_in(Method, ["id"], "name", []) == []
