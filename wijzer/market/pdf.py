"""PDF from HTML for the market monitor's report (W7) and the decision report (W8), with WeasyPrint.

- WeasyPrint is imported on first use, not at start-up: it loads Pango and friends from the system (on Debian:
  libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0 and a font such as fonts-dejavu-core; .ci/run installs
  them). Without them `render_pdf` raises `PdfUnavailable`, whose Dutch message points to the print view, so a view
  answers with that message instead of a 500.
- No network while rendering: the URL fetcher serves only the site's own static files, read from disk
  (`/static/...`, found as `collectstatic` or the staticfiles finders would), and `data:` URLs. Every other URL —
  http(s), other files, other schemes — is refused and logged; WeasyPrint then leaves that resource out.
- Charts go in as inline SVG (wijzer.market.charts), so a report needs no image URLs at all.
"""

from __future__ import annotations

import importlib
import logging
import mimetypes
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils._os import safe_join

logger = logging.getLogger(__name__)

# Relative URLs in the report (`{% static %}` gives "/static/...") resolve against this; it names no host.
DEFAULT_BASE_URL = "file:///"
MAX_STATIC_BYTES = 5 * 1024 * 1024  # a stylesheet or logo, not a data dump

_IMPORT_LOCK = threading.Lock()
_WEASYPRINT: Any = None  # the module once imported; Any: WeasyPrint ships no type hints


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs (Pango) are missing: no PDF can be made on this server."""

    message = (
        "De pdf kan op deze server nu niet worden gemaakt: de software voor pdf-bestanden ontbreekt. "
        "Gebruik de afdrukversie van deze pagina en kies in de browser ‘Afdrukken’ en dan ‘Opslaan als pdf’."
    )

    def __init__(self, reason: str = "") -> None:
        super().__init__(self.message)
        self.reason = reason  # for the log, never for the user


class Refused(ValueError):
    """A URL the report may not load (no network, nothing outside the static files)."""


@dataclass
class StaticFilesOnly:
    """Decides what the PDF may load: the site's static files from disk and `data:` URLs, nothing else.

    `served` and `refused` list the URLs asked for, in order (for the log and the tests)."""

    static_url_path: str = ""
    served: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.static_url_path:
            path = urlsplit(str(settings.STATIC_URL)).path or "/static/"
            self.static_url_path = path if path.endswith("/") else path + "/"

    def static_file(self, url: str) -> tuple[Path, str]:
        """The file on disk for a `file:` URL under the static URL, and its media type; else `Refused`."""
        parts = urlsplit(url)
        path = unquote(parts.path)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost") or not path.startswith(self.static_url_path):
            raise Refused(url)
        relative = path[len(self.static_url_path) :]
        found = self._find(relative)
        if found is None or not found.is_file() or found.stat().st_size > MAX_STATIC_BYTES:
            raise Refused(url)
        media_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        return found, media_type

    def _find(self, relative: str) -> Path | None:
        if not relative or relative.startswith("/") or "\\" in relative:
            return None
        try:
            root = settings.STATIC_ROOT
            if root:
                collected = Path(safe_join(str(root), relative))
                if collected.is_file():
                    return collected
            match = finders.find(relative)
        except SuspiciousFileOperation:
            return None
        if isinstance(match, list):
            match = match[0] if match else None
        return Path(match) if match else None

    def note(self, url: str, *, ok: bool) -> None:
        if ok:
            self.served.append(url)
        else:
            self.refused.append(url)
            logger.warning("pdf: bron niet geladen (alleen eigen statische bestanden): %s", url[:200])


def render_pdf(html: str, *, base_url: str | None = None, files: StaticFilesOnly | None = None) -> bytes:
    """The PDF (bytes, starting with %PDF) for a complete HTML page. `base_url` resolves relative URLs (default:
    a file: root, so "/static/..." finds the static files); `files` decides what may be loaded (default: the
    site's static files only). Raises `PdfUnavailable` when WeasyPrint or Pango is missing."""
    weasyprint = _weasyprint()
    fetcher = _fetcher_class(weasyprint)(files or StaticFilesOnly())
    document = weasyprint.HTML(string=html, base_url=base_url or DEFAULT_BASE_URL, url_fetcher=fetcher)
    pdf = document.write_pdf()
    if not isinstance(pdf, bytes):  # pragma: no cover - write_pdf without a target returns bytes
        raise TypeError("WeasyPrint gaf geen bytes terug")
    return pdf


def pdf_available() -> bool:
    """Whether a PDF can be made here (WeasyPrint and Pango load); for a page that offers the PDF link."""
    try:
        _weasyprint()
    except PdfUnavailable:
        return False
    return True


def _weasyprint() -> Any:
    global _WEASYPRINT  # the lazily imported module, once per process
    with _IMPORT_LOCK:
        if _WEASYPRINT is None:
            try:
                _WEASYPRINT = importlib.import_module("weasyprint")
            except (ImportError, OSError) as exc:  # OSError: cffi could not load Pango, HarfBuzz or fontconfig
                logger.error("pdf: WeasyPrint niet beschikbaar: %s", exc)
                raise PdfUnavailable(str(exc)) from exc
        return _WEASYPRINT


_FETCHER_CLASS: Any = None


def _fetcher_class(weasyprint: Any) -> Any:
    """WeasyPrint's URLFetcher narrowed to `StaticFilesOnly` (made once, after WeasyPrint is imported)."""
    global _FETCHER_CLASS
    if _FETCHER_CLASS is not None:
        return _FETCHER_CLASS
    urls = importlib.import_module("weasyprint.urls")
    base: Any = urls.URLFetcher

    class _StaticOnlyFetcher(base):  # type: ignore[misc]  # WeasyPrint's class has no type hints
        def __init__(self, files: StaticFilesOnly) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
            self.files = files

        def fetch(self, url: str, headers: object = None) -> Any:
            if url.startswith("data:"):
                self.files.note(url[:40], ok=True)
                return super().fetch(url, headers)
            try:
                path, media_type = self.files.static_file(url)
            except Refused:
                self.files.note(url, ok=False)
                raise
            self.files.note(url, ok=True)
            return urls.URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type})

    _FETCHER_CLASS = _StaticOnlyFetcher
    return _FETCHER_CLASS
