"""The NL-LOM export of confirmed links parses back through the ingest adapter (W3) with the same ids."""

from __future__ import annotations

import io
import json

from wijzer.alignment.domain.export import ExportGoal, ExportPart, to_json, to_nl_lom
from wijzer.catalog.domain.records import ParsedRecord
from wijzer.ingest.formats.nl_lom.adapter import NlLomAdapter
from wijzer.ingest.formats.validate import check_required

PARTS = [
    ExportPart(
        "11111111-1111-4111-8111-111111111111",
        "1. Breuken",
        "Breuken op de getallenlijn & procenten <samen>.",
        "Sommenspoor (voorbeeld)",
        "Deel 1 › 1. Breuken",
        "https://wijzer.example/kerndoeldekking/methode/x/#onderdeel-1",
        (
            ExportGoal("1ed1e736-c541-4b47-9061-34117d70c859", "PO Kerndoel 26", "Structuren doorzien", "core"),
            ExportGoal("c2bfba34-1ca1-4560-9131-67cd068f9713", "PO Kerndoel 27", "Automatiseren", "partial"),
        ),
    ),
    ExportPart(
        "22222222-2222-4222-8222-222222222222", "2. Leeg", "", "M", "Deel 1 › 2. Leeg", "https://w.example/2", ()
    ),
]


def test_nl_lom_export_parses_back_with_the_same_objective_ids():
    # given
    xml = to_nl_lom(PARTS)
    # when
    records = list(NlLomAdapter().parse(io.BytesIO(xml)))
    # then: one record (the part without confirmed links is left out), valid, with the same objective ids
    assert len(records) == 1
    record = records[0]
    assert isinstance(record, ParsedRecord)
    assert record.obk_objective_ids == (
        "1ed1e736-c541-4b47-9061-34117d70c859",
        "c2bfba34-1ca1-4560-9131-67cd068f9713",
    )
    assert record.title == "Sommenspoor (voorbeeld): Deel 1 › 1. Breuken"
    assert record.record_id == "urn:uuid:11111111-1111-4111-8111-111111111111"
    assert [p for p in check_required(record) if p.severity == "error"] == []
    assert {t.source for t in record.taxons} == {"http://purl.edustandaard.nl/begrippenkader"}
    assert {t.purpose for t in record.taxons} == {"educational objective"}
    assert record.format_version == "imsmd_v1p2"  # the IMS binding


def test_json_export_lists_the_same_objectives():
    rows = to_json(PARTS)
    assert json.loads(json.dumps(rows))[0]["objectives"][1] == {
        "goal_id": "c2bfba34-1ca1-4560-9131-67cd068f9713",
        "code": "PO Kerndoel 27",
        "label": "Automatiseren",
        "strength": "partial",
        "purpose": "educational objective",
        "source": "http://purl.edustandaard.nl/begrippenkader",
    }
    assert len(rows) == 1
