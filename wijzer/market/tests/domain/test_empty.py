"""Every computation accepts empty input and says there is nothing, instead of failing."""

from wijzer.market.domain.concentration import LABEL_NONE, concentration_trend
from wijzer.market.domain.facts import Fact, FactTable, ProductTable, SegmentMap
from wijzer.market.domain.index import NO_PRICES_WITH_VOLUME, jevons_index, laspeyres_index
from wijzer.market.domain.lifo import lifo_share
from wijzer.market.domain.spread import price_spread

EMPTY = FactTable.from_facts([])
NO_PRODUCTS = ProductTable.from_rows([])
SEGMENTS = SegmentMap.from_mapping({1: ["a"]}, keys=["a", "b"])


def test_no_facts_give_no_years_for_every_segment():
    assert jevons_index(EMPTY, SEGMENTS) == {"a": (), "b": ()}
    assert laspeyres_index(EMPTY, SEGMENTS, NO_PRODUCTS) == {"a": (), "b": ()}
    assert lifo_share(EMPTY, SEGMENTS, NO_PRODUCTS) == {"a": (), "b": ()}
    assert price_spread(EMPTY, SEGMENTS) == {"a": (), "b": ()}
    assert concentration_trend(EMPTY, SEGMENTS, NO_PRODUCTS) == {"a": (), "b": ()}


def test_an_empty_segment_map_gives_no_segments():
    table = FactTable.from_facts([Fact(1, 2020, 100)])
    empty = SegmentMap.from_mapping({})
    assert jevons_index(table, empty) == {}
    assert price_spread(table, empty) == {}
    assert concentration_trend(table, empty, NO_PRODUCTS) == {}


def test_asked_years_without_facts_are_rows_with_reasons():
    # when
    points = laspeyres_index(EMPTY, SEGMENTS, NO_PRODUCTS, years=range(2020, 2022))["a"]
    trend = concentration_trend(EMPTY, SEGMENTS, NO_PRODUCTS, years=range(2020, 2021))["b"]
    # then
    assert [(p.year, p.index, p.reason) for p in points] == [
        (2020, None, NO_PRICES_WITH_VOLUME.format(year=2020)),
        (2021, None, NO_PRICES_WITH_VOLUME.format(year=2021)),
    ]
    assert trend[0].by_value.label == LABEL_NONE


def test_laspeyres_without_product_data_has_no_index():
    # given
    table = FactTable.from_facts([Fact(1, 2020, 100), Fact(1, 2021, 110)])
    # when
    points = laspeyres_index(table, SEGMENTS, NO_PRODUCTS)["a"]
    # then
    assert [p.index for p in points] == [None, None]
