"""factory_boy factories and small builders for alignment tests (style.md §6): a method with the parts and links a
test needs, on top of `catalog.tests.factories`, instead of the demo catalogue and demo alignment."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import factory

from wijzer.alignment import actions, engine
from wijzer.alignment.constants import LinkState, PartLevel, Strength
from wijzer.alignment.models import Alignment, MethodPart
from wijzer.catalog.models import Method
from wijzer.catalog.tests.factories import MethodFactory, ProductFactory
from wijzer.curriculum.models import Goal

Chapter = tuple[str, str] | tuple[str, str, Sequence[str]]  # title, text[, goal codes the supplier declares]


class MethodPartFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]  # factory_boy is untyped
    """A chapter of a new method; `volume=True` for a volume."""

    class Meta:
        model = MethodPart

    method = factory.SubFactory(MethodFactory)
    key = factory.Sequence(lambda n: f"h{n}")
    level = PartLevel.CHAPTER
    position = factory.Sequence(lambda n: n)
    title = factory.LazyAttribute(lambda part: f"{part.position}. Hoofdstuk")

    class Params:
        volume = factory.Trait(level=PartLevel.VOLUME, title="Deel 1", position=0)


class AlignmentFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]  # factory_boy is untyped
    """A declared link of a chapter to the real goal with code `code` (the curriculum is loaded by the `slo`
    fixture); traits for the other states."""

    class Meta:
        model = Alignment
        exclude = ("goal",)

    class Params:
        code = "PO Kerndoel 26"
        suggested = factory.Trait(provenance=LinkState.SUGGESTED, origin=LinkState.SUGGESTED, score=1.0)
        confirmed = factory.Trait(provenance=LinkState.CONFIRMED)
        rejected = factory.Trait(provenance=LinkState.REJECTED, reason="past niet")

    goal = factory.LazyAttribute(lambda link: Goal.objects.get(code=link.code))
    part = factory.SubFactory(MethodPartFactory)
    goal_uuid = factory.SelfAttribute("goal.uuid")
    goal_code = factory.SelfAttribute("goal.code")
    framework = factory.SelfAttribute("goal.framework")
    strength = Strength.CORE
    provenance = LinkState.DECLARED
    origin = LinkState.DECLARED


def goal_ids(codes: Sequence[str]) -> list[str]:
    """The SLO ids of real goals, by code."""
    by_code = dict(Goal.objects.filter(code__in=codes).values_list("code", "uuid"))
    return [str(by_code[code]) for code in codes]


def method_with_chapters(
    chapters: Sequence[Chapter],
    *,
    method: Method | None = None,
    sector: str = "po",
    demo: bool = False,
    product: dict[str, Any] | None = None,
) -> Method:
    """A method (new unless given) with one volume in `sector` and these chapters, through the real write actions:
    a chapter's codes become declared links (through the stale-id resolver, as a delivery would). With `product`,
    the method also gets one catalogue product with those fields (e.g. `sectors`, `subject_ids`). The suggester's
    per-process cache is reset, since the curriculum may have been reloaded."""
    engine.reset()
    method = method or MethodFactory(demo=demo)
    if product is not None:
        ProductFactory(method=method, **product)
    volume = actions.do_upsert_part(
        method, actions.PartSpec("d1", PartLevel.VOLUME, "Deel 1", sector=sector), is_demo=demo
    )
    for position, (title, text, *declared) in enumerate(chapters, start=1):
        part = actions.do_upsert_part(
            method, actions.PartSpec(f"h{position}", PartLevel.CHAPTER, title, text, position), parent=volume,
            is_demo=demo,
        )  # fmt: skip
        if declared and declared[0]:
            actions.do_declare_alignments(part, goal_ids(declared[0]))
    return method


def chapter(method: Method, number: int = 1) -> MethodPart:
    """The chapter `method_with_chapters` stored as number `number`."""
    return MethodPart.objects.get(method=method, key=f"h{number}")
