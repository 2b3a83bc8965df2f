"""Vocabulary mapper: free-text levels/subjects and legacy VDEX ids to real OBK/SLO UUIDs."""

from __future__ import annotations

import pytest

from wijzer.ingest.formats.eck_catalog.adapter import EckCatalogAdapter
from wijzer.ingest.formats.nl_lom.adapter import NlLomAdapter
from wijzer.ingest.formats.records import Curriculum, ParsedRecord
from wijzer.ingest.formats.tests.helpers import NIVEAUS_JSON, fixture_bytes, parse_all, records
from wijzer.ingest.formats.validate import validate
from wijzer.ingest.formats.vocab import VocabularyMapper, default_mapper, default_table

MAPPER = default_mapper(NIVEAUS_JSON)
HAVO = "a3ddbe60-8478-4204-b769-6f5e9f4cbca2"
HAVO_4 = "70af3752-c6ad-43d9-aa0c-9ff099931f8a"
VWO_3 = "b924d4ad-65a1-41dc-b704-c7786eb4aec0"
GROEP_5 = "bc213214-b83d-4673-b9c1-8fdaa63d6d56"
NATUURKUNDE = "e98be5ad-4bd2-4768-a9eb-7e24026e360c"
PO = "512e4729-03a4-43a2-95ba-758071d1b725"


@pytest.mark.parametrize(
    ("term", "uuids"),
    [
        ("HAVO", (HAVO,)),
        ("vwo 3", (VWO_3,)),
        ("VWO, 3", (VWO_3,)),
        ("groep 5", (GROEP_5,)),
        ("NATUURKUNDE", (NATUURKUNDE,)),
        ("basisonderwijs", (PO,)),
        ("natuurwetenschappen", ("f97e788f-5aa6-4ab4-9448-9e27b79daa9e", "3b49e7f7-00cc-47ad-8403-32adb3ec31ee")),
        ("TAAL & SPELLING", ()),
    ],
)
def test_lookup(term, uuids):
    assert MAPPER.lookup(term) == uuids


def test_year_is_resolved_against_levels():
    assert MAPPER.lookup_year("jaar 4", ["HAVO"]) == (HAVO_4,)
    assert MAPPER.lookup_year("jaar 5", ["BASISONDERWIJS"]) == (GROEP_5,)
    assert MAPPER.lookup_year("jaar 4", []) == ()


def test_legacy_vdex_ids_map_from_source_uri():
    source = "http://download.edustandaard.nl/vdex/vdex_classification_educationallevel_czp_20071115.xml"
    assert MAPPER.lookup_legacy(source, "vmbo_kl2") == ("30ce6ff5-d654-4a97-a6d4-9c8936f87ca6",)


def test_table_without_niveaus_still_maps_csv_labels():
    mapper = VocabularyMapper(default_table())
    assert mapper.lookup("HAVO") == (HAVO,)
    assert mapper.lookup("vwo 3") == (VWO_3,)


def test_custom_table_from_database_rows():
    mapper = VocabularyMapper({"Biologie": "2b363227-8633-4652-ad57-c61f1efc02c8"}, aliases={"bio": "biologie"})
    assert mapper.lookup("BIO") == ("2b363227-8633-4652-ad57-c61f1efc02c8",)


def test_eck_newton_record_maps_levels_years_and_subject():
    record = records(parse_all(EckCatalogAdapter(), fixture_bytes("eck_catalog", "thiememeulenhoff__sru-2.5.2.xml")))[1]
    result = MAPPER.map_record(record)
    assert result.level_ids == (
        "2a1401e9-c223-493b-9b86-78f6993b1a8d",
        HAVO,
        HAVO_4,
        "cb61531d-61eb-4412-a52f-ca065ca37e39",
    )
    assert result.subject_ids == (NATUURKUNDE,)
    assert result.problems == ()


def test_unknown_terms_are_warnings_and_nvt_is_ignored():
    record = ParsedRecord(
        format_id="csv",
        product_id="9789006987904",
        title="X",
        curriculum=Curriculum(levels=("nvt",), subjects=("MBO ZORG",)),
    )
    problems = validate(record, MAPPER)
    assert [(p.code, p.severity.value) for p in problems] == [("vocab.unknown", "warning")]
    assert "MBO ZORG" in problems[0].message_nl


