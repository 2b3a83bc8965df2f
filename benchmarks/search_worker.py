"""One search measurement in a fresh process on its own database (DATABASE_URL set by bench_search).

python -m benchmarks.search_worker SIZE -> migrates, writes SIZE synthetic rows straight into the search tables
(not through ingest: too slow at a million), times typical queries, prints one JSON line.
"""

from __future__ import annotations

import functools
import json
import os
import random
import sys
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wijzer.catalog.domain.search.facets import SearchDocument

REPEAT = int(os.environ.get("WIJZER_BENCH_SEARCH_REPEAT", "60"))
COMMON = "voorbeeld"  # in two thirds of the records: the naive FTS5 + facet counts case (~2 s)
SUBJECT_WORDS = [
    "wiskunde",
    "rekenen",
    "breuken",
    "taal",
    "lezen",
    "spelling",
    "biologie",
    "natuurkunde",
    "geschiedenis",
    "aardrijkskunde",
]
SUBJECT_WORDS += ["economie", "engels", "duits", "frans", "scheikunde", "muziek"]
LEVEL_WORDS = ["havo", "vwo", "vmbo", "groep", "onderbouw", "bovenbouw"]


def _vocabulary(rng: random.Random) -> list[str]:
    """8,000 made-up words with Dutch letter frequencies (few share a long prefix, as in real text)."""
    letters = "eeeeeeaaaannnnttttiiirrrooodddssllggvvhkkmuubpwjzcf"
    words: set[str] = set()
    while len(words) < 8000:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(4, 11))))
    return sorted(words, key=lambda w: rng.random())


def documents(size: int, seed: int = 4) -> Iterator[SearchDocument]:
    from wijzer.catalog.domain.search.analyser import token_text
    from wijzer.catalog.domain.search.facets import SearchDocument, key, price_band

    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(vocab))]
    cumulative = []
    total = 0.0
    for w in weights:
        total += w
        cumulative.append(total)
    types = ["digital_licence", "folio", "lifo_bundle", "print", "open_resource", "tool", "test", "other"]
    licences = ["copyright", "cc-by-4.0", "cc-by-sa-4.0", "cc-by-nc-4.0", "cc-by-nc-sa-4.0", "cc0-1.0"]
    for pid in range(1, size + 1):
        subject = rng.randrange(len(SUBJECT_WORDS))
        level = rng.choice(LEVEL_WORDS)
        year = rng.randint(1, 6)
        body = rng.choices(vocab, cum_weights=cumulative, k=30)
        title = [SUBJECT_WORDS[subject], level, str(year), *rng.choices(vocab, cum_weights=cumulative, k=3)]
        if rng.random() < 2 / 3:
            body.append(COMMON)
        price = None if rng.random() < 0.15 else rng.randrange(0, 15000)
        product_type = rng.choice(types)
        keys = [
            key("sector", "po" if level == "groep" else rng.choice(["vo", "vo", "vo", "vso"])),
            key("niveau", f"niveau-{level}"),
            key("leerjaar", f"jaar-{level}-{year}"),
            key("vak", f"vak-{subject}"),
            key("soort", product_type),
            key("licentie", rng.choice(licences)),
            key("prijs", price_band(price)),
            key("uitgever", str(rng.randrange(1, 201))),
            key("standaard", rng.choice(["eck", "nllom", "eduv"])),
        ]
        if rng.random() < 0.7:
            keys.append(key("eigenaar", str(rng.randrange(1001, 1021))))
        if rng.random() < 0.3:
            keys.append(key("visie", rng.choice(["directe_instructie", "onderzoekend_leren", "adaptief"])))
        yield SearchDocument(
            product_id=pid,
            tokens=token_text([" ".join(title), " ".join(body)]),
            title_tokens=token_text([" ".join(title)]),
            sort_title=" ".join(title)[:200],
            price_cents=price,
            quality=None,
            coverage=None,
            facet_keys=tuple(keys),
        )


QUERIES: dict[str, list[tuple[str, dict[str, list[str]]]]] = {
    "one word": [(w, {}) for w in ("wiskunde", "breuken", "spelling", "taal", "rekenen", "muziek", "wisk", "reken")],
    "two words + two facets": [
        ("wiskunde havo", {"sector": ["vo"], "soort": ["lifo_bundle"]}),
        ("breuken groep", {"sector": ["po"], "prijs": ["10-25"]}),
        ("taal vmbo", {"soort": ["digital_licence"], "licentie": ["copyright"]}),
        ("lezen boek", {"sector": ["vo"], "standaard": ["eck"]}),
    ],
    "facet-only": [
        ("", {}),
        ("", {"sector": ["vo"]}),
        ("", {"sector": ["po"], "soort": ["open_resource"]}),
        ("", {"vak": ["vak-3"], "leerjaar": ["jaar-havo-2"]}),
    ],
    f"common word ({COMMON}, 2/3 of rows)": [(COMMON, {}), (COMMON, {"sector": ["vo"]})],
}


def measure(size: int) -> dict[str, object]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijzer.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from benchmarks.timing import percentiles
    from wijzer.catalog.search import index
    from wijzer.catalog.search.engine import search

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys = OFF")  # rows without catalog_product rows (synthetic)
        else:
            cursor.execute("SET session_replication_role = replica")  # same, on PostgreSQL (superuser)
            cursor.execute("DROP INDEX IF EXISTS catalog_searchrow_document")
    with transaction.atomic():
        index.rebuild(documents(size))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CREATE INDEX catalog_searchrow_document ON catalog_searchrow USING gin (document)")
            cursor.execute("VACUUM ANALYZE catalog_searchrow")
    build = time.perf_counter() - start
    search("")  # load the bitmaps once (as the first query of a process does)
    results: dict[str, object] = {"size": size, "vendor": connection.vendor, "build_s": round(build, 1)}
    for name, cases in QUERIES.items():
        samples = []
        for q, filters in cases:
            p50, p95 = percentiles(functools.partial(search, q, filters), repeat=max(5, REPEAT // len(cases)))
            samples.append((p50, p95))
        results[name] = (max(s[0] for s in samples), max(s[1] for s in samples))  # worst case of the group
        hits = search(cases[0][0], cases[0][1])
        results[f"{name} hits"] = hits.count
    return results


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]))))
