"""Server-side SVG charts (W7): inline-safe under the CSP, accessible, deterministic, Dutch numbers."""

from __future__ import annotations

import re
import threading
import time

from django.template.loader import render_to_string

import pytest
from lxml import etree

from wijzer.market import charts
from wijzer.market.charts import ChartBlock, Series

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
YEARS = list(range(2017, 2026))


def index_chart(**overrides):
    arguments = {
        "title": "Prijsindex leermiddelen vo",
        "years": YEARS,
        "series": [
            Series.of("Prijsindex leermiddelen", [100, 102, None, 106.5, 110, 115, 121, 124, 126]),
            Series.of("CPI", [100, 101.6, 104.3, 105.6, 108.4, 119.3, 123.9, 127.8, 131.7]),
        ],
        "y_label": "Index (2017 = 100)",
        "reference": 100,
        "reference_label": "Basisjaar 2017 = 100",
    }
    arguments.update(overrides)
    return charts.line_chart(**arguments)


def share_bars(**overrides):
    arguments = {
        "title": "Marktaandeel per eigenaar, vo, alle vakken",
        "labels": ["Infinitas Learning", "Noordhoff", "Overig $ & <x>", "Onbekende eigenaar"],
        "values": [45.25, 30.1, 15.0, None],
        "x_label": "Aandeel in methoden",
        "threshold": 50,
        "threshold_label": "Helft van de markt",
        "x_max": 100,
    }
    arguments.update(overrides)
    return charts.bar_chart(**arguments)


def lifo_shares():
    return charts.stacked_share_chart(
        title="LiFo-aandeel",
        years=YEARS,
        parts=[
            Series.of("LiFo", [5, 10, 20, None, 50, 60, 70, 80, 86]),
            Series.of("Overig betaald", [95, 90, 80, None, 50, 40, 30, 20, 14]),
        ],
    )


def parse(svg: str) -> etree._Element:
    return etree.fromstring(svg.encode())


def texts(root: etree._Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("make", [index_chart, share_bars, lifo_shares])
def test_the_svg_is_safe_to_inline_under_style_src_self(make):
    svg = make()
    assert not svg.startswith("<?xml")
    assert "<!DOCTYPE" not in svg
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert [el for el in root.iter() if isinstance(el.tag, str) and "style" in el.attrib] == []
    assert list(root.iter(f"{SVG}style")) == []
    assert list(root.iter(f"{SVG}metadata")) == []
    assert "<script" not in svg
    # scales with its container: a viewBox, no fixed size in pt
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))
    assert root.get("width") is None
    assert root.get("height") is None
    # the matplotlib <style> said round joins and butt caps for everything: now inherited attributes
    assert root.get("stroke-linejoin") == "round"
    assert root.get("stroke-linecap") == "butt"


