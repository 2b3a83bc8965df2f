"""Licence normalisation and registry auto-detection."""

from __future__ import annotations

import pytest

from wijzer.ingest.formats.licence import normalise_licence
from wijzer.ingest.formats.registry import Registry, UnknownFormatError, build_default_registry, default_registry
from wijzer.ingest.formats.tests.helpers import fixture_bytes


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("cc-by-sa-40", "cc-by-sa-4.0"),
        ("cc-by-30", "cc-by-3.0"),
        ("cc-by-nc-nd-30", "cc-by-nc-nd-3.0"),
        ("CC-BY-SA-4.0", "cc-by-sa-4.0"),
        ("https://creativecommons.org/licenses/by-nc-sa/4.0/deed.nl", "cc-by-nc-sa-4.0"),
        ("http://creativecommons.org/publicdomain/zero/1.0/", "cc0-1.0"),
        ("Creative Commons Attribution-ShareAlike License", "cc-by-sa"),
        ("Creative Commons Naamsvermelding-GelijkDelen 4.0", "cc-by-sa-4.0"),
        ("yes", "copyright"),
        ("no", "no-restrictions"),
        ("other", "other"),
        ("", None),
        ("© Uitgeverij", None),
    ],
)
def test_normalise_licence(value, code):
    assert normalise_licence(value) == code


@pytest.mark.parametrize(
    ("fmt", "name", "identifier"),
    [
        ("eck_catalog", "thiememeulenhoff__sru-2.5.2.xml", "eck_catalog"),
        ("eck_catalog", "handmade__bare-entry-2.2-old-prices.xml", "eck_catalog"),
        ("nl_lom", "kennisnet__nllom-complete.xml", "nl_lom"),
        ("nl_lom", "handmade__ieee-lom.xml", "nl_lom"),
        ("nl_lom", "handmade__oai-listrecords-obk.xml", "nl_lom"),
        ("eduv_json", "spec200__products.json", "eduv_json"),
        ("csv", "uitgeverijklein__semicolon-bom.csv", "csv"),
        ("csv", "handmade__comma.csv", "csv"),
    ],
)
def test_detect(fmt, name, identifier):
    adapter = default_registry.detect(fixture_bytes(fmt, name)[:8192])
    assert adapter is not None
    assert adapter.identifier == identifier


def test_detect_unknown_and_get():
    assert default_registry.detect(b"%PDF-1.7") is None
    assert default_registry.identifiers() == ("eck_catalog", "nl_lom", "eduv_json", "csv")
    with pytest.raises(UnknownFormatError):
        default_registry.get("onix")


def test_register_twice_is_refused():
    registry = Registry()
    adapter = build_default_registry().get("csv")
    registry.register(adapter)
    with pytest.raises(ValueError, match="already registered"):
        registry.register(adapter)
