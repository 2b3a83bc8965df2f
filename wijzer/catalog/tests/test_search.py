"""Search over the real demo catalogue (W4): Dutch stemming, facet counts, sorting, index upkeep, bad input.

The same tests run on SQLite (FTS5) and, in CI, on PostgreSQL (tsvector/GIN): the results must be identical.
"""

from __future__ import annotations

import pytest

from wijzer.catalog import actions
from wijzer.catalog.models import Product, SearchRow
from wijzer.catalog.search import engine
from wijzer.catalog.search.engine import SearchError, search
from wijzer.catalog.tests.factories import ProductFactory, index
from wijzer.ingest.demo import load_demo_catalogue

pytestmark = pytest.mark.usefixtures("slo")


@pytest.fixture
def demo():
    return load_demo_catalogue()


def titles(result):
    by_pk = dict(Product.objects.filter(pk__in=result.items).values_list("pk", "title"))
    return [by_pk[pk] for pk in result.items]


def counts(result, facet):
    return {v.value: v.count for v in result.facets[facet]}


def test_every_product_of_an_ingest_run_gets_a_search_row(demo):
    assert SearchRow.objects.count() == Product.objects.count() == 298


def test_dutch_stemming_finds_other_forms_on_real_records(demo):
    # given: the open demo record "Breuken op de getallenlijn (voorbeeld)"
    expected = set(Product.objects.filter(title__icontains="breuk").values_list("pk", flat=True))
    # when / then: singular, plural, upper case and as the first of two words
    for q in ("breuk", "breuken", "BREUKEN", "breuken getallenlijn"):
        assert set(search(q).items) == expected, q
    assert titles(search("breuken getallenlijn")) == ["Breuken op de getallenlijn (voorbeeld)"]


def test_accents_are_ignored_and_the_last_word_is_a_prefix(demo):
    everything_maths = set(search("wiskunde", limit=100).items)
    assert len(everything_maths) == 45
    for q in ("wiskundé", "WISKUNDE", "wisk", "wiskundig"):
        assert set(search(q, limit=100).items) == everything_maths, q
    assert search("procent").items == search("procenten").items


def test_wiskunde_havo_2_ranks_the_havo_2_products_first(demo):
    result = search("wiskunde havo 2")
    assert titles(result)[:3] == [
        "Formulepad (voorbeeld) havo 2 leerlinglicentie 1 jaar",
        "Formulepad (voorbeeld) havo 2 LiFo: werkboek inclusief 1 jaar licentie",
        "Formulepad (voorbeeld) havo 2 werkboek (los)",
    ]


def test_facet_counts_match_the_catalogue(demo):
    result = search("")
    by_type = {}
    for product_type in Product.objects.values_list("product_type", flat=True):
        by_type[product_type] = by_type.get(product_type, 0) + 1
    assert counts(result, "soort") == by_type
    assert counts(result, "sector") == {
        "po": Product.objects.filter(sectors__icontains='"po"').count(),
        "vo": Product.objects.filter(sectors__icontains='"vo"').count(),
    }
    assert result.count == 298
    assert "kerndoel" not in result.facets  # no alignment data yet: hidden, not faked
    assert "visie" not in result.facets


def test_values_of_one_facet_are_or_and_facets_are_and(demo):
    # given
    open_vo = search("", {"soort": ["open_resource"], "sector": ["vo"]})
    both_types = search("", {"soort": ["open_resource", "lifo_bundle"], "sector": ["vo"]})
    # then: the selected facet's own counts ignore its own filter, the other facets' counts apply it
    assert open_vo.count == Product.objects.filter(product_type="open_resource", sectors__icontains='"vo"').count()
    assert counts(open_vo, "soort") == counts(search("", {"sector": ["vo"]}), "soort")
    assert both_types.count == counts(open_vo, "soort")["open_resource"] + counts(open_vo, "soort")["lifo_bundle"]
    assert counts(open_vo, "sector") == {"po": 23, "vo": 28}


def test_sort_by_price_puts_unknown_prices_last(demo):
    result = search("formulepad", sort="prijs", limit=100)
    prices = dict(SearchRow.objects.filter(product__in=result.items).values_list("product_id", "price_cents"))
    ordered = [prices[pk] for pk in result.items]
    known = [p for p in ordered if p is not None]
    assert known == sorted(known)
    assert ordered == known + [None] * (len(ordered) - len(known))
    assert len(ordered) == result.count


def test_common_word_bitmaps_give_the_same_results_as_the_full_text_index(demo):
    queries = [("wiskunde", {}), ("voorbeeld", {}), ("voorbeeld wisk", {"sector": ["vo"]}), ("licentie", {}),
               ("voorbeeldgegevens havo", {"soort": ["lifo_bundle"]})]  # fmt: skip
    before = [(search(q, f, limit=100).items, search(q, f).facets) for q, f in queries]
    # when: every token in 20 or more products gets a bitmap
    actions.do_reindex_search(common_min_docs=20)
    # then
    assert [(search(q, f, limit=100).items, search(q, f).facets) for q, f in queries] == before
    assert engine._cache().common >= {"voorbeeld", "licentie"}


def test_a_changed_record_is_reindexed_in_the_same_run(shelf):
    product = shelf[2]
    actions.do_declare_vision(product, ["onderzoekend_leren"], source="demo")
    result = search("", {"visie": ["onderzoekend_leren"]})
    assert result.items == (product.pk,)
    assert [(v.value, v.label, v.count) for v in result.facets["visie"]] == [
        ("onderzoekend_leren", "Onderzoekend leren", 1)
    ]


@pytest.fixture
def shelf():
    """Four indexed products, for tests about query syntax and index upkeep rather than about the demo data."""
    products = [
        ProductFactory(title="Wiskunde havo 2", sectors=["vo"]),
        ProductFactory(title="Wiskunde vwo 1", sectors=["vo"]),
        ProductFactory(open_resource=True, title="Breuken op de getallenlijn"),
        ProductFactory(title="Near and far: English for groep 7"),
    ]
    assert index() == 4
    return products


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"', 4), ("*", 4), ("-", 4), ("^x:y", 0),  # no word left: everything, or a word nothing has
        ("NEAR", 1), ('NEAR("a" "b")', 0),  # an FTS operator is a word like any other
        ("wiskunde -havo", 1), ("a*b*", 0), ("'; DROP", 0),
    ],
)  # fmt: skip
def test_fts_syntax_is_plain_text(shelf, q, expected):
    assert search(q).count == expected


def test_bad_input_gives_a_clear_message(shelf):
    with pytest.raises(SearchError, match="te lang"):
        search("x" * 5000)
    with pytest.raises(SearchError, match="Onbekend filter: kleur"):
        search("", {"kleur": ["rood"]})
    unknown = search("", {"soort": ["bestaat-niet"]})
    assert unknown.count == 0
    assert [v for v in unknown.facets["soort"] if v.selected] == [
        engine.FacetValue("bestaat-niet", "bestaat-niet", 0, True)
    ]