@pytest.mark.parametrize("make", [index_chart, share_bars, lifo_shares])
def test_the_svg_is_an_accessible_image_with_title_and_description(make):
    root = parse(make())
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    by_id = {el.get("id"): el for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
    assert by_id[title_id].tag == f"{SVG}title"
    assert by_id[desc_id].tag == f"{SVG}desc"
    assert root[0].tag == f"{SVG}title"
    assert by_id[desc_id].text.endswith(".")


def test_the_line_chart_names_its_series_and_says_what_it_shows():
    root = parse(index_chart())
    shown = texts(root)
    assert "Prijsindex leermiddelen" in shown
    assert "CPI" in shown
    assert "Basisjaar 2017 = 100" in shown
    assert "Index (2017 = 100)" in shown
    assert root.find(f"{SVG}title").text == "Prijsindex leermiddelen vo"
    assert root.find(f"{SVG}desc").text == (
        "Lijndiagram 2017–2025: Prijsindex leermiddelen van 100,0 in 2017 naar 126,0 in 2025; "
        "CPI van 100,0 in 2017 naar 131,7 in 2025; referentielijn Basisjaar 2017 = 100 op 100,0."
    )


def test_years_are_plain_and_values_dutch_on_the_axes():
    svg = charts.line_chart(
        title="Kosten",
        years=[2022, 2023, 2024],
        series=[Series.of("Kosten per leerling", [0, 1500, 3000])],
        y_label="Per leerling",
        unit="euro",
    )
    shown = texts(parse(svg))
    assert {"2022", "2023", "2024"} <= set(shown)
    assert "2.022" not in shown
    assert {"€ 0", "€ 1.000", "€ 2.000", "€ 3.000"} <= set(shown)  # whole euros: no ",00" on round ticks


def test_tick_labels_have_the_decimals_their_steps_need():
    zero = texts(parse(charts.bar_chart(title="Nul", labels=["A"], values=[0.0], x_label="Aandeel")))
    assert {"0,00 %", "0,25 %", "0,50 %", "1,00 %"} <= set(zero)  # all zero: an axis 0-1, not 0-0
    cents = texts(parse(charts.line_chart(title="c", years=[2024, 2025], series=[Series.of("A", [0.12, 0.31])],
                                          y_label="Per leerling", unit="euro")))  # fmt: skip
    assert "€ 0,20" in cents
    index = texts(parse(charts.line_chart(title="i", years=[2024, 2025], series=[Series.of("A", [100, 131.7])],
                                          y_label="Index")))  # fmt: skip
    assert {"100", "110", "120", "130"} <= set(index)


def test_text_stays_text_in_dejavu_sans():
    root = parse(index_chart())
    families = {t.get("font-family") for t in root.iter(f"{SVG}text")}
    assert families == {charts.FONT_FAMILY}
    assert charts.FONT_FAMILY.startswith("'DejaVu Sans'")
    assert list(root.iter(f"{SVG}path")) != []


def test_the_same_input_gives_the_same_bytes_and_other_data_another_id():
    first, again = index_chart(), index_chart()
    assert first == again
    other = index_chart(series=[Series.of("CPI", [100, 101, 102, 103, 104, 105, 106, 107, 108])])
    assert parse(first).get("id") != parse(other).get("id")
    assert first.startswith('<svg xmlns:xlink="http://www.w3.org/1999/xlink" xmlns="http://www.w3.org/2000/svg"')


def test_every_id_carries_the_chart_prefix_and_every_reference_resolves():
    for svg in (index_chart(chart_id="prijsindex"), lifo_shares()):
        root = parse(svg)
        prefix = root.get("id")
        ids = [el.get("id") for el in root.iter() if isinstance(el.tag, str) and el.get("id")]
        assert len(ids) == len(set(ids))
        assert all(i == prefix or i.startswith(prefix + "-") for i in ids)
        refs = set()
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            for name, value in el.attrib.items():
                refs.update(re.findall(r"url\(#([^)]+)\)", value))
                if name == XLINK_HREF:
                    refs.add(value.removeprefix("#"))
        assert refs, "matplotlib's clip paths, markers and hatches are referenced by id"
        assert refs <= set(ids)
    assert parse(index_chart(chart_id="prijsindex")).get("id") == "prijsindex"


def test_two_charts_on_one_page_share_no_id():
    def ids(svg):
        return {el.get("id") for el in parse(svg).iter() if isinstance(el.tag, str) and el.get("id")}

    assert ids(index_chart()).isdisjoint(ids(share_bars()))
    assert ids(index_chart(chart_id="a")).isdisjoint(ids(index_chart(chart_id="b")))


def test_an_unusable_chart_id_is_refused():
    with pytest.raises(ValueError, match="ongeldige grafiek-id"):
        index_chart(chart_id="1 kapot\"'")


def test_a_missing_value_is_a_gap_in_the_line_not_a_zero():
    root = parse(index_chart(reference=None))
    colour = charts.PALETTE[0].lower()
    # the data line is clipped to the plot; the legend's sample line is not
    paths = root.iter(f"{SVG}path")
    lines = [p for p in paths if p.get("stroke") == colour and p.get("fill") == "none" and p.get("clip-path")]
    assert len(lines) == 1
    # two pieces: 2017-2018 and 2020-2025 (2019 unknown)
    assert lines[0].get("d").count("M") == 2
    markers = [u for u in root.iter(f"{SVG}use") if u.get("fill") == colour and u.getparent().get("clip-path")]
    assert len(markers) == 8  # one per known value


def test_the_bar_chart_labels_each_bar_and_says_unknown():
    root = parse(share_bars())
    shown = texts(root)
    assert "45,2 %" in shown  # 45,25 rounds half to even in the label; the table beside uses the same formatting
    assert "30,1 %" in shown
    assert "15,0 %" in shown
    assert "onbekend" in shown
    assert "Overig $ & <x>" in shown  # a dollar sign is no math, <&> are escaped text
    assert "Helft van de markt" in shown
    assert root.find(f"{SVG}desc").text == (
        "Staafdiagram met 4 waarden; het grootst: Infinitas Learning (45,2 %), het kleinst: Overig $ & <x> (15,0 %); "
        "1 onbekend; grens Helft van de markt bij 50,0 %."
    )


def test_a_long_bar_label_is_shortened_in_the_chart_but_whole_in_the_table():
    name = "Stichting voor Zeer Lange Namen van Uitgeverijen en Hun Moederbedrijven in het Buitenland"
    shown = texts(parse(share_bars(labels=[name, "B", "C", "D"])))
    short = [t for t in shown if t.endswith("…")]
    assert len(short) == 1
    assert name.startswith(short[0][:-1])
    assert charts.bar_table("Eigenaar", "Aandeel", [name], [12.5], "percent").rows == ((name, "12,5 %"),)


def test_the_stacked_chart_tells_its_parts_apart_by_hatching_too():
    svg = lifo_shares()
    root = parse(svg)
    assert {"LiFo", "Overig betaald", "100 %", "0 %", "2017", "2025"} <= set(texts(root))
    assert list(root.iter(f"{SVG}pattern")), "the second part is hatched"
    assert root.find(f"{SVG}desc").text == (
        "Gestapeld staafdiagram 2017–2025: in 2017 LiFo 5,0 %, Overig betaald 95,0 %; "
        "in 2025 LiFo 86,0 %, Overig betaald 14,0 %."
    )


@pytest.mark.parametrize(
    "make",
    [
        lambda: charts.line_chart(title="Leeg", years=[], series=[], y_label="Index"),
        lambda: charts.line_chart(title="Leeg", years=[2024], series=[Series.of("A", [None])], y_label="Index"),
        lambda: charts.bar_chart(title="Leeg", labels=[], values=[], x_label="Aandeel"),
        lambda: charts.bar_chart(title="Leeg", labels=["A"], values=[None], x_label="Aandeel"),
        lambda: charts.stacked_share_chart(title="Leeg", years=[2024], parts=[Series.of("A", [None])]),
    ],
)
def test_no_data_gives_a_chart_that_says_so(make):
    root = parse(make())
    assert texts(root) == ["Geen gegevens"]
    assert root.find(f"{SVG}title").text == "Leeg"
    assert root.find(f"{SVG}desc").text == "Geen gegevens om te tonen voor deze selectie."
    assert root.get("role") == "img"
    assert not [el for el in root.iter() if isinstance(el.tag, str) and "style" in el.attrib]


def test_inconsistent_input_is_a_programming_error():
    with pytest.raises(ValueError, match="3 waarden voor 2 jaren"):
        charts.line_chart(title="x", years=[2024, 2025], series=[Series.of("A", [1, 2, 3])], y_label="y")
    with pytest.raises(ValueError, match="1 waarden voor 2 labels"):
        charts.bar_chart(title="x", labels=["a", "b"], values=[1], x_label="y")


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "expected"),
    [
        (1234.5, "number", 1, "1.234,5"),
        (1234567, "number", None, "1.234.567"),
        (-1234.5, "number", 0, "-1.234"),  # half to even, as Python rounds
        (-0.004, "number", 2, "0,00"),
        (1234.5, "euro", None, "€ 1.234,50"),
        (340, "euro", 0, "€ 340"),
        (-3, "euro", None, "-€ 3,00"),
        (45.25, "percent", None, "45,2 %"),
        (86, "percent", 0, "86 %"),
        (123.456, "index", None, "123,5"),
        (None, "percent", None, "–"),
        (float("nan"), "number", None, "–"),
    ],
)
def test_dutch_number_formatting(value, unit, decimals, expected):
    assert charts.format_value(value, unit, decimals) == expected


