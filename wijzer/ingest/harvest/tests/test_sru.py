from __future__ import annotations

import io

import pytest

from wijzer.ingest.formats.records import ParsedRecord
from wijzer.ingest.formats.registry import default_registry
from wijzer.ingest.harvest.base import Page
from wijzer.ingest.harvest.errors import HarvestError
from wijzer.ingest.harvest.http import FetchOptions
from wijzer.ingest.harvest.sru import SruHarvester, format_for_schema
from wijzer.ingest.harvest.tests.testdata import eck_records
from wijzer.ingest.harvest.tests.testserver import Fault, HarvestTestServer

from .conftest import identifiers


def eck(server: HarvestTestServer, options: FetchOptions, max_pages: int = 100) -> SruHarvester:
    url = server.url("/sru/eck")
    return SruHarvester(url, "*", "eckcs2.5.2", maximum_records=4, options=options, max_pages=max_pages)


def test_pages_through_all_eck_records(server: HarvestTestServer, options: FetchOptions) -> None:
    pages = list(eck(server, options).pages())

    assert [page.records for page in pages] == [4, 4, 2]
    assert [page.number for page in pages] == [1, 2, 3]
    assert [page.checkpoint.param("startRecord") for page in pages[:2]] == ["5", "9"]
    assert pages[-1].checkpoint.done
    assert pages[-1].checkpoint.records == 10
    assert identifiers(pages) == [record.identifier for record in eck_records()]
    assert [q["startRecord"] for q in server.queries("/sru/eck")] == ["1", "5", "9"]
    assert all(page.content_type.startswith("text/xml") for page in pages)


def test_pages_parse_with_the_eck_adapter(server: HarvestTestServer, options: FetchOptions) -> None:
    harvester = eck(server, options)
    adapter = default_registry.get(harvester.format_hint)

    results = [result for page in harvester.pages() for result in adapter.parse(io.BytesIO(page.body))]

    assert harvester.format_hint == "eck_catalog"
    assert len(results) == 10
    assert all(isinstance(result, ParsedRecord) for result in results)


def test_nl_lom_over_sru_2_0(server: HarvestTestServer, options: FetchOptions) -> None:
    harvester = SruHarvester(server.url("/sru/lom"), "*", "lom", maximum_records=2, version="2.0", options=options)

    pages = list(harvester.pages())

    assert harvester.format_hint == "nl_lom"
    assert [page.records for page in pages] == [2, 1]
    assert "operation" not in server.queries("/sru/lom")[0]


def test_resume_continues_after_the_checkpoint(server: HarvestTestServer, options: FetchOptions) -> None:
    first = next(iter(eck(server, options).pages()))

    rest = list(eck(server, options).pages(start=first.checkpoint))

    assert [page.number for page in rest] == [2, 3]
    assert rest[-1].checkpoint.records == 10
    assert sorted(identifiers([first, *rest])) == sorted(record.identifier for record in eck_records())
    assert [q["startRecord"] for q in server.queries("/sru/eck")] == ["1", "5", "9"]


def test_done_checkpoint_fetches_nothing(server: HarvestTestServer, options: FetchOptions) -> None:
    last = list(eck(server, options).pages())[-1]
    server.requests.clear()

    assert list(eck(server, options).pages(start=last.checkpoint)) == []
    assert server.requests == []


def test_keeps_fixed_parameters_of_the_base_url(server: HarvestTestServer, options: FetchOptions) -> None:
    url = server.url("/sru/eck?x-recordSchema=extra&startRecord=99")
    harvester = SruHarvester(url, "*", "eckcs2.5.2", maximum_records=5, options=options)

    assert [page.records for page in harvester.pages()] == [5, 5]
    assert server.queries("/sru/eck")[0]["x-recordSchema"] == "extra"
    assert server.queries("/sru/eck")[0]["startRecord"] == "1"


def test_diagnostic_becomes_harvest_error(server: HarvestTestServer, options: FetchOptions) -> None:
    harvester = SruHarvester(server.url("/sru/eck"), "*", "eckcs2.4", options=options)

    with pytest.raises(HarvestError) as caught:
        list(harvester.pages())

    assert caught.value.code == "sru.diagnostic"
    assert "Unknown schema for retrieval" in caught.value.message_nl
    assert "recordSchema" in caught.value.message_nl
    assert caught.value.checkpoint == harvester.start()


def test_not_an_sru_response(server: HarvestTestServer, options: FetchOptions) -> None:
    harvester = SruHarvester(server.url("/oai"), "*", "lom", options=options)

    with pytest.raises(HarvestError, match="geen SRU-antwoord"):
        list(harvester.pages())


@pytest.mark.parametrize(
    ("fault", "code", "dutch"),
    [
        (Fault("html", page=2), "content.html", "HTML terug in plaats van XML"),
        (Fault("status", page=2), "http.status", "HTTP-fout 500"),
        (Fault("truncate", page=2), "http.truncated", "onvolledig"),
        (Fault("slow", page=2, seconds=1.0), "http.timeout", "niet binnen 0.2 seconden"),
    ],
)
def test_failure_on_page_2_keeps_checkpoint_of_page_1(
    server: HarvestTestServer, sleeps: list[float], fault: Fault, code: str, dutch: str
) -> None:
    options = FetchOptions(timeout=0.2, sleep=sleeps.append)
    server.fault = fault
    seen: list[Page] = []

    with pytest.raises(HarvestError) as caught:
        seen.extend(eck(server, options).pages())

    assert caught.value.code == code
    assert dutch in caught.value.message_nl
    assert caught.value.checkpoint == seen[-1].checkpoint
    assert seen[-1].checkpoint.param("startRecord") == "5"
    server.fault = None
    rest = list(eck(server, options).pages(start=caught.value.checkpoint))
    assert sorted(identifiers(seen + rest)) == sorted(record.identifier for record in eck_records())


def test_transient_failure_is_retried(server: HarvestTestServer, options: FetchOptions, sleeps: list[float]) -> None:
    server.fault = Fault("status", page=2, status=503, times=2)

    pages = list(eck(server, options).pages())

    assert [page.records for page in pages] == [4, 4, 2]
    assert sleeps == [1.0, 2.0]
    assert [q["startRecord"] for q in server.queries("/sru/eck")] == ["1", "5", "5", "5", "9"]


def test_max_pages_safety_limit(server: HarvestTestServer, options: FetchOptions) -> None:
    with pytest.raises(HarvestError) as caught:
        list(eck(server, options, max_pages=2).pages())

    assert caught.value.code == "harvest.max_pages"
    assert "veiligheidsgrens" in caught.value.message_nl
    assert caught.value.checkpoint is not None
    assert caught.value.checkpoint.pages == 2


def test_format_for_schema() -> None:
    assert format_for_schema("eckcs2.5.2") == "eck_catalog"
    assert format_for_schema("lom") == "nl_lom"
    with pytest.raises(HarvestError, match="Onbekend recordSchema"):
        format_for_schema("marcxml")
