"""Cost for a school (W7 §4): saving a set all or nothing (permission, audit, Dutch field errors), the cost per pupil
per year against a hand calculation, the CPI-indexed €340 benchmark (or why there is none), the page and the API."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

from django.utils import timezone

import pytest

from wijzer.accounts.constants import AuditAction, Role
from wijzer.accounts.domain.policy import RoleCode
from wijzer.accounts.models import AuditEvent
from wijzer.accounts.permissions import Actor
from wijzer.accounts.tests.helpers import build_world, login_as
from wijzer.catalog.tests.factories import PriceObservationFactory, ProductFactory
from wijzer.market import school_costs as reads
from wijzer.market.actions.refresh import refresh
from wijzer.market.actions.school_set import NO_SET_RIGHT, save_school_set
from wijzer.market.constants import MarketAuditAction
from wijzer.market.exceptions import Forbidden, MarketError, NotFound
from wijzer.market.models import ReferencePoint, ReferenceSeries, SchoolSet, SchoolSetLine
from wijzer.quality.models import SchoolHolding

pytestmark = pytest.mark.django_db

OBSERVED = datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC)
THIS_YEAR = timezone.localdate().year


def actor(world, role: Role) -> Actor:
    membership = world.members[role]
    return Actor(membership.user.email, membership.organisation, role=RoleCode(role), user=membership.user)


def price(product, cents: int, vat: str, unit: str = "per leerling", n: int = 0) -> None:
    PriceObservationFactory(
        product=product, observed_at=OBSERVED, amount_cents=cents, vat_percent=Decimal(vat), unit=unit, line=n
    )


def load_reference(cpi: dict[int, str] | None = None, budget: bool = True) -> None:
    series = ReferenceSeries.objects.create(code="cpi", name="CPI", base_year=2015, source="CBS")
    for year, value in (cpi or {2015: "100", 2023: "126.09", 2025: "134.49"}).items():
        ReferencePoint.objects.create(series=series, year=year, value=Decimal(value))
    if budget:
        money = ReferenceSeries.objects.create(code="budget-vo-per-pupil", name="Budget", source="Kennisnet 2023")
        ReferencePoint.objects.create(series=money, year=2023, value=Decimal(340), status="estimated")


@pytest.fixture
def w():
    world = build_world()
    world.a = ProductFactory(title="Aardrijkskunde licentie", licence_duration="12 maanden", sectors=["vo"])
    price(world.a, 4000, "21")  # 4840 incl. VAT per pupil per year
    world.b = ProductFactory(lifo=True, title="Biologie LiFo", licence_duration="12 maanden", sectors=["vo"])
    price(world.b, 2000, "21", n=0)  # licence 2420
    price(world.b, 2000, "9", n=1)  # folio 2180 -> 4600 incl. VAT
    world.c = ProductFactory(title="Chemie docentlicentie", licence_duration="12 maanden", sectors=["vo"])
    price(world.c, 8000, "21", unit="per docent per jaar")  # no price per pupil
    world.p = ProductFactory(title="Rekenen po", licence_duration="12 maanden", sectors=["po"])
    price(world.p, 1000, "21")
    refresh(all=True)
    return world


def vo_set(world, role: Role = Role.SCHOOL_LEADER) -> SchoolSet:
    return save_school_set(
        actor(world, role),
        world.school,
        pupils_total=150,
        lines=[
            {"product": str(world.a.uuid), "pupils": 120},
            {"product": str(world.b.uuid), "pupils": 80},
            {"product": world.c.product_id, "pupils": "10"},  # by EAN/product code, a number as text
        ],
    )


# --- saving: permission, audit, all or nothing ---------------------------------------------------------------------


def test_saving_stores_every_line_and_audits_before_and_after(w):
    vo_set(w)
    saved = SchoolSet.objects.get(school=w.school)
    assert saved.pupils_total == 150
    assert sorted((line.product.title, line.pupils) for line in saved.lines.all()) == [
        ("Aardrijkskunde licentie", 120), ("Biologie LiFo", 80), ("Chemie docentlicentie", 10),
    ]  # fmt: skip
    event = AuditEvent.objects.get(action=MarketAuditAction.SCHOOL_SET_SAVED)
    assert event.organisation == w.school
    assert event.details["before"] == {}
    assert event.details["after"]["pupils_total"] == 150
    save_school_set(actor(w, Role.SECTION_HEAD), w.school, pupils_total=200, lines=[{"product": w.a.uuid, "pupils": 5}])
    again = AuditEvent.objects.filter(action=MarketAuditAction.SCHOOL_SET_SAVED).order_by("-pk").first()
    assert again.details["before"]["pupils_total"] == 150
    assert len(again.details["before"]["lines"]) == 3
    assert again.details["after"] == {"pupils_total": 200, "lines": [{"product": str(w.a.uuid), "pupils": 5}]}
    assert SchoolSetLine.objects.count() == 1


@pytest.mark.parametrize(
    ("pupils_total", "lines", "field"),
    [
        (0, [], "pupils_total"),
        ("veel", [], "pupils_total"),
        ("²", [], "pupils_total"),
        (100, [{"product": "A", "pupils": 101}], "lines.0.pupils"),  # more than the school has
        (100, [{"product": "A", "pupils": 0}], "lines.0.pupils"),
        (100, [{"product": "00000000-0000-0000-0000-000000000000", "pupils": 5}], "lines.0.product"),
        (100, [{"product": "niets", "pupils": 5}], "lines.0.product"),
        (100, [{"product": "A", "pupils": 5}, {"product": "A", "pupils": 6}], "lines.1.product"),  # duplicate
    ],
)
def test_a_refused_set_changes_nothing(w, pupils_total, lines, field):
    vo_set(w)
    before = list(SchoolSetLine.objects.order_by("pk").values_list("product_id", "pupils"))
    lines = [{**line, "product": str(w.a.uuid) if line["product"] == "A" else line["product"]} for line in lines]
    with pytest.raises(MarketError) as refused:
        save_school_set(
            actor(w, Role.SCHOOL_LEADER),
            w.school,
            pupils_total=pupils_total,
            lines=[*lines, {"product": str(w.b.uuid), "pupils": 1}],
        )
    assert field in refused.value.fields
    assert SchoolSet.objects.get().pupils_total == 150
    assert list(SchoolSetLine.objects.order_by("pk").values_list("product_id", "pupils")) == before
    assert AuditEvent.objects.filter(action=MarketAuditAction.SCHOOL_SET_SAVED).count() == 1


@pytest.mark.parametrize("role", [Role.TEACHER, Role.PRIVACY_OFFICER, Role.PUBLISHER_EDITOR, Role.POLICY_ANALYST])
def test_who_may_not_manage_the_set_is_refused_and_audited(w, role):
    with pytest.raises(Forbidden, match="sectievoorzitter of schoolleider"):
        vo_set(w, role)
    assert not SchoolSet.objects.exists()
    denied = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert (denied.details["action"], denied.details["reason"]) == ("market.manage_school_set", NO_SET_RIGHT)


def test_the_board_and_platform_may_another_school_may_not(w):
    vo_set(w, Role.BOARD_BUYER)
    vo_set(w, Role.PLATFORM_ADMIN)
    with pytest.raises(Forbidden):
        save_school_set(actor(w, Role.SCHOOL_LEADER), w.other_school, pupils_total=10, lines=[])
    with pytest.raises(NotFound):
        save_school_set(actor(w, Role.PLATFORM_ADMIN), w.board, pupils_total=10, lines=[])  # not a school


# --- the costs: a hand calculation ---------------------------------------------------------------------------------


def test_cost_per_pupil_and_the_indexed_benchmark_against_a_hand_calculation(w):
    load_reference()
    vo_set(w)
    costs = reads.costs_of(w.school)
    assert costs.year == THIS_YEAR  # the 2025 prices hold in every later year
    by_title = {line.product.title: line for line in costs.lines}
    assert by_title["Aardrijkskunde licentie"].price_incl_cents == 4840  # 4000 x 1.21
    assert by_title["Biologie LiFo"].price_incl_cents == 4600  # 2000 x 1.21 + 2000 x 1.09
    assert (by_title["Biologie LiFo"].licence_incl_cents, by_title["Biologie LiFo"].folio_incl_cents) == (2420, 2180)
    assert by_title["Chemie docentlicentie"].price_incl_cents is None
    assert by_title["Chemie docentlicentie"].reason  # said why
    assert costs.total_cents == 4840 * 120 + 4600 * 80 == 948_800
    assert costs.per_pupil == Decimal(948_800) / 150
    assert costs.per_pupil_cents == 6325  # 6325.33 rounded half up
    # €340 at the 2023 price level x CPI(2025) / CPI(2023): the CPI of this year is not known yet
    assert costs.benchmark.cpi_year == 2025
    assert costs.benchmark.amount_cents == 36265  # 34000 x 134.49 / 126.09 = 36265.05
    assert costs.difference_cents == 6325 - 36265
    assert costs.percent_of_benchmark == Decimal("17.4")  # 100 x 6325 / 36265 = 17.44
    steps = " ".join(costs.steps + costs.benchmark.steps)
    assert "Aardrijkskunde licentie: € 48,40 × 120 leerlingen = € 5.808,00." in steps
    assert "€ 9.488,00 / 150 leerlingen van de school = € 63,25 per leerling per jaar." in steps
    assert "340 × 134,49 (CPI 2025) / 126,09 (CPI 2023) = € 362,65" in steps
    assert f"De CPI van {THIS_YEAR} is nog niet bekend" in steps
    assert "Niet meegeteld: 1 product(en)" in steps


def test_an_updated_budget_series_reaches_the_benchmark(w):
    """The amount and its price level are the reference series' (a CSV import may update them), not a constant."""
    load_reference(cpi={2015: "100", 2023: "126.09", 2024: "130.31", 2025: "134.49"})
    ReferencePoint.objects.create(
        series=ReferenceSeries.objects.get(code="budget-vo-per-pupil"), year=2024, value=Decimal(350)
    )
    vo_set(w)
    costs = reads.costs_of(w.school)
    assert costs.benchmark.price_level_year == 2024  # the latest point counts
    assert costs.benchmark.amount_cents == 36123  # 35000 x 134.49 / 130.31 = 36122.70, half up
    assert "350 × 134,49 (CPI 2025) / 130,31 (CPI 2024)" in " ".join(costs.benchmark.steps)
    assert costs.percent_of_benchmark == (Decimal(100 * 6325) / costs.benchmark.amount_cents).quantize(Decimal("0.1"))