def test_the_table_beside_holds_the_same_numbers():
    table = charts.series_table(
        "Jaar", [2023, 2024], [Series.of("Index", [100, None]), Series.of("CPI", [100, 103.25])], "index"
    )
    assert table.columns == ("Jaar", "Index", "CPI")
    assert table.rows == (("2023", "100,0", "100,0"), ("2024", "–", "103,2"))
    bars = charts.bar_table("Eigenaar", "Aandeel", ["A", "B"], [60, None], "percent")
    assert bars.rows == (("A", "60,0 %"), ("B", "onbekend"))


def _contrast_with_white(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_the_palette_has_enough_contrast_and_every_series_its_own_marker_and_dash():
    assert all(_contrast_with_white(c) >= 3.0 for c in (*charts.PALETTE, charts.REFERENCE_COLOUR))
    assert len(set(charts.PALETTE)) == len(charts.PALETTE)
    assert len(set(charts.MARKERS)) == len(charts.MARKERS) == len(charts.PALETTE)
    assert len(set(charts.DASHES)) == len(charts.DASHES) == len(charts.PALETTE)
    assert len(set(charts.HATCHES)) == len(charts.HATCHES) == len(charts.PALETTE)


def test_charts_drawn_in_threads_equal_the_ones_drawn_alone():
    expected = {"line": index_chart(), "bars": share_bars(), "shares": lifo_shares()}
    makers = {"line": index_chart, "bars": share_bars, "shares": lifo_shares}
    results: dict[str, list[str]] = {name: [] for name in makers}
    errors: list[BaseException] = []

    def work(name):
        try:
            for _ in range(2):
                results[name].append(makers[name]())
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(name,)) for name in makers for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for name, svgs in results.items():
        assert len(svgs) == 4
        assert set(svgs) == {expected[name]}


