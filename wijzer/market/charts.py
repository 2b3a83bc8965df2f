"""Charts for the market monitor (W7) and the decision report (W8): SVG rendered on the server, inlined in the page.

Each chart function takes plain data (years or labels, series of numbers or None, Dutch texts) and returns an SVG
string that can be put straight into a page or a PDF:

- matplotlib's object API only (`matplotlib.figure.Figure`, the SVG canvas): never pyplot, which keeps global state.
  Rendering is serialised by a lock as well, because matplotlib documents itself as not thread-safe (gunicorn threads).
- text stays text (`svg.fonttype = none`, DejaVu Sans, whose metrics matplotlib measures with), numbers in Dutch
  notation (decimal comma, thousands dot, "€ 1.234", "45,0 %"), years plain ("2025", never "2.025").
- deterministic: a fixed `svg.hashsalt` and no date in the metadata, so the same input gives the same bytes.
- safe under the site's Content-Security-Policy (`style-src 'self'`): every `style` attribute becomes SVG presentation
  attributes and the `<style>` element goes, so the browser has nothing to block.
- scalable: no fixed width/height, only the viewBox (the stylesheet gives `max-width: 100 %`).
- accessible: `role="img"`, a `<title>` and a one-sentence Dutch `<desc>` referred to by `aria-labelledby`; colours
  with a contrast of at least 3:1 against white, and every series also told apart by its marker and dash pattern
  (lines) or its hatching (stacked bars), so the chart reads without colour. The data table goes beside the chart
  (template `market/_chart.html`), built from the same data by `series_table` / `bar_table`.

No data (no years, no labels, or every value None) gives a chart that says "Geen gegevens" instead of an error: a
monitor page for an empty segment is a normal case. Inconsistent input (a series whose length differs from the
years) is a programming error and raises `ValueError`.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import math
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from django.utils.safestring import SafeString, mark_safe

import matplotlib
from lxml import etree
from matplotlib.axes import Axes
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from matplotlib.ticker import FixedLocator, Formatter, MaxNLocator

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

Unit = Literal["number", "percent", "euro", "index"]

# Okabe-Ito based, darkened where needed: each has a contrast of at least 3.8:1 against white (WCAG 1.4.11 asks 3:1).
PALETTE: tuple[str, ...] = ("#154273", "#D55E00", "#007D5A", "#9B4F96", "#8C6D00", "#4D4D4D")
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P")
DASHES: tuple[str | tuple[float, tuple[float, ...]], ...] = (
    "-", (0, (6, 2)), (0, (1, 1.5)), (0, (6, 2, 1, 2)), (0, (3, 1)), (0, (8, 2, 2, 2)),
)  # fmt: skip
HATCHES: tuple[str, ...] = ("", "///", "...", "xxx", "\\\\\\", "---")
REFERENCE_COLOUR = "#4D4D4D"
TEXT_COLOUR = "#1B1B1B"
GRID_COLOUR = "#D0D0D0"
FONT_FAMILY = "'DejaVu Sans', Verdana, sans-serif"  # what the browser uses; matplotlib measured with DejaVu Sans
NO_DATA = "Geen gegevens"

# Sizes in points (1/72 inch, the SVG's user unit). The SVG scales with its viewBox: the width only sets the
# proportions and how large the text is relative to the chart.
WIDTH_PT = 460.0
PLOT_HEIGHT = 190.0  # the plotting area of a line or stacked chart; the figure grows with labels and legend
BAR_HEIGHT = 24.0  # per bar
FONT_SIZE = 10.5
SMALL_SIZE = 9.5
MAX_LABEL_WIDTH = 0.4 * WIDTH_PT  # longer bar labels are shortened with "…"; the table beside has the full name

_LOCK = threading.Lock()
_MEASURER = TextToPath()  # text widths as the SVG backend lays them out; used under _LOCK only
_RC: dict[RcKeyType, object] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "wijzer-market",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": FONT_SIZE,
    "axes.edgecolor": TEXT_COLOUR,
    "axes.labelcolor": TEXT_COLOUR,
    "xtick.color": TEXT_COLOUR,
    "ytick.color": TEXT_COLOUR,
    "text.color": TEXT_COLOUR,
    "axes.unicode_minus": False,
    "hatch.linewidth": 0.8,
}
_ID_OK = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
_URL_REF = re.compile(r"url\(#([^)]+)\)")
_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


@dataclass(frozen=True)
class Series:
    """One named row of numbers (None = no value: a gap in a line, no bar)."""

    label: str
    values: tuple[float | None, ...]

    @classmethod
    def of(cls, label: str, values: Sequence[float | int | None]) -> Series:
        return cls(label, tuple(None if v is None else float(v) for v in values))


@dataclass(frozen=True)
class Table:
    """The data beside a chart: column headers and rows of formatted cells (the first cell of a row is its label)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ChartBlock:
    """What `market/_chart.html` shows: a caption, the inline SVG, the table with the same data and a note."""

    caption: str
    svg: str
    table: Table
    note: str = ""


