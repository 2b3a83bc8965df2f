"""Real ECK CatalogService records of every layout (2.1.1, 2.3 old and new style, 2.5.2) read faithfully.

The fixtures are public records of real publishers (Kinheim, Deviant, ThiemeMeulenhoff) and of Kennisnet's test
catalogue; see ``fixtures/SOURCE.md``. The values asserted below are copied from those files.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from wijzer.ingest.formats.eck_catalog.adapter import EckCatalogAdapter
from wijzer.ingest.formats.records import Environment, ParsedRecord, Price, Severity, SubProduct
from wijzer.ingest.formats.tests.helpers import NIVEAUS_JSON, failures, fixture_bytes, parse_all, records
from wijzer.ingest.formats.vocab.mapper import default_mapper

ADAPTER = EckCatalogAdapter()


def _records(name: str) -> list[ParsedRecord]:
    results = parse_all(ADAPTER, fixture_bytes("eck_catalog", name))
    assert failures(results) == []
    return records(results)


def _by_product(name: str) -> dict[str, ParsedRecord]:
    return {r.product_id or "": r for r in _records(name)}


# --- 2.3 with the curriculum directly under Entry (Kinheim, SRU) ------------------------------------------------


def test_kinheim_werkgids_keeps_course_years_sector_and_level_from_the_pre_2_5_layout():
    record = _by_product("kinheim__sru-2.3.xml")["9789060522738"]
    assert record.format_version == "2.3"
    assert record.record_id == "kinheim:4297665a-26bc-55f7-94a5-32417776f48a"
    assert record.title == "Werkgids Mijn eigen Wereld"
    assert record.curriculum.sectors == ("PO",)
    assert record.curriculum.levels == ("PO",)
    assert record.curriculum.years == ("jaar 4", "jaar 5")
    assert record.curriculum.courses == ("Aardrijkskunde",)
    assert record.curriculum.subjects == ()
    assert record.authors == ("kinheim",)
    assert record.content_url == (
        "https://www.kinheim.com/leermiddelen/werkgids-mijn-eigen-wereld/?attribute_pa_aantal=los-exemplaar"
    )
    assert record.prices == (Price(913, Decimal(9), "EUR", ""),)
    assert record.price_is_indicative is False
    assert record.licence == "copyright"
    assert record.licence_raw == "yes"
    assert record.problems == ()


def test_kinheim_werkgids_maps_to_a_subject_and_primary_school_years():
    """The course maps to an SLO vakleergebied and "jaar 4/5" with level PO to groep 4/5."""
    mapper = default_mapper(NIVEAUS_JSON)
    record = _by_product("kinheim__sru-2.3.xml")["9789060522738"]
    result = mapper.map_record(record)
    assert len(result.subject_ids) == 1
    assert len(result.level_ids) == 3  # PO itself, groep 4, groep 5
    assert result.problems == ()


def test_kinheim_years_of_every_record():
    by_product = _by_product("kinheim__sru-2.3.xml")
    assert {pid: r.curriculum.years for pid, r in by_product.items()} == {
        "9789060523094": ("jaar 3",),
        "9789060522738": ("jaar 4", "jaar 5"),
        "9789060523131": ("jaar 7",),
        "urn:kinheim:9789060523087": ("jaar 1", "jaar 2"),
    }


def test_kinheim_licence_extras_environments_and_activation():
    record = _by_product("kinheim__sru-2.3.xml")["9789060523094"]
    assert record.title == "Mijn Boek 3"
    assert record.environments == (
        Environment("Platform", "iOS"),
        Environment("Platform", "Windows"),
        Environment("Device", "pc ready"),
    )
    assert record.activation_before_days == 30
    assert record.activation_before_date == datetime.date(2021, 7, 16)
    assert record.additional_licence_options == ("Inkijkexemplaar", "Demo-exemplaar")
    assert record.licence_options == ("Inkijkexemplaar", "Demo-exemplaar")
    assert record.last_modified == datetime.date(2020, 1, 2)


def test_kinheim_set_of_five_keeps_sale_unit_and_price():
    record = _by_product("kinheim__sru-2.3.xml")["urn:kinheim:9789060523087"]
    assert record.title == "Mijn Boek 2 - Set van 5"
    assert record.sale_unit_size == 5
    assert record.prices == (Price(3206, Decimal(9), "EUR", ""),)


def test_kinheim_bare_entry_reads_like_the_same_entry_inside_sru():
    (bare,) = _records("kinheim__bare-entry-2.3.xml")
    in_sru = _by_product("kinheim__sru-2.3.xml")["9789060522738"]
    assert bare.record_id == "9789060522738"  # no SRU identifier: the product id
    assert bare.curriculum == in_sru.curriculum
    assert bare.prices == in_sru.prices
    assert (bare.title, bare.content_url, bare.licence) == (in_sru.title, in_sru.content_url, in_sru.licence)


# --- 2.3 namespace with the 2.2 flat prices, no Copyright (Deviant, SRU and a file of entries) ------------------


def test_deviant_flat_prices_are_indicative_with_the_assumption_as_a_warning():
    record = _by_product("deviant__sru-2.3-flat-prices.xml")["9789463260077"]
    assert record.title == "Engels Verkort (BBL)"
    assert record.prices == (Price(2100, Decimal(9), "EUR", "laag tarief"),)
    assert record.price_is_indicative is True  # the feed says false, but the meaning of the amount is assumed
    (problem,) = record.problems
    assert problem.code == "price.legacy_vat"
    assert problem.severity is Severity.WARNING
    assert "exclusief btw" in problem.message_nl


def test_deviant_without_copyright_gets_no_invented_licence():
    for record in _records("deviant__sru-2.3-flat-prices.xml"):
        assert record.licence is None
        assert record.licence_raw == ""


def test_deviant_curriculum_followup_activation_and_authors():
    by_product = _by_product("deviant__sru-2.3-flat-prices.xml")
    engels = by_product["9789463260077"]
    assert engels.curriculum.sectors == ("MBO",)
    assert engels.curriculum.levels == ("MBO2", "MBO3", "MBO4")
    assert engels.curriculum.courses == ("Engels",)
    assert engels.followup_product_ids == ("9789463260602",)
    assert engels.activation_before_days == 1095
    assert engels.activation_before_date is None
    assert engels.product_state == "Zal niet verschijnen"
    via = by_product["9789490998356"]
    assert via.authors == ("Rieke Wynia", "Hans Kruger", "Elouise de Beer", "Leonie Reijers")
    assert via.curriculum.levels == ("3F",)
    assert via.curriculum.courses == ("Nederlands",)
    assert via.end_of_life == datetime.date(2016, 3, 31)


def test_deviant_licence_without_any_price_has_no_price_and_no_warning():
    record = _by_product("deviant__sru-2.3-flat-prices.xml")["9789463260329"]
    assert record.title == "Engels Verkort (BBL) licentie"
    assert record.prices == ()
    assert record.price_is_indicative is False
    assert record.problems == ()


def test_deviant_sub_products_as_bare_product_ids():
    record = _by_product("deviant__sru-2.3-flat-prices.xml")["9789490998035"]
    assert record.sub_products == (SubProduct("9789463260282", "", 1),)
    assert record.prices == (Price(2055, Decimal(9), "EUR", "laag tarief"),)


def test_deviant_file_of_entries_reads_the_same_records():
    from_file = _records("deviant__entries-2.3.xml")
    from_sru = _by_product("deviant__sru-2.3-flat-prices.xml")
    assert [r.product_id for r in from_file] == ["9789463260077", "9789463260329", "9789076944906"]
    for record in from_file:
        assert record.record_id == record.product_id
        same = from_sru[record.product_id or ""]
        assert (record.curriculum, record.prices, record.authors) == (same.curriculum, same.prices, same.authors)


# --- 2.1.1 (Kennisnet test catalogue, SRU) -------------------------------------------------------------------


def test_kennisnet_2_1_1_currency_euro_misspelled_availability_and_sectors():
    (record,) = _records("kennisnet__sru-2.1.1.xml")
    assert record.format_version == "2.1.1"
    assert record.record_id == "test:license-01"
    assert record.curriculum.sectors == ("PO", "VO", "HO", "WO", "MBO")
    assert record.curriculum.levels == ("Alle groepen",)
    assert record.curriculum.courses == ("Alle courses",)
    assert record.prices == (Price(1, Decimal(21), "EUR", "hoog tarief"),)  # delivered as Currency "EURO"
    assert record.price_is_indicative is True
    assert record.licence_options == ("0", "Proefexemplaar")  # LicenseAvailablityOptions (sic) "0"
    assert record.additional_licence_options == ("Proefexemplaar",)
    assert record.licence is None


# --- 2.5.2 (ThiemeMeulenhoff, SRU): the DEP* lists and CurriculumInfo ----------------------------------------


@pytest.mark.parametrize(
    ("index", "years", "courses"),
    [(1, ("jaar 4", "jaar 5"), ("NATUURKUNDE",)), (2, ("jaar 3",), ("GODSDIENST/LEVENSBESCHOUWING",))],
)
def test_thiememeulenhoff_2_5_2_curriculum(index, years, courses):
    record = _records("thiememeulenhoff__sru-2.5.2.xml")[index]
    assert record.curriculum.years == years
    assert record.curriculum.courses == courses


def test_one_price_element_with_several_amount_vat_pairs_gives_one_price_per_pair():
    """The shape Kennisnet's phpECKCS reads since commit dabf19a ("multiple prices with different vats")."""
    body = (
        "<ProductId>9789006987904</ProductId><Title>Bundel</Title><Prices><Currency>EUR</Currency>"
        "<Price><Amount>1000</Amount><VAT>9</VAT><Amount>500</Amount><VAT>21</VAT></Price></Prices>"
    )
    data = f'<Entry xmlns="http://dt2.eck.nl/schema/catalogservice/v2.4">{body}</Entry>'.encode()
    (record,) = records(parse_all(ADAPTER, data))
    assert record.prices == (Price(1000, Decimal(9), "EUR", ""), Price(500, Decimal(21), "EUR", ""))
    assert record.problems == ()


def test_edition_supported_until_consumable_and_separately_available():
    deviant = _by_product("deviant__sru-2.3-flat-prices.xml")
    assert deviant["9789076944906"].edition == "1Druk"
    assert deviant["9789490998035"].supported_until == datetime.date(2019, 4, 1)
    assert deviant["9789463260329"].consumable is True
    assert deviant["9789463260077"].consumable is False
    assert _by_product("kinheim__sru-2.3.xml")["9789060522738"].consumable is True
    thieme = _records("thiememeulenhoff__sru-2.5.2.xml")[0]
    assert thieme.title == "Code+ Takenboek deel 1 inclusief 1/2 jaar licentie"
    assert thieme.for_sale is False  # IsSeparatelyAvailable false
