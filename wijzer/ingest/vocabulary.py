"""The vocabulary mapper Wijzer uses: the shipped OBK/VDEX table, SLO niveau and subject titles, and the editable
VocabularyTerm rows (an admin fix wins over the shipped table)."""

from __future__ import annotations

from django.conf import settings

from wijzer.curriculum import service as curriculum
from wijzer.ingest.formats.values import normalise_term
from wijzer.ingest.formats.vocab.mapper import VocabularyMapper, default_table

from .models import VocabularyTerm


def current_mapper() -> VocabularyMapper:
    table = default_table(settings.WIJZER_SLO_DIR / "basis" / "niveaus.json")
    for title, slo_id in curriculum.subject_titles():
        table.setdefault(normalise_term(title), []).append(slo_id)
    for term, slo_ids in VocabularyTerm.objects.values_list("term", "slo_ids"):
        table[normalise_term(term)] = list(slo_ids)
    return VocabularyMapper(table)


def level_sectors() -> dict[str, str]:
    return curriculum.level_sectors()
