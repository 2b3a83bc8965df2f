"""The market monitor's dashboard, CSV export, report and API (W7 §8, §9), built on `query.monitor_figures`.

`monitor_tables(figures)` turns the figures of one segment into the tables that the dashboard, the CSV export and
the PDF report share (one source for all three): per table its Dutch columns, the raw values (for the CSV) and the
same values in Dutch notation (for the page), the chart drawn from the same values, and "hoe berekend" with the
formula and n. The `*_api` functions give the API's answers from the same figures.

Parameters: a sector is po, vo, so, vso, or "alle"/empty for all sectors; a subject is a subject key of the monitor
(the SLO id) or "alle"/empty. Anything else is refused in Dutch (`NotFound`: 404; an unknown measure `MarketError`:
422), never a 500.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.safestring import SafeString

from wijzer.accounts import service as accounts

from . import charts
from .domain.concentration import (
    HIGH,
    LABEL_HIGH,
    MEASURE_LABELS,
    MODERATE,
    Concentration,
    ConcentrationYear,
    Measure,
)
from .domain.index import IndexPoint
from .exceptions import MarketError, NotFound
from .models import ReferencePoint, ReferenceSeries
from .query import ALL, MonitorFigures, OverviewRow, SegmentFigures, monitor_figures
from .service import ensure_fresh

CPI_CODE = "cpi"
CPI_BASE_YEAR = 2015  # CBS: 2015 = 100
ALL_WORD = "alle"

# --- how each figure is computed (Dutch; the same text on the page, in the report and in the API) -------------------

FORMULA_INDEX = (
    "Jevons-kettingindex over gematchte producten: een product telt mee in jaar j als het zowel in j-1 als in j een "
    "prijs per leerling per schooljaar (incl. btw, > 0) heeft. I(basisjaar) = 100; I(j) = I(j-1) × exp(gemiddelde "
    "over de gematchte producten van ln(p(j) / p(j-1))). Laspeyres (waar het gebruik bekend is): I(j) = I(j-1) × "
    "Σ q·p(j) / Σ q·p(j-1), met q het aantal scholen dat opgaf het product te gebruiken. Nominale verandering = "
    "I(j) / I(j-1) - 1; reële verandering = (1 + nominaal) / (1 + CPI-verandering) - 1. De CPI (CBS, 2015 = 100) is "
    "herberekend op het basisjaar van de reeks. Gratis producten tellen niet mee (ln 0 bestaat niet)."
)
FORMULA_SPREAD = (
    "Over de betaalde producten met een prijs per leerling per schooljaar (incl. btw) in dat jaar: n, minimum, "
    "25e percentiel, mediaan, 75e percentiel en maximum. Percentielen lineair tussen de gesorteerde prijzen "
    "(positie (n-1)·q, Hyndman & Fan type 7)."
)
FORMULA_OPEN = (
    "Van de producten die in dat jaar in de catalogus staan (met of zonder prijs): aandeel open of gratis = "
    "open of gratis / (open of gratis + betaald) × 100 %."
)
FORMULA_LIFO = (
    "Naar aantal: LiFo-producten (licentie + eventueel folio) / betaalde producten met een prijs per leerling × "
    "100 %. Naar waarde: Σ p·q over LiFo / Σ p·q over alle betaalde producten met een prijs en bekend gebruik "
    "(p = prijs per leerling incl. btw, q = aantal scholen dat opgaf het te gebruiken). Dit zijn aandelen van de "
    "catalogus, geen omzet: KPMG's 5 % (2017) tot 86 % (2024) zijn aandelen van de omzet van uitgevers."
)
FORMULA_CONCENTRATION = (
    "Aandeel per eigenaarsgroep (de top van de eigendomsketen van de uitgever) in procent van het totaal. "
    "HHI = som van de gekwadrateerde aandelen (0–10.000); CR3 = som van de drie grootste aandelen. Boven 2.500: "
    "sterk geconcentreerd; 1.500–2.500: matig geconcentreerd. Buitenlands = land van de eigenaar niet NL; een "
    "onbekend land telt apart, niet als binnen- of buitenlands. De getoonde aandelen zijn op één decimaal afgerond "
    "zodat ze samen precies 100 zijn; HHI en CR3 rekenen met de onafgeronde aandelen."
)
FORMULA_COVERAGE = (
    "Producten die nu in de catalogus staan (niet ingetrokken) per sector en vak; een product telt in elk vak en "
    "elke sector die het opgeeft. Met prijs: met een prijs per leerling in het laatste jaar (gratis telt als € 0). "
    "Methodes: een product zonder methode telt als eigen methode; een methode heeft een prijs als minstens één van "
    "haar producten er een heeft."
)
LOCKIN_NOTE = (
    "Afhankelijkheid (open standaarden, export, koppelverkoop, looptijd) staat per product en per uitgever op de "
    "pagina's over afhankelijkheid."
)
DEMO_NOTE = (
    "{n} van de {total} producten in deze cijfers zijn verzonnen om de monitor te tonen; de cijfers zijn geen beeld "
    "van de echte markt."
)
MEASURE_WORDS = {Measure.METHODS: "methodes", Measure.VALUE: "cataloguswaarde", Measure.ADOPTION: "gebruik"}
UNKNOWN_MEASURE = "Onbekende maatstaf. Kies methods, value of adoption."
NO_CPI = "De CPI is nog niet geladen. Een beheerder laadt haar met 'wijzer setup'."


# --- the CPI as a reference series ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CpiPoint:
    year: int
    index: Decimal
    status: str  # official / computed / estimated (constants.PointStatus)
    status_label: str
    note: str


@dataclass(frozen=True, slots=True)
class Cpi:
    """The CBS consumer price index as shipped (2015 = 100), every year with how it was obtained."""

    name: str
    unit: str
    base_year: int | None
    source: str
    source_url: str
    licence: str
    points: tuple[CpiPoint, ...]


def cpi() -> Cpi | None:
    """The CPI series with its points in year order, or None when it was never loaded (`wijzer setup` loads it)."""
    series = ReferenceSeries.objects.filter(code=CPI_CODE).first()
    if series is None:
        return None
    points = tuple(
        CpiPoint(point.year, Decimal(point.value), point.status, str(point.get_status_display()), point.note)
        for point in ReferencePoint.objects.filter(series=series).order_by("year")
    )
    return Cpi(series.name, series.unit, series.base_year, series.source, series.source_url, series.licence, points)


def cpi_api() -> dict[str, object]:
    """The CPI as the API gives it; before `wijzer setup` loaded it, an empty series that says so."""
    series = cpi()
    if series is None:
        return {"base_year": CPI_BASE_YEAR, "series": [], "name": NO_CPI, "source": "", "source_url": "", "licence": ""}
    return {
        "base_year": series.base_year or CPI_BASE_YEAR,
        "series": [
            {"year": p.year, "index": float(p.index), "status": p.status, "note": p.note} for p in series.points
        ],
        "name": series.name,
        "source": series.source,
        "source_url": series.source_url,
        "licence": series.licence,
    }


# --- the selection -------------------------------------------------------------------------------------------------


def selection(sector: str | None, subject: str | None) -> tuple[str | None, str | None]:
    """The request's words to `monitor_figures`' arguments: "alle" or empty = all (None); the rest as given."""

    def one(raw: str | None) -> str | None:
        value = (raw or "").strip()
        return None if value in ("", ALL_WORD) else value

    return one(sector), one(subject)


def figures_for(sector: str | None, subject: str | None) -> MonitorFigures:
    """The figures of the segment named by request words; `NotFound` (Dutch) for an unknown sector or subject."""
    ensure_fresh()  # small catalogue changes show at once; large ones wait for `wijzer market refresh`
    return monitor_figures(*selection(sector, subject))


def word(code: str) -> str:
    """A segment code as a URL or API word: the empty "all" code becomes "alle"."""
    return ALL_WORD if code == ALL else code


# --- numbers -------------------------------------------------------------------------------------------------------


def _euro(cents: float | None) -> float | None:
    return None if cents is None else cents / 100


def _percent(fraction: float | None) -> float | None:
    return None if fraction is None else 100 * fraction


def csv_number(value: float | int | None, decimals: int) -> str:
    """A number for a Dutch spreadsheet: decimal comma, no thousands separator, no unit; empty for no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if decimals == 0:
        return str(round(value))
    return f"{value:.{decimals}f}".replace(".", ",")


