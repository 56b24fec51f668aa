"""Region names unique ignoring case in every script, as author, section and tag names
are since 0008 (``articles.text_policy.name_key``); the plain ``unique=True`` on the
name let "MENA" and "Mena" both into the region bar.

Names that are one ignoring case stop the migration with the list of them, to merge
in the admin first, as 0008 does.
"""

from django.db import migrations, models

from articles.text_policy import name_key


def key_regions(apps, schema_editor):
    Region = apps.get_model("articles", "Region")
    seen, clashes = {}, []
    for region in Region.objects.order_by("pk"):
        region.name_key = name_key(region.name)
        region.save(update_fields=["name_key"])
        if region.name_key in seen:
            clashes.append(f"Region {seen[region.name_key]!r} and {region.name!r}")
        seen.setdefault(region.name_key, region.name)
    if clashes:
        raise RuntimeError(
            "These region names are one name ignoring case; merge or rename them, then migrate again: "
            + "; ".join(clashes)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_redirects_slugs_feed_identity"),
    ]

    operations = [
        migrations.AddField(
            model_name="region",
            name="name_key",
            field=models.TextField(default="", editable=False, help_text="The name, case-folded: unique."),
        ),
        migrations.RunPython(key_regions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="region",
            name="name",
            field=models.CharField(max_length=100),
        ),
        migrations.AddConstraint(
            model_name="region",
            constraint=models.UniqueConstraint(
                fields=("name_key",),
                name="region_unique_name_key",
                violation_error_message="A region of this name exists already (ignoring case).",
            ),
        ),
    ]
