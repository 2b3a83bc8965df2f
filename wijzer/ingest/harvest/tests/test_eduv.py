from __future__ import annotations

import io

import pytest

from wijzer.ingest.formats.records import ParsedRecord
from wijzer.ingest.formats.registry import default_registry
from wijzer.ingest.harvest.eduv import EduvHarvester, page_items, page_total
from wijzer.ingest.harvest.errors import HarvestError
from wijzer.ingest.harvest.http import FetchOptions
from wijzer.ingest.harvest.tests.testdata import eck_records
from wijzer.ingest.harvest.tests.testserver import Fault, HarvestTestServer

from .conftest import identifiers

ALL_IDS = [record.identifier for record in eck_records()]


def test_total_stops_without_an_extra_request(server: HarvestTestServer, options: FetchOptions) -> None:
    pages = list(EduvHarvester(server.url("/eduv/products"), limit=5, options=options).pages())

    assert [page.records for page in pages] == [5, 5]
    assert pages[-1].checkpoint.done
    assert identifiers(pages) == ALL_IDS
    assert [q["start"] for q in server.queries("/eduv/products")] == ["0", "5"]


@pytest.mark.parametrize("path", ["/eduv/items", "/eduv/list"])
def test_short_page_stops(server: HarvestTestServer, options: FetchOptions, path: str) -> None:
    pages = list(EduvHarvester(server.url(path), limit=4, options=options).pages())

    assert [page.records for page in pages] == [4, 4, 2]
    assert identifiers(pages) == ALL_IDS


def test_empty_last_page_is_not_yielded(server: HarvestTestServer, options: FetchOptions) -> None:
    pages = list(EduvHarvester(server.url("/eduv/items"), limit=5, options=options).pages())

    assert [page.records for page in pages] == [5, 5]
    assert [q["start"] for q in server.queries("/eduv/items")] == ["0", "5", "10"]


@pytest.mark.parametrize(("limit", "requests"), [(4, 1), (10, 2), (100, 1)])
def test_source_without_paging_is_read_once(
    server: HarvestTestServer, options: FetchOptions, limit: int, requests: int
) -> None:
    pages = list(EduvHarvester(server.url("/eduv/all"), limit=limit, options=options).pages())

    assert [page.records for page in pages] == [10]
    assert identifiers(pages) == ALL_IDS
    assert len(server.queries("/eduv/all")) == requests


def test_empty_list_ends_the_harvest_without_pages(server: HarvestTestServer, options: FetchOptions) -> None:
    assert list(EduvHarvester(server.url("/eduv/empty"), options=options).pages()) == []
    assert [q["start"] for q in server.queries("/eduv/empty")] == ["0"]


def test_pages_parse_with_the_eduv_adapter(server: HarvestTestServer, options: FetchOptions) -> None:
    harvester = EduvHarvester(server.url("/eduv/products"), limit=4, options=options)
    adapter = default_registry.get(harvester.format_hint)

    results = [result for page in harvester.pages() for result in adapter.parse(io.BytesIO(page.body))]

    assert len(results) == 10
    assert all(isinstance(result, ParsedRecord) and result.title for result in results)


def test_resume(server: HarvestTestServer, options: FetchOptions) -> None:
    first = next(iter(EduvHarvester(server.url("/eduv/list"), limit=3, options=options).pages()))

    rest = list(EduvHarvester(server.url("/eduv/list"), limit=3, options=options).pages(start=first.checkpoint))

    assert identifiers([first, *rest]) == ALL_IDS
    assert [q["start"] for q in server.queries("/eduv/list")] == ["0", "3", "6", "9"]


def test_html_instead_of_json(server: HarvestTestServer, options: FetchOptions) -> None:
    server.fault = Fault("html", page=1)

    with pytest.raises(HarvestError, match="HTML terug in plaats van JSON") as caught:
        list(EduvHarvester(server.url("/eduv/products"), options=options).pages())

    assert caught.value.checkpoint is not None
    assert caught.value.checkpoint.pages == 0


def test_truncated_json_without_length_is_invalid_json(server: HarvestTestServer, options: FetchOptions) -> None:
    harvester = EduvHarvester(server.url("/eduv/products"), limit=4, options=options)

    with pytest.raises(HarvestError) as caught:
        harvester.read(b'{"products": [{"id": 1}', (("start", "0"), ("limit", "4")), "http://x/")

    assert caught.value.code == "json.invalid"
    assert "onvolledige JSON" in caught.value.message_nl


def test_json_without_items(server: HarvestTestServer, options: FetchOptions) -> None:
    harvester = EduvHarvester(server.url("/eduv/products"), options=options)

    with pytest.raises(HarvestError, match="zonder productlijst"):
        harvester.read(b'{"error": "nope"}', harvester.first_params(), "http://x/")


def test_page_shape_helpers() -> None:
    assert page_items([1, 2]) == [1, 2]
    assert page_items({"items": [1]}) == [1]
    assert page_items({"products": [1], "items": [2]}) == [1]
    assert page_items({"product": {}}) is None
    assert page_total({"total": 7}, 3) == 7
    assert page_total({"count": 3}, 3) is None
    assert page_total({"count": 30}, 3) == 30
    assert page_total([1], 1) is None