def _rounded(value: float | None, decimals: int) -> float | None:
    return None if value is None else round(value, decimals)


# --- tables --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    unit: charts.Unit | None = None  # None: text
    decimals: int = 0  # on the page
    csv_decimals: int | None = None  # in the CSV (default: as on the page)

    @property
    def export_header(self) -> str:
        """The CSV header: the cells lose their unit there, so the header names it ("Mediaan (euro)")."""
        unit = {"euro": "euro", "percent": "%"}.get(self.unit or "")
        return f"{self.header} ({unit})" if unit else self.header

    @property
    def export_decimals(self) -> int:
        return self.decimals if self.csv_decimals is None else self.csv_decimals


@dataclass(frozen=True)
class MonitorTable:
    """One table of the monitor: the chart, its data and how it was computed. `rows` hold raw values."""

    slug: str  # the export's file name and the section's anchor
    title: str  # the chart's caption: what it shows, for which segment
    columns: tuple[Column, ...]
    rows: tuple[tuple[object, ...], ...]
    formula: str
    n_note: str  # what n is, in this segment
    svg: SafeString | str = ""
    reasons: tuple[str, ...] = ()  # Dutch: years without a figure, chains restarting
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def heading(self) -> str:
        """The section heading of the report: the caption without the segment (the report names it once)."""
        return self.title.split(" · ")[0]

    def cells(self) -> tuple[tuple[str, ...], ...]:
        """The rows in Dutch notation for the page and the report."""
        return tuple(
            tuple(_cell(value, column) for value, column in zip(row, self.columns, strict=True)) for row in self.rows
        )

    def csv_rows(self) -> list[list[object]]:
        header: list[object] = [column.export_header for column in self.columns]
        body: list[list[object]] = [
            [_csv_cell(value, column) for value, column in zip(row, self.columns, strict=True)] for row in self.rows
        ]
        return [header, *body]

    @property
    def block(self) -> charts.ChartBlock:
        table = charts.Table(tuple(column.header for column in self.columns), self.cells())
        return charts.ChartBlock(caption=self.title, svg=str(self.svg), table=table, note=self.n_note)


