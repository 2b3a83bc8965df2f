"""Real Edurep NL-LOM records (SRU, IMS binding) and vCard names read faithfully; see ``fixtures/SOURCE.md``."""

from __future__ import annotations

import datetime

from wijzer.ingest.formats.nl_lom.adapter import NlLomAdapter
from wijzer.ingest.formats.records import Medium, ParsedRecord
from wijzer.ingest.formats.tests.helpers import failures, fixture_bytes, parse_all, records

ADAPTER = NlLomAdapter()


def _edurep() -> list[ParsedRecord]:
    results = parse_all(ADAPTER, fixture_bytes("nl_lom", "edurep__sru-ims.xml"))
    assert failures(results) == []
    return records(results)


def test_edurep_wikipedia_record():
    wikipedia, _schooltv = _edurep()
    assert wikipedia.format_version == "imsmd_v1p2"
    assert wikipedia.record_id == (
        "wikipedia_nl:oai:collecties.edurep.nl:oaiprovider/mediawiki/ef1bb6d4-c229-4b46-8b1a-65441267dc90"
    )
    assert wikipedia.title == "Elektrische fiets"
    assert wikipedia.uri == "http://nl.wikipedia.org/wiki/Elektrische_fiets"
    assert wikipedia.publisher == "Wikipedia"
    assert wikipedia.language == "nl"
    assert wikipedia.curriculum.sectors == ("HBO", "WO", "VO")
    assert wikipedia.licence == "cc-by-sa-3.0"
    assert wikipedia.licence_raw == "cc-by-sa-30"
    assert wikipedia.is_paid is False
    assert wikipedia.medium is Medium.OPEN_RESOURCE
    assert wikipedia.first_published == datetime.date(2015, 12, 8)
    assert wikipedia.keywords[:3] == ("aantal", "systeem", "gebruik")


def test_edurep_schooltv_record_keeps_levels_subjects_and_obk_ids():
    _wikipedia, schooltv = _edurep()
    assert schooltv.record_id == "metaplus:Schooltv:/NTR/POMS/WO_NTR_427321"
    assert schooltv.title == "De geschiedenis van de fiets:Van loopfiets tot moderne fiets"
    assert schooltv.publisher == "Schooltv"
    assert schooltv.uri == "https://schooltv.nl/video/de-geschiedenis-van-de-fiets-van-loopfiets-tot-moderne-fiets/"
    assert schooltv.curriculum.sectors == ("PO", "VO")
    assert schooltv.curriculum.subjects == ("Verkeer", "Voertuigtechniek", "Carrosserietechniek")
    assert schooltv.curriculum.levels[:4] == ("Groep 1", "Groep 2", "Groep 3", "Primair onderwijs")
    assert schooltv.obk_discipline_ids == (
        "d45cf1d7-3d8e-476a-a4ef-a39440820199",
        "ab706abb-1f4a-4860-93c1-1d5ef63ea3b5",
    )
    assert len(schooltv.obk_level_ids) == 5
    assert schooltv.licence == "no-restrictions"
    assert schooltv.problems == ()


def _oai_record(vcard: str, role: str = "publisher") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record>
<header><identifier>oai:example:1</identifier><datestamp>2024-05-01</datestamp></header>
<metadata><lom xmlns="http://www.imsglobal.org/xsd/imsmd_v1p2"><general><title><langstring xml:lang="nl">Les
</langstring></title></general><lifecycle><contribute><role><source><langstring xml:lang="x-none">LOMv1.0</langstring>
</source><value><langstring xml:lang="x-none">{role}</langstring></value></role><centity><vcard>{vcard}</vcard>
</centity></contribute></lifecycle></lom></metadata></record></ListRecords></OAI-PMH>""".encode()


def test_escaped_organisation_in_a_vcard_becomes_a_clean_publisher_name():
    vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:AERES Hogeschool\\; HAS Hogeschool\\; Van Hall Larenstein\nEND:VCARD"
    (record,) = records(parse_all(ADAPTER, _oai_record(vcard)))
    assert record.publisher == "AERES Hogeschool; HAS Hogeschool; Van Hall Larenstein"
    assert "\\" not in record.publisher


def test_escaped_comma_in_an_author_name():
    vcard = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Vries\\, de;Jan;;;\r\nFN:Jan de Vries\\, MSc\r\nEND:VCARD\r\n"
    (record,) = records(parse_all(ADAPTER, _oai_record(vcard, role="author")))
    assert record.authors == ("Jan de Vries, MSc",)


def test_ims_root_1_2_1_namespace_is_read():
    data = b"""<lom xmlns="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"><general><title>
    <langstring xml:lang="en">a title</langstring></title></general><lifecycle><contribute><role><source>
    <langstring xml:lang="en">LOMv1.0</langstring></source><value><langstring xml:lang="x-none">Publisher</langstring>
    </value></role><centity><vcard>BEGIN:vCard
VERSION:3.0
FN:Universiteit Twente
END:vCard</vcard></centity></contribute></lifecycle></lom>"""
    (record,) = records(parse_all(ADAPTER, data))
    assert record.format_version == "imsmd_rootv1p2p1"
    assert record.title == "a title"
    assert record.publisher == "Universiteit Twente"


def test_nvon_ieee_record_with_a_one_line_vcard():
    (record,) = records(parse_all(ADAPTER, fixture_bytes("nl_lom", "nvon__ieee-lom.xml")))
    assert record.format_version == "ieee_lom"
    assert record.title == "Biologie | Mens en Milieu | 01 | bovenbouw HAVO"
    assert record.publisher == "NVON"  # "BEGIN:VCARD VERSION:3.0 ORG:NVON N:NVON FN:NVON EMAIL:… END:VCARD"
    assert record.first_published == datetime.date(2024, 4, 9)
    assert record.medium is Medium.TEST
    assert record.curriculum.subjects == ("Biologie",)
    assert record.curriculum.levels == ("Voortgezet onderwijs", "HAVO", "HAVO 5")
    assert record.obk_discipline_ids == ("2b363227-8633-4652-ad57-c61f1efc02c8",)
    assert record.obk_level_ids == (
        "2a1401e9-c223-493b-9b86-78f6993b1a8d",
        "a3ddbe60-8478-4204-b769-6f5e9f4cbca2",
        "cb61531d-61eb-4412-a52f-ca065ca37e39",
    )
    assert record.licence == "cc-by-sa-4.0"
    assert record.is_paid is False
    assert record.end_user_roles == ("teacher",)
