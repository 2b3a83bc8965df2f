"""The monitor's price facts equal hand-computed values for a small catalogue, and an incremental refresh rebuilds only
the products that changed (W7: `market.actions.refresh`, `catalog.history`)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from wijzer.accounts.models import AuditEvent, Organisation
from wijzer.accounts.tests.factories import OrganisationFactory
from wijzer.catalog.models import Product
from wijzer.catalog.tests.factories import MethodFactory, PriceObservationFactory, ProductFactory
from wijzer.market.actions.refresh import is_stale, refresh
from wijzer.market.constants import MarketAuditAction
from wijzer.market.models import MarketProduct, PriceFact

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
TODAY = datetime.date(2026, 6, 1)


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMS)


def line(product: Product, when: datetime.datetime, cents: int, vat: str, unit: str = "", n: int = 0, **extra):
    return PriceObservationFactory(
        product=product, observed_at=when, amount_cents=cents, vat_percent=Decimal(vat), unit=unit, line=n, **extra
    )


@pytest.fixture
def catalogue() -> dict[str, Product]:
    group = OrganisationFactory(kind="owner_group", name="Groep Noord", country="FI")
    publisher = OrganisationFactory(publisher=True, name="Uitgeverij Zuid", parent=group)
    method = MethodFactory(publisher=publisher, owner=publisher)
    licence = ProductFactory(
        title="Rekenen leerlinglicentie", licence_duration="12 maanden", owner=publisher, publisher=publisher,
        method=method, sectors=["po"], is_paid=True, licence="copyright", for_sale=True,
    )  # fmt: skip
    line(licence, at(2022, 3, 1), 1000, "21", "per leerling")
    line(licence, at(2023, 12, 31, 23, 30), 1100, "21", "per leerling")  # still 2023 in Amsterdam
    line(licence, at(2025, 1, 1, 0, 30), 1200, "21", "per leerling")  # 2024-12-31 23:30 UTC: already 2025
    bundle = ProductFactory(
        lifo=True, title="Biologie LiFo", licence_duration="12 maanden", end_user_roles=["Onderwijsvolger"],
        sectors=["vo"], publisher=publisher, withdrawn_at=at(2025, 3, 1), for_sale=False,
    )  # fmt: skip
    line(bundle, at(2023, 5, 1), 2000, "9")  # print only: a folio line
    line(bundle, at(2024, 5, 1), 3000, "21", n=0)  # licence + folio: LiFo
    line(bundle, at(2024, 5, 1), 2000, "9", n=1)
    teacher = ProductFactory(title="Docentlicentie", licence_duration="12 maanden", sectors=["po"])
    line(teacher, at(2024, 2, 1), 8000, "21", "per docent per jaar")
    no_period = ProductFactory(title="Losse toegang", sectors=["po"])
    line(no_period, at(2025, 2, 1), 500, "21", "per leerling")
    dated = ProductFactory(title="Taal leerlinglicentie", licence_duration="1 jaar", sectors=["po"])
    line(dated, at(2025, 6, 1), 1000, "21", "per leerling", valid_from=datetime.date(2025, 1, 1))
    line(dated, at(2025, 6, 1), 1500, "21", "per leerling", n=1, valid_from=datetime.date(2026, 8, 1))
    line(dated, at(2025, 6, 1), 700, "21", "per leerling", n=2, kind="tier", min_quantity=100)
    free = ProductFactory(open_resource=True, title="Open les", sectors=["po"])
    Product.objects.filter(pk=free.pk).update(created_at=at(2025, 9, 1))
    published = ProductFactory(open_resource=True, title="Open boek", first_published=datetime.date(2019, 5, 1))
    Product.objects.filter(pk=published.pk).update(created_at=at(2025, 9, 1))
    return {
        "licence": licence, "bundle": bundle, "teacher": teacher, "no_period": no_period, "dated": dated,
        "free": free, "published": published,
    }  # fmt: skip


def facts(product: Product) -> list[tuple[object, ...]]:
    return list(
        PriceFact.objects.filter(product=product)
        .order_by("year")
        .values_list(
            "year", "per_pupil_excl_cents", "per_pupil_incl_cents", "licence_incl_cents", "folio_incl_cents",
            "list_excl_cents", "is_lifo", "reason",
        )
    )  # fmt: skip


def test_facts_equal_the_hand_computed_prices(catalogue):
    report = refresh(today=TODAY)
    assert (report.full, report.products, report.facts) == (True, 7, 5 + 3 + 3 + 2 + 2 + 2 + 8)
    # 21 % VAT: 1000 -> 1210, 1100 -> 1331, 1200 -> 1452. The 2023-12-31 23:30 snapshot counts in 2023; the one of
    # 1 January 2025 00:30 (Amsterdam) in 2025, not 2024.
    assert facts(catalogue["licence"]) == [
        (2022, 1000, 1210, None, None, 1000, False, ""),
        (2023, 1100, 1331, None, None, 1100, False, ""),
        (2024, 1100, 1331, None, None, 1100, False, ""),
        (2025, 1200, 1452, None, None, 1200, False, ""),
        (2026, 1200, 1452, None, None, 1200, False, ""),
    ]
    # Print only (one 9 % line) in 2023, licence 3000 + 21 % = 3630 and folio 2000 + 9 % = 2180 from 2024;
    # withdrawn in 2025: counted in 2025 (the last known snapshot), not in 2026.
    assert facts(catalogue["bundle"]) == [
        (2023, 2000, 2180, None, None, 2000, False, ""),
        (2024, 5000, 5810, 3630, 2180, 5000, True, ""),
        (2025, 5000, 5810, 3630, 2180, 5000, True, ""),
    ]
    assert facts(catalogue["teacher"]) == [
        (y, None, None, None, None, 8000, False, "not_per_pupil") for y in (2024, 2025, 2026)
    ]
    assert facts(catalogue["no_period"]) == [(y, None, None, None, None, 500, False, "no_period") for y in (2025, 2026)]
    # The line valid from 1 August 2026 applies on 31 December 2026, not 2025; the tier price is never added.
    assert facts(catalogue["dated"]) == [
        (2025, 1000, 1210, None, None, 1000, False, ""),
        (2026, 1500, 1815, None, None, 1500, False, ""),
    ]
    # Free material: € 0 from the year it entered the catalogue, or from the year it was first published.
    assert facts(catalogue["free"]) == [(y, 0, 0, None, None, None, False, "") for y in (2025, 2026)]
    assert [f[0] for f in facts(catalogue["published"])] == list(range(2019, 2027))


def test_market_product_rows_name_the_owner_group_and_segments(catalogue):
    refresh(today=TODAY)
    row = MarketProduct.objects.get(product=catalogue["licence"])
    group = Organisation.objects.get(name="Groep Noord")
    assert (row.owner_group_id, row.owner_name, row.owner_country) == (group.pk, "Groep Noord", "FI")
    assert (row.sectors, row.is_paid, row.is_open, row.withdrawn_year) == (["po"], True, False, None)
    assert row.lockin == {"for_sale": True, "licence_years": 1.0}
    bundle = MarketProduct.objects.get(product=catalogue["bundle"])
    assert (bundle.owner_name, bundle.withdrawn_year, bundle.lockin["for_sale"]) == ("Groep Noord", 2025, False)
    free = MarketProduct.objects.get(product=catalogue["free"])
    assert (free.is_open, free.owner_group_id, free.owner_country) == (True, None, "")


def test_incremental_refresh_rebuilds_only_the_changed_products(catalogue):
    refresh(today=TODAY)
    assert not is_stale(today=TODAY)
    untouched = dict(PriceFact.objects.exclude(product=catalogue["teacher"]).values_list("pk", "year"))
    audits = AuditEvent.objects.filter(action=MarketAuditAction.FACTS_REFRESHED).count()
    line(catalogue["teacher"], at(2026, 2, 1), 9000, "21", "per docent per jaar")
    assert is_stale(today=TODAY)
    report = refresh(today=TODAY)
    assert (report.full, report.products, report.facts) == (False, 1, 3)
    assert facts(catalogue["teacher"])[-1] == (2026, None, None, None, None, 9000, False, "not_per_pupil")
    assert dict(PriceFact.objects.exclude(product=catalogue["teacher"]).values_list("pk", "year")) == untouched
    event = AuditEvent.objects.filter(action=MarketAuditAction.FACTS_REFRESHED).latest("pk")
    assert event.details["products"] == 1
    assert event.details["full"] is False
    assert AuditEvent.objects.filter(action=MarketAuditAction.FACTS_REFRESHED).count() == audits + 1
    # A product change (no new price) is seen through updated_at; nothing changed: nothing rebuilt, no audit row.
    Product.objects.filter(pk=catalogue["dated"].pk).update(sectors=["po", "so"], updated_at=at(2026, 12, 31))
    assert refresh(today=TODAY).products == 1
    assert MarketProduct.objects.get(product=catalogue["dated"]).sectors == ["po", "so"]
    assert refresh(today=TODAY).products == 0
    assert AuditEvent.objects.filter(action=MarketAuditAction.FACTS_REFRESHED).count() == audits + 2


def test_deleted_product_loses_its_facts_and_a_full_refresh_rebuilds_everything(catalogue):
    refresh(today=TODAY)
    catalogue["free"].delete()
    assert not PriceFact.objects.filter(product_id=catalogue["free"].pk).exists()
    before = PriceFact.objects.count()
    report = refresh(all=True, today=TODAY)
    assert (report.full, report.products, report.facts) == (True, 6, before)


def test_a_failing_chunk_leaves_the_watermark_and_the_other_facts(catalogue, monkeypatch):
    refresh(today=TODAY)
    line(catalogue["licence"], at(2026, 3, 1), 1300, "21", "per leerling")
    before = facts(catalogue["licence"])

    def broken(*_args, **_kwargs):
        raise RuntimeError("stuk")

    monkeypatch.setattr("wijzer.catalog.service.market_attributes", broken)
    with pytest.raises(RuntimeError):
        refresh(today=TODAY)
    assert facts(catalogue["licence"]) == before  # the chunk's transaction rolled back
    assert is_stale(today=TODAY)  # the watermark did not move: the next run redoes it
    monkeypatch.undo()
    assert refresh(today=TODAY).products == 1
    assert facts(catalogue["licence"])[-1][:3] == (2026, 1300, 1573)
