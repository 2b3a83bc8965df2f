"""PDF report rendering (W7): WeasyPrint from HTML, static files from disk only, a Dutch refusal when unavailable."""

from __future__ import annotations

import io
import socket
import time

import pytest
from pypdf import PdfReader

from wijzer.market import charts, pdf
from wijzer.market.charts import Series

YEARS = [2021, 2022, 2023, 2024]


def report_html(extra: str = "") -> str:
    svg = charts.line_chart(
        title="Prijsindex leermiddelen",
        years=YEARS,
        series=[Series.of("Prijsindex leermiddelen", [100, 103.5, 108, 111.2]), Series.of("CPI", [100, 110, 114, 118])],
        y_label="Index (2021 = 100)",
    )
    return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Marktmonitor</title>
<link rel="stylesheet" href="/static/market/report.css">{extra}</head>
<body>
<h1>Marktmonitor leermiddelen</h1>
<figure class="chart"><figcaption class="chart__caption">Prijsindex tegen de CPI</figcaption>
<div class="chart__body"><div class="chart__image">{svg}</div>
<table><thead><tr><th>Jaar</th><th class="num">Index</th></tr></thead>
<tbody><tr><th>2024</th><td class="num">111,2</td></tr>
<tr><th>Eigenaar &amp; co</th><td class="num">45,0 %</td></tr></tbody>
</table></div></figure>
</body></html>"""


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection or resolve a name fails the test."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"network use while rendering a PDF: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_html_with_an_inline_chart_and_a_table_becomes_a_pdf(no_network):
    files = pdf.StaticFilesOnly()
    start = time.perf_counter()
    data = pdf.render_pdf(report_html(), files=files)
    seconds = time.perf_counter() - start
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    text = pdf_text(data)
    assert "Marktmonitor leermiddelen" in text
    assert "Prijsindex tegen de CPI" in text
    assert "111,2" in text
    assert "Eigenaar & co" in text
    # the chart's own text, drawn from the inline SVG
    assert "CPI" in text
    assert "2023" in text
    assert "Index (2021 = 100)" in text
    # the stylesheet came from disk: its page footer is there
    assert files.served == ["file:///static/market/report.css"]
    assert "Pagina 1 van 1" in text
    assert files.refused == []
    assert no_network == []
    assert seconds < 20  # about 0.3 s here once fonts are loaded; a bound against hanging on a fetch


def test_remote_and_foreign_urls_are_refused_without_touching_the_network(no_network):
    files = pdf.StaticFilesOnly()
    extra = (
        '<link rel="stylesheet" href="https://cdn.example.org/evil.css">'
        '<link rel="stylesheet" href="http://testserver/static/market/report.css">'
    )
    html = report_html(extra).replace(
        "<h1>",
        '<img src="https://example.org/tracker.png" alt=""><img src="file:///etc/passwd" alt="">'
        '<img src="/static/../../../etc/hostname" alt=""><h1>',
    )
    data = pdf.render_pdf(html, files=files)
    assert data.startswith(b"%PDF-")
    assert "Marktmonitor leermiddelen" in pdf_text(data)
    assert set(files.refused) == {
        "https://cdn.example.org/evil.css",
        "http://testserver/static/market/report.css",
        "https://example.org/tracker.png",
        "file:///etc/passwd",
        "file:///etc/hostname",  # "/static/../../../etc/hostname" resolves outside the static URL: refused
    }
    assert files.served == ["file:///static/market/report.css"]
    assert no_network == []


def test_a_data_url_is_allowed_it_needs_no_network(no_network):
    files = pdf.StaticFilesOnly()
    html = report_html("<style>h1 { color: #154273 }</style>").replace(
        "<h1>", '<img alt="" src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E"><h1>'
    )
    assert pdf.render_pdf(html, files=files).startswith(b"%PDF-")
    assert files.refused == []
    assert any(url.startswith("data:") for url in files.served)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/static/market/report.css",
        "http://localhost/static/market/report.css",
        "file://evil.example.org/static/market/report.css",
        "file:///etc/passwd",
        "file:///static/../etc/passwd",
        "file:///static/market/does-not-exist.css",
        "file:///static/",
        "ftp://example.org/static/market/report.css",
    ],
)
def test_the_fetcher_serves_nothing_but_static_files(url):
    with pytest.raises(pdf.Refused):
        pdf.StaticFilesOnly().static_file(url)


def test_the_fetcher_finds_a_static_file_on_disk():
    path, media_type = pdf.StaticFilesOnly().static_file("file:///static/market/report.css")
    assert path.name == "report.css"
    assert path.parts[-3:] == ("static", "market", "report.css")
    assert media_type == "text/css"
    assert b"@page" in path.read_bytes()


def test_in_production_the_collected_file_with_its_hashed_name_is_served(settings, tmp_path):
    # ManifestStaticFilesStorage: {% static %} gives the hashed name, which only exists after collectstatic
    root = tmp_path / "collected"
    (root / "market").mkdir(parents=True)
    (root / "market" / "report.0123abcd.css").write_text("@page { size: A4 }")
    (tmp_path / "secret.txt").write_text("not for the report")
    settings.STATIC_ROOT = str(root)
    path, media_type = pdf.StaticFilesOnly().static_file("file:///static/market/report.0123abcd.css")
    assert path == root / "market" / "report.0123abcd.css"
    assert media_type == "text/css"
    with pytest.raises(pdf.Refused):  # beside STATIC_ROOT, not in it
        pdf.StaticFilesOnly().static_file("file:///static/../secret.txt")
    with pytest.raises(pdf.Refused):
        pdf.StaticFilesOnly().static_file("file:///static/%2E%2E/secret.txt")


def test_without_weasyprint_or_pango_the_answer_is_a_dutch_refusal(monkeypatch):
    def missing(name, *args, **kwargs):
        raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")

    monkeypatch.setattr(pdf, "_WEASYPRINT", None)
    monkeypatch.setattr(pdf.importlib, "import_module", missing)
    with pytest.raises(pdf.PdfUnavailable) as refused:
        pdf.render_pdf("<p>x</p>")
    assert "afdrukversie" in str(refused.value)
    assert "Opslaan als pdf" in str(refused.value)
    assert "libpango" not in str(refused.value)  # the reason is for the log, not for the user
    assert "libpango" in refused.value.reason
    assert pdf.pdf_available() is False


def test_weasyprint_is_available_here():
    assert pdf.pdf_available() is True
