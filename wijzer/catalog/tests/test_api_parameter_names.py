"""W5.4: the search API has English parameter names; the old Dutch names are documented, deprecated aliases.

On a catalogue of four products: the new name and the old name select exactly the same products, both together with
the same value are fine, with different values a Dutch 422 says which name to use; the OpenAPI lists every alias.
"""

from __future__ import annotations

from typing import Any

import pytest

from wijzer.api import api
from wijzer.catalog import actions
from wijzer.catalog.api import FACET_PARAMS, SORT_VALUES
from wijzer.catalog.domain.search.facets import FACET_NAMES
from wijzer.catalog.models import Product
from wijzer.curriculum.models import Subject

pytestmark = pytest.mark.usefixtures("slo")

URL = "/api/v1/catalog/search"


@pytest.fixture
def shelf() -> dict[str, Any]:
    """Four products: two subjects, two sectors, three types, indexed for search."""
    maths, dutch = Subject.objects.order_by("pk").values_list("uuid", flat=True)[:2]
    rows = [
        ("Alfa open vo", "open_resource", ["vo"], [str(maths)], "cc-by-4.0"),
        ("Bravo bundel vo", "lifo_bundle", ["vo"], [str(maths)], "copyright"),
        ("Charlie open po", "open_resource", ["po"], [str(dutch)], "cc-by-4.0"),
        ("Delta boek vo", "print", ["vo"], [str(dutch)], "copyright"),
    ]
    products = {
        title: Product.objects.create(
            key=f"id:test-{n}", title=title, product_type=kind, sectors=sectors, subject_ids=subjects, licence=licence
        )
        for n, (title, kind, sectors, subjects, licence) in enumerate(rows)
    }
    actions.do_reindex_search()
    return {"ids": {title: str(p.uuid) for title, p in products.items()}, "maths": str(maths), "dutch": str(dutch)}


def found(client: Any, params: dict[str, Any]) -> tuple[int, list[str]]:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    body = response.json()
    return body["count"], [item["title"] for item in body["items"]]


def test_every_facet_has_one_english_parameter():
    assert sorted(FACET_PARAMS.values()) == sorted(FACET_NAMES)
    assert all(name.isascii() and name == name.lower() for name in FACET_PARAMS)


@pytest.mark.parametrize(
    ("new", "old", "value", "expected"),
    [
        ("type", "soort", ["open_resource"], ["Alfa open vo", "Charlie open po"]),
        ("type", "soort", ["open_resource", "print"], ["Alfa open vo", "Charlie open po", "Delta boek vo"]),
        ("licence", "licentie", ["copyright"], ["Bravo bundel vo", "Delta boek vo"]),
    ],
)
def test_the_new_name_and_the_old_name_find_the_same_products(client, shelf, new, old, value, expected):
    assert found(client, {new: value, "sort": "title"}) == (len(expected), expected)
    assert found(client, {old: value, "sort": "titel"}) == (len(expected), expected)
    assert found(client, {new: value, old: list(reversed(value)), "sort": "title"}) == (len(expected), expected)


def test_the_subject_facet_under_both_names(client, shelf):
    expected = (2, ["Alfa open vo", "Bravo bundel vo"])
    assert found(client, {"subject": shelf["maths"], "sort": "title"}) == expected
    assert found(client, {"vak": shelf["maths"], "sort": "title"}) == expected
    both = found(client, {"subject": shelf["maths"], "type": "lifo_bundle"})
    assert both == found(client, {"vak": shelf["maths"], "soort": "lifo_bundle"}) == (1, ["Bravo bundel vo"])


def test_the_facets_of_the_answer_are_keyed_by_the_english_parameter_name(client, shelf):
    body = client.get(URL, {"sector": "vo"}).json()
    assert body["count"] == 3
    assert {"type", "subject", "licence", "price", "sector"} <= set(body["facets"])
    assert not set(body["facets"]) & {"soort", "vak", "licentie", "prijs"}
    types = {v["value"]: v["count"] for v in body["facets"]["type"]}
    assert types == {"open_resource": 1, "lifo_bundle": 1, "print": 1}


def test_a_sort_by_its_english_or_old_dutch_name_gives_the_same_order(client, shelf):
    for new, old in SORT_VALUES.items():
        assert found(client, {"sort": new}) == found(client, {"sort": old}), new
    everything = ["Alfa open vo", "Bravo bundel vo", "Charlie open po", "Delta boek vo"]
    assert found(client, {"sort": "title"}) == (4, everything)


def test_both_names_with_different_values_are_refused_in_dutch(client, shelf):
    response = client.get(URL, {"type": "open_resource", "soort": "print"})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "De parameters 'type' en 'soort' zijn dezelfde ('soort' is de oude naam) maar hebben een "
        "verschillende waarde. Gebruik alleen 'type'."
    }
    subjects = client.get(URL, {"subject": shelf["maths"], "vak": [shelf["maths"], shelf["dutch"]]})
    assert subjects.status_code == 422
    assert "Gebruik alleen 'subject'." in subjects.json()["detail"]


def test_a_bad_value_still_gives_the_dutch_validation_message(client, shelf):
    response = client.get(URL, {"sort": "duurste"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("Ongeldige invoer: sort: ongeldige waarde (toegestaan: 'relevance', 'price'")
    assert "'relevantie'" in detail


def test_the_openapi_document_lists_every_alias_as_deprecated_and_names_it_at_the_new_parameter():
    parameters = {p["name"]: p for p in api.get_openapi_schema()["paths"][URL]["get"]["parameters"]}
    for new, old in FACET_PARAMS.items():
        assert parameters[new].get("deprecated") is None, new
        if new == old:
            assert "alias" not in parameters[new]["description"], new
            continue
        assert f"(alias: {old}, verouderd)" in parameters[new]["description"], new
        assert parameters[old]["deprecated"] is True, old
        assert parameters[old]["description"] == f"Verouderde alias van `{new}` (de oude naam); gebruik `{new}`."
    assert "relevantie" in parameters["sort"]["description"]
    assert parameters["sort"]["schema"]["default"] == "relevance"
