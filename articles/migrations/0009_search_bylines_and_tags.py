"""Search finds articles by their authors and tags: ``Article.search_extra`` (byline and
tag names) filled for existing articles, and both indexes rebuilt to include it
(PostgreSQL trigger weight B; SQLite FTS5 table recreated with a fourth column)."""

from collections import defaultdict

from django.db import migrations, models

from articles.migrations import _fulltext_sql as v1
from articles.migrations import _fulltext_sql_0009 as fulltext_sql


def fill_search_extra(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Byline = apps.get_model("articles", "Byline")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    db = schema_editor.connection.alias
    names = defaultdict(list)
    for article_id, name in (
        Byline.objects.using(db).order_by("article_id", "position", "pk").values_list("article_id", "author__name")
    ):
        names[article_id].append(name)
    for article_id, name in (
        TaggedArticle.objects.using(db).order_by("tag__name").values_list("content_object_id", "tag__name")
    ):
        names[article_id].append(name)
    Article.objects.using(db).bulk_update(
        [Article(pk=pk, search_extra="\n".join(n)) for pk, n in names.items()], ["search_extra"], batch_size=500
    )


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(fulltext_sql.PG_FORWARD)
    elif vendor == "sqlite":
        for statement in fulltext_sql.SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    # Back to 0003's index (the column itself is dropped by reversing AddField next).
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(v1.PG_BACKWARD)
        schema_editor.execute(v1.PG_FORWARD)
    elif vendor == "sqlite":
        for statement in [*v1.SQLITE_BACKWARD, *v1.SQLITE_FORWARD]:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_text_name_keys")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_extra",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill_search_extra, migrations.RunPython.noop),
        migrations.RunPython(forward, backward),
    ]
