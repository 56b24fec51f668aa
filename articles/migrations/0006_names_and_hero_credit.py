"""Names a Django developer reads right the first time, and the hero photo credit.

- ``ArticleAuthor`` → ``Byline`` (the ordered author of an article), ``ArticleView`` →
  ``DailyReadCount`` (reads per article and day; ``views`` → ``reads``).
- ``Article.modified_at`` → ``last_saved_at`` (every save), ``updated_at`` →
  ``revised_at`` (the editorial "Updated" line). Export keys do not change.
- ``Article.hero_credit``: a photo credit read with a caption ("(Social media)") has a
  place even when the story has no image of its own.

Permissions keep their groups: Django renames the content types of renamed models, but
not the permission codenames, so they are renamed here (``RENAMED_MODELS``).
"""

from django.db import migrations, models

# Old → new model names (lower case), for permission codenames; tests read it too.
RENAMED_MODELS = {"articleauthor": "byline", "articleview": "dailyreadcount"}
VERBOSE = {"byline": "byline", "dailyreadcount": "daily read count"}
ACTIONS = ("add", "change", "delete", "view")


def rename_permissions(apps, schema_editor, mapping=RENAMED_MODELS):
    Permission = apps.get_model("auth", "Permission")
    for old, new in mapping.items():
        for action in ACTIONS:
            if Permission.objects.filter(content_type__app_label="articles", codename=f"{action}_{new}").exists():
                continue  # already created (a database where post_migrate ran first)
            Permission.objects.filter(content_type__app_label="articles", codename=f"{action}_{old}").update(
                codename=f"{action}_{new}", name=f"Can {action} {VERBOSE.get(new, new)}"
            )


def restore_permissions(apps, schema_editor):
    rename_permissions(apps, schema_editor, {new: old for old, new in RENAMED_MODELS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_published_index_with_section"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RenameModel("ArticleAuthor", "Byline"),
        migrations.RenameModel("ArticleView", "DailyReadCount"),
        migrations.RenameField("dailyreadcount", "views", "reads"),
        migrations.AlterField(
            model_name="dailyreadcount",
            name="article",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE, related_name="daily_reads", to="articles.article"
            ),
        ),
        migrations.RemoveConstraint(model_name="dailyreadcount", name="article_view_unique_day"),
        migrations.AddConstraint(
            model_name="dailyreadcount",
            constraint=models.UniqueConstraint(fields=("article", "day"), name="daily_read_count_unique_day"),
        ),
        migrations.RenameIndex(
            model_name="dailyreadcount", new_name="daily_read_count_day_idx", old_name="article_view_day_idx"
        ),
        migrations.RenameField("article", "modified_at", "last_saved_at"),
        migrations.RenameField("article", "updated_at", "revised_at"),
        migrations.AlterField(
            model_name="article",
            name="last_saved_at",
            field=models.DateTimeField(
                auto_now=True, help_text="Set by every save (the edit-conflict check reads it)."
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="revised_at",
            field=models.DateTimeField(
                blank=True,
                null=True,
                verbose_name="updated",
                help_text="Last substantive update, shown to readers as “Updated”.",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="hero_credit",
            field=models.CharField(
                blank=True,
                max_length=200,
                help_text="Photo credit for this article only, e.g. “Social media”; empty uses the image's credit.",
            ),
        ),
        migrations.RunPython(rename_permissions, restore_permissions),
    ]