def test_lom_legacy_taxons_map_to_obk():
    (record,) = parse_all(NlLomAdapter(), fixture_bytes("nl_lom", "kennisnet__nllom-complete.xml"))
    assert isinstance(record, ParsedRecord)
    result = MAPPER.map_record(record)
    assert "30ce6ff5-d654-4a97-a6d4-9c8936f87ca6" in result.level_ids
    assert "c7942bb1-bf4f-409f-bc98-9a0b02f175dc" in result.level_ids


# A Kennisnet HO vakkenset taxon: a UUID from a vocabulary that is not OBK/SLO (source URI and id in the style of
# the Edurep vocabularies; HO subjects are not in the SLO curriculum).
HO_VAKKENSET = "http://purl.edustandaard.nl/vdex_classification_vakkenset_ho"
HO_BEDRIJFSKUNDE = "6e4a5b0c-2f3d-4c1e-9a8b-7d6c5e4f3a21"
HO_RECORD = b"""<lom xmlns="http://www.imsglobal.org/xsd/imsmd_v1p2">
  <general><identifier><catalog>URI</catalog><entry>https://hbo.example/les/1</entry></identifier>
    <title><langstring xml:lang="nl">Inleiding bedrijfskunde</langstring></title></general>
  <technical><location>https://hbo.example/les/1</location></technical>
  <classification>
    <purpose><source><langstring xml:lang="x-none">LOMv1.0</langstring></source>
      <value><langstring xml:lang="x-none">discipline</langstring></value></purpose>
    <taxonpath><source><langstring xml:lang="x-none">%(ho)s</langstring></source>
      <taxon><id>%(ho_id)s</id><entry><langstring xml:lang="nl">Bedrijfskunde</langstring></entry></taxon></taxonpath>
    <taxonpath>
      <source><langstring xml:lang="x-none">http://purl.edustandaard.nl/begrippenkader</langstring></source>
      <taxon><id>%(natuurkunde)s</id><entry><langstring xml:lang="nl">Natuurkunde</langstring></entry></taxon>
    </taxonpath>
  </classification>
</lom>""" % {b"ho": HO_VAKKENSET.encode(), b"ho_id": HO_BEDRIJFSKUNDE.encode(), b"natuurkunde": NATUURKUNDE.encode()}


def test_foreign_vocabulary_id_is_not_stored_as_a_subject_but_kept_raw_with_a_warning():
    (record,) = parse_all(NlLomAdapter(), HO_RECORD)
    assert isinstance(record, ParsedRecord)
    assert HO_BEDRIJFSKUNDE in record.obk_discipline_ids  # the parser reports what the record says

    result = MAPPER.map_record(record)

    assert result.subject_ids == (NATUURKUNDE,)
    (problem,) = [p for p in result.problems if p.code == "vocab.foreign_id"]
    assert (problem.code, problem.severity.value, problem.field) == (
        "vocab.foreign_id",
        "warning",
        "obk_discipline_ids",
    )
    assert HO_BEDRIJFSKUNDE in problem.message_nl
    assert "'Bedrijfskunde'" in problem.message_nl
    assert HO_VAKKENSET in problem.message_nl
    assert HO_BEDRIJFSKUNDE.encode() in record.raw
    assert [t.taxon_id for t in record.taxons if t.source == HO_VAKKENSET] == [HO_BEDRIJFSKUNDE]


def test_unknown_level_id_is_dropped_and_known_ones_kept():
    record = ParsedRecord(
        format_id="eduv_json", title="X", obk_level_ids=(HAVO_4, "00000000-1111-4222-8333-444444444444")
    )

    result = MAPPER.map_record(record)

    assert result.level_ids == (HAVO_4,)
    assert [(p.code, p.field) for p in result.problems] == [("vocab.foreign_id", "obk_level_ids")]
    assert MAPPER.is_known(HAVO_4)
    assert not MAPPER.is_known("00000000-1111-4222-8333-444444444444")


def test_an_id_an_administrator_mapped_a_term_to_is_known():
    mapper = VocabularyMapper({"Bedrijfskunde": HO_BEDRIJFSKUNDE})
    record = ParsedRecord(format_id="nl_lom", title="X", obk_discipline_ids=(HO_BEDRIJFSKUNDE,))

    assert mapper.map_record(record).subject_ids == (HO_BEDRIJFSKUNDE,)
