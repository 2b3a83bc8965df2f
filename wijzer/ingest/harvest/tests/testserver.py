"""A local HTTP server that serves the sample records as SRU, OAI-PMH and Edu-V JSON, with optional faults.

Loopback only (``127.0.0.1``, port chosen by the OS); no internet. Usage::

    with HarvestTestServer() as server:
        harvester = SruHarvester(server.url("/sru/eck"), "*", "eckcs2.5.2", maximum_records=4)
        server.fault = Fault("status", page=2)      # HTTP 500 for page 2 (see ``Fault``)
        ...
        server.requests, server.headers             # every request (path + query; headers) received, in order

Endpoints (records from ``testdata``):

- ``/sru/eck``: 10 ECK entries, ``recordSchema=eckcs2.5.2``; ``/sru/lom``: 3 NL-LOM records, ``recordSchema=lom``.
  ``version=2.0`` answers in the SRU 2.0 namespace; an unknown schema or bad parameter gives an SRU diagnostic.
- ``/oai``: ``verb=ListRecords&metadataPrefix=lom`` over the 3 NL-LOM records (datestamps 2024-01-15,
  2024-02-15, 2024-03-15), ``oai_page_size`` per page, honouring ``from``/``until``; OAI errors
  ``badVerb``, ``badArgument``, ``cannotDisseminateFormat``, ``noSetHierarchy``, ``badResumptionToken``,
  ``noRecordsMatch``.
- ``/eduv/products`` (``{"products": [...], "total": 10}``), ``/eduv/items`` (``{"items": [...]}``),
  ``/eduv/list`` (a bare list): 10 products, ``start``/``limit`` paging.
- ``/redirect?to=URL``: a 302 to ``URL``.
- ``/sru/empty`` (an SRU 1.2 response with ``numberOfRecords`` 0) and ``/eduv/empty`` (``[]``): a source with
  nothing to deliver. ``/eduv/all``: the 10 products as one bare list whatever ``start``/``limit`` say (the
  published Edu-V Catalogue API has no paging).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self
from urllib.parse import parse_qsl, urlsplit

from wijzer.ingest.harvest.tests import testdata
from wijzer.ingest.harvest.tests.testdata import SampleRecord

FAULT_KINDS = frozenset({"html", "status", "truncate", "slow", "repeat_token"})
LOGIN_PAGE = b"<!DOCTYPE html>\n<html><head><title>Inloggen</title></head><body><form>...</form></body></html>\n"


@dataclass
class Fault:
    """A failure to simulate on ``page`` (1-based) of any endpoint, ``times`` times (``None``: every time).

    Kinds: ``html`` (a login page with status 200), ``status`` (HTTP ``status``), ``truncate`` (half the body,
    with the full Content-Length), ``slow`` (wait ``seconds`` before answering), ``repeat_token`` (OAI-PMH:
    the response to a resumptionToken request carries the same token again).
    """

    kind: str
    page: int = 1
    status: int = 500
    seconds: float = 2.0
    times: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}")


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    content_type: str
    body: bytes
    page: int = 0
    location: str = ""


Query = dict[str, str]
XML = "text/xml; charset=utf-8"
JSON = "application/json"


class HarvestTestServer:
    """Threaded loopback HTTP server with the sample endpoints; a context manager."""

    def __init__(self, *, oai_page_size: int = 2) -> None:
        self.oai_page_size = oai_page_size
        self.fault: Fault | None = None
        self.requests: list[str] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def queries(self, path: str) -> list[Query]:
        """The parsed queries of every request received for ``path``, in order."""
        with self._lock:
            received = list(self.requests)
        return [dict(parse_qsl(urlsplit(r).query)) for r in received if urlsplit(r).path == path]

    def _log(self, request: str, headers: dict[str, str]) -> None:
        with self._lock:
            self.requests.append(request)
            self.headers.append(headers)

    def _take_fault(self, page: int) -> Fault | None:
        with self._lock:
            fault = self.fault
            if fault is None or fault.kind == "repeat_token" or fault.page != page or fault.times == 0:
                return None
            if fault.times is not None:
                fault.times -= 1
            return fault

    def _repeat_token(self) -> bool:
        return self.fault is not None and self.fault.kind == "repeat_token"

    def answer(self, path: str, query: Query) -> Reply:
        route = _ROUTES.get(path)
        if route is None:
            return Reply(404, "text/plain", b"Not Found\n")
        return route(self, query)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients that time out or hang up are expected here; stay quiet."""