# ---------------------------------------------------------------------------------------------- Dutch numbers


def format_number(value: float, decimals: int = 0) -> str:
    """1234.5 -> "1.234,5" (Dutch: thousands dot, decimal comma); -0.0 and values rounding to zero lose their sign."""
    text = f"{abs(value):,.{decimals}f}".replace(",", "\0").replace(".", ",").replace("\0", ".")
    negative = value < 0 and any(ch not in "0.," for ch in text)
    return f"-{text}" if negative else text


def format_value(value: float | None, unit: Unit, decimals: int | None = None) -> str:
    """A value in its unit, Dutch: "45,0 %", "€ 1.234,50", "123,4"; None -> an en dash (no value)."""
    if value is None or math.isnan(value):
        return "–"
    if unit == "percent":
        return f"{format_number(value, 1 if decimals is None else decimals)} %"
    if unit == "euro":
        amount = format_number(value, 2 if decimals is None else decimals)
        return f"-€ {amount[1:]}" if amount.startswith("-") else f"€ {amount}"
    if unit == "index":
        return format_number(value, 1 if decimals is None else decimals)
    return format_number(value, 0 if decimals is None else decimals)


class _DutchFormatter(Formatter):
    """Axis ticks in Dutch notation, with as many decimals as the tick step needs (at most 2)."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit
        self.decimals = 0

    def set_locs(self, locs: list[float]) -> None:
        super().set_locs(locs)
        # the fewest decimals (at most 2) that show every tick exactly: 0,25 stays 0,25, 1.000 stays 1.000
        self.decimals = next((d for d in (0, 1) if all(abs(round(v, d) - v) < 1e-9 for v in locs)), 2)
        if self.unit == "euro" and self.decimals:
            self.decimals = 2  # cents: "€ 12,50", never "€ 12,5"

    def __call__(self, x: float, pos: int | None = None) -> str:
        return format_value(x, self.unit, self.decimals)


class _YearFormatter(Formatter):
    def __call__(self, x: float, pos: int | None = None) -> str:
        return str(round(x))


# ---------------------------------------------------------------------------------------------- charts


def line_chart(
    *,
    title: str,
    years: Sequence[int],
    series: Sequence[Series],
    y_label: str,
    unit: Unit = "index",
    reference: float | None = None,
    reference_label: str = "",
    from_zero: bool = False,
    description: str = "",
    chart_id: str = "",
) -> str:
    """Several series over years (e.g. the price index against the CPI); None values are gaps, a point between two
    gaps still shows as its marker. `reference` draws a dashed horizontal line (e.g. 100 = base year, or the
    €340 benchmark) named `reference_label` in the legend. Returns the inline SVG (a SafeString)."""
    years = list(years)
    for s in series:
        if len(s.values) != len(years):
            raise ValueError(f"reeks {s.label!r} heeft {len(s.values)} waarden voor {len(years)} jaren")
    if not years or not any(v is not None for s in series for v in s.values):
        return _no_data_svg(title, chart_id)
    desc = description or _describe_lines(years, series, unit, reference, reference_label)
    key = ("lijn", title, tuple(years), tuple(series), y_label, unit, reference, reference_label, from_zero)
    with _drawing():
        fig, ax = _figure()
        for i, s in enumerate(series):
            ax.plot(
                years,
                [math.nan if v is None else v for v in s.values],
                color=PALETTE[i % len(PALETTE)],
                linestyle=DASHES[i % len(DASHES)],
                marker=MARKERS[i % len(MARKERS)],
                markersize=5,
                linewidth=2,
                label=_plain(s.label),
            )
        if reference is not None:
            ax.axhline(reference, color=REFERENCE_COLOUR, linewidth=1.2, linestyle=(0, (2, 2)),
                       label=_plain(reference_label or format_value(reference, unit)))  # fmt: skip
        _year_axis(ax, years)
        ax.yaxis.set_major_formatter(_DutchFormatter(unit))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
        ax.set_ylabel(_plain(y_label))
        ax.grid(axis="y", color=GRID_COLOUR, linewidth=0.8)
        if from_zero:
            ax.set_ylim(bottom=0)
        legend = len(series) + (reference is not None) if len(series) > 1 or reference is not None else 0
        _layout(fig, ax, plot_height=PLOT_HEIGHT, left_texts=_tick_texts(ax), y_label=y_label, legend=legend)
        raw = _render(fig)
    return _clean_svg(raw, chart_id or _auto_id(key), title, desc)


def bar_chart(
    *,
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    x_label: str,
    unit: Unit = "percent",
    decimals: int | None = None,
    threshold: float | None = None,
    threshold_label: str = "",
    x_max: float | None = None,
    description: str = "",
    chart_id: str = "",
) -> str:
    """Horizontal bars, first label on top (e.g. market shares per owner group), each labelled with its value
    ("45,0 %"; a None value shows "onbekend" without a bar). `threshold` draws a dashed vertical line named
    `threshold_label` in the legend. `x_max` fixes the end of the axis (e.g. 100 for percent shares)."""
    labels = list(labels)
    if len(values) != len(labels):
        raise ValueError(f"{len(values)} waarden voor {len(labels)} labels")
    if not labels or all(v is None for v in values):
        return _no_data_svg(title, chart_id)
    desc = description or _describe_bars(labels, values, unit, decimals, threshold, threshold_label)
    key = ("staaf", title, tuple(labels), tuple(values), x_label, unit, decimals, threshold, threshold_label, x_max)
    n = len(labels)
    value_texts = [format_value(v, unit, decimals) if v is not None else "onbekend" for v in values]
    with _drawing():
        shown = [_shorten(label) for label in labels]
        fig, ax = _figure()
        widths = [0.0 if v is None else v for v in values]
        bars = ax.barh(range(n), widths, height=0.62, color=PALETTE[0])
        ax.bar_label(bars, labels=[_plain(t) for t in value_texts], padding=3, fontsize=SMALL_SIZE)
        ax.yaxis.set_major_locator(FixedLocator(list(range(n))))
        ax.set_yticklabels([_plain(label) for label in shown])
        ax.set_ylim(n - 0.5, -0.5)  # first label on top
        ax.tick_params(axis="y", length=0)
        ax.xaxis.set_major_formatter(_DutchFormatter(unit))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
        ax.set_xlabel(_plain(x_label))
        ax.grid(axis="x", color=GRID_COLOUR, linewidth=0.8)
        top = max([*widths, threshold or 0.0]) or 1.0  # all zero: an axis from 0 to 1, not from 0 to 0
        ax.set_xlim(0, x_max if x_max is not None else top * 1.02)
        if threshold is not None:
            ax.axvline(threshold, color=REFERENCE_COLOUR, linewidth=1.4, linestyle=(0, (4, 2)),
                       label=_plain(threshold_label or format_value(threshold, unit, decimals)))  # fmt: skip
        right = max(_text_width(t, SMALL_SIZE) for t in value_texts) + 6
        _layout(fig, ax, plot_height=BAR_HEIGHT * n, left_texts=shown, x_label=x_label, tick_length_y=0.0,
                right=right, legend=1 if threshold is not None else 0)  # fmt: skip
        raw = _render(fig)
    return _clean_svg(raw, chart_id or _auto_id(key), title, desc)


def stacked_share_chart(
    *,
    title: str,
    years: Sequence[int],
    parts: Sequence[Series],
    y_label: str = "Aandeel (%)",
    description: str = "",
    chart_id: str = "",
) -> str:
    """Per year one bar of 100 % split into parts (e.g. LiFo vs. other paid products, open vs. closed), each part
    with its own colour and hatching, legend below. Values are percentages; a year without values has no bar."""
    years = list(years)
    for p in parts:
        if len(p.values) != len(years):
            raise ValueError(f"deel {p.label!r} heeft {len(p.values)} waarden voor {len(years)} jaren")
    if not years or not any(v is not None for p in parts for v in p.values):
        return _no_data_svg(title, chart_id)
    desc = description or _describe_shares(years, parts)
    key = ("aandeel", title, tuple(years), tuple(parts), y_label)
    with _drawing():
        fig, ax = _figure()
        bottoms = [0.0] * len(years)
        for i, p in enumerate(parts):
            heights = [0.0 if v is None else v for v in p.values]
            colour, hatch = PALETTE[i % len(PALETTE)], HATCHES[i % len(HATCHES)]
            ax.bar(years, heights, bottom=bottoms, width=0.7, color=colour, hatch=hatch, edgecolor="#FFFFFF",
                   linewidth=0.6, label=_plain(p.label))  # fmt: skip
            bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
        _year_axis(ax, years)
        ax.set_ylim(0, 100)
        ax.yaxis.set_major_locator(FixedLocator([0, 25, 50, 75, 100]))
        ax.yaxis.set_major_formatter(_DutchFormatter("percent"))
        ax.set_ylabel(_plain(y_label))
        ax.grid(axis="y", color=GRID_COLOUR, linewidth=0.8)
        _layout(fig, ax, plot_height=PLOT_HEIGHT, left_texts=_tick_texts(ax), y_label=y_label, legend=len(parts))
        raw = _render(fig)
    return _clean_svg(raw, chart_id or _auto_id(key), title, desc)


# ---------------------------------------------------------------------------------------------- tables beside


def series_table(first_column: str, years: Sequence[int], series: Sequence[Series], unit: Unit,
                 decimals: int | None = None) -> Table:  # fmt: skip
    """One row per year, one column per series, cells in Dutch notation (an en dash for no value)."""
    rows = tuple(
        (str(year), *(format_value(s.values[i], unit, decimals) for s in series)) for i, year in enumerate(years)
    )
    return Table((first_column, *(s.label for s in series)), rows)


def bar_table(label_column: str, value_column: str, labels: Sequence[str], values: Sequence[float | None],
              unit: Unit, decimals: int | None = None) -> Table:  # fmt: skip
    """One row per label with its value; a None value reads "onbekend"."""
    rows = tuple(
        (label, format_value(v, unit, decimals) if v is not None else "onbekend")
        for label, v in zip(labels, values, strict=True)
    )
    return Table((label_column, value_column), rows)


# ---------------------------------------------------------------------------------------------- internals


@contextlib.contextmanager
def _drawing() -> Iterator[None]:
    """One chart at a time, with the house settings: matplotlib reads rcParams (global) while drawing."""
    with _LOCK, matplotlib.rc_context(_RC):
        yield


def _figure() -> tuple[Figure, Axes]:
    fig = Figure(figsize=(WIDTH_PT / 72, 3), facecolor="#FFFFFF")
    FigureCanvasSVG(fig)
    ax = fig.add_subplot()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_axisbelow(True)
    return fig, ax


def _render(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


def _text_width(text: str, size: float) -> float:
    """The width of a text in points, as matplotlib lays it out (DejaVu Sans)."""
    width, _height, _descent = _MEASURER.get_text_width_height_descent(text, FontProperties(size=size), ismath=False)
    return float(width)


def _tick_texts(ax: Axes) -> list[str]:
    """The y tick labels matplotlib will draw (the axis autoscales first), to size the left margin."""
    ax.autoscale_view()
    low, high = sorted(ax.get_ylim())
    span = (high - low) * 1e-9
    locs = [v for v in ax.yaxis.get_major_locator()() if low - span <= v <= high + span]
    return list(ax.yaxis.get_major_formatter().format_ticks(locs))


def _layout(
    fig: Figure,
    ax: Axes,
    *,
    plot_height: float,
    left_texts: Sequence[str],
    y_label: str = "",
    x_label: str = "",
    tick_length_y: float = 3.5,
    right: float = 14.0,
    legend: int = 0,
) -> None:
    """Margins from the measured texts instead of matplotlib's constrained layout, which draws the figure twice
    (about half the time of a chart): all sizes in points; the plot keeps `plot_height`, the figure grows."""
    line = FONT_SIZE * 1.25
    left = 6 + (line + 4 if y_label else 0) + max((_text_width(t, FONT_SIZE) for t in left_texts), default=0)
    left += tick_length_y + 3.5
    columns = min(legend, 3)
    legend_height = math.ceil(legend / columns) * SMALL_SIZE * 1.75 + 6 if legend else 0.0
    bottom = 6 + legend_height + 3.5 + 3.5 + line + (line + 4 if x_label else 0)
    top = 10.0
    height = plot_height + top + bottom
    fig.set_size_inches(WIDTH_PT / 72, height / 72)
    fig.subplots_adjust(left=left / WIDTH_PT, right=1 - right / WIDTH_PT, bottom=bottom / height, top=1 - top / height)
    if legend:
        handles, texts = ax.get_legend_handles_labels()
        fig.legend(handles, texts, loc="lower center", bbox_to_anchor=(0.5, 4 / height), ncols=columns,
                   frameon=False, handlelength=3.2, fontsize=SMALL_SIZE)  # fmt: skip


def _year_axis(ax: Axes, years: list[int]) -> None:
    if len(years) <= 12:
        ax.xaxis.set_major_locator(FixedLocator([float(y) for y in years]))
    else:
        ax.xaxis.set_major_locator(MaxNLocator(nbins=10, integer=True))
    ax.xaxis.set_major_formatter(_YearFormatter())
    ax.set_xlim(min(years) - 0.5, max(years) + 0.5)


def _plain(text: str) -> str:
    """matplotlib reads $...$ as math: a literal dollar sign in a name must not switch that on."""
    return text.replace("$", r"\$")


def _shorten(label: str) -> str:
    """A bar label that fits in 40 % of the chart's width, else cut with "…" (the table beside has it whole)."""
    if _text_width(label, FONT_SIZE) <= MAX_LABEL_WIDTH:
        return label
    low, high = 0, len(label)  # the longest prefix that fits, by halving
    while low < high:
        middle = (low + high + 1) // 2
        if _text_width(label[:middle].rstrip() + "…", FONT_SIZE) <= MAX_LABEL_WIDTH:
            low = middle
        else:
            high = middle - 1
    return label[:low].rstrip() + "…"


