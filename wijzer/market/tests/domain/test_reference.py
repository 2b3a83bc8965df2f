"""The reference-series CSV (shipped data and admin imports) and the rebase / yearly-change helpers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijzer.market.domain.reference import (
    MAX_PROBLEMS,
    ParseResult,
    ReferenceRow,
    SeriesDefinition,
    format_reference_csv,
    parse_reference_csv,
    parse_series_definitions,
    rebase,
    values_of,
    yearly_change,
)

DATA = Path(__file__).resolve().parents[4] / "data" / "market"
CSV_FILE = DATA / "reference-series.csv"
SERIES_FILE = DATA / "series.json"
KNOWN = ("budget-vo-per-pupil", "cpi", "pupils-po", "pupils-vo")
KNOWN_LIST = "budget-vo-per-pupil, cpi, pupils-po, pupils-vo"


def _definitions() -> dict[str, SeriesDefinition]:
    return {definition.code: definition for definition in parse_series_definitions(SERIES_FILE.read_text("utf-8"))}


def _shipped() -> ParseResult:
    return parse_reference_csv(CSV_FILE.read_bytes(), _definitions())


def _errors(text: str | bytes) -> tuple[str, ...]:
    result = parse_reference_csv(text, _definitions())
    assert result.rows == ()  # never part of the rows beside problems
    assert not result.ok
    return result.errors


# --- the shipped data ------------------------------------------------------------------------------------------------


def test_the_shipped_series_json_describes_the_four_series() -> None:
    definitions = _definitions()
    assert sorted(definitions) == list(KNOWN)
    cpi = definitions["cpi"]
    assert cpi.base_year == 2015
    assert cpi.whole_numbers is False
    assert "83131NED" in cpi.source
    assert cpi.licence.startswith("CC BY 4.0")
    assert definitions["pupils-vo"].whole_numbers is True
    assert definitions["pupils-po"].whole_numbers is True
    assert all(definition.retrieved for definition in definitions.values())


def test_the_shipped_csv_parses_without_problems() -> None:
    result = _shipped()
    assert result.ok, result.errors
    assert len(result.rows) == 35
    assert {row.series for row in result.rows} == set(KNOWN)


# The CPI values read in a CBS publication or a copy of a CBS dataset (data/market/SOURCE.md names each).
OFFICIAL_CPI = {
    1996: "68.94",
    2000: "75.06",
    2010: "91.59",
    2011: "93.73",
    2014: "99.40",
    2015: "100.00",
    2016: "100.32",
    2017: "101.70",
    2018: "103.44",
    2019: "106.16",
    2022: "121.43",
}
# Computed by putting CBS 86141NED (2025 = 100) back on 2015 = 100 (SOURCE.md); may be 0.01 off.
COMPUTED_CPI = {2020: "107.51", 2021: "110.39", 2023: "126.09", 2024: "130.31", 2025: "134.49"}


def test_the_shipped_cpi_holds_the_documented_values_with_their_status() -> None:
    rows = {row.year: row for row in _shipped().rows if row.series == "cpi"}
    assert sorted(rows) == list(range(1996, 2026))
    for year, value in OFFICIAL_CPI.items():
        assert rows[year].value == Decimal(value), year
        assert rows[year].status == "official", year
    for year, value in COMPUTED_CPI.items():
        assert rows[year].value == Decimal(value), year
        assert rows[year].status == "computed", year
        assert rows[year].note.startswith("berekend"), year
    assert {year for year, row in rows.items() if row.status == "computed"} == set(COMPUTED_CPI)
    assert rows[2022].note == "CBS StatLine 83136NED, reeks 2015=100, jaarcijfer"


def test_the_shipped_cpi_gives_back_the_official_cbs_yearly_rates() -> None:
    """The yearly change of the index, rounded to 0.1 %, is CBS's published 'jaarmutatie CPI' for every year."""
    cpi = values_of(_shipped().rows, "cpi")
    rates = {year: change * 100 for year, change in yearly_change(cpi).items()}
    published = {  # CBS 83131NED (1997-2019) and 86141NED (2020-2025), Jaarmutatie CPI, %
        1997: "2.1", 1998: "2.0", 1999: "2.1", 2000: "2.4", 2001: "4.1", 2002: "3.3", 2003: "2.1", 2004: "1.3",
        2005: "1.7", 2006: "1.1", 2007: "1.6", 2008: "2.5", 2009: "1.2", 2010: "1.3", 2011: "2.3", 2012: "2.5",
        2013: "2.5", 2014: "1.0", 2015: "0.6", 2016: "0.3", 2017: "1.4", 2018: "1.7", 2019: "2.6", 2020: "1.3",
        2021: "2.7", 2022: "10.0", 2023: "3.8", 2024: "3.3", 2025: "3.2",
    }  # fmt: skip
    assert {year: rate.quantize(Decimal("0.1")) for year, rate in rates.items()} == {
        year: Decimal(rate) for year, rate in published.items()
    }


