"""Search folds Arabic: harakat, tatweel and letter variants (``articles.textfold``) are
folded in both indexes, as queries are. PostgreSQL gains ``newsroom_fold(text)`` and a
trigger that uses it; SQLite's FTS5 table becomes a regular one holding folded text.
Both are refilled from the articles."""

from django.db import migrations

from articles import fulltext_sql
from articles.migrations import _fulltext_sql_0009 as v2


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(fulltext_sql.PG_FORWARD)
    elif vendor == "sqlite":
        for statement in fulltext_sql.SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(v2.PG_FORWARD)
        schema_editor.execute(fulltext_sql.PG_BACKWARD_AFTER)
    elif vendor == "sqlite":
        for statement in v2.SQLITE_FORWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_ticker_lifetime")]

    operations = [migrations.RunPython(forward, backward)]
