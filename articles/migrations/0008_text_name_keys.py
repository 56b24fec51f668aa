"""Names unique ignoring case in every script: stored name keys for authors, sections
and tags (``articles.text_policy.name_key``), replacing ``Lower("name")``, which SQLite
folds for ASCII letters only.

Existing names are keyed here; names that are one ignoring case ("Ägypten" and
"ägypten") stop the migration with the list of them, to merge in the admin first: which
one is right (and which URL stays) is an editor's choice, not a migration's.
"""

import django.db.models.deletion
from django.db import migrations, models

from articles.text_policy import name_key


def _key_all(model, scope=()):
    """Store the key of every row of ``model``; the rows whose (scope, key) repeat."""
    seen, clashes = {}, []
    for row in model.objects.order_by("pk"):
        row.name_key = name_key(row.name)
        row.save(update_fields=["name_key"])
        group = (*(getattr(row, f) for f in scope), row.name_key)
        if group in seen:
            clashes.append(f"{model.__name__} {seen[group]!r} and {row.name!r}")
        seen.setdefault(group, row.name)
    return clashes


def key_names(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    TagNameKey = apps.get_model("articles", "TagNameKey")
    clashes = _key_all(apps.get_model("articles", "Author"))
    clashes += _key_all(apps.get_model("articles", "Section"), scope=("parent_id",))
    keys = {}
    for tag in Tag.objects.order_by("pk"):
        key = name_key(tag.name)
        if key in keys:
            clashes.append(f"Tag {keys[key]!r} and {tag.name!r}")
            continue
        keys[key] = tag.name
        TagNameKey.objects.create(tag=tag, key=key)
    if clashes:
        raise RuntimeError(
            "These names are one name ignoring case; merge or rename them, then migrate again: " + "; ".join(clashes)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_image_originals_scrubbed"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="TagNameKey",
            fields=[
                (
                    "tag",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="name_key",
                        serialize=False,
                        to="taggit.tag",
                    ),
                ),
                ("key", models.TextField()),
            ],
        ),
        migrations.RemoveConstraint(model_name="author", name="author_unique_name_ci"),
        migrations.AddField(
            model_name="author",
            name="name_key",
            field=models.TextField(default="", editable=False, help_text="The name, case-folded: unique."),
        ),
        migrations.AddField(
            model_name="section",
            name="name_key",
            field=models.TextField(default="", editable=False, help_text="The name, case-folded: unique."),
        ),
        migrations.RunPython(key_names, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="author",
            constraint=models.UniqueConstraint(
                fields=("name_key",),
                name="author_unique_name_key",
                violation_error_message="An author of this name exists already (ignoring case).",
            ),
        ),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.UniqueConstraint(
                fields=("parent", "name_key"),
                name="section_unique_name_per_parent",
                violation_error_message="This parent has a section of this name already (ignoring case).",
            ),
        ),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.UniqueConstraint(
                condition=models.Q(("parent__isnull", True)),
                fields=("name_key",),
                name="section_unique_top_name",
                violation_error_message="A top-level section of this name exists already (ignoring case).",
            ),
        ),
        migrations.AddConstraint(
            model_name="tagnamekey",
            constraint=models.UniqueConstraint(fields=("key",), name="tag_unique_name_key"),
        ),
    ]
