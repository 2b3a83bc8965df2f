"""Builders for quality tests: a small published framework without the loader (seven topics, two generic
criteria each, one gateway criterion, one extension criterion for rekenen-wiskunde)."""

from __future__ import annotations

from django.utils import timezone

from wijzer.quality.models import Criterion, Framework, Topic

TOPICS: tuple[tuple[str, str], ...] = (
    ("inhoud", "Inhoud / algemeen"),
    ("didactiek", "Didactiek / materiaal voor de leraar"),
    ("leerling", "Materiaal voor de leerling"),
    ("vormgeving", "Tekst, beeld & vormgeving"),
    ("technologie", "Technologie"),
    ("inclusiviteit", "Inclusiviteit"),
    ("toegankelijkheid", "Toegankelijkheid"),
)


def make_framework(version: str = "test-1", *, published: bool = True) -> Framework:
    framework = Framework.objects.create(
        version=version,
        title="Kwaliteitskader (test)",
        gateway_name="Aansluiting op de kerndoelen",
        gateway_pass_at=3,
        checksum="0" * 64,
        published_at=timezone.now() if published else None,
    )
    for position, (code, name) in enumerate(TOPICS):
        topic = Topic.objects.create(framework=framework, code=code, name=name, position=position)
        for number in (1, 2):
            Criterion.objects.create(
                topic=topic,
                code=f"{code[:3].upper()}.{number}",
                statement=f"{name}: uitspraak {number}.",
                gateway=(code == "inhoud" and number == 1),
                position=number,
            )
        if code == "inhoud":
            Criterion.objects.create(
                topic=topic,
                code="RW.1",
                statement="Rekenen: de leerlijn is opbouwend.",
                subject="rekenen-wiskunde",
                position=3,
            )
    return framework
