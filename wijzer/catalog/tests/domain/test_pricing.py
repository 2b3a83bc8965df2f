"""Price per pupil per year from price lines and licence terms (W4 §4), with the steps shown to users."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wijzer.catalog.domain.pricing import Part, PriceLine, PriceTerms, incl_vat, per_pupil_per_year

HIGH, LOW = Decimal(21), Decimal(9)


def test_lifo_bundle_splits_licence_and_folio_including_vat():
    # given: the demo LiFo shape (licence line at 21 %, folio line at 9 %, 12 months)
    terms = PriceTerms(
        (PriceLine(3000, HIGH), PriceLine(2000, LOW)),
        "lifo_bundle",
        title="Formulepad havo 2 LiFo: werkboek inclusief 1 jaar licentie",
        licence_duration="12 maanden",
        end_user_roles=("Onderwijsvolger",),
    )
    # when
    price = per_pupil_per_year(terms)
    # then
    assert (price.excl_cents, price.incl_cents, price.basis, price.years) == (5000, 5810, "leerling", Decimal(1))
    assert price.parts == (Part("licentie", 3000, 3630), Part("folio", 2000, 2180))
    assert price.steps[1] == "Licentieduur “12 maanden” = 12 maanden."


def test_a_two_year_licence_is_halved_per_year():
    terms = PriceTerms((PriceLine(5000, HIGH, "per leerling"),), "digital_licence", licence_duration="24 maanden")
    price = per_pupil_per_year(terms)
    assert (price.excl_cents, price.incl_cents) == (2500, 3025)
    assert price.steps[0] == "Eenheid van de prijs: “per leerling”."
    assert price.steps[-1] == "Gedeeld door 2 jaar."


def test_a_consumable_workbook_counts_as_one_per_pupil_per_school_year():
    terms = PriceTerms(
        (PriceLine(1200, LOW),), "folio", description="papieren werkboek (verbruiksmateriaal), groep 5.",
        end_user_roles=("Onderwijsvolger",),
    )  # fmt: skip
    price = per_pupil_per_year(terms)
    assert (price.excl_cents, price.incl_cents) == (1200, 1308)


@pytest.mark.parametrize(
    ("description", "basis", "reason"),
    [
        ("docentlicentie met lesbrieven, per docent per jaar.", "docent", "De prijs geldt per docent."),
        ("digibordsoftware voor de hele school, per school per jaar.", "school", "De prijs geldt per school."),
        ("wandplaat voor in het lokaal (drukwerk).", "", "De prijs geldt per onbekende eenheid."),
    ],
)
def test_prices_not_per_pupil_get_no_per_pupil_figure(description, basis, reason):
    price = per_pupil_per_year(PriceTerms((PriceLine(9900, HIGH),), "digital_licence", description=description))
    assert (price.incl_cents, price.basis, price.reason) == (None, basis, reason)


def test_open_material_without_price_is_free():
    price = per_pupil_per_year(PriceTerms((), "open_resource", is_paid=False))
    assert (price.excl_cents, price.incl_cents) == (0, 0)


def test_a_pupil_price_without_a_period_has_a_reason():
    price = per_pupil_per_year(PriceTerms((PriceLine(900, HIGH, "per leerling"),), "digital_licence"))
    assert (price.incl_cents, price.reason) == (None, "Onbekend voor hoe lang de prijs geldt.")


def test_vat_rounds_half_up_to_whole_cents():
    assert (incl_vat(50, LOW), incl_vat(1, HIGH), incl_vat(1234, Decimal(0))) == (55, 1, 1234)
