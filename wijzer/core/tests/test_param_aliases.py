"""core.params.with_alias (W5.4): a parameter under its new name, its old name, or both with the same value."""

from __future__ import annotations

import pytest
from ninja.errors import HttpError

from wijzer.core.params import alias_field, with_alias


@pytest.mark.parametrize(
    ("new_value", "old_value", "expected"),
    [
        (["a"], [], ["a"]),
        ([], ["a"], ["a"]),
        (["a", "b"], ["b", "a", "a"], ["b", "a", "a"]),  # the same OR-set: order and repeats do not matter
        ("po", None, "po"),
        (None, "po", "po"),
        ("", "po", "po"),
        ("po", "po", "po"),
        (None, None, None),
    ],
)
def test_one_name_or_both_with_the_same_value_is_accepted(new_value, old_value, expected):
    assert with_alias("subject", new_value, "vak", old_value) == expected


@pytest.mark.parametrize(("new_value", "old_value"), [(["a"], ["b"]), (["a", "b"], ["a"]), ("po", "vo")])
def test_both_names_with_different_values_is_a_dutch_422_naming_the_new_name(new_value, old_value):
    with pytest.raises(HttpError) as refused:
        with_alias("subject", new_value, "vak", old_value)
    assert refused.value.status_code == 422
    assert str(refused.value) == (
        "De parameters 'subject' en 'vak' zijn dezelfde ('vak' is de oude naam) maar hebben een verschillende "
        "waarde. Gebruik alleen 'subject'."
    )


def test_an_alias_field_is_deprecated_and_says_what_to_use_instead():
    field = alias_field("subject", "vak", many=True)
    assert field.deprecated is True
    assert field.description == "Verouderde alias van `subject` (de oude naam); gebruik `subject`."
    assert field.default_factory() == []