def _handler_for(owner: HarvestTestServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "WijzerHarvestTest/0.1"

        def do_GET(self) -> None:
            owner._log(self.path, dict(self.headers.items()))
            parts = urlsplit(self.path)
            reply = owner.answer(parts.path, dict(parse_qsl(parts.query, keep_blank_values=True)))
            fault = owner._take_fault(reply.page) if reply.page else None
            try:
                self._send(reply, fault)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def _send(self, reply: Reply, fault: Fault | None) -> None:
            kind = fault.kind if fault else ""
            if fault and kind == "slow":
                time.sleep(fault.seconds)
            if fault and kind == "status":
                reply = Reply(fault.status, "text/plain", b"Simulated failure\n")
            if kind == "html":
                reply = Reply(200, "text/html; charset=utf-8", LOGIN_PAGE)
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            if reply.location:
                self.send_header("Location", reply.location)
            self.end_headers()
            self.wfile.write(reply.body[: len(reply.body) // 2] if kind == "truncate" else reply.body)
            self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            """No request logging on stderr."""

    return Handler


def _int(query: Query, name: str, default: int) -> int | None:
    value = query.get(name, str(default))
    return int(value) if value.isdigit() else None


def _sru(records: tuple[SampleRecord, ...], schema: str) -> Callable[[HarvestTestServer, Query], Reply]:
    def route(owner: HarvestTestServer, query: Query) -> Reply:
        version = query.get("version", "1.2")
        start, size = _int(query, "startRecord", 1), _int(query, "maximumRecords", 10)
        if not version.startswith("2") and query.get("operation") != "searchRetrieve":
            return Reply(200, XML, testdata.sru_diagnostic("info:srw/diagnostic/1/4", "Unsupported operation"))
        if "query" not in query:
            return Reply(200, XML, testdata.sru_diagnostic("info:srw/diagnostic/1/7", "Mandatory parameter", "query"))
        if query.get("recordSchema", schema) != schema:
            uri, schema_given = "info:srw/diagnostic/1/66", query.get("recordSchema", "")
            return Reply(200, XML, testdata.sru_diagnostic(uri, "Unknown schema for retrieval", schema_given))
        if start is None or size is None or start < 1 or start > max(len(records), 1):
            return Reply(200, XML, testdata.sru_diagnostic("info:srw/diagnostic/1/61", "First record out of range"))
        size = max(1, min(size, 50))
        body = testdata.sru_page(records, start=start, size=size, schema=schema, version=version)
        return Reply(200, XML, body, page=(start - 1) // size + 1)

    return route


def _oai(owner: HarvestTestServer, query: Query) -> Reply:
    if query.get("verb") != "ListRecords":
        return Reply(200, XML, testdata.oai_error(query, "badVerb", "Only ListRecords is supported here"))
    if "resumptionToken" in query:
        return _oai_resume(owner, query)
    if "metadataPrefix" not in query:
        return Reply(200, XML, testdata.oai_error(query, "badArgument", "Missing metadataPrefix"))
    if query["metadataPrefix"] != "lom":
        return Reply(200, XML, testdata.oai_error(query, "cannotDisseminateFormat", query["metadataPrefix"]))
    if "set" in query:
        return Reply(200, XML, testdata.oai_error(query, "noSetHierarchy", "This repository has no sets"))
    return _oai_list(owner, query, 0, query.get("from", ""), query.get("until", ""))


def _oai_resume(owner: HarvestTestServer, query: Query) -> Reply:
    offset, _, rest = query["resumptionToken"].partition("!")
    since, marker, until = rest.partition("!")
    if not offset.isdigit() or not marker or len(query) != 2:
        return Reply(200, XML, testdata.oai_error(query, "badResumptionToken", "Unknown or expired token"))
    return _oai_list(owner, query, int(offset), since, until)


def _oai_list(owner: HarvestTestServer, query: Query, offset: int, since: str, until: str) -> Reply:
    matching = tuple(
        r for r in testdata.lom_records() if since[:10] <= r.datestamp and (not until or r.datestamp <= until[:10])
    )
    if not matching:
        return Reply(200, XML, testdata.oai_error(query, "noRecordsMatch", "No records match the request"))
    size = owner.oai_page_size
    end = offset + size
    token = f"{end}!{since}!{until}" if end < len(matching) else ""
    if owner._repeat_token() and "resumptionToken" in query:
        token = query["resumptionToken"]
    body = testdata.oai_page(query, matching[offset:end], token, len(matching), offset)
    return Reply(200, XML, body, page=offset // size + 1)


def _eduv(key: str | None, with_total: bool) -> Callable[[HarvestTestServer, Query], Reply]:
    def route(owner: HarvestTestServer, query: Query) -> Reply:
        start, limit = _int(query, "start", 0), _int(query, "limit", 20)
        if start is None or limit is None or limit < 1:
            return Reply(400, JSON, b'{"error": "invalid start or limit"}')
        limit = min(limit, 100)
        products = testdata.eduv_products()
        body = testdata.eduv_page(products[start : start + limit], key, len(products) if with_total else None)
        return Reply(200, JSON, body, page=start // limit + 1)

    return route


def _sru_empty(owner: HarvestTestServer, query: Query) -> Reply:
    return Reply(200, XML, testdata.sru_page((), start=1, size=10, schema="eckcs2.5.2", version="1.2"), page=1)


def _eduv_empty(owner: HarvestTestServer, query: Query) -> Reply:
    return Reply(200, JSON, b"[]", page=1)


def _eduv_all(owner: HarvestTestServer, query: Query) -> Reply:
    return Reply(200, JSON, testdata.eduv_page(testdata.eduv_products(), None, None), page=1)


def _redirect(owner: HarvestTestServer, query: Query) -> Reply:
    return Reply(302, "text/plain", b"Moved\n", location=query.get("to", "/"))


_ROUTES: dict[str, Callable[[HarvestTestServer, Query], Reply]] = {
    "/sru/eck": _sru(testdata.eck_records(), "eckcs2.5.2"),
    "/sru/lom": _sru(testdata.lom_records(), "lom"),
    "/oai": _oai,
    "/eduv/products": _eduv("products", with_total=True),
    "/eduv/items": _eduv("items", with_total=False),
    "/eduv/list": _eduv(None, with_total=False),
    "/sru/empty": _sru_empty,
    "/eduv/empty": _eduv_empty,
    "/eduv/all": _eduv_all,
    "/redirect": _redirect,
}
