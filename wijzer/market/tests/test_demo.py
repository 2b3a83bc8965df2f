"""The market monitor's demo data (W7 §8): idempotent, labelled, a history that ends below each product's own price,
prices rising a little faster than the CPI, a LiFo share that rises, owner groups with countries."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from wijzer.accounts.actions import do_load_demo_accounts
from wijzer.accounts.models import AuditEvent, Organisation
from wijzer.catalog import service as catalog
from wijzer.catalog.models import PriceObservation, Product
from wijzer.catalog.tests.factories import PriceObservationFactory, ProductFactory
from wijzer.ingest.demo import load_demo_catalogue
from wijzer.market import query
from wijzer.market.actions.reference import load_shipped_reference_series
from wijzer.market.demo import HISTORY_SOURCE, LAST_YEAR, load_demo_market
from wijzer.market.models import LockInDeclaration, MarketProduct, PriceFact, SchoolSet

pytestmark = pytest.mark.usefixtures("slo")


@pytest.fixture
def demo():
    do_load_demo_accounts()
    load_demo_catalogue()
    load_shipped_reference_series()
    query.clear_cache()
    return load_demo_market()


def counts() -> tuple[int, ...]:
    return (
        PriceObservation.objects.count(),
        PriceFact.objects.count(),
        MarketProduct.objects.count(),
        LockInDeclaration.objects.count(),
        SchoolSet.objects.count(),
        AuditEvent.objects.count(),
        Organisation.objects.count(),
    )


def test_demo_is_idempotent_and_labelled(demo):
    assert demo.products > 200
    assert (demo.owner_links, demo.withdrawn, demo.declarations, demo.school_sets) == (5 + 3, 3, 4, 1)
    before = counts()
    again = load_demo_market()
    assert again.created == 0
    assert again.summary() == "stonden er al."
    assert counts() == before
    assert not PriceFact.objects.filter(is_demo=False).exists()
    assert not MarketProduct.objects.filter(is_demo=False).exists()
    assert not LockInDeclaration.objects.filter(is_demo=False).exists()
    assert SchoolSet.objects.get().is_demo
    assert query.monitor_figures().is_demo


def test_history_ends_before_and_below_each_products_own_first_price(demo):
    history: dict[int, dict[object, int]] = defaultdict(lambda: defaultdict(int))
    for pid, at, cents in PriceObservation.objects.filter(source=HISTORY_SOURCE).values_list(
        "product_id", "observed_at", "amount_cents"
    ):
        history[pid][at] += cents
    anchors = catalog.first_snapshots(list(history), exclude_source=HISTORY_SOURCE)
    old_editions = set(Product.objects.filter(withdrawn_at__isnull=False).values_list("pk", flat=True))
    assert set(history) - set(anchors) == old_editions  # withdrawn older editions: a history only
    for pid, totals in history.items():
        if pid in old_editions:
            continue
        anchor = anchors[pid]
        moments = sorted(totals)
        assert moments[-1] < anchor.observed_at
        assert moments[-1].year <= LAST_YEAR
        series = [totals[at] for at in moments] + [sum(cents for cents, _vat, _unit in anchor.lines)]
        assert series == sorted(series), pid  # never a fall, and the last history year at or below the own price
    assert min(at.year for totals in history.values() for at in totals) == 2017


def test_prices_rise_faster_than_the_cpi_and_the_lifo_share_rises(demo):
    figures = query.monitor_figures()
    index = {point.year: point for point in figures.selected.jevons}
    real = [index[year].real_change for year in range(2018, 2026)]
    assert all(change is not None for change in real)
    assert 0 < sum(real) / len(real) < 0.04  # on average a little above the CPI
    vo = {point.year: point.share_by_count for point in query.monitor_figures("vo").selected.lifo}
    assert vo[2017] is not None
    assert vo[2017] < 8
    shares = [vo[year] for year in range(2017, 2026)]
    assert shares == sorted(shares)
    assert vo[2025] > 30
    print_only = Product.objects.filter(product_type="lifo_bundle", prices__source=HISTORY_SOURCE).distinct().count()
    assert print_only > 40


def test_owner_groups_give_foreign_and_unknown_country_shares(demo):
    latest = query.monitor_figures("vo").selected.concentration[-1].by_value
    owners = {share.owner.name: (share.owner.country, share.share_display) for share in latest.owners}
    assert owners["Noordse Leermiddelen Holding (voorbeeld)"][0] == "FI"
    assert owners["Fonds Leerkapitaal III (voorbeeld)"][0] == ""
    assert sum(shown for _country, shown in owners.values()) == Decimal("100.0")
    assert latest.foreign_share is not None
    assert latest.foreign_share > 0
    assert latest.unknown_country_share is not None
    assert latest.unknown_country_share > 0
    methods = query.monitor_figures("vo").selected.concentration[-1].by_methods
    countries = {s.owner.name: s.owner.country for s in methods.owners}
    assert countries["Open Lesmateriaal Collectief (voorbeeld)"] == "NL"  # open material: a Dutch provider
    assert countries["Fonds Leerkapitaal III (voorbeeld)"] == ""


def test_history_is_only_written_for_demo_products(db):
    product = ProductFactory(title="Echt product")
    PriceObservationFactory(product=product)
    moment = PriceObservation.objects.get().observed_at.replace(year=2020)
    with pytest.raises(catalog.HistoryRefused, match="geen voorbeeldproduct"):
        catalog.record_price_history(
            product, [catalog.HistorySnapshot(moment, ((500, Decimal(9), ""),))], HISTORY_SOURCE
        )
    assert PriceObservation.objects.count() == 1
    demo_product = ProductFactory(demo=True)
    PriceObservationFactory(product=demo_product)
    late = PriceObservation.objects.filter(product=demo_product).get().observed_at.replace(year=2027)
    with pytest.raises(catalog.HistoryRefused, match="moet eindigen vóór"):
        catalog.record_price_history(
            demo_product, [catalog.HistorySnapshot(late, ((500, Decimal(9), ""),))], HISTORY_SOURCE
        )
    assert PriceObservation.objects.count() == 2


def test_older_editions_left_the_catalogue_with_their_history(demo):
    old = Product.objects.filter(is_demo=True, withdrawn_at__isnull=False).order_by("withdrawn_at")
    assert [(p.title.split(" (voorbeeld)")[0], p.withdrawn_at.year) for p in old] == [
        ("Letterlab", 2021),
        ("Krachtveld", 2022),
        ("Wereldvenster", 2023),
    ]
    for product in old:
        years = list(PriceFact.objects.filter(product=product).order_by("year").values_list("year", flat=True))
        assert years == list(range(2017, product.withdrawn_at.year + 1))
        assert "oude editie" in product.title
    live = query.monitor_figures().overview[0].coverage.products
    assert live == MarketProduct.objects.filter(withdrawn_year__isnull=True).count()