def _auto_id(key: tuple[object, ...]) -> str:
    """A stable id from everything the chart shows: the same chart gets the same id, another chart another."""
    return f"grafiek-{key[0]}-{hashlib.sha256(repr(key).encode()).hexdigest()[:10]}"


def _no_data_svg(title: str, chart_id: str) -> str:
    with _drawing():
        fig = Figure(figsize=(WIDTH_PT / 72, 1.2), facecolor="#FFFFFF")
        FigureCanvasSVG(fig)
        fig.text(0.5, 0.5, NO_DATA, ha="center", va="center", fontsize=12, color=TEXT_COLOUR)
        raw = _render(fig)
    return _clean_svg(raw, chart_id or _auto_id(("leeg", title)), title, f"{NO_DATA} om te tonen voor deze selectie.")


# ---------------------------------------------------------------------------------------------- descriptions


def _describe_lines(years: list[int], series: Sequence[Series], unit: Unit, reference: float | None,
                    reference_label: str) -> str:  # fmt: skip
    parts = []
    for s in series:
        known = [(y, v) for y, v in zip(years, s.values, strict=True) if v is not None]
        if not known:
            parts.append(f"{s.label}: geen gegevens")
        elif len(known) == 1:
            parts.append(f"{s.label}: {format_value(known[0][1], unit)} in {known[0][0]}")
        else:
            (y0, v0), (y1, v1) = known[0], known[-1]
            parts.append(f"{s.label} van {format_value(v0, unit)} in {y0} naar {format_value(v1, unit)} in {y1}")
    text = f"Lijndiagram {years[0]}–{years[-1]}: " + "; ".join(parts)
    if reference is not None:
        text += f"; referentielijn {reference_label or ''} op {format_value(reference, unit)}".replace("  ", " ")
    return text + "."


