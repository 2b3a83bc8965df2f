from __future__ import annotations

import datetime
import io

import pytest

from wijzer.ingest.formats.registry import default_registry
from wijzer.ingest.harvest.base import Checkpoint, Page
from wijzer.ingest.harvest.errors import HarvestError
from wijzer.ingest.harvest.http import FetchOptions
from wijzer.ingest.harvest.oai import OaiPmhHarvester, oai_date
from wijzer.ingest.harvest.tests.testdata import lom_records
from wijzer.ingest.harvest.tests.testserver import Fault, HarvestTestServer

from .conftest import identifiers

ALL_IDS = [record.identifier for record in lom_records()]


def test_pages_through_all_records_with_resumption_tokens(server: HarvestTestServer, options: FetchOptions) -> None:
    harvester = OaiPmhHarvester(server.url("/oai"), options=options)

    pages = list(harvester.pages())

    assert [page.records for page in pages] == [2, 1]
    assert identifiers(pages) == ALL_IDS
    assert pages[-1].checkpoint.done
    assert pages[-1].checkpoint.records == 3
    first, second = server.queries("/oai")
    assert first == {"verb": "ListRecords", "metadataPrefix": "lom"}
    assert set(second) == {"verb", "resumptionToken"}


def test_pages_parse_with_the_nl_lom_adapter(server: HarvestTestServer, options: FetchOptions) -> None:
    harvester = OaiPmhHarvester(server.url("/oai"), options=options)
    adapter = default_registry.get(harvester.format_hint)

    results = [result for page in harvester.pages() for result in adapter.parse(io.BytesIO(page.body))]

    assert len(results) == 3


def test_incremental_harvest_sends_from(server: HarvestTestServer, options: FetchOptions) -> None:
    harvester = OaiPmhHarvester(server.url("/oai"), from_date=datetime.date(2024, 2, 1), options=options)

    pages = list(harvester.pages())

    assert server.queries("/oai")[0]["from"] == "2024-02-01"
    assert identifiers(pages) == ALL_IDS[1:]


def test_from_and_until_with_one_page_size(options: FetchOptions) -> None:
    with HarvestTestServer(oai_page_size=1) as server:
        until = datetime.datetime(2024, 3, 1, 12, tzinfo=datetime.UTC)
        harvester = OaiPmhHarvester(server.url("/oai"), from_date="2024-01-01", until_date=until, options=options)
        pages = list(harvester.pages())
        assert server.queries("/oai")[0]["until"] == "2024-03-01T12:00:00Z"
    assert [page.records for page in pages] == [1, 1]
    assert identifiers(pages) == ALL_IDS[:2]


def test_no_records_match_is_done_without_pages(server: HarvestTestServer, options: FetchOptions) -> None:
    harvester = OaiPmhHarvester(server.url("/oai"), from_date="2030-01-01", options=options)

    assert list(harvester.pages()) == []


def test_resume_continues_with_the_token(server: HarvestTestServer, options: FetchOptions) -> None:
    first = next(iter(OaiPmhHarvester(server.url("/oai"), options=options).pages()))

    rest = list(OaiPmhHarvester(server.url("/oai"), options=options).pages(start=first.checkpoint))

    assert identifiers([first, *rest]) == ALL_IDS
    assert len(server.queries("/oai")) == 2


def test_bad_resumption_token(server: HarvestTestServer, options: FetchOptions) -> None:
    stale = Checkpoint("oai-pmh", (("verb", "ListRecords"), ("resumptionToken", "expired")), pages=4, records=8)

    with pytest.raises(HarvestError) as caught:
        list(OaiPmhHarvester(server.url("/oai"), options=options).pages(start=stale))

    assert caught.value.code == "oai.bad_resumption_token"
    assert "opnieuw vanaf het begin" in caught.value.message_nl
    assert caught.value.checkpoint == stale


def test_repeating_token_is_a_loop(options: FetchOptions) -> None:
    seen: list[Page] = []
    with HarvestTestServer(oai_page_size=1) as small:
        small.fault = Fault("repeat_token")
        with pytest.raises(HarvestError) as caught:
            seen.extend(OaiPmhHarvester(small.url("/oai"), options=options).pages())

    assert caught.value.code == "harvest.loop"
    assert "resumptionToken" in caught.value.message_nl
    assert [page.number for page in seen] == [1]
    assert caught.value.checkpoint == seen[0].checkpoint


@pytest.mark.parametrize(
    ("prefix", "set_spec", "code", "dutch"),
    [
        ("oai_dc", None, "cannotDisseminateFormat", "controleer de metadataPrefix"),
        ("lom", "wikiwijs", "noSetHierarchy", "laat de set leeg"),
    ],
)
def test_oai_errors(
    server: HarvestTestServer, options: FetchOptions, prefix: str, set_spec: str | None, code: str, dutch: str
) -> None:
    harvester = OaiPmhHarvester(server.url("/oai"), prefix, set_spec, options=options)

    with pytest.raises(HarvestError) as caught:
        list(harvester.pages())

    assert caught.value.code == "oai.error"
    assert code in caught.value.message_nl
    assert dutch in caught.value.message_nl


def test_not_an_oai_response(server: HarvestTestServer, options: FetchOptions) -> None:
    with pytest.raises(HarvestError, match="geen OAI-PMH-antwoord"):
        list(OaiPmhHarvester(server.url("/sru/lom"), options=options).pages())


def test_wrong_protocol_checkpoint(server: HarvestTestServer, options: FetchOptions) -> None:
    with pytest.raises(HarvestError, match="hoort bij protocol 'sru'"):
        list(OaiPmhHarvester(server.url("/oai"), options=options).pages(start=Checkpoint("sru")))


def test_oai_date() -> None:
    assert oai_date(datetime.date(2024, 5, 1)) == "2024-05-01"
    moment = datetime.datetime(2024, 5, 1, 14, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    assert oai_date(moment) == "2024-05-01T12:00:00Z"
    with pytest.raises(ValueError, match="timezone-aware"):
        oai_date(datetime.datetime(2024, 5, 1))  # noqa: DTZ001 - naive on purpose
