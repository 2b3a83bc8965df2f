from __future__ import annotations

import json
from pathlib import Path

import pytest

from wijzer.ingest.formats.registry import default_registry
from wijzer.ingest.harvest.eduv import EduvHarvester
from wijzer.ingest.harvest.errors import HarvestError
from wijzer.ingest.harvest.http import FetchOptions
from wijzer.ingest.harvest.oai import OaiPmhHarvester
from wijzer.ingest.harvest.spool import Spool
from wijzer.ingest.harvest.sru import SruHarvester
from wijzer.ingest.harvest.tests.testdata import eck_records
from wijzer.ingest.harvest.tests.testserver import Fault, HarvestTestServer


def eck(server: HarvestTestServer, options: FetchOptions) -> SruHarvester:
    return SruHarvester(server.url("/sru/eck"), "*", "eckcs2.5.2", maximum_records=4, options=options)


def parsed_count(spool: Spool) -> int:
    adapter = default_registry.get(spool.format_hint() or "")
    total = 0
    for path in spool.pages_on_disk():
        with path.open("rb") as stream:
            total += sum(1 for _ in adapter.parse(stream))
    return total


def test_full_harvest_to_disk(server: HarvestTestServer, options: FetchOptions, tmp_path: Path) -> None:
    spool = Spool(tmp_path / "eck")

    final = spool.resume(eck(server, options))

    assert final.done
    assert final.pages == 3
    assert final.records == 10
    assert [path.name for path in spool.pages_on_disk()] == ["page-000001.xml", "page-000002.xml", "page-000003.xml"]
    assert spool.complete
    assert spool.format_hint() == "eck_catalog"
    assert parsed_count(spool) == 10
    assert sorted(p.name for p in (tmp_path / "eck").iterdir()) == [
        "checkpoint.json",
        "page-000001.xml",
        "page-000002.xml",
        "page-000003.xml",
    ]


def test_resume_after_failure_does_not_refetch(
    server: HarvestTestServer, options: FetchOptions, tmp_path: Path
) -> None:
    spool = Spool(tmp_path)
    server.fault = Fault("status", page=3)

    with pytest.raises(HarvestError, match="HTTP-fout 500") as caught:
        spool.resume(eck(server, options))

    assert len(spool.pages_on_disk()) == 2
    assert spool.checkpoint() == caught.value.checkpoint
    assert not spool.complete
    server.fault = None
    server.requests.clear()
    final = spool.resume(eck(server, options))

    assert [q["startRecord"] for q in server.queries("/sru/eck")] == ["9"]
    assert final.done
    assert final.records == 10
    assert len(spool.pages_on_disk()) == 3
    assert parsed_count(spool) == len(eck_records())


def test_complete_spool_fetches_nothing(server: HarvestTestServer, options: FetchOptions, tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    spool.resume(eck(server, options))
    server.requests.clear()

    assert spool.resume(eck(server, options)).done
    assert server.requests == []


def test_harvest_without_records_is_complete(server: HarvestTestServer, options: FetchOptions, tmp_path: Path) -> None:
    spool = Spool(tmp_path)

    final = spool.resume(OaiPmhHarvester(server.url("/oai"), from_date="2031-01-01", options=options))

    assert final.done
    assert final.pages == 0
    assert spool.pages_on_disk() == []
    assert spool.complete


def test_json_pages_and_empty_last_page(server: HarvestTestServer, options: FetchOptions, tmp_path: Path) -> None:
    spool = Spool(tmp_path)

    final = spool.resume(EduvHarvester(server.url("/eduv/items"), limit=5, options=options))

    assert final.done
    assert final.records == 10
    assert [path.name for path in spool.pages_on_disk()] == ["page-000001.json", "page-000002.json"]
    assert parsed_count(spool) == 10


def test_other_source_is_refused(server: HarvestTestServer, options: FetchOptions, tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    spool.resume(eck(server, options))

    with pytest.raises(HarvestError, match="andere bron"):
        spool.resume(OaiPmhHarvester(server.url("/oai"), options=options))


def test_page_beyond_the_checkpoint_is_ignored(
    server: HarvestTestServer, options: FetchOptions, tmp_path: Path
) -> None:
    """A crash between writing a page and its checkpoint leaves a page the checkpoint does not cover."""
    spool = Spool(tmp_path)
    server.fault = Fault("status", page=2)
    with pytest.raises(HarvestError):
        spool.resume(eck(server, options))
    (tmp_path / "page-000002.xml").write_bytes(b"<half")

    assert [path.name for path in spool.pages_on_disk()] == ["page-000001.xml"]
    server.fault = None
    spool.resume(eck(server, options))
    assert parsed_count(spool) == 10


def test_broken_checkpoint_file(tmp_path: Path) -> None:
    (tmp_path / "checkpoint.json").write_text(json.dumps({"checkpoint": {"protocol": 1}}))

    with pytest.raises(HarvestError, match="onleesbaar"):
        Spool(tmp_path).checkpoint()


def test_clear(server: HarvestTestServer, options: FetchOptions, tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    spool.resume(eck(server, options))
    (tmp_path / "notes.txt").write_text("keep")

    spool.clear()

    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert spool.checkpoint() is None
    assert spool.pages_on_disk() == []


def test_no_temporary_files_left(server: HarvestTestServer, options: FetchOptions, tmp_path: Path) -> None:
    Spool(tmp_path).resume(EduvHarvester(server.url("/eduv/products"), limit=3, options=options))

    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert (tmp_path / "page-000004.json").read_bytes().startswith(b'{"products"')
