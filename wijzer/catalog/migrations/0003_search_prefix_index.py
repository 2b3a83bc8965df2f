"""FTS5 prefix indexes for 3 to 6 letters (W4 speed: the last query word is a prefix)."""

from django.db import migrations

FORWARD = [
    "DROP TABLE IF EXISTS catalog_search_fts",
    "CREATE VIRTUAL TABLE catalog_search_fts USING fts5(tokens, content='catalog_searchrow', "
    "content_rowid='product_id', detail='none', prefix='3 4 5 6', tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO catalog_search_fts(catalog_search_fts) VALUES ('rebuild')",
]
BACKWARD = [
    "DROP TABLE IF EXISTS catalog_search_fts",
    "CREATE VIRTUAL TABLE catalog_search_fts USING fts5(tokens, content='catalog_searchrow', "
    "content_rowid='product_id', detail='none', tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO catalog_search_fts(catalog_search_fts) VALUES ('rebuild')",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":  # PostgreSQL: prefix matching uses the GIN index as is
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_search")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
