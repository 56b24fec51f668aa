"""Editions (articles.editions): an ``edition`` code on sections, regions, articles,
breaking items and the Most Read ranking (every existing row is the default edition's,
"en"), a translation group on articles, section paths and region slugs unique per edition. The other editions'
section trees and region bars are the newsroom's to create (seed_demo makes some).
"""

import articles.editions
import articles.slugs
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0020_editing_seo_kicker"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="mostread",
            options={"ordering": ["edition", "position"], "verbose_name_plural": "most read"},
        ),
        migrations.RemoveConstraint(
            model_name="region",
            name="region_unique_name_key",
        ),
        migrations.RemoveConstraint(
            model_name="section",
            name="section_unique_top_slug",
        ),
        migrations.RemoveConstraint(
            model_name="section",
            name="section_unique_top_name",
        ),
        migrations.AddField(
            model_name="article",
            name="edition",
            field=models.CharField(
                choices=articles.editions.choices,
                default=articles.editions.default_code,
                help_text="The edition of the article's section.",
                max_length=8,
                validators=[articles.editions.validate_code],
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="translation_group",
            field=models.UUIDField(
                blank=True, editable=False, help_text="Shared by a story and its translations.", null=True
            ),
        ),
        migrations.AddField(
            model_name="breakingitem",
            name="edition",
            field=models.CharField(
                choices=articles.editions.choices,
                default=articles.editions.default_code,
                help_text="The edition whose ticker carries this line.",
                max_length=8,
                validators=[articles.editions.validate_code],
            ),
        ),
        migrations.AddField(
            model_name="mostread",
            name="edition",
            field=models.CharField(
                choices=articles.editions.choices,
                default=articles.editions.default_code,
                help_text="The edition whose ranking this is.",
                max_length=8,
                validators=[articles.editions.validate_code],
            ),
        ),
        migrations.AddField(
            model_name="region",
            name="edition",
            field=models.CharField(
                choices=articles.editions.choices,
                default=articles.editions.default_code,
                help_text="The edition whose region bar this region is in.",
                max_length=8,
                validators=[articles.editions.validate_code],
            ),
        ),
        migrations.AddField(
            model_name="section",
            name="edition",
            field=models.CharField(
                choices=articles.editions.choices,
                default=articles.editions.default_code,
                help_text="The edition whose menu this section is in. A sub-section is in its parent's edition.",
                max_length=8,
                validators=[articles.editions.validate_code],
            ),
        ),
        migrations.AlterField(
            model_name="mostread",
            name="position",
            field=models.PositiveSmallIntegerField(),
        ),
        migrations.AlterField(
            model_name="region",
            name="slug",
            field=models.SlugField(
                allow_unicode=True, max_length=100, validators=[articles.slugs.validate_url_segment]
            ),
        ),
        migrations.AlterField(
            model_name="section",
            name="path",
            field=models.CharField(editable=False, max_length=255),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["edition", "-published_at"],
                name="article_edition_pub_idx",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                fields=("translation_group", "edition"),
                name="article_one_translation_per_edition",
                violation_error_message="This story has a translation in this edition already.",
            ),
        ),
        migrations.AddConstraint(
            model_name="mostread",
            constraint=models.UniqueConstraint(fields=("edition", "position"), name="mostread_one_story_per_place"),
        ),
        migrations.AddConstraint(
            model_name="region",
            constraint=models.UniqueConstraint(fields=("edition", "slug"), name="region_unique_slug_per_edition"),
        ),
        migrations.AddConstraint(
            model_name="region",
            constraint=models.UniqueConstraint(
                fields=("edition", "name_key"),
                name="region_unique_name_key",
                violation_error_message="A region of this name exists already (ignoring case).",
            ),
        ),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.UniqueConstraint(
                condition=models.Q(("parent__isnull", True)), fields=("edition", "slug"), name="section_unique_top_slug"
            ),
        ),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.UniqueConstraint(fields=("edition", "path"), name="section_unique_path_per_edition"),
        ),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.UniqueConstraint(
                condition=models.Q(("parent__isnull", True)),
                fields=("edition", "name_key"),
                name="section_unique_top_name",
                violation_error_message="A top-level section of this name exists already (ignoring case).",
            ),
        ),
    ]
