"""The market monitor's API (W7 §9): the CPI equals the shipped CBS rows, the concentration's HHI is the sum of the
squared shares and CR3 the top three, shares add up to 100, the price index of a hand-made basket and the LiFo
share equal the hand computation; unknown parameters are Dutch 404/422."""

from __future__ import annotations

import csv
import math
from decimal import Decimal
from typing import Any

from django.test import Client

import pytest

from wijzer.market.actions.reference import data_dir, load_shipped_reference_series
from wijzer.market.query import clear_cache

from .monitor_world import (
    JEVONS_Y1,
    JEVONS_Y2,
    LASPEYRES_Y1,
    LASPEYRES_Y2,
    LIFO_BY_VALUE_Y2,
    METHOD_SHARES,
    VALUE_AMOUNTS,
    World,
    build,
    cr3,
    hhi,
)

pytestmark = pytest.mark.usefixtures("slo")

API = "/api/v1/market"


@pytest.fixture
def world() -> World:
    load_shipped_reference_series()
    return build()


def get(client: Client, path: str, params: dict[str, str] | None = None, status: int = 200) -> Any:
    response = client.get(f"{API}{path}", params or {})
    assert response.status_code == status, response.content
    return response.json()


def test_the_cpi_has_exactly_the_shipped_cbs_values(client: Client) -> None:
    # given the shipped reference file
    load_shipped_reference_series()
    with (data_dir() / "reference-series.csv").open(encoding="utf-8") as handle:
        shipped = {
            int(row["year"]): (Decimal(row["value"]), row["status"])
            for row in csv.DictReader(handle)
            if row["series"] == "cpi"
        }
    # when
    body = get(client, "/cpi")
    # then
    assert body["base_year"] == 2015
    assert [point["year"] for point in body["series"]] == sorted(shipped)
    for point in body["series"]:
        assert set(point) >= {"year", "index"}
        assert Decimal(str(point["index"])) == shipped[point["year"]][0]
        assert point["status"] == shipped[point["year"]][1]
    assert {p["year"]: p["index"] for p in body["series"]}[2015] == 100.0
    assert "CBS" in body["source"]


def test_before_setup_the_cpi_is_an_empty_series_in_the_same_shape(client: Client) -> None:
    body = get(client, "/cpi")
    assert body["base_year"] == 2015
    assert body["series"] == []


def test_the_price_index_of_the_hand_made_basket(client: Client, world: World) -> None:
    body = get(client, "/price-index", {"sector": "vo", "subject": world.subject_key})
    y0, y1, y2 = world.years
    series = {point["year"]: point for point in body["series"]}
    assert (body["sector"], body["subject"], body["subject_name"]) == ("vo", world.subject_key, world.subject_label)
    assert series[y0]["index"] == 100.0
    assert series[y0]["new_base"] is True
    assert (series[y0]["n_products"], series[y0]["n_matched"]) == (3, 0)
    assert math.isclose(series[y1]["index"], JEVONS_Y1, abs_tol=1e-4)
    assert (series[y1]["n_products"], series[y1]["n_matched"]) == (4, 3)
    assert math.isclose(series[y2]["index"], JEVONS_Y2, abs_tol=1e-4)
    assert math.isclose(series[y2]["nominal_change"], 100 * (1.1**0.5 - 1), abs_tol=1e-4)
    assert series[y2]["laspeyres"] is None  # no school declared any use
    assert "Jevons" in body["formula"]


def test_the_real_change_deflates_the_nominal_change_by_the_cpi(client: Client, world: World) -> None:
    body = get(client, "/price-index", {"sector": "vo"})
    cpi = {p["year"]: p["index"] for p in get(client, "/cpi")["series"]}
    y1 = world.years[1]
    point = next(p for p in body["series"] if p["year"] == y1)
    if y1 in cpi and y1 - 1 in cpi:
        cpi_change = cpi[y1] / cpi[y1 - 1] - 1
        expected = 100 * ((1 + point["nominal_change"] / 100) / (1 + cpi_change) - 1)
        assert math.isclose(point["real_change"], expected, abs_tol=1e-3)
    else:
        assert point["real_change"] is None


def test_the_lifo_share_by_count(client: Client, world: World) -> None:
    body = get(client, "/lifo-share", {"sector": "vo", "subject": world.subject_key})
    series = {point["year"]: point for point in body["series"]}
    y0, _y1, y2 = world.years
    assert (series[y0]["n_paid"], series[y0]["n_lifo"]) == (3, 1)
    assert math.isclose(series[y0]["share_by_count"], 100 / 3, abs_tol=1e-4)
    assert (series[y2]["n_paid"], series[y2]["n_lifo"], series[y2]["share_by_count"]) == (4, 2, 50.0)
    assert series[y2]["share_by_value"] is None


