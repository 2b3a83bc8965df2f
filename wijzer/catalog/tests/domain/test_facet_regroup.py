"""Readable facet values (W5.3): one spelling and school order for school years, one value per subject label."""

from __future__ import annotations

import pytest

from wijzer.catalog.domain.search.facets import Placement, regroup, school_order, school_year


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("vwo, 2", "vwo 2"),
        ("VWO 2", "vwo 2"),
        ("groep 5", "groep 5"),
        ("vmbo kb, 1", "vmbo kb 1"),
        ("VMBO gemengde leerweg, 1", "vmbo gl 1"),
        ("VMBO basisberoepsgerichte leerweg, 2", "vmbo bb 2"),
        ("havo", None),
        ("groep 1-2", None),
        ("volwasseneneducatie niveau 1", None),
    ],
)
def test_school_year_has_one_spelling(label, expected):
    assert school_year(label) == expected


def test_school_order_is_groups_then_years_per_track():
    labels = ["vwo, 2", "havo 1", "groep 8", "vmbo tl, 1", "groep 3", "vmbo bb, 2", "vwo, 1", "B1", "havo 5"]
    assert sorted(labels, key=school_order) == [
        "groep 3", "groep 8", "vmbo bb, 2", "vmbo tl, 1", "havo 1", "havo 5", "vwo, 1", "vwo, 2", "B1",
    ]  # fmt: skip


def test_regroup_merges_equal_labels_and_prefers_the_slo_id():
    # given: an OBK and an SLO id for Engels, the OBK maths id beside SLO Wiskunde, an OBK school year as niveau
    labels = {
        ("vak", "obk-engels"): "Engels",
        ("vak", "slo-engels"): "Engels",
        ("vak", "obk-rekenen"): "Rekenen/wiskunde",
        ("vak", "slo-wiskunde"): "Wiskunde",
        ("vak", "obk-lezen"): "Lezen",
        ("niveau", "obk-gl1"): "VMBO gemengde leerweg, 1",
        ("niveau", "slo-havo"): "havo",
        ("leerjaar", "slo-vwo2"): "vwo, 2",
    }
    # when
    placed = regroup(labels, preferred={"slo-engels", "slo-wiskunde", "slo-havo", "slo-vwo2"})
    # then
    assert placed == {
        ("vak", "obk-engels"): Placement("vak", "slo-engels", "Engels"),
        ("vak", "slo-engels"): Placement("vak", "slo-engels", "Engels"),
        ("vak", "obk-rekenen"): Placement("vak", "slo-wiskunde", "Rekenen en wiskunde"),
        ("vak", "slo-wiskunde"): Placement("vak", "slo-wiskunde", "Rekenen en wiskunde"),
        ("vak", "obk-lezen"): Placement("vak", "obk-lezen", "Lezen"),
        ("niveau", "obk-gl1"): Placement("leerjaar", "obk-gl1", "vmbo gl 1"),
        ("niveau", "slo-havo"): Placement("niveau", "slo-havo", "havo"),
        ("leerjaar", "slo-vwo2"): Placement("leerjaar", "slo-vwo2", "vwo 2"),
    }