def test_po_sets_get_no_benchmark_and_empty_reference_tables_are_said(w):
    save_school_set(
        actor(w, Role.SCHOOL_LEADER), w.school, pupils_total=30, lines=[{"product": w.p.uuid, "pupils": 30}]
    )
    load_reference()
    po = reads.costs_of(w.school)
    assert po.per_pupil_cents == 1210
    assert po.benchmark.amount_cents is None
    assert "primair onderwijs is geen benchmark" in po.benchmark.message
    ReferenceSeries.objects.all().delete()
    vo_set(w)
    empty = reads.costs_of(w.school)
    assert empty.benchmark.amount_cents is None
    assert "nog niet ingelezen" in empty.benchmark.message
    load_reference(budget=True, cpi={2015: "100"})  # no CPI for 2023: cannot index
    assert "CPI van 2023 ontbreekt" in reads.costs_of(w.school).benchmark.message


def test_declared_holdings_are_suggested_for_the_set(w):
    SchoolHolding.objects.create(school=w.school, product=w.p)
    SchoolHolding.objects.create(school=w.school, product=w.a)
    vo_set(w)
    assert [p.title for p in reads.costs_of(w.school).suggestions] == ["Rekenen po"]  # a is in the set already


# --- the page ------------------------------------------------------------------------------------------------------