def test_a_chart_is_fast_enough_for_a_page():
    index_chart()  # fonts loaded
    start = time.perf_counter()
    for _ in range(5):
        index_chart()
        share_bars()
    per_chart = (time.perf_counter() - start) / 10
    # about 50 ms on the development machine (2 shared cores); a generous bound against a regression such as a
    # layout engine that draws the figure twice
    assert per_chart < 0.4


def test_the_chart_include_puts_the_table_beside_the_figure():
    years = [2023, 2024]
    series = [Series.of("Index", [100, 104.5])]
    block = ChartBlock(
        caption="Prijsindex vo",
        svg=charts.line_chart(title="Prijsindex vo", years=years, series=series, y_label="Index", chart_id="pi-vo"),
        table=charts.series_table("Jaar", years, series, "index"),
        note="Bron: catalogus van Wijzer; CPI: CBS.",
    )
    html = render_to_string("market/_chart.html", {"chart": block})
    page = etree.fromstring(f"<div>{html}</div>".encode(), etree.HTMLParser())
    figure = page.find(".//figure")
    assert figure is not None
    assert figure.get("class") == "chart"
    assert figure.find(".//figcaption").text.strip() == "Prijsindex vo"
    assert figure.find(".//svg") is not None  # inlined, not escaped
    assert "&lt;svg" not in html
    headers = [th.text for th in figure.iter("th")]
    assert headers == ["Jaar", "Index", "2023", "2024"]
    assert [td.text for td in figure.iter("td")] == ["100,0", "104,5"]
    assert "Bron: catalogus van Wijzer; CPI: CBS." in html
    assert 'style="' not in html