def test_the_shipped_cpi_rebased_to_2025_is_cbs_86141ned_within_a_hundredth() -> None:
    cpi = values_of(_shipped().rows, "cpi")
    on_2025 = rebase(cpi, 2025, places=2)
    cbs_2025 = {2015: "74.36", 2019: "78.94", 2020: "79.94", 2021: "82.08", 2022: "90.29", 2023: "93.76", 2024: "96.90"}
    for year, value in cbs_2025.items():
        assert abs(on_2025[year] - Decimal(value)) <= Decimal("0.01"), year
    assert on_2025[2025] == Decimal("100.00")


def test_the_shipped_budget_and_pupil_counts() -> None:
    rows = {(row.series, row.year): row for row in _shipped().rows}
    budget = rows[("budget-vo-per-pupil", 2023)]
    assert (budget.value, budget.status) == (Decimal(340), "estimated")
    assert "prijspeil 2023" in budget.note
    assert [key for key in rows if key[0] == "budget-vo-per-pupil"] == [("budget-vo-per-pupil", 2023)]
    assert rows[("pupils-po", 2018)].value == 1_508_854
    assert rows[("pupils-po", 2022)].value == 1_474_521
    assert rows[("pupils-vo", 2022)].value == 974_983
    assert rows[("pupils-vo", 2024)].value == 930_000
    assert rows[("pupils-vo", 2024)].status == "estimated"
    assert "2022/23" in rows[("pupils-vo", 2022)].note


def test_an_export_of_the_shipped_rows_reads_back_the_same() -> None:
    rows = _shipped().rows
    again = parse_reference_csv(format_reference_csv(rows), _definitions())
    assert again.ok
    assert [(r.series, r.year, r.value, r.status, r.note) for r in again.rows] == [
        (r.series, r.year, r.value, r.status, r.note) for r in rows
    ]


# --- the formats an admin may hand in ------------------------------------------------------------------------------


def test_a_bom_semicolons_and_decimal_commas_are_read() -> None:
    data = "\ufeffseries;year;value;status;note\r\ncpi;2026;138,02;computed;berekend, zie bron\r\n".encode()
    result = parse_reference_csv(data, KNOWN)
    assert result.ok, result.errors
    assert result.rows == (
        ReferenceRow(
            line=2, series="cpi", year=2026, value=Decimal("138.02"), status="computed", note="berekend, zie bron"
        ),
    )


def test_text_input_with_a_bom_and_a_quoted_decimal_comma_is_read() -> None:
    result = parse_reference_csv('\ufeffseries,year,value,status\ncpi,2026,"138,02",official\n', KNOWN)
    assert result.rows[0].value == Decimal("138.02")
    assert result.rows[0].note == ""


def test_dutch_column_names_status_words_and_spreadsheet_leftovers_are_read() -> None:
    data = (
        "Reeks;Jaar;Waarde;Status;Toelichting;\n\nCPI ; 2026 ; 138,02 ; Berekend ; x;\n"
        "pupils-vo;2025;931000;schatting;;\n\n"
    )
    result = parse_reference_csv(data, _definitions())
    assert result.ok, result.errors
    assert [(r.line, r.series, r.year, r.value, r.status, r.note) for r in result.rows] == [
        (3, "cpi", 2026, Decimal("138.02"), "computed", "x"),
        (4, "pupils-vo", 2025, Decimal(931000), "estimated", ""),
    ]


def test_a_tab_separated_file_is_read() -> None:
    result = parse_reference_csv("series\tyear\tvalue\tstatus\ncpi\t2026\t138.02\tofficieel\n", KNOWN)
    assert (result.rows[0].value, result.rows[0].status) == (Decimal("138.02"), "official")


def test_a_note_may_span_lines_and_the_line_numbers_stay_right() -> None:
    data = 'series,year,value,status,note\ncpi,2026,1,official,"twee\nregels"\ncpi,2027,x,official,\n'
    assert _errors(data) == ("Regel 4: waarde 'x' is geen getal. Vul een positief getal in.",)


# --- every problem, in Dutch, with its line --------------------------------------------------------------------------


