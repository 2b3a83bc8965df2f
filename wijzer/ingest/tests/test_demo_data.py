"""The demo catalogue parses with the real adapters, validates as intended and is clearly (and only) demo data."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from wijzer.ingest.demo_data import (
    DEMO_FORMATS,
    DEMO_GENERATORS,
    DEMO_OWNERS,
    DEMO_SOURCES,
    FLAWED_RECORD_IDS,
    FLAWED_RECORDS,
    KERNDOELEN,
    demo_eck_sru,
    demo_nllom_oai,
)
from wijzer.ingest.formats.licence import is_creative_commons
from wijzer.ingest.formats.records import Medium, ParsedRecord
from wijzer.ingest.formats.registry import default_registry
from wijzer.ingest.formats.validate import ean13_is_valid, validate
from wijzer.ingest.formats.values import normalise_term
from wijzer.ingest.formats.vocab.mapper import IGNORED_TERMS, default_mapper

REPO = Path(__file__).resolve().parents[3]
NIVEAUS_JSON = REPO / "data" / "slo" / "basis" / "niveaus.json"
KERNDOELEN_JSON = REPO / "data" / "slo" / "kerndoelen" / "kerndoelen.json"
OBK_MAPPING = REPO / "data" / "reference" / "obk_vdex_mapping.csv"
REAL_NAMES = ("Noordhoff", "Malmberg", "ThiemeMeulenhoff", "Zwijsen", "Blink", "Heutink", "Rolf", "Iddink", "VanDijk")


def _parse(data: bytes, format_id: str) -> list[ParsedRecord]:
    adapter = default_registry.detect(data[:8192])
    assert adapter is not None
    assert adapter.identifier == format_id
    results = list(adapter.parse(io.BytesIO(data)))
    assert all(isinstance(result, ParsedRecord) for result in results), [r for r in results if r.problems]
    return [result for result in results if isinstance(result, ParsedRecord)]


@pytest.fixture(scope="module")
def eck() -> list[ParsedRecord]:
    return _parse(demo_eck_sru(), "eck_catalog")


@pytest.fixture(scope="module")
def lom() -> list[ParsedRecord]:
    return _parse(demo_nllom_oai(), "nl_lom")


def _sound(records: list[ParsedRecord]) -> list[ParsedRecord]:
    return [r for r in records if r.record_id not in FLAWED_RECORDS]


def test_sources_are_named_and_detected_as_their_format():
    assert DEMO_SOURCES == (
        ("voorbeeld-rekenpen", "Voorbeeldfeed Uitgeverij De Rekenpen (ECK)"),
        ("voorbeeld-duinroos", "Voorbeeldfeed Uitgeverij Duinroos (ECK)"),
        ("voorbeeld-klimop", "Voorbeeldfeed Uitgeverij Klimop (ECK)"),
        ("voorbeeld-zeeklaver", "Voorbeeldfeed Uitgeverij Zeeklaver (ECK)"),
        ("voorbeeld-polderwind", "Voorbeeldfeed Uitgeverij Polderwind (ECK)"),
        ("voorbeeld-sterrenkijker", "Voorbeeldfeed Uitgeverij Sterrenkijker (ECK)"),
        ("voorbeeldcatalogus-open", "Voorbeeld open leermateriaal (NL-LOM)"),
    )
    for name, _label in DEMO_SOURCES:
        adapter = default_registry.detect(DEMO_GENERATORS[name]()[:8192])
        assert adapter is not None
        assert adapter.identifier == DEMO_FORMATS[name]


def test_each_publisher_feed_holds_exactly_its_own_records(eck):
    """The six publisher feeds split the whole ECK catalogue: every record once, in the feed of its publisher."""
    by_feed = {name: _parse(DEMO_GENERATORS[name](), "eck_catalog") for name in DEMO_OWNERS}
    assert sorted(r.record_id for records in by_feed.values() for r in records) == sorted(r.record_id for r in eck)
    for name, records in by_feed.items():
        assert {r.publisher for r in records} == {DEMO_OWNERS[name]}, name
    whole = {r.record_id: r.raw for r in eck}
    assert all(r.raw == whole[r.record_id] for records in by_feed.values() for r in records)


def test_eck_counts(eck):
    assert len(eck) == 244
    assert [r.record_id for r in eck] == [f"voorbeeld:{n:04d}" for n in range(1, 245)]
    assert all(r.format_version == "2.5.2" for r in eck)
    assert Counter(r.medium for r in eck) == {
        Medium.DIGITAL_LICENCE: 101,  # 84 pupil licences, 15 teacher licences, 2 digibord school licences
        Medium.FOLIO: 84,
        Medium.LIFO_BUNDLE: 50,
        Medium.TEST: 7,
        Medium.PRINT: 2,
    }
    assert sum("docentlicentie" in r.title for r in eck) == 15
    assert sum("digibordsoftware" in r.title for r in eck) == 2
    assert Counter(r.curriculum.sectors for r in eck) == {("PO",): 82, ("VO",): 162}
    assert Counter((r.curriculum.sectors[0], r.medium) for r in eck) == {
        ("PO", Medium.DIGITAL_LICENCE): 43,
        ("PO", Medium.FOLIO): 34,
        ("PO", Medium.TEST): 4,
        ("PO", Medium.PRINT): 1,
        ("VO", Medium.DIGITAL_LICENCE): 58,
        ("VO", Medium.FOLIO): 50,
        ("VO", Medium.LIFO_BUNDLE): 50,
        ("VO", Medium.TEST): 3,
        ("VO", Medium.PRINT): 1,
    }
    assert len({r.family_name for r in eck}) == 15
    assert len({r.publisher for r in eck}) == 6
    assert len({r.supplier for r in eck}) == 2


def test_only_the_flawed_records_fail_validation_each_with_its_intended_error(eck):
    assert tuple(FLAWED_RECORDS) == FLAWED_RECORD_IDS
    assert len(FLAWED_RECORD_IDS) == 6
    assert set(FLAWED_RECORDS.values()) == {
        "product_id.checksum",
        "price.negative",
        "vat.invalid",
        "dates.order",
        "url.invalid",
        "required.title",
    }
    found = {}
    for record in eck:
        codes = [p.code for p in (*record.problems, *validate(record))]
        if record.record_id in FLAWED_RECORDS:
            found[record.record_id] = codes
        else:
            assert codes == [], record.record_id
    assert found == {record_id: [code] for record_id, code in FLAWED_RECORDS.items()}


def test_lifo_bundles_have_a_licence_line_at_21_and_a_folio_line_at_9(eck):
    by_id = {r.product_id: r for r in eck}
    bundles = [r for r in eck if r.medium is Medium.LIFO_BUNDLE]
    for bundle in bundles:
        assert "inclusief" in bundle.title
        assert "licentie" in bundle.title
        assert [p.vat_percent for p in bundle.prices] == [Decimal(21), Decimal(9)]
        assert 3500 <= sum(p.amount_cents for p in bundle.prices) <= 7500
        assert bundle.prices[0].amount_cents > bundle.prices[1].amount_cents > 0
        folio, licence = (by_id[part.product_id] for part in bundle.sub_products)
        assert folio.medium is Medium.FOLIO
        assert licence.medium is Medium.DIGITAL_LICENCE
        assert bundle.licence_duration == "12 maanden"


def test_prices_are_plausible(eck):
    def amounts(sector: str, medium: Medium, word: str) -> list[int]:
        return [
            sum(p.amount_cents for p in r.prices)
            for r in _sound(eck)
            if r.curriculum.sectors == (sector,) and r.medium is medium and word in r.title
        ]

    assert all(1800 <= a <= 4500 for a in amounts("PO", Medium.DIGITAL_LICENCE, "leerlinglicentie"))
    assert all(800 <= a <= 1600 for a in amounts("PO", Medium.FOLIO, "werkboek"))
    assert all(3500 <= a <= 7500 for a in amounts("VO", Medium.LIFO_BUNDLE, "LiFo"))
    for record in _sound(eck):
        assert record.is_paid is True or record.medium in (Medium.FOLIO, Medium.PRINT)
        assert record.consumer_price_cents is not None
        assert record.consumer_price_cents > sum(p.amount_cents for p in record.prices) > 0
        expected_vat = Decimal(9) if record.medium is Medium.FOLIO else Decimal(21)
        if record.medium is not Medium.LIFO_BUNDLE:
            assert [p.vat_percent for p in record.prices] == [expected_vat]


def test_eans_are_valid_restricted_circulation_codes_except_the_deliberate_one(eck):
    wrong = [r.record_id for r in eck if not ean13_is_valid(r.product_id or "")]
    assert wrong == [rid for rid, code in FLAWED_RECORDS.items() if code == "product_id.checksum"]
    assert all((r.product_id or "").startswith("200") for r in eck)
    assert len({r.product_id for r in eck}) == len(eck)


def test_output_is_byte_identical_across_calls_and_processes():
    assert demo_eck_sru() == demo_eck_sru()
    assert demo_nllom_oai() == demo_nllom_oai()
    digests = hashlib.sha256(demo_eck_sru() + demo_nllom_oai()).hexdigest()
    script = (
        "import hashlib; from wijzer.ingest.demo_data import demo_eck_sru, demo_nllom_oai; "
        "print(hashlib.sha256(demo_eck_sru() + demo_nllom_oai()).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env, cwd=REPO)  # noqa: S603
    assert out.stdout.strip() == digests


def test_no_real_publisher_or_distributor_names_appear():
    text = (demo_eck_sru() + demo_nllom_oai()).decode("utf-8").lower()
    for name in REAL_NAMES:
        assert name.lower() not in text, name
    assert "toegang.org" not in text


def test_everything_is_labelled_as_demo_data(eck, lom):
    for record in (*eck, *lom):
        assert record.description.startswith("Voorbeeldgegevens: ")
        assert record.publisher.endswith(" (voorbeeld)")
        assert all("voorbeeld" in author.lower() for author in record.authors)
        assert "(voorbeeld)" in record.title or FLAWED_RECORDS.get(record.record_id or "") == "required.title"
    for record in eck:
        assert record.supplier.endswith(" (voorbeeld)")
        assert record.family_name.endswith(" (voorbeeld)")
        assert all(".voorbeeld.example/" in (url or "") for url in (record.access_url, record.information_url))
    for record in lom:
        assert "voorbeeld" in record.keywords
        assert ".voorbeeld.example/" in (record.uri or "")


def test_lom_counts_and_rights(lom):
    assert len(lom) == 60
    assert len({r.record_id for r in lom}) == 60
    assert Counter(r.medium for r in lom) == {Medium.OPEN_RESOURCE: 51, Medium.TEST: 6, Medium.TOOL: 3}
    assert Counter(r.curriculum.sectors for r in lom) == {("PO",): 26, ("VO",): 34}
    assert len({r.publisher for r in lom}) == 3
    for record in lom:
        assert record.is_paid is False
        assert is_creative_commons(record.licence)
        assert [p.code for p in (*record.problems, *validate(record))] == []


def test_lom_taxons_use_real_obk_and_slo_ids(lom):
    niveaus = {n["id"] for n in json.loads(NIVEAUS_JSON.read_text(encoding="utf-8"))}
    kerndoelen = {k["id"]: k["prefix"] for k in json.loads(KERNDOELEN_JSON.read_text(encoding="utf-8"))}
    with OBK_MAPPING.open(encoding="utf-8", newline="") as handle:
        disciplines = {row["obk_uuid"] for row in csv.DictReader(handle)}
    for record in lom:
        sector = record.curriculum.sectors[0]
        assert record.obk_level_ids
        assert set(record.obk_level_ids) <= niveaus
        assert len(record.obk_discipline_ids) == 1
        assert set(record.obk_discipline_ids) <= disciplines
        assert record.obk_objective_ids
        for uuid in record.obk_objective_ids:
            assert kerndoelen[uuid].startswith(f"{sector} Kerndoel ")
    slo = {k["id"]: (k["prefix"], k["kerndoelLabel"]) for k in json.loads(KERNDOELEN_JSON.read_text(encoding="utf-8"))}
    assert {uuid: (prefix, label) for prefix, (uuid, label) in KERNDOELEN.items()}.items() <= slo.items()
    rekenen = [r for r in lom if "Rekenen/wiskunde" in r.curriculum.subjects]
    numbers = {int(kerndoelen[u].rsplit(" ", 1)[1]) for r in rekenen for u in r.obk_objective_ids}
    assert numbers <= set(range(23, 34))


def _terms(record: ParsedRecord) -> int:
    cur = record.curriculum
    groups = ((*cur.sectors, *cur.levels), cur.years, (*cur.subjects, *cur.courses))
    return sum(1 for group in groups for term in set(group) if normalise_term(term) not in IGNORED_TERMS)


def test_curriculum_strings_map_to_obk_slo(eck, lom):
    mapper = default_mapper(NIVEAUS_JSON)
    for records, expected_unmapped in ((eck, {"jaar 3": 9}), (lom, {})):
        total = sum(_terms(r) for r in records)
        unmapped = Counter(
            p.message_nl.split("'")[1]
            for r in records
            for p in mapper.map_record(r).problems
            if p.code == "vocab.unknown"
        )
        assert unmapped == expected_unmapped  # vmbo leerjaar 3 has no OBK term without the leerweg
        assert sum(unmapped.values()) < 0.10 * total
        assert all(mapper.map_record(r).level_ids and mapper.map_record(r).subject_ids for r in records)
