"""Related entries that wait for their story: ``RelatedArticle.to_article`` may be empty,
with the ``headline`` and ``url`` an imported page gave, until the importer brings the
story; partial indexes serve the lookup of waiting entries when a story arrives."""

import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_least_privilege"),
    ]

    operations = [
        migrations.AddField(
            model_name="relatedarticle",
            name="headline",
            field=models.CharField(
                blank=True,
                help_text="The headline the source page gave the link; kept while the story is not imported yet.",
                max_length=300,
            ),
        ),
        migrations.AddField(
            model_name="relatedarticle",
            name="url",
            field=models.CharField(
                blank=True,
                help_text="The address the source page gave the link (its URL or our path), if any.",
                max_length=500,
                verbose_name="URL",
            ),
        ),
        migrations.AlterField(
            model_name="relatedarticle",
            name="to_article",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="articles.article",
            ),
        ),
        migrations.AddIndex(
            model_name="relatedarticle",
            index=models.Index(
                condition=models.Q(("to_article__isnull", True), models.Q(("url", ""), _negated=True)),
                fields=["url"],
                name="related_waiting_url_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="relatedarticle",
            index=models.Index(
                django.db.models.functions.text.Upper("headline"),
                condition=models.Q(("to_article__isnull", True), models.Q(("headline", ""), _negated=True)),
                name="related_waiting_headline_idx",
            ),
        ),
        migrations.AddConstraint(
            model_name="relatedarticle",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("to_article__isnull", False),
                    models.Q(("headline", ""), _negated=True),
                    models.Q(("url", ""), _negated=True),
                    _connector="OR",
                ),
                name="related_names_a_story",
                violation_error_message="Choose the related article.",
            ),
        ),
    ]
