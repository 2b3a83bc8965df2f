"""Vocabulary mapping from delivered curriculum strings to OBK/SLO UUIDs."""

from wijzer.ingest.formats.vocab.mapper import (
    VocabularyMapper,
    VocabularyResult,
    default_mapper,
    default_table,
    legacy_key,
)

__all__ = ["VocabularyMapper", "VocabularyResult", "default_mapper", "default_table", "legacy_key"]