HEADER = "series,year,value,status,note\n"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "cpii,2024,1,official,",
            f"Regel 2: onbekende reeks 'cpii'. Bekende reeksen: {KNOWN_LIST}.",
        ),
        (",2024,1,official,", f"Regel 2: de reeks ontbreekt. Bekende reeksen: {KNOWN_LIST}."),
        (
            "cpi,twintig,1,official,",
            "Regel 2: jaar 'twintig' is geen heel getal. Vul een jaartal in, bijvoorbeeld 2025.",
        ),
        (
            "cpi,2024.5,1,official,",
            "Regel 2: jaar '2024.5' is geen heel getal. Vul een jaartal in, bijvoorbeeld 2025.",
        ),
        (
            "pupils-vo,2022/23,1,official,",
            "Regel 2: jaar '2022/23' is geen heel getal. Schrijf een schooljaar als zijn beginjaar "
            "(2022 voor 2022/23).",
        ),
        ("cpi,,1,official,", "Regel 2: het jaar ontbreekt. Vul een jaartal in, bijvoorbeeld 2025."),
        ("cpi,1899,1,official,", "Regel 2: jaar 1899 ligt buiten 1900–2100. Controleer het jaartal."),
        ("cpi,2101,1,official,", "Regel 2: jaar 2101 ligt buiten 1900–2100. Controleer het jaartal."),
        ("cpi,2024,,official,", "Regel 2: de waarde ontbreekt. Vul een positief getal in, bijvoorbeeld 130.31."),
        ("cpi,2024,-3,official,", "Regel 2: waarde '-3' is negatief. Vul een positief getal in."),
        (
            "cpi,2024,0,official,",
            "Regel 2: waarde '0' is geen positief getal. Vul een getal groter dan 0 in.",
        ),
        ("cpi,2024,0.00,official,", "Regel 2: waarde '0.00' is geen positief getal. Vul een getal groter dan 0 in."),
        ("cpi,2024,abc,official,", "Regel 2: waarde 'abc' is geen getal. Vul een positief getal in."),
        ("cpi,2024,€ 340,official,", "Regel 2: waarde '€ 340' is geen getal. Vul een positief getal in."),
        (
            "cpi,2024,1.474.521,official,",
            "Regel 2: waarde '1.474.521' heeft meer dan één punt of komma; gebruik er één als decimaalteken en geen "
            "scheidingsteken voor duizendtallen (1474521, 130.31 of 130,31). Vul een positief getal in.",
        ),
        (
            "cpi,2024,1.23456,official,",
            "Regel 2: waarde '1.23456' heeft 5 decimalen; hoogstens 4. Rond haar af.",
        ),
        (
            "cpi,2024,1000000000000,official,",
            "Regel 2: waarde '1000000000000' is te groot (hoogstens 999999999999,9999).",
        ),
        (
            "pupils-vo,2022,974.983,official,",
            "Regel 2: de reeks 'pupils-vo' telt in hele getallen; '974.983' is geen heel getal. Laat scheidingstekens "
            "voor duizendtallen weg (schrijf 974983, niet 974.983).",
        ),
        (
            "cpi,2024,1,voorlopig,",
            "Regel 2: onbekende status 'voorlopig'. Kies official, computed of estimated (of officieel, berekend, "
            "schatting).",
        ),
        (
            "cpi,2024,1,,",
            "Regel 2: de status ontbreekt. Kies official, computed of estimated (of officieel, berekend, schatting).",
        ),
        (
            "cpi,2024,130,31,official,oud",
            "Regel 2: 6 velden, de kopregel heeft er 5. Staat er een komma in een getal of tekst zonder "
            "aanhalingstekens? Gebruik een punt als decimaalteken of zet de tekst tussen aanhalingstekens.",
        ),
        (
            "cpi,2024,1,official," + "x" * 501,
            "Regel 2: de toelichting is 501 tekens lang; hoogstens 500. Kort haar in.",
        ),
    ],
)
def test_each_problem_names_the_line_and_what_to_fix(line: str, message: str) -> None:
    assert _errors(HEADER + line + "\n") == (message,)


def test_a_semicolon_file_with_an_extra_field_says_so() -> None:
    assert _errors("series;year;value;status\ncpi;2024;1;official;extra\n") == (
        "Regel 2: 5 velden, de kopregel heeft er 4. Staat er een ';' in een tekst zonder aanhalingstekens eromheen?",
    )


