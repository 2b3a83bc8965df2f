"""Facets a person can read (W5.3) on the real demo catalogue: no ids as labels, one value per label, school
order for Leerjaar, and counts that count every product once."""

from __future__ import annotations

import re

import pytest

from wijzer.catalog.models import Product
from wijzer.catalog.search.engine import search
from wijzer.ingest.demo import load_demo_catalogue

pytestmark = pytest.mark.usefixtures("slo")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
OBK_ENGELS, SLO_ENGELS = "18f53978-1118-4051-a778-b8d7f60ca982", "cfaf3202-4c14-4f7e-b783-91ad1dc93779"
OBK_REKENEN, SLO_WISKUNDE = "7afbb7a6-c29b-425c-9c59-6f79c845f5f0", "12209d8b-24d3-440a-8e2e-e85bfebc1e13"


@pytest.fixture
def demo():
    return load_demo_catalogue()


def labels(result, facet):
    return {v.label: v.count for v in result.facets[facet]}


@pytest.mark.parametrize(
    ("_case", "filters"),
    [("everything", {}), ("vo", {"sector": ["vo"]}), ("po maths", {"sector": ["po"], "vak": [SLO_WISKUNDE]})],
)
def test_no_facet_label_is_an_id_or_appears_twice(demo, _case, filters):
    result = search("", filters)
    for facet, values in result.facets.items():
        shown = [v.label for v in values]
        assert [label for label in shown if UUID.search(label)] == [], facet
        assert len(shown) == len(set(shown)), facet


def test_subjects_are_one_value_each_and_count_every_product_once(demo):
    result = search("")
    assert labels(result, "vak") == {
        "Rekenen en wiskunde": 73, "Nederlands": 69, "Engels": 37, "Wereldoriëntatie": 23, "Biologie": 22,
        "Natuurkunde": 22, "Aardrijkskunde": 21, "Geschiedenis": 17, "Economie": 14, "Lezen": 9,
    }  # fmt: skip
    # the merged count is the number of products carrying either id (40 VO with both, 33 PO with the OBK id only)
    either = [p for p in Product.objects.values_list("subject_ids", flat=True) if {OBK_REKENEN, SLO_WISKUNDE} & set(p)]
    assert len(either) == 73
    assert search("", {"vak": [SLO_WISKUNDE]}).count == 73


def test_an_old_link_with_the_other_id_selects_the_merged_value(demo):
    by_obk = search("", {"vak": [OBK_ENGELS]})
    by_slo = search("", {"vak": [SLO_ENGELS]})
    assert by_obk.count == by_slo.count == 37
    assert by_obk.items == by_slo.items
    assert [(v.label, v.selected) for v in by_obk.facets["vak"] if v.selected] == [("Engels", True)]


def test_leerjaar_is_in_school_order_with_one_spelling(demo):
    result = search("")
    assert [v.label for v in result.facets["leerjaar"]] == [
        "groep 3", "groep 4", "groep 5", "groep 6", "groep 7", "groep 8",
        "vmbo bb 1", "vmbo bb 2", "vmbo kb 1", "vmbo kb 2", "vmbo gl 1", "vmbo gl 2", "vmbo tl 1", "vmbo tl 2",
        "havo 1", "havo 2", "havo 3", "havo 4", "havo 5", "vwo 1", "vwo 2", "vwo 3", "vwo 4", "vwo 5",
    ]  # fmt: skip
    assert labels(result, "niveau") == {"havo": 105, "vwo": 86, "vmbo": 68}
    assert labels(result, "leerjaar")["vwo 2"] == 31


def test_the_search_page_collapses_long_groups_and_offers_a_skip_link(demo, client):
    html = client.get("/catalogus/").content.decode()
    assert '<a class="skip-results" href="#resultaten">Naar de resultaten</a>' in html
    assert 'id="resultaten" class="results" aria-live="polite" aria-label="Zoekresultaten" tabindex="-1"' in html
    assert 'Filters <span id="filter-aantal">(0' in html
    assert "<summary>Nog 18 tonen" in html  # Leerjaar: 24 values, 6 shown
    chosen = client.get("/catalogus/", {"leerjaar": "f2513775-3d54-423b-803b-15e06a8c89a8"}).content.decode()
    assert '<details class="facet__more" open>' in chosen  # vwo 5 is in the collapsed part: shown open
    assert 'Filters <span id="filter-aantal">(1' in chosen