def _describe_bars(labels: list[str], values: Sequence[float | None], unit: Unit, decimals: int | None,
                   threshold: float | None, threshold_label: str) -> str:  # fmt: skip
    known = [(label, v) for label, v in zip(labels, values, strict=True) if v is not None]
    ranked = sorted(known, key=lambda item: -item[1])
    text = f"Staafdiagram met {len(labels)} {'waarde' if len(labels) == 1 else 'waarden'}"
    text += f"; het grootst: {ranked[0][0]} ({format_value(ranked[0][1], unit, decimals)})"
    if len(ranked) > 1:
        text += f", het kleinst: {ranked[-1][0]} ({format_value(ranked[-1][1], unit, decimals)})"
    if len(known) < len(labels):
        text += f"; {len(labels) - len(known)} onbekend"
    if threshold is not None:
        text += f"; grens {threshold_label or ''} bij {format_value(threshold, unit, decimals)}".replace("  ", " ")
    return text + "."


def _describe_shares(years: list[int], parts: Sequence[Series]) -> str:
    present = [i for i in range(len(years)) if any(p.values[i] is not None for p in parts)]
    first, last = present[0], present[-1]

    def at(i: int) -> str:
        return ", ".join(f"{p.label} {format_value(p.values[i], 'percent')}" for p in parts)

    if first == last:
        return f"Gestapeld staafdiagram voor {years[first]}: {at(first)}."
    span = f"{years[first]}–{years[last]}"
    return f"Gestapeld staafdiagram {span}: in {years[first]} {at(first)}; in {years[last]} {at(last)}."


