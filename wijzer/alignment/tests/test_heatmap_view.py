"""The method page's heat map and its table (W5.3 §7): the new kerndoelen grouped by their exact goal set, in the
curriculum's order, each group under the set's name and count, and the table beside the picture with the same
groups, goals and counts."""

from __future__ import annotations

import re

from django.test import Client

import pytest

from wijzer.alignment import actions, engine
from wijzer.alignment.constants import PartLevel
from wijzer.alignment.models import Alignment
from wijzer.catalog.models import Method, Product
from wijzer.curriculum.models import Goal

pytestmark = pytest.mark.usefixtures("slo")

OBK_REKENEN_WISKUNDE = "7afbb7a6-c29b-425c-9c59-6f79c845f5f0"  # OBK "Rekenen/wiskunde"
MENS_EN_NATUUR_PO = [
    "Doelzin 29A - Vraagstukken",
    "Doelzin 29B - Denkwijzen",
    "Doelzin 29C - Werkwijzen",
    "Doelzin 29D - Aard van natuurwetenschappen en technologie",
    "Doelzin 30A - Technische systemen",
    "Doelzin 30B - Stoffen en hun eigenschappen",
    "Doelzin 30C - Licht, geluid, energie en krachten",
    "Doelzin 31A - Organismen",
    "Doelzin 31B - Gezond leven",
    "Doelzin 32A - Aarde",
    "Doelzin 32B - Weer, klimaat en water",
    "Doelzin 32C - Ecosystemen",
]
# SLO has two doelzinnen called 16A under PO Kerndoel 16
REKENEN_PO = [
    "Doelzin 10A", "Doelzin 10B", "Doelzin 10C", "Doelzin 11A", "Doelzin 12A", "Doelzin 13A", "Doelzin 14A",
    "Doelzin 15A", "Doelzin 15B", "Doelzin 15C", "Doelzin 16A", "Doelzin 16A", "Doelzin 17A", "Doelzin 18A",
    "Doelzin 18B",
]  # fmt: skip


@pytest.fixture
def method() -> Method:
    """A PO rekenmethode (declared subject: rekenen/wiskunde) whose chapter 1 has a confirmed link to the new
    kerndoel "Organismen" of mens en natuur: its coverage spans two FO goal sets."""
    engine.reset()
    method = Method.objects.create(name="Rekenen en meer")
    Product.objects.create(
        key="rm1", title="Rekenen en meer 1", method=method, product_type="digital", sectors=["po"],
        subject_ids=[OBK_REKENEN_WISKUNDE],
    )  # fmt: skip
    volume = actions.do_upsert_part(method, actions.PartSpec("d1", PartLevel.VOLUME, "Deel 1", sector="po"))
    chapter = actions.do_upsert_part(
        method, actions.PartSpec("h1", PartLevel.CHAPTER, "1. Dieren tellen", "tekst", 1), parent=volume
    )
    actions.do_upsert_part(method, actions.PartSpec("h2", PartLevel.CHAPTER, "2. Breuken", "tekst", 2), parent=volume)
    organismen = Goal.objects.get(code="Doelzin 31A - Organismen", goal_set__title="Kerndoelen mens en natuur")
    actions.do_declare_alignments(chapter, [str(organismen.uuid)])
    Alignment.objects.filter(part=chapter).update(provenance="confirmed")  # as a reviewer would
    return method


def _section(html: str, framework: str) -> str:
    start = html.index(f'<section aria-labelledby="kader-{framework}">')
    return html[start : html.index("</section>", start)]


def _table_groups(section: str) -> list[tuple[str, list[str]]]:
    groups = []
    for body in re.findall(r'<tbody class="goal-group">(.*?)</tbody>', section, re.S):
        (heading,) = re.findall(r'<th scope="rowgroup" colspan="4">([^<]+)</th>', body)
        groups.append((heading, re.findall(r'<th scope="row">([^<]+?) <span class="meta">', body)))
    return groups


def _picture_groups(section: str) -> list[tuple[str, list[str]]]:
    """Headings (bold) and, per row, the goal code from the title of its first cell."""
    picture = section[section.index("<svg") : section.index("</svg>")]
    groups: list[tuple[str, list[str]]] = []
    for bold, code in re.findall(
        r'<text [^>]*font-weight="bold">([^<]+)</text>|<text x="0" [^>]*>[^<]*</text><rect [^>]*><title>([^<]+?) × 1\.',
        picture,
    ):
        if bold:
            groups.append((bold, []))
        else:
            groups[-1][1].append(code)
    return groups


def test_the_new_kerndoelen_are_grouped_by_set_in_curriculum_order_in_picture_and_table(method):
    html = Client().get(f"/kerndoeldekking/methode/{method.uuid}/").content.decode()
    section = _section(html, "kerndoelen-fo")
    expected = [
        # mens en natuur comes first in the curriculum (set 1005 before 1014); its name, not the learning area
        ("Kerndoelen mens en natuur: 1 van 12 doelzinnen", MENS_EN_NATUUR_PO),
        ("Kerndoelen rekenen en wiskunde: 0 van 15 doelzinnen", REKENEN_PO),
    ]
    assert _table_groups(section) == expected
    assert _picture_groups(section) == expected
    # the headline counts the same goals as the groups together
    assert "Nieuwe kerndoelen: 1 van 27 doelzinnen voor mens en natuur en rekenen en wiskunde (3,7 %)" in section
    # the confirmed cell is Organismen (the 8th row of the first group) in column 2 (chapter 1)
    assert re.findall(r'fill="#1b5e20"><title>([^<]+)</title>', section) == [
        "Doelzin 31A - Organismen × 2. Deel 1 › 1. Dieren tellen: gedekt"
    ]
    assert ">Doelzin 31A - Organismen · Organismen e…<" in section  # a readable row label, cut to fit


def test_the_2006_kerndoelen_keep_one_group_per_subject(method):
    html = Client().get(f"/kerndoeldekking/methode/{method.uuid}/").content.decode()
    section = _section(html, "kerndoelen-2006")
    codes = [f"PO Kerndoel {n}" for n in range(23, 34)]
    assert _table_groups(section) == [("Rekenen en wiskunde: 0 van 11 kerndoelen", codes)]
    assert _picture_groups(section) == [("Rekenen en wiskunde: 0 van 11 kerndoelen", codes)]
