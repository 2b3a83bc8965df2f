"""Catalogue search (W4): one interface, two backends (SQLite FTS5, PostgreSQL full text); see docs/search.md."""
