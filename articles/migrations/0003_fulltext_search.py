"""Full-text search: PostgreSQL tsvector + trigger + GIN index, or an SQLite FTS5 table
with sync triggers. Each part runs only on its own database (see articles.search)."""

import django.contrib.postgres.search
from django.db import migrations, models

from articles.migrations._fulltext_sql import PG_BACKWARD, PG_FORWARD, SQLITE_BACKWARD, SQLITE_FORWARD


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


def fill_body_text(apps, schema_editor):
    from articles.text_policy import html_to_text

    Article = apps.get_model("articles", "Article")
    for article in Article.objects.only("pk", "body").iterator():
        Article.objects.filter(pk=article.pk).update(body_text=html_to_text(article.body))


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_seed_structure")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="body_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill_body_text, migrations.RunPython.noop),
        migrations.RunPython(forward, backward),
    ]
