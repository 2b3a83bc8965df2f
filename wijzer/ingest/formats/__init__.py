"""Catalogue ingest format adapters (pure: no Django).

Public API: ``records`` (``ParsedRecord``, ``RecordFailure``, ``Problem`` …), ``base.FormatAdapter``,
``registry.Registry`` / ``registry.default_registry``, ``validate.validate`` and ``vocab.VocabularyMapper``.
"""
