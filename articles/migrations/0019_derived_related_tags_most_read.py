"""Derived on write what the article page used to compute per request (issue 13): the
tags as the page links them (``Article.tag_list``), the related articles' ids
(``Article.related_ids``), and the stored Most Read ranking (``MostRead``). Existing rows
get both fields here; Most Read is ranked on first use."""

from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models


def fill_derived(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    RelatedArticle = apps.get_model("articles", "RelatedArticle")
    db = schema_editor.connection.alias
    tags, related = defaultdict(list), defaultdict(list)
    for article_id, tag_id, name, slug in (
        TaggedArticle.objects.using(db)
        .order_by("pk")
        .values_list("content_object_id", "tag_id", "tag__name", "tag__slug")
        .iterator(chunk_size=2000)
    ):
        tags[article_id].append([tag_id, name, slug])
    # An article with any related row has a list of its own (waiting entries included).
    for from_id, to_id in (
        RelatedArticle.objects.using(db).order_by("position", "pk").values_list("from_article_id", "to_article_id")
    ):
        related[from_id] += [to_id] if to_id else []
    rows = [Article(pk=pk, tag_list=tags.get(pk, []), related_ids=related.get(pk)) for pk in {*tags, *related}]
    Article.objects.using(db).bulk_update(rows, ["tag_list", "related_ids"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0018_front_page_pins"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="related_ids",
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="tag_list",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.CreateModel(
            name="MostRead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(unique=True)),
                ("computed_at", models.DateTimeField()),
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="most_read_place",
                        to="articles.article",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "most read",
                "ordering": ["position"],
            },
        ),
        migrations.RunPython(fill_derived, migrations.RunPython.noop),
    ]
