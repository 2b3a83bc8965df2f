"""The table-of-contents parser (inhoudsopgave): JSON and CSV variants, Dutch row reasons, and a fuzz test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijzer.alignment.domain.toc import CSV_COLUMNS, MAX_TEXT, TocError, detect_format, parse_toc

EXAMPLES = Path(__file__).resolve().parents[3] / "data" / "alignment" / "examples"
HEADER = ";".join(CSV_COLUMNS)


def refused(data: bytes, **kwargs) -> list[str]:
    with pytest.raises(TocError) as caught:
        parse_toc(data, **kwargs)
    return caught.value.lines()


def test_json_parts_come_parents_first_with_inherited_sector():
    # given: a section listed before its chapter, goals as SLO ids and codes (one twice)
    document = {
        "method": "9789001000011",
        "parts": [
            {"key": "d1/h1/p1", "level": "section", "title": "Breuken vergelijken", "parent": "d1/h1", "position": 1},
            {"key": "d1", "level": "volume", "title": "Deel 1", "sector": "PO", "stage": "groep 5", "position": 1},
            {
                "key": "d1/h1",
                "level": "chapter",
                "title": "  1.  Breuken ",
                "text": "Breuken\r\nen procenten",
                "parent": "d1",
                "goals": ["PO Kerndoel 26", " PO Kerndoel 26", "b5d3f0b7-0b2c-4b0b-9a7e-2b0e1c3b6c11"],
            },
        ],
    }
    # when
    toc = parse_toc(json.dumps(document).encode())
    # then
    assert (toc.format, toc.method, toc.unit) == ("json", "9789001000011", "onderdeel")
    assert [p.key for p in toc.parts] == ["d1", "d1/h1", "d1/h1/p1"]
    volume, chapter, section = toc.parts
    assert (volume.level, volume.sector, volume.stage, volume.row) == ("volume", "po", "groep 5", 2)
    assert (chapter.title, chapter.text, chapter.position) == ("1. Breuken", "Breuken\nen procenten", 3)
    assert chapter.goals == ("PO Kerndoel 26", "b5d3f0b7-0b2c-4b0b-9a7e-2b0e1c3b6c11")
    assert (section.parent, section.sector, toc.sector_of(section.key)) == ("d1/h1", "", "po")


@pytest.mark.parametrize(
    ("prefix", "separator", "newline"),
    [(b"", ";", "\n"), (b"\xef\xbb\xbf", ";", "\r\n"), (b"", ",", "\r\n"), (b"\xef\xbb\xbf", ",", "\n")],
    ids=["semicolon", "semicolon-bom-crlf", "comma-crlf", "comma-bom"],
)
def test_csv_variants_give_the_same_parts(prefix, separator, newline):
    # given: the same table with either separator, with or without BOM, Dutch level names, a quoted multi-line text
    rows = [
        CSV_COLUMNS,
        ("d1", "Deel", "Deel 1", "", "", "1", "po", "groep 5", ""),
        ("d1/h1", "hoofdstuk", "1. Breuken", '"Breuken' + separator + ' procenten\nen kommagetallen"', "d1", "2", "",
         "", "PO Kerndoel 26|PO Kerndoel 27"),
        ("", "", "", "", "", "", "", "", ""),  # an empty spreadsheet row
    ]  # fmt: skip
    text = newline.join(separator.join(row) for row in rows) + newline
    # when
    toc = parse_toc(prefix + text.encode(), filename="inhoud.csv")
    # then
    assert toc.format == "csv"
    assert [(p.row, p.key, p.level, p.position) for p in toc.parts] == [
        (2, "d1", "volume", 1),
        (3, "d1/h1", "chapter", 2),
    ]
    assert toc.parts[1].text == f"Breuken{separator} procenten\nen kommagetallen"
    assert toc.parts[1].goals == ("PO Kerndoel 26", "PO Kerndoel 27")
    assert toc.sector_of("d1/h1") == "po"


def test_csv_with_only_the_required_columns_and_a_trailing_separator():
    toc = parse_toc(b"Sleutel;Niveau;Titel;\nh1;chapter;Hoofdstuk 1;\n")
    assert [(p.key, p.level, p.title, p.text, p.goals, p.position) for p in toc.parts] == [
        ("h1", "chapter", "Hoofdstuk 1", "", (), 1)
    ]


def test_every_row_problem_is_reported_with_its_row_and_a_dutch_reason():
    # given: one problem of each kind
    long_text = "x" * (MAX_TEXT + 1)
    rows = [
        HEADER,
        "d1;deel;Deel 1;;;1;po;;",
        "h1;hoofdstuk;;;d1;1;;;",  # no title
        ";hoofdstuk;Zonder sleutel;;d1;2;;;",  # no key
        "h2;sectie;Verkeerd niveau;;d1;3;;;",  # unknown level
        "h3;hoofdstuk;Weeskind;;d9;4;;;",  # parent not in the file
        "h4;hoofdstuk;Volgorde;;d1;vier;;;",  # position not an integer
        "h5;hoofdstuk;Sector;;d1;5;mbo;;",  # unknown sector
        f"h6;hoofdstuk;Lang;{long_text};d1;6;;;",  # text too long
        "d1;deel;Nog een deel 1;;;2;;;",  # key twice
        "p1;paragraaf;Kring A;;p2;1;;;",  # cycle
        "p2;paragraaf;Kring B;;p1;2;;;",
        "h7;hoofdstuk;Onder paragraaf;;p1;7;;;",  # a chapter under a section
        "h8;hoofdstuk;Zichzelf;;h8;8;;;",  # its own parent
    ]
    # when
    lines = refused("\n".join(rows).encode())
    # then
    assert lines == [
        "Rij 3 (h1): titel is verplicht.",
        "Rij 4: sleutel is verplicht.",
        "Rij 5 (h2): onbekend niveau 'sectie'; kies deel, hoofdstuk of paragraaf.",
        "Rij 6 (h3): bovenliggend onderdeel 'd9' staat niet in het bestand.",
        "Rij 7 (h4): volgorde moet een geheel getal zijn (0 of hoger), niet 'vier'.",
        "Rij 8 (h5): onbekende sector 'mbo'; kies po, vo, so of vso (of laat het veld leeg).",
        "Rij 9 (h6): tekst is te lang: hoogstens 10.000 tekens, hier 10.001. Lever lange teksten per paragraaf aan.",
        "Rij 10 (d1): de sleutel komt al voor in rij 2; elke sleutel één keer.",
        "Rij 11 (p1): de onderdelen hangen in een kring onder elkaar (p1 → p2 → p1).",
        "Rij 13 (h7): een hoofdstuk kan niet onder een paragraaf hangen ('p1'); de volgorde is deel → hoofdstuk → "
        "paragraaf.",
        "Rij 14 (h8): het onderdeel kan niet bij zichzelf horen (bovenliggend is de eigen sleutel).",
    ]


def test_json_problems_name_the_part_and_the_field():
    document = {
        "parts": [
            {"key": "h1", "level": "chapter", "title": "Een", "goals": "PO Kerndoel 26"},
            {"key": "h2", "level": "chapter", "title": "Twee", "position": True},
            {"key": "h3", "level": "chapter", "title": "Drie", "goal": ["x"]},
            "h4",
            {"key": "h5", "level": "chapter", "title": "Vijf\u0000", "text": None},
        ]
    }
    lines = refused(json.dumps(document).encode())
    assert lines == [
        "Onderdeel 3: onbekende velden 'goal'; toegestaan: key, level, title, text, parent, position, sector, "
        "stage, goals.",
        "Onderdeel 4: een onderdeel moet een JSON-object zijn.",
    ]  # the shape of the list first; the fields once every part is an object
    del document["parts"][2:4]
    assert refused(json.dumps(document).encode()) == [
        "Onderdeel 1 (h1): goals moet een lijst van SLO-id's of codes zijn.",
        "Onderdeel 2 (h2): position moet een geheel getal zijn.",
        "Onderdeel 3 (h5): title bevat een stuurteken (zoals NUL); haal het weg.",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Bestand: Het bestand is leeg."),
        (b"sleutel;niveau;titel\n", "Bestand: Het bestand bevat geen onderdelen."),
        (
            "sleutel;niveau;titel\nh1;hoofdstuk;Één\n".encode("cp1252"),
            "Bestand: Het bestand is geen UTF-8 (ongeldige byte op positie 35). Sla het op als 'CSV UTF-8' of als "
            "UTF-8-tekst en lever het opnieuw aan.",
        ),
        (
            b"key;level;title\nh1;chapter;Een\n",
            "Bestand: Kopregel: onbekende kolommen 'key', 'level', 'title'; verplichte kolommen ontbreken: 'sleutel', "
            "'niveau', 'titel'. Gebruik de kolommen sleutel;niveau;titel;tekst;bovenliggend;volgorde;sector;leerjaar;"
            "doelen (sleutel, niveau en titel zijn verplicht).",
        ),
        (b'{"parts": [}', "Bestand: Geen geldige JSON (regel 1, kolom 12): Expecting value."),
        (b"[1, 2]", 'Bestand: Verwacht een JSON-object met "method" en "parts".'),
        (
            b'{"method": "m", "onderdelen": []}',
            "Bestand: Onbekende velden bovenaan: 'onderdelen'. Toegestaan: method, parts.",
        ),
        (b'{"method": "m"}', 'Bestand: "parts" ontbreekt of is geen lijst van onderdelen.'),
    ],
    ids=["empty", "header-only", "cp1252", "english-header", "bad-json", "json-list", "json-unknown", "no-parts"],
)
def test_file_level_problems(data, message):
    assert refused(data) == [message]


def test_a_row_with_more_cells_than_the_header_is_refused():
    lines = refused(b"sleutel;niveau;titel\nh1;hoofdstuk;Breuken; en procenten\n")
    assert lines == [
        "Rij 2: 4 kolommen, de kop heeft er 3. Staat er een ';' in een tekst zonder aanhalingstekens eromheen?"
    ]


def test_format_detection():
    assert detect_format(b"{}", content_type="text/csv") == "csv"
    assert detect_format(b"sleutel", content_type="application/json; charset=utf-8") == "json"
    assert detect_format(b"x", filename="INHOUD.JSON") == "json"
    assert detect_format(b'\xef\xbb\xbf  {"parts": []}') == "json"
    assert detect_format(b"sleutel;niveau;titel") == "csv"


@pytest.mark.parametrize("name", ["inhoudsopgave-voorbeeld.csv", "inhoudsopgave-voorbeeld.json"])
def test_the_shipped_examples_parse(name):
    toc = parse_toc((EXAMPLES / name).read_bytes(), filename=name)
    levels = [p.level for p in toc.parts]
    assert (levels.count("volume"), levels.count("chapter"), levels.count("section")) == (2, 6, 2)
    assert all(p.text for p in toc.parts if p.level != "volume")
    assert any(p.goals for p in toc.parts)
    assert {toc.sector_of(p.key) for p in toc.parts} == {"po"}


def test_the_two_examples_hold_the_same_table():
    from_csv = parse_toc((EXAMPLES / "inhoudsopgave-voorbeeld.csv").read_bytes())
    from_json = parse_toc((EXAMPLES / "inhoudsopgave-voorbeeld.json").read_bytes())
    as_tuple = lambda p: (p.key, p.level, p.title, p.text, p.parent, p.position, p.sector, p.stage, p.goals)  # noqa: E731
    assert [as_tuple(p) for p in from_csv.parts] == [as_tuple(p) for p in from_json.parts]


# --- the parser never fails with anything but its own error ------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
field_values = st.one_of(
    json_values,
    st.sampled_from(["volume", "chapter", "section", "deel", "po", "vso", "h1", "d1", "", " ", "\x00", "\ud800"]),
    st.lists(st.sampled_from(["PO Kerndoel 26", "", "|", "\x7f", 3]), max_size=3),
)
json_parts = st.lists(
    st.dictionaries(
        st.sampled_from(["key", "level", "title", "text", "parent", "position", "sector", "stage", "goals"]),
        field_values,
    ),
    max_size=6,
)
csv_cells = st.sampled_from(
    ["d1", "h1", "p1", "deel", "hoofdstuk", "paragraaf", "po", "1", "-1", "x", "", '"', '""', ";", ",", "\n", "|",
     "PO Kerndoel 26", "\x00", "é", "\ufeff"]
)  # fmt: skip


def _expect_only_toc_errors(data: bytes) -> None:
    try:
        toc = parse_toc(data)
    except TocError as exc:
        lines = exc.lines()
    else:
        lines = []
    if lines:
        assert all(line.strip() for line in lines)
        return
    keys = [p.key for p in toc.parts]
    assert len(keys) == len(set(keys))
    seen: set[str] = set()
    for part in toc.parts:  # parents first
        assert part.parent is None or part.parent in seen
        seen.add(part.key)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_fuzz_bytes(data):
    _expect_only_toc_errors(data)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(json_values, st.fixed_dictionaries({"method": field_values, "parts": json_parts})))
def test_fuzz_json(document):
    _expect_only_toc_errors(json.dumps(document).encode("utf-8", "surrogatepass"))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from([*CSV_COLUMNS, "onbekend", ""]), min_size=1, max_size=10),
    st.lists(st.lists(csv_cells, max_size=10), max_size=6),
    st.sampled_from([";", ","]),
)
def test_fuzz_csv(header, rows, separator):
    text = "\n".join(separator.join(row) for row in [header, *rows])
    _expect_only_toc_errors(text.encode("utf-8"))