def test_the_concentration_by_methods_is_the_hand_computed_one(client: Client, world: World) -> None:
    body = get(client, "/concentration", {"sector": "vo", "subject": world.subject_key})
    assert body["count"] == 1
    assert body["demo"] is False
    item = body["items"][0]
    assert (item["sector"], item["subject"], item["measure"]) == ("vo", world.subject_key, "methods")
    assert item["owners"] == [
        {"name": "Uitgeverij Bee", "country": "NL", "share": 50.0},
        {"name": "Groep Noord", "country": "GB", "share": 25.0},
        {"name": "Uitgeverij Cee", "country": "", "share": 25.0},
    ]
    shares = [owner["share"] for owner in item["owners"]]
    assert item["hhi"] == sum(share * share for share in shares) == hhi(METHOD_SHARES) == 3750.0
    assert item["cr3"] == sum(sorted(shares, reverse=True)[:3]) == 100.0
    assert item["flag"] == "sterk geconcentreerd"
    assert (item["foreign_share"], item["unknown_country_share"]) == (25.0, 25.0)
    assert [point["year"] for point in item["trend"]] == list(world.years)
    assert item["trend"][-1]["hhi"] == 3750.0


def test_the_concentration_by_value_adds_up_to_100_and_matches_the_hand_computation(
    client: Client, world: World
) -> None:
    item = get(client, "/concentration", {"sector": "vo", "subject": world.subject_key, "measure": "value"})["items"][0]
    assert math.isclose(sum(owner["share"] for owner in item["owners"]), 100.0)
    assert math.isclose(item["hhi"], hhi(VALUE_AMOUNTS), abs_tol=0.01)
    assert math.isclose(item["cr3"], cr3(VALUE_AMOUNTS), abs_tol=0.01)
    total = sum(VALUE_AMOUNTS.values())
    for owner in item["owners"]:
        assert abs(owner["share"] - 100 * VALUE_AMOUNTS[owner["name"]] / total) <= 0.05 + 1e-9


def test_the_concentration_without_a_filter_lists_every_segment(client: Client, world: World) -> None:
    body = get(client, "/concentration")
    segments = {(item["sector"], item["subject"]) for item in body["items"]}
    assert body["count"] == len(body["items"])
    assert {("alle", "alle"), ("vo", "alle"), ("po", "alle"), ("vo", world.subject_key)} <= segments
    per_sector = get(client, "/concentration", {"sector": "po"})
    assert {item["sector"] for item in per_sector["items"]} == {"po"}
    # the trend only for the segment asked for: without a filter, all sectors and all subjects
    trends = {(item["sector"], item["subject"]): item["trend"] for item in body["items"]}
    assert [point["year"] for point in trends.pop(("alle", "alle"))] == list(world.years)
    assert all(trend == [] for trend in trends.values())


@pytest.mark.parametrize(
    ("path", "params", "status", "words"),
    [
        ("/price-index", {"sector": "hbo"}, 404, "Onbekende sector"),
        ("/lifo-share", {"subject": "geen-vak"}, 404, "Onbekend vak"),
        ("/concentration", {"sector": "<b>"}, 404, "Onbekende sector"),
        ("/concentration", {"measure": "omzet"}, 422, "Onbekende maatstaf"),
        ("/price-index", {"sector": "ä" * 500}, 422, "Ongeldige invoer"),
        ("/lifo-share", {"subject": "\x00"}, 404, "Onbekend vak"),
    ],
)
def test_unknown_parameters_are_dutch_refusals(
    client: Client, world: World, path: str, params: dict[str, str], status: int, words: str
) -> None:
    body = get(client, path, params, status=status)
    assert words in body["detail"]


def test_an_empty_monitor_answers_with_empty_figures(client: Client) -> None:
    clear_cache()
    body = get(client, "/price-index")
    assert all(point["index"] is None for point in body["series"])
    assert get(client, "/concentration", {"sector": "vo"})["count"] == 0


def test_where_schools_declared_their_use_laspeyres_lifo_by_value_and_adoption_follow(client: Client) -> None:
    # given P1 used by two schools and P2 by one (both Groep Noord)
    load_shipped_reference_series()
    world = build(holdings=True)
    y0, y1, y2 = world.years
    # when / then: Laspeyres over the matched products with a known use
    index = {p["year"]: p for p in get(client, "/price-index", {"sector": "vo"})["series"]}
    assert index[y0]["laspeyres"] == 100.0
    assert math.isclose(index[y1]["laspeyres"], LASPEYRES_Y1, abs_tol=1e-4)
    assert math.isclose(index[y2]["laspeyres"], LASPEYRES_Y2, abs_tol=1e-4)
    assert index[y2]["laspeyres_n_matched"] == 2
    lifo = {p["year"]: p for p in get(client, "/lifo-share", {"sector": "vo"})["series"]}
    assert lifo[y2]["n_with_volume"] == 2
    assert math.isclose(lifo[y2]["share_by_value"], LIFO_BY_VALUE_Y2, abs_tol=1e-4)
    adoption = get(client, "/concentration", {"sector": "vo", "subject": "alle", "measure": "adoption"})["items"][0]
    assert adoption["owners"] == [{"name": "Groep Noord", "country": "GB", "share": 100.0}]
    assert (adoption["hhi"], adoption["cr3"], adoption["flag"]) == (10000.0, 100.0, "sterk geconcentreerd")
