"""vCard names unescaped per RFC 6350, in every shape real NL-LOM records deliver."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijzer.ingest.formats.nl_lom.vcard import (
    escape_text,
    properties,
    split_structured,
    unescape_text,
    vcard_name,
)

TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\r"), max_size=60)
NAME = TEXT.map(lambda s: " ".join(s.split())).filter(bool)


@given(TEXT)
def test_unescape_inverts_escape(value):
    assert unescape_text(escape_text(value)) == value


@given(st.lists(TEXT, min_size=1, max_size=5))
def test_structured_components_survive_escaping(components):
    assert split_structured(";".join(escape_text(c) for c in components)) == components


@given(NAME)
def test_fn_round_trips_in_a_crlf_vcard(name):
    vcard = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{escape_text(name)}\r\nEND:VCARD\r\n"
    assert vcard_name(vcard) == name


@given(NAME, NAME)
def test_org_first_component_round_trips(organisation, unit):
    vcard = f"BEGIN:VCARD\nVERSION:3.0\nORG:{escape_text(organisation)};{escape_text(unit)}\nEND:VCARD"
    assert vcard_name(vcard) == organisation


def test_escaped_semicolons_in_an_organisation_name_are_unescaped():
    vcard = (
        "BEGIN:VCARD\nVERSION:3.0\n"
        "FN:AERES Hogeschool\\; HAS Hogeschool\\; Hogeschool Van Hall Larenstein\n"
        "ORG:AERES Hogeschool\\; HAS Hogeschool\\; Hogeschool Van Hall Larenstein\nEND:VCARD"
    )
    assert vcard_name(vcard) == "AERES Hogeschool; HAS Hogeschool; Hogeschool Van Hall Larenstein"
    assert vcard_name(vcard.replace("FN:", "X-FN:")) == (
        "AERES Hogeschool; HAS Hogeschool; Hogeschool Van Hall Larenstein"
    )


@pytest.mark.parametrize(
    ("vcard", "name"),
    [
        ("BEGIN:VCARD\nFN:Berg\\, Jan van den\nEND:VCARD", "Berg, Jan van den"),
        ("BEGIN:VCARD\nFN:C:\\\\lesmateriaal\nEND:VCARD", "C:\\lesmateriaal"),
        ("BEGIN:VCARD\nFN:Eerste regel\\nTweede regel\nEND:VCARD", "Eerste regel Tweede regel"),
        ("BEGIN:VCARD\nN:Berg;Jan;van den;;\nEND:VCARD", "Jan van den Berg"),
        ("BEGIN:VCARD\nN:Jansen\\, Sr.;Piet;;dr.;\nEND:VCARD", "dr. Piet Jansen, Sr."),
        ("BEGIN:VCARD\nORG:Stichting Kennisnet;Edurep\nEND:VCARD", "Stichting Kennisnet"),
        ("BEGIN:VCARD\nitem1.FN;CHARSET=UTF-8:Wikiwijs\nEND:VCARD", "Wikiwijs"),
        ("BEGIN:VCARD\nFN:\nORG:Schooltv\nEND:VCARD", "Schooltv"),
        ("BEGIN:VCARD\nVERSION:3.0\nEND:VCARD", ""),
        ("", ""),
    ],
)
def test_names(vcard, name):
    assert vcard_name(vcard) == name


def test_rfc_folded_line_is_joined():
    vcard = "BEGIN:VCARD\r\nFN:Hogeschool van Arnhem en \r\n Nijmegen\r\nEND:VCARD\r\n"
    assert vcard_name(vcard) == "Hogeschool van Arnhem en Nijmegen"


def test_pretty_printed_vcard_with_indented_lines():
    """As in Edurep's SRU responses: every line indented by the XML pretty-printer."""
    vcard = """BEGIN:VCARD
                                    VERSION:3.0
                                    FN:Wikipedia
                                    END:VCARD
                                """
    assert properties(vcard) == {"BEGIN": ["VCARD"], "VERSION": ["3.0"], "FN": ["Wikipedia"], "END": ["VCARD"]}
    assert vcard_name(vcard) == "Wikipedia"


def test_vcard_on_one_line():
    vcard = "BEGIN:VCARD FN:Jan de Vries ORG:Hogeschool Utrecht EMAIL;TYPE=INTERNET:jan@example.org END:VCARD"
    assert properties(vcard)["ORG"] == ["Hogeschool Utrecht"]
    assert vcard_name(vcard) == "Jan de Vries"


def test_unknown_escape_keeps_its_backslash():
    assert unescape_text("a\\tb") == "a\\tb"
    assert unescape_text("eind\\") == "eind\\"
