"""The only place that does HTTP: ``fetch`` one URL with a time-out, size limit, retries and content checks.

Only ``http``/``https`` URLs (also after redirects). Transient failures (HTTP 5xx and 429, time-outs, broken
or truncated responses) are retried with exponential back-off, at most ``FetchOptions.tries`` attempts in all;
``FetchOptions.sleep`` is injectable so tests do not wait. Loopback hosts never go through a proxy.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO
from urllib.parse import urlsplit

from wijzer.ingest.harvest.errors import HarvestError

USER_AGENT = "Wijzer-harvester/0.1"
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
CHUNK_BYTES = 64 * 1024
ACCEPT = {"xml": "application/xml, text/xml;q=0.9, */*;q=0.1", "json": "application/json, */*;q=0.1"}
_HTML_RE = re.compile(
    rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I | re.S
)
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How ``fetch`` behaves. ``timeout`` is in seconds per attempt; ``backoff`` is the first retry delay."""

    timeout: float = 30.0
    max_bytes: int = DEFAULT_MAX_BYTES
    tries: int = 3
    backoff: float = 1.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class Response:
    url: str
    status: int
    body: bytes
    content_type: str


def check_url(url: str) -> None:
    """Raise ``HarvestError`` unless ``url`` is an absolute http(s) URL."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise HarvestError(
            "url.invalid",
            f"De URL '{url}' wordt niet ondersteund: gebruik een volledige http- of https-URL.",
            url=url,
        )


def fetch(url: str, *, expect: str = "xml", options: FetchOptions | None = None) -> Response:
    """GET ``url`` and return its body; ``expect`` (``"xml"``/``"json"``) is checked against the content."""
    options = options or FetchOptions()
    check_url(url)
    attempt = 1
    while True:
        try:
            return _check_content(_fetch_once(url, expect, options), expect)
        except HarvestError as exc:
            if not exc.retryable or attempt >= options.tries:
                raise
        options.sleep(options.backoff * 2 ** (attempt - 1))
        attempt += 1


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) URLs."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(url: str) -> urllib.request.OpenerDirector:
    host = urlsplit(url).hostname or ""
    proxies = urllib.request.ProxyHandler({}) if _is_loopback(host) else urllib.request.ProxyHandler()
    return urllib.request.build_opener(proxies, _SafeRedirects())


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _fetch_once(url: str, expect: str, options: FetchOptions) -> Response:
    headers = {"User-Agent": options.user_agent, "Accept": ACCEPT.get(expect, "*/*")}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - the scheme is checked above
    try:
        with _opener(url).open(request, timeout=options.timeout) as response:
            body = _read_limited(response, url, options.max_bytes)
            return Response(response.geturl(), response.status, body, response.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            raise HarvestError(
                "http.redirect",
                f"De bron stuurt door naar een adres dat niet is toegestaan ({exc.reason}; {url}): alleen http- en "
                "https-adressen worden gevolgd; controleer de URL.",
                url=url,
            ) from None
        raise _status_error(url, exc.code, str(exc.reason)) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise _timeout_error(url, options.timeout) from None
        raise HarvestError(
            "http.unreachable",
            f"De bron is niet bereikbaar ({exc.reason}; {url}): controleer de URL en of de server aan staat.",
            url=url,
        ) from None
    except TimeoutError:
        raise _timeout_error(url, options.timeout) from None
    except (http.client.HTTPException, ConnectionError) as exc:
        raise _truncated(url, type(exc).__name__) from None


def _read_limited(response: http.client.HTTPResponse, url: str, max_bytes: int) -> bytes:
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise _too_large(url, max_bytes)
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(CHUNK_BYTES):
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(url, max_bytes)
        chunks.append(chunk)
    if length.isdigit() and size < int(length):
        raise _truncated(url, f"{size} van {length} bytes")
    return b"".join(chunks)


def _truncated(url: str, detail: str) -> HarvestError:
    return HarvestError(
        "http.truncated",
        f"De verbinding met de bron werd verbroken of het antwoord was onvolledig ({detail}; {url}): probeer het "
        "later opnieuw.",
        url=url,
        retryable=True,
    )


def _too_large(url: str, max_bytes: int) -> HarvestError:
    return HarvestError(
        "http.too_large",
        f"Het antwoord van de bron is groter dan {max_bytes / (1024 * 1024):g} MB ({url}): vraag kleinere "
        "pagina's op (maximumRecords of limit) of verhoog de limiet.",
        url=url,
    )


def _timeout_error(url: str, timeout: float) -> HarvestError:
    return HarvestError(
        "http.timeout",
        f"De bron reageerde niet binnen {timeout:g} seconden ({url}): probeer het later opnieuw of verhoog de "
        "time-out.",
        url=url,
        retryable=True,
    )


_STATUS_HINTS = {
    401: "de bron vraagt om inloggegevens: controleer of deze bron openbaar is of een sleutel nodig heeft.",
    403: "de bron weigert toegang: controleer of deze bron openbaar is of een sleutel nodig heeft.",
    404: "de pagina bestaat niet: controleer de URL.",
    429: "de bron krijgt te veel verzoeken: probeer het later opnieuw.",
}


def _status_error(url: str, status: int, reason: str) -> HarvestError:
    if status >= 500:
        hint = "de server van de bron heeft een storing: probeer het later opnieuw."
    else:
        hint = _STATUS_HINTS.get(status, "controleer de URL en de parameters.")
    return HarvestError(
        "http.status",
        f"De bron gaf HTTP-fout {status} ({reason}; {url}): {hint}",
        url=url,
        retryable=status >= 500 or status == 429,
    )


def _declared(head: bytes) -> bool:
    """True when ``head`` starts like a real XML or JSON document despite an HTML content type."""
    return head.startswith(b"<?xml") or head[:1] in (b"{", b"[")


def _check_content(response: Response, expect: str) -> Response:
    head = response.body[:4096].removeprefix(_BOM).lstrip()
    kind = "JSON" if expect == "json" else "XML"
    where = f"{response.content_type or 'onbekend type'}; {response.url}"
    if not head:
        raise HarvestError(
            "content.empty", f"De bron gaf een leeg antwoord ({response.url}): controleer de URL.", url=response.url
        )
    if _HTML_RE.match(head) or (response.content_type.lower().startswith("text/html") and not _declared(head)):
        raise HarvestError(
            "content.html",
            f"De bron gaf HTML terug in plaats van {kind} ({where}): controleer de URL; mogelijk is dit een "
            "inlog- of foutpagina.",
            url=response.url,
        )
    if head[:1] not in ((b"{", b"[") if expect == "json" else (b"<",)):
        raise HarvestError(
            "content.unexpected",
            f"De bron gaf geen {kind} terug ({where}): controleer de URL en de parameters.",
            url=response.url,
        )
    return response