def test_a_duplicate_series_and_year_names_both_lines() -> None:
    data = HEADER + "cpi,2024,130.31,official,\ncpi,2023,126.09,official,\nCPI,2024,130.30,computed,\n"
    assert _errors(data) == ("Regel 4: reeks 'cpi', jaar 2024 staat al op regel 2. Laat een van beide regels weg.",)


def test_problems_come_in_line_order_with_the_duplicate_in_its_place() -> None:
    data = HEADER + "cpi,2024,130.31,official,\ncpi,2024,130.31,official,\ncpi,2025,x,official,\n"
    assert _errors(data) == (
        "Regel 3: reeks 'cpi', jaar 2024 staat al op regel 2. Laat een van beide regels weg.",
        "Regel 4: waarde 'x' is geen getal. Vul een positief getal in.",
    )


def test_a_decimal_comma_in_a_count_suggests_the_digits_alone() -> None:
    assert _errors("reeks;jaar;waarde;status\npupils-po;2022;1474,521;officieel\n") == (
        "Regel 2: de reeks 'pupils-po' telt in hele getallen; '1474,521' is geen heel getal. Laat scheidingstekens "
        "voor duizendtallen weg (schrijf 1474521, niet 1474,521).",
    )


def test_the_same_year_in_two_series_is_no_duplicate() -> None:
    result = parse_reference_csv(HEADER + "cpi,2024,130.31,official,\npupils-vo,2024,930000,estimated,\n", KNOWN)
    assert result.ok


def test_every_problem_is_reported_and_no_row_comes_back() -> None:
    data = HEADER + "cpi,2024,130.31,official,\ncpi,20x4,1,official,\ncpi,2025,-1,official,\nfoo,2025,1,nee,\n"
    assert _errors(data) == (
        "Regel 3: jaar '20x4' is geen heel getal. Vul een jaartal in, bijvoorbeeld 2025.",
        "Regel 4: waarde '-1' is negatief. Vul een positief getal in.",
        f"Regel 5: onbekende reeks 'foo'. Bekende reeksen: {KNOWN_LIST}.",
        "Regel 5: onbekende status 'nee'. Kies official, computed of estimated (of officieel, berekend, schatting).",
    )


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf", ""])
def test_an_empty_file_says_what_to_hand_in(data: bytes | str) -> None:
    assert _errors(data) == (
        "Het bestand is leeg. Zet op de eerste regel de kolomnamen series,year,value,status,note en daaronder één "
        "regel per waarde.",
    )


def test_a_header_without_rows_asks_for_rows() -> None:
    assert _errors(HEADER + "\n,,,,\n") == (
        "Het bestand heeft alleen een kopregel. Zet er één regel per waarde onder, bijvoorbeeld "
        "cpi,2025,134.49,computed,.",
    )


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("series,year,status,note", "de kolom 'value' ontbreekt"),
        ("series,value", "de kolommen 'year', 'status' ontbreekt"),
        ("series,year,value,status,bron", "onbekende kolommen 'bron'"),
        ("series,year,value,status,jaar", "dubbele kolommen 'year'"),
    ],
)
def test_a_wrong_header_names_the_columns(header: str, problem: str) -> None:
    assert _errors(f"{header}\ncpi,2024,1,official\n") == (
        f"Regel 1 (kopregel): {problem}. Gebruik de kolommen series,year,value,status,note (note mag ontbreken; "
        "Nederlandse namen reeks, jaar, waarde, status en toelichting mogen ook).",
    )


def test_a_file_that_is_not_utf8_says_how_to_save_it() -> None:
    assert _errors("series;year;value;status;note\ncpi;2024;1;official;één\n".encode("cp1252")) == (
        "Het bestand is geen UTF-8 (ongeldige byte op positie 51). Sla het op als 'CSV UTF-8 (door komma's "
        "gescheiden)' en lever het opnieuw aan.",
    )


def test_binary_data_and_broken_quotes_are_refused() -> None:
    assert _errors(b"series\x00year") == ("Het bestand bevat binaire gegevens; lever een tekstbestand (CSV) aan.",)
    errors = _errors(HEADER + 'cpi,2024,1,official,"open\n')
    assert len(errors) == 1
    assert errors[0].startswith("Regel 2: het CSV-bestand is hier niet te lezen (")
    assert errors[0].endswith("Controleer de aanhalingstekens.")


def test_a_very_long_report_is_cut_and_counted() -> None:
    data = HEADER + "".join(f"cpi,{1900 + n % 150},x,official,\n" for n in range(MAX_PROBLEMS + 5))
    errors = _errors(data)
    assert len(errors) == MAX_PROBLEMS + 1
    assert errors[-1] == "… en nog 5 andere problemen."


