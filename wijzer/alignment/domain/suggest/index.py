"""Goal documents and a BM25F index over them, one slice per (framework, sector).

A goal document has weighted fields. 2006 kerndoel: ``label`` (short title), ``text`` (the statutory text),
``keywords`` (curated typical topics, see `keywords`) and ``context`` (subject, goal set and domain names).
New (FO) doelzin: ``label`` (the doelzin's short name), ``text`` (the doelzin), ``group`` (its kernzin: the
kerndoel it belongs to), ``detail`` (its uitwerkingen and illustraties) and ``context``. BM25F (Robertson &
Zaragoza 2009) adds the length-normalised, weighted field frequencies of a term before saturating them, so a
term contributes once per goal and its share is explainable.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .analysis import analyse, fold, sentences, vocabulary_of

FIELD_WEIGHTS: Mapping[str, float] = {
    "label": 2.0,
    "text": 2.0,
    "group": 0.8,
    "detail": 0.7,
    "keywords": 1.0,
    "context": 0.8,
}
FIELD_B: Mapping[str, float] = {
    "label": 0.3,
    "text": 0.6,
    "group": 0.6,
    "detail": 0.75,
    "keywords": 0.5,
    "context": 0.3,
}
K1 = 1.4


@dataclass(frozen=True, slots=True)
class GoalDoc:
    """One alignable goal as the suggester sees it (built from curriculum data by `alignment.fetch`)."""

    goal_id: str  # SLO uuid
    code: str
    label: str
    framework: str
    sectors: tuple[str, ...]
    subjects: tuple[str, ...]  # subject titles, slugs and uuids (matched folded)
    fields: Mapping[str, str]
    subtexts: tuple[tuple[str, str], ...] = ()  # (kind, text): sentences, doelzin, uitwerkingen, illustraties
    embed_text: str = ""  # the passage embedded for fusion
    # Passages embedded one by one (FO: the doelzin, each uitwerking and illustratie, the kernzin, the domain):
    # the semantic score also looks at the best-matching one, as a chapter usually covers one facet of a goal.
    embed_parts: tuple[str, ...] = ()
    area: str = ""  # the goal set (leergebied/vak) the goal belongs to: semantic scores are also averaged per area


@dataclass(slots=True)
class _Entry:
    doc: GoalDoc
    tf: dict[str, dict[str, float]]  # field -> stem -> count
    length: dict[str, int]
    subtexts: list[tuple[str, str, frozenset[str]]]
    subject_keys: frozenset[str]


@dataclass(slots=True)
class Slice:
    """The index of one (framework, sector): entries, document frequencies and average field lengths."""

    entries: list[_Entry]
    df: Counter[str]
    avg_length: dict[str, float]
    idf_cache: dict[str, float] = field(default_factory=dict)

    def idf(self, term: str) -> float:
        cached = self.idf_cache.get(term)
        if cached is None:
            n, df = len(self.entries), self.df.get(term, 0)
            cached = math.log(1 + (n - df + 0.5) / (df + 0.5)) if df else 0.0
            self.idf_cache[term] = cached
        return cached


@dataclass(slots=True)
class GoalIndex:
    vocabulary: frozenset[str]
    slices: dict[tuple[str, str], Slice]
    docs: dict[str, GoalDoc]

    def slice(self, framework: str, sector: str) -> Slice | None:
        return self.slices.get((framework, sector))

    def analyse(self, text: str) -> list[tuple[str, str]]:
        return analyse(text, self.vocabulary)


def _entry(doc: GoalDoc, vocabulary: frozenset[str]) -> _Entry:
    tf: dict[str, dict[str, float]] = {}
    length: dict[str, int] = {}
    for name, text in doc.fields.items():
        terms = [s for s, _w in analyse(text, vocabulary)]
        tf[name] = dict(Counter(terms))
        length[name] = len(terms)
    subtexts = [
        (kind, sentence, frozenset(s for s, _w in analyse(sentence, vocabulary)))
        for kind, text in doc.subtexts
        for sentence in (sentences(text) or [text])
    ]
    keys = frozenset(fold(s) for s in doc.subjects)
    return _Entry(doc, tf, length, subtexts, keys)


def build_index(docs: Iterable[GoalDoc]) -> GoalIndex:
    """Analyse every goal once; split into slices per (framework, sector). Deterministic for the same input."""
    ordered = sorted(docs, key=lambda d: (d.framework, d.code, d.goal_id))
    # Compound parts come from the goal texts themselves, not from the curated keyword lists: 400 lists of loose
    # words would otherwise decide how every chapter is split (on the FO tune sets that cost recall).
    vocabulary = vocabulary_of(text for d in ordered for name, text in d.fields.items() if name != "keywords")
    entries = [_entry(d, vocabulary) for d in ordered]
    grouped: dict[tuple[str, str], list[_Entry]] = {}
    for entry in entries:
        for sector in entry.doc.sectors:
            grouped.setdefault((entry.doc.framework, sector), []).append(entry)
    slices: dict[tuple[str, str], Slice] = {}
    for key, members in grouped.items():
        df: Counter[str] = Counter()
        totals: Counter[str] = Counter()
        for entry in members:
            df.update({t for counts in entry.tf.values() for t in counts})
            totals.update(entry.length)
        avg = {name: max(total / len(members), 1.0) for name, total in totals.items()}
        slices[key] = Slice(members, df, avg)
    return GoalIndex(vocabulary, slices, {d.goal_id: d for d in ordered})
