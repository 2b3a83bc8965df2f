"""Deterministic synthetic catalogue files for benchmarks (e.g. 100 000 records).

``write_eck_sru`` writes an SRU 1.2 ``searchRetrieveResponse`` with ECK CatalogService 2.5.2 Entries, and
``write_nllom_oai`` an OAI-PMH ``ListRecords`` response with IMS NL-LOM records, both shaped like the real
samples. Every record is clearly synthetic: the title starts with ``SYNTHETISCH`` and the keyword
``synthetisch`` / product family ``Synthetische methode`` is set; EANs use the unassigned GS1 prefix 200
(restricted circulation) with a valid check digit. The same ``seed`` always gives the same bytes.

Used by ``bench_ingest`` and by the ingest concurrency test (``wijzer/ingest/tests/test_concurrent_writers.py``;
checked in ``wijzer/ingest/tests/test_scale_generator.py``); no command of Wijzer uses it at runtime.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import BinaryIO
from xml.sax.saxutils import escape

SYNTHETIC_PREFIX = "SYNTHETISCH"
_LEVELS = (
    ("VO", "HAVO", "jaar 4"),
    ("VO", "VWO", "jaar 3"),
    ("PO", "BASISONDERWIJS", "jaar 5"),
    ("VO", "VMBO", "jaar 2"),
)
_SUBJECTS = ("NATUURKUNDE", "WISKUNDE", "NEDERLANDS", "ENGELS", "GESCHIEDENIS", "AARDRIJKSKUNDE")
_MEDIA = ("Boek", "Web browser", "Anders")
_OBK_LEVELS = (
    ("a3ddbe60-8478-4204-b769-6f5e9f4cbca2", "HAVO"),
    ("ad9872e5-edc4-4a62-9ee7-ba7daceba2e0", "VWO"),
    ("512e4729-03a4-43a2-95ba-758071d1b725", "Primair onderwijs"),
)
_LICENCES = ("cc-by-40", "cc-by-sa-40", "cc-by-nc-40", "cc0-10")
_FLUSH_EVERY = 500
_RIGHTS_SOURCE = "http://purl.edustandaard.nl/copyrightsandotherrestrictions_nllom_20131202"


def synthetic_ean(number: int) -> str:
    """A valid EAN-13 in the restricted-circulation range 200…, unique per ``number``."""
    body = f"200{number:09d}"[:12]
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _eck_entry(rng: random.Random, index: int) -> str:
    sector, level, year = rng.choice(_LEVELS)
    subject = rng.choice(_SUBJECTS)
    ean = synthetic_ean(index)
    amount = rng.randrange(100, 60_000)
    vat = "9.0" if rng.random() < 0.8 else "21.0"
    return f"""<srw:record><srw:recordSchema>eckcs2.5.2</srw:recordSchema><srw:recordPacking>xml</srw:recordPacking>