def test_the_page_shows_every_step_for_the_schools_roles_and_records_the_view(w, client):
    load_reference()
    vo_set(w)
    login_as(client, w.members[Role.TEACHER])
    response = client.get(f"/markt/school/{w.school.uuid}/kosten/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "€ 63,25" in html
    assert "€ 362,65" in html
    assert "€ 299,40 per leerling <strong>minder</strong> dan de benchmark. Dat is 17,4 % van de benchmark." in html
    assert "Hoe is dit berekend?" in html
    assert "Set aanpassen" not in html  # a teacher reads, does not edit
    assert AuditEvent.objects.filter(action=MarketAuditAction.SCHOOL_COSTS_VIEWED, organisation=w.school).count() == 1


def test_the_page_is_refused_to_other_schools_and_publishers(w, client):
    login_as(client, w.members[Role.PUBLISHER_EDITOR])
    assert client.get(f"/markt/school/{w.school.uuid}/kosten/").status_code == 403
    login_as(client, w.members[Role.SCHOOL_LEADER])
    response = client.get(f"/markt/school/{w.other_school.uuid}/kosten/")
    assert response.status_code == 403
    assert "rol heeft bij die school" in response.content.decode()
    assert client.get(f"/markt/school/{w.board.uuid}/kosten/").status_code == 404
    assert client.get("/markt/school/00000000-0000-0000-0000-000000000000/kosten/").status_code == 404
    assert client.__class__().get(f"/markt/school/{w.school.uuid}/kosten/").status_code == 302  # to the login


def test_the_form_saves_all_or_nothing_with_dutch_errors(w, client):
    login_as(client, w.members[Role.SECTION_HEAD])
    url = f"/markt/school/{w.school.uuid}/kosten/"
    page = client.get(url).content.decode()
    assert "Set aanpassen" in page
    bad = client.post(url, {"rows": "3", "pupils_total": "100", "product-0": str(w.a.uuid), "pupils-0": "120",
                            "product-1": "onbekend", "pupils-1": "5", "product-2": "", "pupils-2": ""})  # fmt: skip
    html = bad.content.decode()
    assert bad.status_code == 200
    assert "er is niets opgeslagen" in html
    assert "Regel 1: 120 leerlingen is meer dan de 100 leerlingen van de school." in html
    assert "Regel 2: dit product staat niet in de catalogus." in html
    assert 'href="#pupils-0"' in html
    assert 'href="#product-1"' in html
    assert not SchoolSet.objects.exists()
    assert AuditEvent.objects.filter(action=MarketAuditAction.SCHOOL_COSTS_VIEWED).count() == 2  # the form, the errors
    good = client.post(url, {"rows": "3", "pupils_total": "150", "product-0": str(w.a.uuid), "pupils-0": "120",
                             "product-1": w.b.product_id, "pupils-1": "80", "product-2": str(w.c.uuid),
                             "pupils-2": ""})  # fmt: skip  # an empty number leaves the product out
    assert good.status_code == 302
    assert good["Location"] == url
    assert SchoolSet.objects.get().lines.count() == 2


def test_a_teacher_cannot_post_the_form(w, client):
    login_as(client, w.members[Role.TEACHER])
    response = client.post(f"/markt/school/{w.school.uuid}/kosten/", {"rows": "0", "pupils_total": "10"})
    assert response.status_code == 403
    assert not SchoolSet.objects.exists()


def test_titles_are_escaped(w, client):
    w.a.title = "<script>alert(1)</script>"
    w.a.save()
    vo_set(w)
    login_as(client, w.members[Role.SCHOOL_LEADER])
    html = client.get(f"/markt/school/{w.school.uuid}/kosten/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


# --- the API -------------------------------------------------------------------------------------------------------


def test_api_costs_and_set(w, client):
    load_reference()
    url = f"/api/v1/market/schools/{w.school.uuid}"
    assert client.get(f"{url}/costs").status_code == 401
    login_as(client, w.members[Role.PUBLISHER_EDITOR])
    assert client.get(f"{url}/costs").status_code == 403
    login_as(client, w.members[Role.SCHOOL_LEADER])
    body = {"pupils_total": 150, "lines": [{"product": str(w.a.uuid), "pupils": 120},
                                            {"product": str(w.b.uuid), "pupils": 80}]}  # fmt: skip
    saved = client.put(f"{url}/set", json.dumps(body), content_type="application/json")
    assert saved.status_code == 200
    costs = client.get(f"{url}/costs").json()
    assert (costs["total_cents"], costs["per_pupil_cents"]) == (948_800, 6325)
    assert costs["benchmark"]["amount_cents"] == 36265
    assert costs["percent_of_benchmark"] == 17.4
    assert costs["lines"][1]["is_lifo"] is True
    refused = client.put(
        f"{url}/set", json.dumps({"pupils_total": 10, "lines": body["lines"]}), content_type="application/json"
    )
    assert refused.status_code == 422
    assert set(refused.json()["fields"]) == {"lines.0.pupils", "lines.1.pupils"}
    assert SchoolSet.objects.get().pupils_total == 150
    login_as(client, w.members[Role.TEACHER])
    assert client.put(f"{url}/set", json.dumps(body), content_type="application/json").status_code == 403
    assert client.get(f"/api/v1/market/schools/{w.board.uuid}/costs").status_code == 404
    assert client.get("/api/v1/market/schools/x/costs").status_code == 404


def test_a_price_change_in_the_catalogue_shows_without_a_manual_refresh(w):
    vo_set(w)
    PriceObservationFactory(
        product=w.a, observed_at=timezone.now(), amount_cents=5000, vat_percent=Decimal("21"), unit="per leerling"
    )
    line = next(line for line in reads.costs_of(w.school).lines if line.product.pk == w.a.pk)
    assert line.price_incl_cents == 6050  # 5000 x 1.21: the page refreshed the facts first


def test_messages_name_the_line_and_what_to_fix(w):
    with pytest.raises(MarketError) as refused:
        save_school_set(
            actor(w, Role.SCHOOL_LEADER),
            w.school,
            pupils_total="",
            lines=[{"product": w.a.uuid, "pupils": "0"}, {"product": w.b.uuid, "pupils": "x"}],
        )
    assert refused.value.fields == {
        "pupils_total": "Vul bij het aantal leerlingen van de school een heel getal in, bijvoorbeeld 120.",
        "lines.0.pupils": "Regel 1: het aantal leerlingen is minstens 1.",
        "lines.1.pupils": "Regel 2: vul bij het aantal leerlingen een heel getal in, bijvoorbeeld 120.",
    }