# ---------------------------------------------------------------------------------------------- SVG cleaning


def _clean_svg(raw: bytes, chart_id: str, title: str, desc: str) -> SafeString:
    """matplotlib's SVG made fit to inline under `style-src 'self'`: styles become presentation attributes, the
    `<style>` element, the metadata, the XML declaration and the DOCTYPE go, ids get the chart's prefix (unreferenced
    ids are dropped), fixed sizes make way for the viewBox, and title/desc/role make it an accessible image."""
    if not _ID_OK.match(chart_id):
        raise ValueError(f"ongeldige grafiek-id {chart_id!r}: een letter, dan letters, cijfers, - of _")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
    root = etree.fromstring(raw, parser)
    for element in list(root.iter(f"{{{_SVG_NS}}}metadata", f"{{{_SVG_NS}}}style")):
        _remove(element)
    for element in list(root.iter(f"{{{_SVG_NS}}}defs")):
        if len(element) == 0:
            _remove(element)
    for element in root.iter(etree.Element):
        style = element.attrib.pop("style", None)
        if style:
            _apply_style(element, style)
    _prefix_ids(root, chart_id)
    for attr in ("width", "height"):
        root.attrib.pop(attr, None)
    root.set("stroke-linejoin", "round")  # what matplotlib's <style> said for every element
    root.set("stroke-linecap", "butt")
    root.set("class", "chart-svg")
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    root.set("id", chart_id)
    title_el = etree.Element(f"{{{_SVG_NS}}}title", id=f"{chart_id}-title")
    title_el.text = title
    desc_el = etree.Element(f"{{{_SVG_NS}}}desc", id=f"{chart_id}-desc")
    desc_el.text = desc
    root.insert(0, desc_el)
    root.insert(0, title_el)
    return mark_safe(etree.tostring(root, encoding="unicode"))  # noqa: S308  # serialised by lxml: escaped XML


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _apply_style(element: etree._Element, style: str) -> None:
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if not name or not value:
            continue
        if name == "font-family":
            value = FONT_FAMILY
        if name not in element.attrib:  # an explicit attribute stays as it is
            element.set(name, value)


def _prefix_ids(root: etree._Element, prefix: str) -> None:
    referenced: set[str] = set()
    for element in root.iter(etree.Element):
        for name, value in element.attrib.items():
            referenced.update(_URL_REF.findall(value))
            if name in (_XLINK_HREF, "href") and value.startswith("#"):
                referenced.add(value[1:])
    for element in root.iter(etree.Element):
        old = element.attrib.pop("id", None)
        if old is not None and old in referenced:
            element.set("id", f"{prefix}-{old}")
        for name, value in list(element.attrib.items()):
            if "url(#" in value:
                element.set(name, _URL_REF.sub(lambda m: f"url(#{prefix}-{m.group(1)})", value))
            elif name in (_XLINK_HREF, "href") and value.startswith("#"):
                element.set(name, f"#{prefix}-{value[1:]}")
