"""ECK field paths: merge order of the curriculum sources, the first of repeated fields, other namespaces and
entity references ignored, prices read from the first Prices block only. Pins what the Entry reader returns."""

from __future__ import annotations

from decimal import Decimal

from wijzer.ingest.formats.eck_catalog.adapter import EckCatalogAdapter
from wijzer.ingest.formats.records import Price
from wijzer.ingest.formats.tests.helpers import parse_all, records

NS = "http://dt2.eck.nl/schema/catalogservice/v2.5.2"


def _parse(body: str):
    data = f'<Entry xmlns="{NS}" xmlns:x="urn:other">{body}</Entry>'.encode()
    (record,) = records(parse_all(EckCatalogAdapter(), data))
    return record


def test_curriculum_sources_merge_in_path_order_not_document_order():
    record = _parse(
        "<ProductId>9789006987904</ProductId><Title>T</Title>"
        "<Sectors><Sector>SO</Sector></Sectors>"
        "<CurriculumInfo><Courses><Course>NASK</Course></Courses><Sector>PO</Sector>"
        "<Levels><Level>VMBO</Level><Level>HAVO</Level></Levels><Years><Year>jaar 2</Year></Years>"
        "<Subjects><Subject>NATUURKUNDE</Subject></Subjects></CurriculumInfo>"
        "<DEPSectors><DEPSector>VO</DEPSector><DEPSector>PO</DEPSector></DEPSectors>"
        "<DEPLevels><DEPLevel>HAVO</DEPLevel></DEPLevels><DEPYears><DEPYear>jaar 1</DEPYear></DEPYears>"
        "<DEPSubjects><DEPSubject>SCHEIKUNDE</DEPSubject></DEPSubjects>"
        "<DEPCourses><DEPCourse>NASK</DEPCourse><x:DEPCourse>ANDERS</x:DEPCourse></DEPCourses>"
    )
    cur = record.curriculum
    assert cur.sectors == ("VO", "PO", "SO")
    assert cur.levels == ("HAVO", "VMBO")
    assert cur.years == ("jaar 1", "jaar 2")
    assert cur.subjects == ("SCHEIKUNDE", "NATUURKUNDE")
    assert cur.courses == ("NASK",)


def test_the_first_of_a_repeated_field_counts_and_other_namespaces_do_not():
    record = _parse(
        "<x:Title>Vreemd</x:Title><Title>  Eerste\n titel </Title><Title>Tweede</Title>"
        "<ProductId>9789006987904</ProductId><Publisher>Uitgever <x:b>met</x:b> opmaak</Publisher>"
        "<Authors><Author>A</Author><x:Author>X</x:Author><Author>B</Author><Author>A</Author></Authors>"
    )
    assert record.title == "Eerste titel"
    assert record.publisher == "Uitgever met opmaak"
    assert record.authors == ("A", "B")


def test_prices_come_from_the_first_prices_block():
    record = _parse(
        "<ProductId>9789006987904</ProductId><Title>T</Title>"
        "<Prices><Currency>EUR</Currency><Consumerprice>1090</Consumerprice>"
        "<Price><Amount>1000</Amount><VAT>9.0</VAT><Unit>per stuk</Unit></Price>"
        "<Price><Description>per leerling</Description><Unit>stuk</Unit><Amount>500</Amount><VAT>21</VAT></Price>"
        "</Prices><Prices><Price><Amount>1</Amount><VAT>21</VAT></Price></Prices>"
    )
    assert record.prices == (
        Price(1000, Decimal("9.0"), "EUR", "per stuk"),
        Price(500, Decimal("21"), "EUR", "per leerling"),
    )
    assert record.consumer_price_cents == 1090
