"""The alignment factories build valid parts and links to real goals; `method_with_chapters` goes through the
write actions, so declared codes become declared links."""

from __future__ import annotations

import pytest

from wijzer.alignment.constants import LinkState, PartLevel
from wijzer.alignment.models import Alignment
from wijzer.alignment.tests.factories import AlignmentFactory, MethodPartFactory, chapter, method_with_chapters

pytestmark = pytest.mark.usefixtures("slo")


def test_the_factories_build_valid_parts_and_links():
    volume = MethodPartFactory(volume=True)
    link = AlignmentFactory(part=MethodPartFactory(method=volume.method, parent=volume), rejected=True)
    for instance in (volume, link.part, link):
        instance.full_clean()
    assert (volume.level, link.part.level, link.part.method) == (PartLevel.VOLUME, PartLevel.CHAPTER, volume.method)
    assert (link.goal_code, link.framework, link.provenance, link.origin) == (
        "PO Kerndoel 26", "kerndoelen-2006", LinkState.REJECTED, LinkState.DECLARED
    )  # fmt: skip


def test_method_with_chapters_declares_the_codes_of_each_chapter():
    method = method_with_chapters(
        [("1. Breuken", "Breuken", ["PO Kerndoel 26", "PO Kerndoel 27"]), ("2. Bingo", "")],
        product={"title": "Rekenroute groep 5"},
    )
    links = Alignment.objects.filter(part__method=method).order_by("goal_code")
    assert [(link.part.key, link.goal_code, link.provenance) for link in links] == [
        ("h1", "PO Kerndoel 26", LinkState.DECLARED),
        ("h1", "PO Kerndoel 27", LinkState.DECLARED),
    ]
    assert [(p.title, p.sector, p.parent.key) for p in (chapter(method, 1), chapter(method, 2))] == [
        ("1. Breuken", "po", "d1"), ("2. Bingo", "po", "d1")
    ]  # fmt: skip
    assert list(method.products.values_list("title", flat=True)) == ["Rekenroute groep 5"]