def test_codes_only_accept_fractions_everywhere() -> None:
    """Without definitions the parser cannot know which series count whole things."""
    result = parse_reference_csv(HEADER + "pupils-vo,2022,974.983,official,\n", KNOWN)
    assert result.rows[0].value == Decimal("974.983")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300))
def test_the_parser_raises_nothing_whatever_the_input(data: bytes | str) -> None:
    result = parse_reference_csv(data, _definitions())
    assert bool(result.rows) != bool(result.errors)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(KNOWN),
            st.integers(1900, 2100),
            st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(10**9), places=4),
            st.sampled_from(("official", "computed", "estimated")),
            st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
        ),
        min_size=1,
        max_size=20,
        unique_by=lambda row: (row[0], row[1]),
    )
)
def test_what_the_export_writes_reads_back(rows: list[tuple[str, int, Decimal, str, str]]) -> None:
    written = [ReferenceRow(n, s, y, v, st_, note.strip()) for n, (s, y, v, st_, note) in enumerate(rows, start=2)]
    result = parse_reference_csv(format_reference_csv(written), KNOWN)
    assert result.ok, result.errors
    assert [(r.series, r.year, r.value, r.status, r.note) for r in result.rows] == [
        (r.series, r.year, r.value, r.status, r.note) for r in written
    ]


# --- series.json ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[", "series.json is geen geldige JSON"),
        ('{"series": []}', 'niet-lege lijst "series"'),
        ('{"series": [1]}', "reeks 1: verwacht een object"),
        ('{"series": [{"code": "x"}]}', "reeks 1: velden ontbreken: name, unit"),
    ],
)
def test_a_broken_series_json_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_series_definitions(text)


def test_a_series_json_with_a_doubled_code_is_refused() -> None:
    item = (
        '{"code": "cpi", "name": "", "unit": "", "base_year": 2015, "whole_numbers": false, "source": "", '
        '"source_url": "", "licence": ""}'
    )
    with pytest.raises(ValueError, match="de code 'cpi' staat er meer dan eens in"):
        parse_series_definitions(f'{{"series": [{item}, {item}]}}')


# --- rebase and yearly change, by hand -------------------------------------------------------------------------------


def test_rebase_by_hand() -> None:
    series = {2015: Decimal("100.00"), 2022: Decimal("121.43"), 2023: Decimal("126.09")}
    # 100 * 100 / 121.43 = 82.3519... ; 126.09 * 100 / 121.43 = 103.8376...
    assert rebase(series, 2022, places=2) == {2015: Decimal("82.35"), 2022: Decimal("100.00"), 2023: Decimal("103.84")}
    exact = rebase({2020: Decimal(80), 2021: Decimal(100), 2022: Decimal(110)}, 2021)
    assert exact == {2020: Decimal(80), 2021: Decimal(100), 2022: Decimal(110)}
    halved = rebase({2020: Decimal(50), 2021: Decimal(200)}, 2020)
    assert halved == {2020: Decimal(100), 2021: Decimal(400)}
    assert list(rebase({2024: Decimal(2), 2019: Decimal(1)}, 2024)) == [2019, 2024]


def test_rebase_needs_the_base_year_with_a_positive_value() -> None:
    with pytest.raises(ValueError, match=r"Het basisjaar 2023 ontbreekt in de reeks\."):
        rebase({2022: Decimal(1)}, 2023)
    with pytest.raises(ValueError, match="niet positief"):
        rebase({2022: Decimal(0)}, 2022)


def test_yearly_change_by_hand() -> None:
    series = {2022: Decimal("121.43"), 2023: Decimal("126.09"), 2024: Decimal("130.31"), 2026: Decimal(140)}
    # 126.09 / 121.43 - 1 = 0.038376...; 130.31 / 126.09 - 1 = 0.033468...; 2025 is missing, so 2026 has none
    assert yearly_change(series, places=4) == {2023: Decimal("0.0384"), 2024: Decimal("0.0335")}
    assert yearly_change({2020: Decimal(100), 2021: Decimal(110), 2022: Decimal(99)}) == {
        2021: Decimal("0.1"),
        2022: Decimal("-0.1"),
    }
    assert yearly_change({2024: Decimal(1)}) == {}


def test_yearly_change_refuses_a_non_positive_previous_year() -> None:
    with pytest.raises(ValueError, match="De waarde in 2020 is niet positief"):
        yearly_change({2020: Decimal(0), 2021: Decimal(1)})
