"""`monitor_figures` over a small hand-made catalogue: index, LiFo share, coverage, concentration with owner countries
and the CPI, each equal to a hand calculation; owner changes show without a refresh; unknown filters are Dutch 404s
(W7: `market.query`, `market.service.ensure_fresh`)."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from wijzer.accounts.tests.factories import OrganisationFactory
from wijzer.catalog.models import Product
from wijzer.catalog.tests.factories import MethodFactory, PriceObservationFactory, ProductFactory
from wijzer.market import query, service
from wijzer.market.actions.reference import load_shipped_reference_series
from wijzer.market.exceptions import NotFound
from wijzer.market.models import ReferencePoint

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
X, Y = "vak-x", "vak-y"  # subject ids the curriculum does not know: their own label


def price(product: Product, year: int, cents: int, vat: str = "21", n: int = 0) -> None:
    PriceObservationFactory(
        product=product,
        observed_at=datetime.datetime(year, 8, 1, 9, tzinfo=AMS),
        amount_cents=cents,
        vat_percent=Decimal(vat),
        unit="per leerling",
        line=n,
    )


@pytest.fixture
def world():
    load_shipped_reference_series()
    query.clear_cache()
    dutch = OrganisationFactory(kind="owner_group", name="Groep Holland", country="NL")
    german = OrganisationFactory(kind="owner_group", name="Gruppe Rhein", country="DE")
    p1 = OrganisationFactory(publisher=True, name="Uitgever Een", parent=dutch)
    p2 = OrganisationFactory(publisher=True, name="Uitgever Twee", parent=german)
    method = MethodFactory(publisher=p1, owner=p1)
    terms = {"licence_duration": "12 maanden", "is_paid": True, "licence": "copyright"}
    a = ProductFactory(title="A", sectors=["po"], subject_ids=[X], publisher=p1, owner=p1, method=method, **terms)
    price(a, 2024, 1000)
    price(a, 2025, 1100)
    b = ProductFactory(title="B", sectors=["po"], subject_ids=[X], publisher=p2, owner=p2, **terms)
    price(b, 2024, 2000)
    price(b, 2025, 2000)
    c = ProductFactory(
        lifo=True, title="C", sectors=["vo"], subject_ids=[Y], publisher=p2, owner=p2,
        end_user_roles=["Onderwijsvolger"], licence_duration="12 maanden",
    )  # fmt: skip
    price(c, 2025, 3000, "21", 0)
    price(c, 2025, 1000, "9", 1)
    d = ProductFactory(open_resource=True, title="D", sectors=["po"], subject_ids=[X])
    Product.objects.filter(pk=d.pk).update(first_published=datetime.date(2024, 1, 1))
    service.refresh()
    return {"a": a, "b": b, "c": c, "d": d, "p2": p2}


def by_year(points):
    return {point.year: point for point in points}


def test_index_lifo_and_cpi_equal_the_hand_calculation(world):
    figures = query.monitor_figures()
    assert figures.selected.label == "Alle sectoren · Alle vakken"
    assert not figures.is_demo
    index = by_year(figures.selected.jevons)
    # 2025: A 1210 -> 1331 (x 1.1), B 2420 -> 2420 (x 1); C is new (not matched), D is free (left out).
    assert index[2024].index == 100.0
    assert index[2025].n_matched == 2
    assert index[2025].index == pytest.approx(100 * math.exp((math.log(1.1) + 0) / 2))
    cpi = {p.year: p.value for p in ReferencePoint.objects.filter(series__code="cpi")}
    cpi_change = float(cpi[2025] / cpi[2024]) - 1
    assert index[2025].cpi_change == pytest.approx(cpi_change)
    assert index[2025].real_change == pytest.approx(math.sqrt(1.1) / (1 + cpi_change) - 1)
    assert [(p.year, p.index) for p in figures.cpi if p.year == 2024] == [(2024, float(cpi[2024]))]
    lifo = by_year(figures.selected.lifo)
    assert (lifo[2025].n_paid, lifo[2025].n_lifo) == (3, 1)
    assert lifo[2025].share_by_count == pytest.approx(100 / 3)
    vo = by_year(query.monitor_figures("vo").selected.lifo)
    assert vo[2025].share_by_count == 100.0


def test_coverage_and_concentration_with_owner_countries(world):
    figures = query.monitor_figures("po", X)
    segment = figures.selected
    assert (segment.sector_label, segment.subject_label) == ("Primair onderwijs (PO)", X)
    # A, B and D (free: priced at € 0); methods: A's method, B and D each their own.
    assert (segment.coverage.products, segment.coverage.products_priced) == (3, 3)
    assert (segment.coverage.methods, segment.coverage.methods_priced) == (3, 3)
    value = segment.concentration[-1].by_value
    # The last year's prices incl. VAT: A 1331 (Groep Holland, NL), B 2420 (Gruppe Rhein, DE); D is € 0.
    shares = {share.owner.name: share.share for share in value.owners}
    assert shares == pytest.approx({"Groep Holland": 100 * 1331 / 3751, "Gruppe Rhein": 100 * 2420 / 3751})
    assert value.hhi == pytest.approx(sum(s * s for s in shares.values()))
    assert value.cr3 == pytest.approx(100.0)
    assert value.foreign_share == pytest.approx(100 * 2420 / 3751)
    assert value.unknown_country_share == 0
    assert sum(share.share_display for share in value.owners) == Decimal("100.0")
    keys = [(row.sector, row.subject) for row in figures.overview]
    assert keys == [("", ""), ("po", ""), ("vo", ""), ("", X), ("", Y), ("po", X), ("vo", Y)]
    assert figures.sectors == (("po", "Primair onderwijs (PO)"), ("vo", "Voortgezet onderwijs (VO)"))


def test_an_owner_change_shows_without_a_refresh(world):
    before = query.monitor_figures("po", X).selected.concentration[-1].by_value
    assert {s.owner.name for s in before.owners} == {"Groep Holland", "Gruppe Rhein"}
    nordic = OrganisationFactory(kind="owner_group", name="Pohjoinen Oy", country="FI")
    world["p2"].parent = nordic
    world["p2"].save()
    after = query.monitor_figures("po", X).selected.concentration[-1].by_value
    assert {(s.owner.name, s.owner.country) for s in after.owners} == {("Groep Holland", "NL"), ("Pohjoinen Oy", "FI")}


def test_unknown_sector_or_subject_is_a_dutch_not_found(world):
    with pytest.raises(NotFound, match="Onbekende sector"):
        query.monitor_figures("mbo")
    with pytest.raises(NotFound, match="Onbekend vak"):
        query.monitor_figures("po", "geen-vak")
    empty = query.monitor_figures("vo", X).selected  # a known subject without products in the sector
    assert empty.coverage.products == 0
    assert all(point.index is None for point in empty.jevons)


def test_ensure_fresh_refreshes_only_after_a_change(world):
    assert service.ensure_fresh() is None
    price(world["b"], 2026, 2500)
    report = service.ensure_fresh()
    assert report is not None
    assert report.products == 1
    assert service.ensure_fresh() is None
    query.clear_cache()
    assert by_year(query.monitor_figures().selected.jevons)[2026].n_matched >= 1


def test_a_large_change_waits_for_the_command_and_the_page_says_so(world, client):
    """A page refreshes a few changed products itself; more than the limit waits for `wijzer market refresh`
    (a request must not rebuild a whole catalogue), and the dashboard says how many products wait."""
    price(world["b"], 2026, 2500)
    price(world["a"], 2026, 1500)
    assert service.ensure_fresh(limit=1) is None  # two changed products > 1: left to the command
    assert service.waiting_products() == 2
    html = client.get("/markt/").content.decode()  # the page's own refresh (limit 2,000) takes them in
    assert service.waiting_products() == 0
    assert 'id="wacht"' not in html
    price(world["b"], 2026, 2600)
    service.ensure_fresh(limit=0)
    assert service.waiting_products() == 1


def test_the_waiting_count_is_read_once_per_catalogue_change(world):
    """While a large change waits, each page view asks how many products wait: the id lists behind that count are
    read once, until the catalogue changes again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    price(world["b"], 2026, 2500)
    with CaptureQueriesContext(connection) as first:
        assert service.waiting_products() == 1
    with CaptureQueriesContext(connection) as again:
        assert service.waiting_products() == 1
    assert len(again) < len(first)
    assert any("catalog_priceobservation" in q["sql"] and '"id" >' in q["sql"] for q in first.captured_queries)
    assert not any("catalog_priceobservation" in q["sql"] and '"id" >' in q["sql"] for q in again.captured_queries)
    price(world["a"], 2026, 1500)
    assert service.waiting_products() == 2  # a new change is counted again