def _csv_cell(value: object, column: Column) -> object:
    if column.unit is None or isinstance(value, str) or not isinstance(value, int | float | None):
        return value
    return csv_number(value, column.export_decimals)


def _cell(value: object, column: Column) -> str:
    if column.unit is None or isinstance(value, str):
        return "" if value is None else str(value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    number = None if value is None else float(value)  # type: ignore[arg-type]  # numbers only in number columns
    return charts.format_value(number, column.unit, column.decimals)


_TABLES_CACHE: OrderedDict[Hashable, tuple[MonitorTable, ...]] = OrderedDict()
_TABLES_LOCK = threading.Lock()
TABLES_CACHED = 32  # segments; a page's tables with their charts are about 150 kB


def monitor_tables(figures: MonitorFigures) -> tuple[MonitorTable, ...]:
    """Every table of the dashboard for the selected segment, in page order.

    Drawing the nine charts takes a second or two, so the result is kept (least recently used, per process) under
    everything it is made from: the years, the segment's figures and the coverage rows of its sector. New figures
    (a refresh, another CPI) give another key, so nothing stale is shown."""
    key = tables_key(figures)
    with _TABLES_LOCK:
        found = _TABLES_CACHE.get(key)
        if found is not None:
            _TABLES_CACHE.move_to_end(key)
            return found
    tables = _draw_tables(figures)
    with _TABLES_LOCK:
        _TABLES_CACHE[key] = tables
        while len(_TABLES_CACHE) > TABLES_CACHED:
            _TABLES_CACHE.popitem(last=False)
    return tables


def tables_key(figures: MonitorFigures) -> Hashable:
    """Everything the tables of the selected segment are made from (equal keys: equal tables, charts and report)."""
    return (figures.years, figures.last_year, figures.selected, tuple(coverage_rows(figures)), figures.n_demo_products)


def _draw_tables(figures: MonitorFigures) -> tuple[MonitorTable, ...]:
    segment = figures.selected
    return (
        index_table(figures),
        spread_table(figures.years, segment),
        open_table(figures.years, segment),
        lifo_table(figures.years, segment),
        *owner_tables(figures.last_year, segment),
        hhi_table(figures.years, segment),
        coverage_table(figures),
    )


TABLE_SLUGS = (
    "prijsindex", "prijsspreiding", "open-gesloten", "lifo", "concentratie-methodes", "concentratie-waarde",
    "concentratie-gebruik", "concentratie-trend", "dekking",
)  # fmt: skip


def index_table(figures: MonitorFigures) -> MonitorTable:
    segment = figures.selected
    years = list(figures.years)
    jevons, laspeyres = segment.jevons, segment.laspeyres
    has_laspeyres = any(point.index is not None for point in laspeyres)
    columns = (
        Column("Jaar"),
        Column("Jevons-index", "index", 1, 4),
        Column("Met prijs (n)", "number"),
        Column("Gematcht (n)", "number"),
        Column("Nominale verandering", "percent", 1, 4),
        Column("CPI (zelfde basisjaar)", "index", 1, 4),
        Column("CPI-verandering", "percent", 1, 4),
        Column("Reële verandering", "percent", 1, 4),
        Column("Laspeyres-index", "index", 1, 4),
        Column("Gematcht met gebruik (n)", "number"),
    )
    rows = tuple(
        (
            str(j.year), _rounded(j.index, 4), j.n_products, j.n_matched, _percent(j.nominal_change),
            _rounded(j.cpi_index, 4), _percent(j.cpi_change), _percent(j.real_change), _rounded(w.index, 4),
            w.n_matched,
        )
        for j, w in zip(jevons, laspeyres, strict=True)
    )  # fmt: skip
    series = [charts.Series.of("Prijsindex (Jevons)", [p.index for p in jevons])]
    if has_laspeyres:
        series.append(charts.Series.of("Prijsindex (Laspeyres, naar gebruik)", [p.index for p in laspeyres]))
    series.append(charts.Series.of("CPI (zelfde basisjaar = 100)", [p.cpi_index for p in jevons]))
    title = f"Prijsindex van leermiddelen tegen de CPI · {segment.label}"
    svg = charts.line_chart(
        title=title, years=years, series=series, y_label="Index (basisjaar = 100)", unit="index",
        reference=100.0, reference_label="Basisjaar = 100", chart_id="grafiek-prijsindex",
    )  # fmt: skip
    last = _last_with(jevons)
    n_note = (
        f"In {last.year}: {last.n_products} producten met een prijs, waarvan {last.n_matched} gematcht met "
        f"{last.year - 1}."
        if last is not None
        else "Nog geen producten met een prijs in deze selectie."
    )
    reasons = tuple(f"{p.year}: {p.reason}" for p in jevons if p.reason)
    if not has_laspeyres:
        reasons += ("Laspeyres: van geen gematcht product in deze selectie is het gebruik bekend.",)
    return MonitorTable("prijsindex", title, columns, rows, FORMULA_INDEX, n_note, svg, reasons)


def _last_with(points: Sequence[IndexPoint]) -> IndexPoint | None:
    return next((p for p in reversed(points) if p.index is not None), None)


def spread_table(years: Sequence[int], segment: SegmentFigures) -> MonitorTable:
    points = segment.spread
    columns = (
        Column("Jaar"),
        Column("Met prijs (n)", "number"),
        Column("Minimum", "euro", 2),
        Column("25e percentiel", "euro", 2),
        Column("Mediaan", "euro", 2),
        Column("75e percentiel", "euro", 2),
        Column("Maximum", "euro", 2),
    )
    rows = tuple(
        (str(p.year), p.n, _euro(p.minimum), _euro(p.p25), _euro(p.median), _euro(p.p75), _euro(p.maximum))
        for p in points
    )
    title = f"Prijsspreiding per leerling per schooljaar (incl. btw) · {segment.label}"
    svg = charts.line_chart(
        title=title,
        years=list(years),
        series=[
            charts.Series.of("Maximum", [_euro(p.maximum) for p in points]),
            charts.Series.of("75e percentiel", [_euro(p.p75) for p in points]),
            charts.Series.of("Mediaan", [_euro(p.median) for p in points]),
            charts.Series.of("25e percentiel", [_euro(p.p25) for p in points]),
            charts.Series.of("Minimum", [_euro(p.minimum) for p in points]),
        ],
        y_label="Euro per leerling per schooljaar",
        unit="euro",
        from_zero=True,
        chart_id="grafiek-prijsspreiding",
    )
    last = points[-1] if points else None
    n_note = f"In {last.year}: n = {last.n} betaalde producten met een prijs per leerling." if last else ""
    reasons = tuple(f"{p.year}: {p.reason}" for p in points if p.reason)
    return MonitorTable("prijsspreiding", title, columns, rows, FORMULA_SPREAD, n_note, svg, reasons)


def open_table(years: Sequence[int], segment: SegmentFigures) -> MonitorTable:
    points = segment.spread
    columns = (
        Column("Jaar"),
        Column("Open of gratis (n)", "number"),
        Column("Betaald (n)", "number"),
        Column("Aandeel open of gratis", "percent", 1),
    )
    rows = tuple((str(p.year), p.n_open, p.n_paid, p.open_share) for p in points)
    title = f"Open en gesloten leermateriaal · {segment.label}"
    svg = charts.stacked_share_chart(
        title=title,
        years=list(years),
        parts=[
            charts.Series.of("Open of gratis", [p.open_share for p in points]),
            charts.Series.of("Betaald", [None if p.open_share is None else 100 - p.open_share for p in points]),
        ],
        chart_id="grafiek-open-gesloten",
    )
    last = points[-1] if points else None
    n_note = f"In {last.year}: n = {last.n_open + last.n_paid} producten in de catalogus." if last else ""
    return MonitorTable("open-gesloten", title, columns, rows, FORMULA_OPEN, n_note, svg)


def lifo_table(years: Sequence[int], segment: SegmentFigures) -> MonitorTable:
    points = segment.lifo
    columns = (
        Column("Jaar"),
        Column("Betaald met prijs (n)", "number"),
        Column("LiFo (n)", "number"),
        Column("Aandeel LiFo naar aantal", "percent", 1),
        Column("Met bekend gebruik (n)", "number"),
        Column("Aandeel LiFo naar waarde", "percent", 1),
    )
    rows = tuple((str(p.year), p.n_paid, p.n_lifo, p.share_by_count, p.n_with_volume, p.share_by_value) for p in points)
    title = f"Aandeel LiFo (licentie + folio) · {segment.label}"
    svg = charts.line_chart(
        title=title,
        years=list(years),
        series=[
            charts.Series.of("Naar aantal producten", [p.share_by_count for p in points]),
            charts.Series.of("Naar waarde (prijs × gebruik)", [p.share_by_value for p in points]),
        ],
        y_label="Aandeel (%)",
        unit="percent",
        from_zero=True,
        chart_id="grafiek-lifo",
    )
    last = points[-1] if points else None
    n_note = (
        f"In {last.year}: {last.n_lifo} van n = {last.n_paid} betaalde producten met een prijs zijn LiFo; "
        f"van {last.n_with_volume} is het gebruik bekend."
        if last
        else ""
    )
    reasons = tuple(f"{p.year}: {p.reason}" for p in points if p.reason)
    return MonitorTable("lifo", title, columns, rows, FORMULA_LIFO, n_note, svg, reasons)


def _concentration_of(segment: SegmentFigures, measure: Measure, at: int = -1) -> Concentration:
    year = segment.concentration[at]
    return {Measure.METHODS: year.by_methods, Measure.VALUE: year.by_value, Measure.ADOPTION: year.by_adoption}[measure]


AMOUNT_COLUMNS = {
    Measure.METHODS: Column("Methodes (n)", "number"),
    Measure.VALUE: Column("Cataloguswaarde", "euro", 2),
    Measure.ADOPTION: Column("Gebruik (scholen)", "number"),
}
OWNER_SLUGS = {
    Measure.METHODS: "concentratie-methodes",
    Measure.VALUE: "concentratie-waarde",
    Measure.ADOPTION: "concentratie-gebruik",
}


def owner_tables(last_year: int, segment: SegmentFigures) -> tuple[MonitorTable, ...]:
    return tuple(owner_table(last_year, segment, measure) for measure in Measure)


def owner_table(last_year: int, segment: SegmentFigures, measure: Measure) -> MonitorTable:
    found = _concentration_of(segment, measure)
    amount = AMOUNT_COLUMNS[measure]
    columns = (Column("Eigenaarsgroep"), Column("Land"), amount, Column("Aandeel", "percent", 1))
    scale: Callable[[float], float] = (lambda a: a / 100) if measure is Measure.VALUE else (lambda a: a)
    rows = tuple(
        (share.owner.name, share.owner.country or "onbekend", scale(share.amount), float(share.share_display))
        for share in found.owners
    )
    title = f"Aandelen per eigenaarsgroep in {last_year}, naar {MEASURE_WORDS[measure]} · {segment.label}"
    svg = charts.bar_chart(
        title=title,
        labels=[share.owner.name for share in found.owners],
        values=[float(share.share_display) for share in found.owners],
        x_label="Aandeel (%)",
        unit="percent",
        x_max=100.0,
        chart_id=f"grafiek-{OWNER_SLUGS[measure]}",
    )
    if found.hhi is None:
        summary = "Geen gegevens voor deze maatstaf in deze selectie."
        if measure is Measure.ADOPTION:
            summary = "Van geen product in deze selectie is het gebruik bekend: geen aandelen naar gebruik."
    else:
        flag = f" — {found.label}" if found.label else ""
        summary = (
            f"HHI {charts.format_number(found.hhi, 0)}{flag}; CR3 {charts.format_value(found.cr3, 'percent')}; "
            f"buitenlands eigendom {charts.format_value(found.foreign_share, 'percent')}, land onbekend "
            f"{charts.format_value(found.unknown_country_share, 'percent')}; n = {found.n_owners} "
            f"eigenaarsgroep{'en' if found.n_owners != 1 else ''}, totaal {_total_words(found.total, measure)}."
        )
    formula = f"{MEASURE_LABELS[measure]}. {FORMULA_CONCENTRATION}"
    extra: dict[str, object] = {"measure_word": MEASURE_WORDS[measure], "high": found.label == LABEL_HIGH}
    return MonitorTable(OWNER_SLUGS[measure], title, columns, rows, formula, summary, svg, extra=extra)


def _total_words(total: float, measure: Measure) -> str:
    if measure is Measure.VALUE:
        return charts.format_value(total / 100, "euro")
    if measure is Measure.METHODS:
        return f"{charts.format_number(total)} methodes"
    return f"{charts.format_number(total)} scholen"


def hhi_table(years: Sequence[int], segment: SegmentFigures) -> MonitorTable:
    columns = (
        Column("Jaar"),
        Column("HHI naar methodes", "number"),
        Column("CR3 naar methodes", "percent", 1),
        Column("HHI naar waarde", "number"),
        Column("CR3 naar waarde", "percent", 1),
        Column("HHI naar gebruik", "number"),
        Column("CR3 naar gebruik", "percent", 1),
        Column("Buitenlands eigendom (methodes)", "percent", 1),
        Column("Land onbekend (methodes)", "percent", 1),
    )
    points = segment.concentration
    rows = tuple(
        (
            str(p.year), _rounded(p.by_methods.hhi, 2), p.by_methods.cr3, _rounded(p.by_value.hhi, 2), p.by_value.cr3,
            _rounded(p.by_adoption.hhi, 2), p.by_adoption.cr3, p.by_methods.foreign_share,
            p.by_methods.unknown_country_share,
        )
        for p in points
    )  # fmt: skip
    title = f"Concentratie (HHI) per jaar · {segment.label}"
    series = [
        charts.Series.of("Naar methodes", [p.by_methods.hhi for p in points]),
        charts.Series.of("Naar waarde", [p.by_value.hhi for p in points]),
    ]
    if any(p.by_adoption.hhi is not None for p in points):
        series.append(charts.Series.of("Naar gebruik", [p.by_adoption.hhi for p in points]))
    svg = charts.line_chart(
        title=title, years=list(years), series=series, y_label="HHI (0–10.000)", unit="number",
        reference=HIGH, reference_label="Grens 2.500", from_zero=True,
        chart_id="grafiek-concentratie-trend",
    )  # fmt: skip
    n_note = (
        f"Boven {charts.format_number(HIGH)}: {LABEL_HIGH}; {charts.format_number(MODERATE)}–"
        f"{charts.format_number(HIGH)}: matig geconcentreerd."
    )
    return MonitorTable("concentratie-trend", title, columns, rows, FORMULA_CONCENTRATION, n_note, svg)


def coverage_rows(figures: MonitorFigures) -> list[OverviewRow]:
    """The overview rows of the selected sector, per subject (and its "alle vakken" row first)."""
    sector = figures.selected.sector
    return [row for row in figures.overview if row.sector == sector]


def coverage_table(figures: MonitorFigures) -> MonitorTable:
    rows_of = coverage_rows(figures)
    columns = (
        Column("Vak"),
        Column("Producten (n)", "number"),
        Column("Met prijs", "number"),
        Column("Methodes (n)", "number"),
        Column("Methodes met prijs", "number"),
    )
    rows = tuple(
        (
            row.subject_label,
            row.coverage.products,
            row.coverage.products_priced,
            row.coverage.methods,
            row.coverage.methods_priced,
        )
        for row in rows_of
    )
    sector_label = figures.selected.sector_label
    title = f"Dekking van de catalogus per vak · {sector_label}"
    per_subject = [row for row in rows_of if row.subject != ALL]
    svg = charts.bar_chart(
        title=title,
        labels=[row.subject_label for row in per_subject],
        values=[float(row.coverage.products) for row in per_subject],
        x_label="Producten in de catalogus (n)",
        unit="number",
        chart_id="grafiek-dekking",
    )
    n_note = "De export bevat alle sectoren × vakken." if figures.overview else ""
    return MonitorTable("dekking", title, columns, rows, FORMULA_COVERAGE, n_note, svg)


def coverage_export_rows(figures: MonitorFigures) -> list[list[object]]:
    """Every sector x subject (the CSV of the coverage table)."""
    header: list[object] = ["Sector", "Vak", "Producten (n)", "Met prijs", "Methodes (n)", "Methodes met prijs"]
    return [
        header,
        *(
            [
                row.sector_label, row.subject_label, row.coverage.products, row.coverage.products_priced,
                row.coverage.methods, row.coverage.methods_priced,
            ]
            for row in figures.overview
        ),
    ]  # fmt: skip


def table_rows(figures: MonitorFigures, slug: str) -> list[list[object]]:
    """The CSV rows of one table (Dutch headers); `NotFound` for an unknown table name."""
    if slug == "dekking":
        return coverage_export_rows(figures)
    for table in monitor_tables(figures):
        if table.slug == slug:
            return table.csv_rows()
    raise NotFound(f"Onbekende tabel. Kies een van: {', '.join(TABLE_SLUGS)}.")


def demo_note(figures: MonitorFigures) -> str:
    return DEMO_NOTE.format(n=figures.n_demo_products, total=figures.n_products) if figures.is_demo else ""


def owner_links(names: Sequence[str]) -> dict[str, str]:
    """Owner group name -> uuid of the organisation of that name (publisher, distributor or owner group), for the
    links to the lock-in pages; a name that two organisations share gets no link."""
    kinds = [accounts.OrganisationKind.PUBLISHER, accounts.OrganisationKind.DISTRIBUTOR]
    kinds.append(accounts.OrganisationKind.OWNER_GROUP)
    found: dict[str, list[str]] = {}
    for name, uuid in accounts.Organisation.objects.filter(name__in=list(names), kind__in=kinds).values_list(
        "name", "uuid"
    ):
        found.setdefault(name, []).append(str(uuid))
    return {name: uuids[0] for name, uuids in found.items() if len(uuids) == 1}


# --- the API -------------------------------------------------------------------------------------------------------


def _segment_head(figures: MonitorFigures) -> dict[str, object]:
    segment = figures.selected
    return {
        "sector": word(segment.sector),
        "subject": word(segment.subject),
        "subject_name": segment.subject_label,
        "demo": figures.is_demo,
    }


def price_index_api(sector: str, subject: str) -> dict[str, object]:
    figures = figures_for(sector, subject)
    segment = figures.selected
    return {
        **_segment_head(figures),
        "formula": FORMULA_INDEX,
        "series": [
            {
                "year": j.year,
                "index": _rounded(j.index, 4),
                "base_year": j.base_year,
                "new_base": j.new_base,
                "n_products": j.n_products,
                "n_matched": j.n_matched,
                "nominal_change": _rounded(_percent(j.nominal_change), 4),
                "real_change": _rounded(_percent(j.real_change), 4),
                "cpi_change": _rounded(_percent(j.cpi_change), 4),
                "cpi_index": _rounded(j.cpi_index, 4),
                "laspeyres": _rounded(w.index, 4),
                "laspeyres_n_matched": w.n_matched,
                "reason": j.reason,
            }
            for j, w in zip(segment.jevons, segment.laspeyres, strict=True)
        ],
    }


def lifo_api(sector: str, subject: str) -> dict[str, object]:
    figures = figures_for(sector, subject)
    return {
        **_segment_head(figures),
        "formula": FORMULA_LIFO,
        "series": [
            {
                "year": p.year,
                "n_paid": p.n_paid,
                "n_lifo": p.n_lifo,
                "share_by_count": _rounded(p.share_by_count, 4),
                "n_with_volume": p.n_with_volume,
                "share_by_value": _rounded(p.share_by_value, 4),
                "reason": p.reason,
            }
            for p in figures.selected.lifo
        ],
    }


def measure_of(raw: str) -> Measure:
    try:
        return Measure((raw or Measure.METHODS.value).strip())
    except ValueError:
        raise MarketError(UNKNOWN_MEASURE, {"measure": UNKNOWN_MEASURE}) from None


def concentration_api(sector: str, subject: str, measure_raw: str) -> dict[str, object]:
    """Per segment (all segments, or those of the given sector and/or subject) the concentration in the last year
    by one measure, with the owner shares, and the HHI trend of the asked-for segment."""
    measure = measure_of(measure_raw)
    wanted_sector, wanted_subject = selection(sector, subject)
    ensure_fresh()
    figures = monitor_figures(wanted_sector, wanted_subject)  # checks both words
    given_sector, given_subject = (sector or "").strip(), (subject or "").strip()
    rows = [
        row
        for row in figures.overview
        if (not given_sector or row.sector == (wanted_sector or ALL))
        and (not given_subject or row.subject == (wanted_subject or ALL))
    ]
    items = []
    for row in rows:
        selected = (row.sector, row.subject) == (figures.selected.sector, figures.selected.subject)
        trend_of = figures.selected.concentration if selected else ()
        items.append(_concentration_item(row, measure, figures.last_year, trend_of))
    return {"count": len(items), "items": items, "demo": figures.is_demo}


def _pick(year: ConcentrationYear, measure: Measure) -> Concentration:
    return {Measure.METHODS: year.by_methods, Measure.VALUE: year.by_value, Measure.ADOPTION: year.by_adoption}[measure]


def _concentration_item(
    row: OverviewRow, measure: Measure, year: int, trend_of: Sequence[ConcentrationYear]
) -> dict[str, object]:
    found = _pick(row.concentration, measure)
    return {
        "sector": word(row.sector),
        "subject": word(row.subject),
        "subject_name": row.subject_label,
        "year": year,
        "measure": measure.value,
        "measure_label": MEASURE_LABELS[measure],
        "hhi": _rounded(found.hhi, 2),
        "cr3": _rounded(found.cr3, 2),
        "flag": found.label,
        "foreign_share": _rounded(found.foreign_share, 2),
        "unknown_country_share": _rounded(found.unknown_country_share, 2),
        "n_owners": found.n_owners,
        "owners": [
            {"name": s.owner.name, "country": s.owner.country, "share": float(s.share_display)} for s in found.owners
        ],
        "trend": [
            {"year": point.year, "hhi": _rounded(c.hhi, 2), "cr3": _rounded(c.cr3, 2), "flag": c.label}
            for point in trend_of
            for c in (_pick(point, measure),)
        ],
    }
