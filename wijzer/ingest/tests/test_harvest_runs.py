"""`wijzer harvest` against a local test server serving the real samples (no internet)."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import override_settings

import pytest

from wijzer.catalog.models import Product
from wijzer.ingest.harvest.tests.testserver import Fault, HarvestTestServer
from wijzer.ingest.models import Run, Source

pytestmark = pytest.mark.usefixtures("slo")


@pytest.fixture
def server():
    with HarvestTestServer(oai_page_size=2) as running:
        yield running


@pytest.fixture(autouse=True)
def spool_dir(tmp_path):
    with override_settings(VAR_DIR=tmp_path):
        yield tmp_path


def _harvest(name: str):
    out = StringIO()
    call_command("harvest", name, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_sru_harvest_pages_through_all_eck_records_as_one_run(server):
    call_command(
        "harvest",
        "--add",
        "eck-sru",
        "--protocol",
        "sru",
        "--url",
        server.url("/sru/eck"),
        "--param",
        "recordSchema=eckcs2.5.2",
        "--param",
        "maximumRecords=4",
        stdout=StringIO(),
    )
    data = _harvest("eck-sru")
    assert (data["received"], data["created"], data["quarantined"]) == (10, 8, 2)
    assert Run.objects.filter(source__name="eck-sru").count() == 1
    assert len(server.queries("/sru/eck")) == 3


def test_second_harvest_reports_everything_unchanged(server):
    call_command(
        "harvest",
        "--add",
        "eck-sru",
        "--protocol",
        "sru",
        "--url",
        server.url("/sru/eck"),
        "--param",
        "maximumRecords=4",
        stdout=StringIO(),
    )
    _harvest("eck-sru")
    again = _harvest("eck-sru")
    assert (again["received"], again["created"], again["updated"], again["unchanged"]) == (10, 0, 0, 10)


def test_failed_harvest_changes_nothing_and_resumes_where_it_stopped(server):
    call_command(
        "harvest",
        "--add",
        "eck-sru",
        "--protocol",
        "sru",
        "--url",
        server.url("/sru/eck"),
        "--param",
        "maximumRecords=4",
        stdout=StringIO(),
    )
    server.fault = Fault("status", page=2, status=500, times=None)
    with pytest.raises(CommandError, match="opnieuw uit om verder te gaan"):
        call_command("harvest", "eck-sru", stdout=StringIO())
    assert Product.objects.count() == 0
    assert Source.objects.get(name="eck-sru").checkpoint["pages"] == 1
    server.fault = None
    fetched_before = len(server.queries("/sru/eck"))
    data = _harvest("eck-sru")
    assert data["received"] == 10
    later = server.queries("/sru/eck")[fetched_before:]
    assert [q.get("startRecord") for q in later] == ["5", "9"]


def test_oai_harvest_sends_from_after_a_successful_run(server):
    call_command("harvest", "--add", "open", "--protocol", "oai", "--url", server.url("/oai"), stdout=StringIO())
    first = _harvest("open")
    assert first["received"] == 3
    _harvest("open")
    last_first_request = [
        q for q in server.queries("/oai") if q.get("verb") == "ListRecords" and "resumptionToken" not in q
    ][-1]
    assert "from" in last_first_request


def test_html_instead_of_xml_is_a_dutch_error(server):
    call_command("harvest", "--add", "eck-sru", "--protocol", "sru", "--url", server.url("/sru/eck"), stdout=StringIO())
    server.fault = Fault("html", page=1, times=None)
    with pytest.raises(CommandError, match="HTML"):
        call_command("harvest", "eck-sru", stdout=StringIO())
    assert Product.objects.count() == 0


def test_unknown_source_is_a_dutch_error():
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("harvest", "geen-bron", stdout=StringIO())


def test_harvest_with_a_parsing_child_reads_every_spooled_page_in_order(server):
    def quarantine(name: str, workers: str) -> list[tuple]:
        call_command(
            "harvest",
            "--add",
            name,
            "--protocol",
            "sru",
            "--url",
            server.url("/sru/eck"),
            "--param",
            "recordSchema=eckcs2.5.2",
            "--param",
            "maximumRecords=4",
            stdout=StringIO(),
        )
        out = StringIO()
        call_command("harvest", name, "--json", "--workers", workers, stdout=out)
        data = json.loads(out.getvalue())
        assert (data["received"], data["quarantined"]) == (10, 2)
        return list(
            Run.objects.get(pk=data["run"])
            .quarantine.order_by("position")
            .values_list("record_id", "position", "raw_hash", "problems")
        )

    assert quarantine("eck-piped", "2") == quarantine("eck-one", "1")  # three pages, same records and positions
    with pytest.raises(CommandError, match="--workers moet 1 of meer zijn"):
        call_command("harvest", "eck-piped", "--workers", "0")