def test_the_shared_columns_survive_a_round_trip(world):
    columns = query.read_columns()
    again = query.Columns.from_bytes(columns.to_bytes())
    for name in query.Columns.ARRAYS:
        assert (getattr(again, name) == getattr(columns, name)).all() or name == "fact_price", name
    assert list(again.fact_price) == pytest.approx(list(columns.fact_price), nan_ok=True)
    assert (again.keys, again.subjects) == (columns.keys, columns.subjects)
    query.clear_cache()
    first = query.monitor_figures()
    query.clear_cache()  # a new process: the columns come from Django's cache, the figures are the same
    assert query.monitor_figures().selected == first.selected


def test_a_new_process_takes_the_figures_from_the_shared_cache_until_the_data_change(world, monkeypatch):
    first = query.monitor_figures("po")
    query.clear_cache()  # a new process

    def computed_again(*_args, **_kwargs):
        raise AssertionError("computed again")

    monkeypatch.setattr(query, "compute_overview", computed_again)
    monkeypatch.setattr(query, "compute_segment", computed_again)
    assert query.monitor_figures("po") == first
    price(world["a"], 2026, 1500)  # the facts change after a refresh: the figures are computed again
    service.ensure_fresh()
    with pytest.raises(AssertionError, match="computed again"):
        query.monitor_figures("po")
