from __future__ import annotations

import socket

import pytest

from wijzer.ingest.harvest.errors import HarvestError
from wijzer.ingest.harvest.http import USER_AGENT, FetchOptions, fetch
from wijzer.ingest.harvest.sru import SruHarvester
from wijzer.ingest.harvest.tests.testserver import Fault, HarvestTestServer


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "/relative", "http://"])
def test_only_http_urls(url: str) -> None:
    with pytest.raises(HarvestError, match="gebruik een volledige http- of https-URL"):
        fetch(url)


def test_harvester_refuses_non_http_base_url() -> None:
    with pytest.raises(HarvestError, match="wordt niet ondersteund"):
        SruHarvester("file:///tmp/x.xml", "*", "lom")


@pytest.mark.parametrize(
    ("target", "code"), [("file:///etc/passwd", "http.redirect"), ("ftp://127.0.0.1/x", "url.invalid")]
)
def test_redirect_to_other_schemes_is_refused(
    server: HarvestTestServer, options: FetchOptions, target: str, code: str
) -> None:
    with pytest.raises(HarvestError) as caught:
        fetch(server.url(f"/redirect?to={target}"), options=options)

    assert caught.value.code == code
    assert "http" in caught.value.message_nl


def test_redirect_to_http_is_followed(server: HarvestTestServer, options: FetchOptions) -> None:
    target = server.url("/eduv/list?start=0&limit=1")

    response = fetch(server.url(f"/redirect?to={target.replace('&', '%26')}"), expect="json", options=options)

    assert response.url == target
    assert response.body.startswith(b"[")


def test_user_agent_and_accept(server: HarvestTestServer, options: FetchOptions) -> None:
    response = fetch(server.url("/eduv/list"), expect="json", options=options)

    assert response.status == 200
    assert response.content_type == "application/json"
    assert server.headers[0]["User-Agent"] == USER_AGENT == "Wijzer-harvester/0.1"
    assert server.headers[0]["Accept"].startswith("application/json")


def test_404_is_not_retried(server: HarvestTestServer, options: FetchOptions, sleeps: list[float]) -> None:
    with pytest.raises(HarvestError, match="HTTP-fout 404") as caught:
        fetch(server.url("/nowhere"), options=options)

    assert "controleer de URL" in caught.value.message_nl
    assert sleeps == []
    assert len(server.requests) == 1


def test_500_is_retried_three_times(server: HarvestTestServer, options: FetchOptions, sleeps: list[float]) -> None:
    server.fault = Fault("status", page=1)

    with pytest.raises(HarvestError, match="storing"):
        fetch(server.url("/eduv/list"), expect="json", options=options)

    assert len(server.requests) == 3
    assert sleeps == [1.0, 2.0]


def test_timeout_is_retried(server: HarvestTestServer, sleeps: list[float]) -> None:
    server.fault = Fault("slow", page=1, seconds=0.6, times=1)

    response = fetch(server.url("/eduv/list"), expect="json", options=FetchOptions(timeout=0.2, sleep=sleeps.append))

    assert response.status == 200
    assert sleeps == [1.0]


def test_unreachable_host(sleeps: list[float]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with pytest.raises(HarvestError) as caught:
        fetch(f"http://127.0.0.1:{port}/oai", options=FetchOptions(sleep=sleeps.append))

    assert caught.value.code == "http.unreachable"
    assert "niet bereikbaar" in caught.value.message_nl


def test_maximum_size(server: HarvestTestServer) -> None:
    with pytest.raises(HarvestError) as caught:
        fetch(server.url("/eduv/list?limit=10"), expect="json", options=FetchOptions(max_bytes=1024))

    assert caught.value.code == "http.too_large"
    assert "groter dan" in caught.value.message_nl


def test_xml_expected_but_json_received(server: HarvestTestServer, options: FetchOptions) -> None:
    with pytest.raises(HarvestError, match="geen XML terug"):
        fetch(server.url("/eduv/list"), expect="xml", options=options)


def test_html_login_page(server: HarvestTestServer, options: FetchOptions) -> None:
    server.fault = Fault("html", page=1)

    with pytest.raises(HarvestError, match=r"De bron gaf HTML terug in plaats van XML \(text/html"):
        fetch(server.url("/sru/eck?operation=searchRetrieve&query=x"), options=options)