<srw:recordIdentifier>synthetisch:{index:09d}</srw:recordIdentifier><srw:recordData>
<Entry xmlns="http://dt2.eck.nl/schema/catalogservice/v2.5.2" xmlns:ct="http://dt2.eck.nl/schema/common/v2.5">
<ProductId>{ean}</ProductId><Publisher>Synthetische Uitgeverij</Publisher>
<ProductFamilyName>Synthetische methode</ProductFamilyName>
<Title>{SYNTHETIC_PREFIX} {escape(subject.title())} {escape(level.lower())} {index}</Title>
<Authors><Author>Synthetisch, A.</Author></Authors>
<Description>Synthetisch testrecord voor benchmarks (synthetisch).</Description><Environments/>
<AccessLocation>https://toegang.example.org/{ean}</AccessLocation><AggregationLevel>Course</AggregationLevel>
<IsSeparatelyAvailable>false</IsSeparatelyAvailable><FirstPublishedDate>2020-08-01T00:00:00.000Z</FirstPublishedDate>
<EndOfLifeDate>2051-11-11T00:00:00.000Z</EndOfLifeDate><Version>1</Version><ProductState>Leverbaar</ProductState>
<IntendedEndUserRole>Onderwijsvolger</IntendedEndUserRole><Medium>{rng.choice(_MEDIA)}</Medium>
<IsConsumptionProduct>true</IsConsumptionProduct>
<DEPSectors><DEPSector>{sector}</DEPSector></DEPSectors><DEPCourses><DEPCourse>{subject}</DEPCourse></DEPCourses>
<DEPLevels><DEPLevel>{level}</DEPLevel></DEPLevels><DEPYears><DEPYear>{year}</DEPYear></DEPYears>
<DEPSubjects><DEPSubject>{subject}</DEPSubject></DEPSubjects>
<CurriculumInfo><Sector>{sector}</Sector><Courses><Course>{subject}</Course></Courses><Levels><Level>{level}</Level></Levels>
<Years><Year>{year}</Year></Years><Subjects><Subject>{subject}</Subject></Subjects></CurriculumInfo>
<SaleUnitSize>1</SaleUnitSize><Prices><Currency>EUR</Currency><Consumerprice>{amount}</Consumerprice>
<Price><Amount>{amount}</Amount><VAT>{vat}</VAT></Price></Prices><PriceIsIndicative>false</PriceIsIndicative>
<IsLicensed>true</IsLicensed><IsCatalogItem>true</IsCatalogItem><LastModifiedDate>2024-04-08T00:00:00.000Z</LastModifiedDate>
</Entry></srw:recordData></srw:record>
"""


def write_eck_sru(out: BinaryIO, count: int, seed: int = 0) -> None:
    """Write ``count`` synthetic ECK 2.5.2 Entries as one SRU response to ``out``."""
    rng = random.Random(seed)
    out.write(
        b'<?xml version="1.0" encoding="UTF-8"?>\n<srw:searchRetrieveResponse xmlns:srw="http://www.loc.gov/zing/srw/">'
        + f"<srw:version>1.2</srw:version><srw:numberOfRecords>{count}</srw:numberOfRecords><srw:records>\n".encode()
    )
    _write_records(out, (_eck_entry(rng, i) for i in range(1, count + 1)))
    out.write(b"</srw:records></srw:searchRetrieveResponse>\n")


def _lom_record(rng: random.Random, index: int) -> str:
    uuid, label = rng.choice(_OBK_LEVELS)
    identifier = f"oai:synthetisch.example.org:{index:09d}"
    return f"""<record><header><identifier>{identifier}</identifier><datestamp>2024-01-15</datestamp></header><metadata>
<lom xmlns="http://www.imsglobal.org/xsd/imsmd_v1p2"><general>
<title><langstring xml:lang="nl">{SYNTHETIC_PREFIX} open leermateriaal {index}</langstring></title>
<catalogentry><catalog>uri</catalog>
<entry><langstring xml:lang="x-none">https://example.org/lm/{index}</langstring></entry></catalogentry>
<language>nl</language>
<description><langstring xml:lang="nl">Synthetisch testrecord (synthetisch).</langstring></description>
<keyword><langstring xml:lang="nl">synthetisch</langstring></keyword></general>
<technical><format>text/html</format><location>https://example.org/lm/{index}</location></technical>
<educational><intendedenduserrole><source><langstring xml:lang="x-none">LOMv1.0</langstring></source>
<value><langstring xml:lang="x-none">learner</langstring></value></intendedenduserrole></educational>
<rights><cost><source><langstring xml:lang="x-none">LOMv1.0</langstring></source>
<value><langstring xml:lang="x-none">no</langstring></value></cost>
<copyrightandotherrestrictions><source><langstring xml:lang="x-none">{_RIGHTS_SOURCE}</langstring></source>
<value><langstring xml:lang="x-none">{rng.choice(_LICENCES)}</langstring></value>
</copyrightandotherrestrictions></rights>
<classification><purpose><source><langstring xml:lang="x-none">LOMv1.0</langstring></source>
<value><langstring xml:lang="x-none">educational level</langstring></value></purpose>
<taxonpath><source><langstring xml:lang="x-none">http://purl.edustandaard.nl/begrippenkader</langstring></source>
<taxon><id>{uuid}</id><entry><langstring xml:lang="nl">{label}</langstring></entry></taxon></taxonpath></classification>
</lom></metadata></record>
"""


def write_nllom_oai(out: BinaryIO, count: int, seed: int = 0) -> None:
    """Write ``count`` synthetic NL-LOM records as one OAI-PMH ListRecords response to ``out``."""
    rng = random.Random(seed)
    out.write(
        b'<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
        b"<responseDate>2024-01-15T00:00:00Z</responseDate>"
        b'<request verb="ListRecords" metadataPrefix="lom">https://example.org/oai</request><ListRecords>\n'
    )
    _write_records(out, (_lom_record(rng, i) for i in range(1, count + 1)))
    out.write(b"</ListRecords></OAI-PMH>\n")


def _write_records(out: BinaryIO, records: Iterable[str]) -> None:
    buffer: list[str] = []
    for record in records:
        buffer.append(record)
        if len(buffer) >= _FLUSH_EVERY:
            out.write("".join(buffer).encode("utf-8"))
            buffer.clear()
    out.write("".join(buffer).encode("utf-8"))
