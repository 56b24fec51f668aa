"""Redirects of our own, slugs of one URL segment, and a fixed feed identity.

- ``articles.Redirect`` replaces django.contrib.redirects (200-character columns could
  not hold the URL of an Arabic slug: PostgreSQL refused the save, the editor got a 500);
  its rows are copied over, decoded, and editors get the same permissions on it.
- Section, region, author, article and tag slugs can no longer hold "/" (nor be "" or
  "." or ".."): existing ones are mended first ("/" becomes "-", made unique), then
  CHECK constraints are added; taggit's table gets one by SQL (a trigger on SQLite,
  which cannot add a CHECK to an existing table).
- ``Article.first_published_on`` is filled from ``published_at`` for published rows.
"""

from urllib.parse import quote, unquote

import articles.slugs
import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models
from django.db.models import Q
from django.db.models.functions import TruncDate
from django.utils.encoding import uri_to_iri
from datetime import UTC

DOT_SEGMENTS = (".", "..")


def check_foreign_keys_now(schema_editor):
    """Run the deferred foreign-key checks of the rows just written: PostgreSQL refuses to
    ALTER a table or index it (the constraints added next, the indexes Django creates at
    the end of the migration) while trigger events are pending on it."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def _segment(slug):
    cleaned = slug.replace("/", "-").strip("-")
    return cleaned if cleaned and cleaned not in DOT_SEGMENTS else "item"


def _free(model, slug, scope, pk):
    """``slug``, or ``slug-2``, ``slug-3``… : the first not used by another row in ``scope``."""
    max_length = model._meta.get_field("slug").max_length
    candidate, n = slug[:max_length], 2
    while model.objects.filter(slug=candidate, **scope).exclude(pk=pk).exists():
        suffix = f"-{n}"
        candidate = slug[: max_length - len(suffix)] + suffix
        n += 1
    return candidate


def fix_slugs(apps, schema_editor):
    bad = Q(slug__contains="/") | Q(slug__in=DOT_SEGMENTS) | Q(slug="")
    targets = [
        (apps.get_model("articles", "Article"), "section_id"),
        (apps.get_model("articles", "Section"), "parent_id"),
        (apps.get_model("articles", "Region"), None),
        (apps.get_model("articles", "Author"), None),
        (apps.get_model("taggit", "Tag"), None),
    ]
    sections_changed = False
    for model, scope_field in targets:
        for row in model.objects.filter(bad):
            scope = {scope_field: getattr(row, scope_field)} if scope_field else {}
            slug = _free(model, _segment(row.slug), scope, row.pk)
            model.objects.filter(pk=row.pk).update(slug=slug)
            sections_changed |= model._meta.model_name == "section"
    if sections_changed:
        # A section's path is its slug chain: rebuild every path from the mended slugs.
        Section = apps.get_model("articles", "Section")
        by_id = {s.pk: s for s in Section.objects.all()}

        def path(section):
            return f"{path(by_id[section.parent_id])}/{section.slug}" if section.parent_id else section.slug

        for section in by_id.values():
            if path(section) != section.path:
                Section.objects.filter(pk=section.pk).update(path=path(section))
    check_foreign_keys_now(schema_editor)


TAG_CHECK = "taggit_tag_slug_one_segment"
TAG_RULE = "strpos(slug, '/') = 0 AND slug NOT IN ('.', '..', '')"
SQLITE_TAG_RULE = "instr(NEW.slug, '/') > 0 OR NEW.slug IN ('.', '..', '')"


def tag_slug_check(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE taggit_tag ADD CONSTRAINT {TAG_CHECK} CHECK ({TAG_RULE})")
    elif vendor == "sqlite":
        for event in ("INSERT", "UPDATE OF slug"):
            name = f"{TAG_CHECK}_{event.split()[0].lower()}"
            schema_editor.execute(
                f"CREATE TRIGGER {name} BEFORE {event} ON taggit_tag WHEN {SQLITE_TAG_RULE} "
                f"BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: {TAG_CHECK}'); END"
            )


def drop_tag_slug_check(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE taggit_tag DROP CONSTRAINT IF EXISTS {TAG_CHECK}")
    elif vendor == "sqlite":
        for event in ("insert", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TAG_CHECK}_{event}")


def _iri(path):
    """A path as articles.models.redirect.stored_path keeps it (frozen here: an IRI)."""
    return uri_to_iri(quote(unquote(path), safe="!$&'()*+,;=/~:@"))


def copy_contrib_redirects(apps, schema_editor):
    Old = apps.get_model("redirects", "Redirect")
    New = apps.get_model("articles", "Redirect")
    for row in Old.objects.order_by("pk"):
        # Without a query string: the new middleware matches paths only.
        old_path = _iri("/" + row.old_path.split("?", 1)[0].lstrip("/"))
        new_path = row.new_path
        if new_path.startswith("/"):
            path, mark, query = new_path.partition("?")
            new_path = _iri(path) + mark + query
        New.objects.get_or_create(site_id=row.site_id, old_path=old_path, defaults={"new_path": new_path})
    check_foreign_keys_now(schema_editor)


def grant_redirect_permissions(apps, schema_editor):
    """Editors managed contrib redirects (migration 0002): they manage ours."""
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="articles", content_type__model="redirect")
    for group in Group.objects.filter(name__in=["Editor", "Administrator"]):
        group.permissions.add(*perms)
    check_foreign_keys_now(schema_editor)


def backfill_first_published_on(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(status="published", published_at__isnull=False).update(
        first_published_on=TruncDate("published_at", tzinfo=UTC)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_search_bylines_and_tags"),
        ("sites", "0002_alter_domain_unique"),
        ("redirects", "0002_alter_redirect_new_path_help_text"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Redirect",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "old_path",
                    models.CharField(
                        help_text="A path on this site, without the domain or a query string, e.g. “/news/politics/old-slug”.",
                        max_length=2000,
                        verbose_name="old path",
                    ),
                ),
                (
                    "new_path",
                    models.CharField(
                        blank=True,
                        help_text="Where it moved: a path such as “/news/politics/new-slug” or a full address. Empty: the page is gone for good (410).",
                        max_length=2000,
                        verbose_name="new path",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["old_path"],
            },
        ),
        migrations.AddField(
            model_name="redirect",
            name="site",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="sites.site"),
        ),
        migrations.AddIndex(
            model_name="redirect",
            index=models.Index(fields=["site", "new_path"], name="redirect_new_path_idx"),
        ),
        migrations.AddConstraint(
            model_name="redirect",
            constraint=models.UniqueConstraint(fields=("site", "old_path"), name="redirect_unique_old_path_per_site"),
        ),
        migrations.AddConstraint(
            model_name="redirect",
            constraint=models.CheckConstraint(
                condition=models.Q(("old_path__startswith", "/"), models.Q(("old_path__contains", "?"), _negated=True)),
                name="redirect_old_path_is_a_path",
                violation_error_message="The old path starts with “/” and has no query string (“?…”).",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="first_published_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="article",
            name="slug",
            field=models.CharField(
                blank=True,
                help_text="Last part of the URL (no “/”). Left empty, it is made from the headline. Changing it on a published article keeps the old URL working (301).",
                max_length=255,
                validators=[articles.slugs.validate_url_segment],
            ),
        ),
        migrations.AlterField(
            model_name="author",
            name="slug",
            field=models.SlugField(
                allow_unicode=True, max_length=200, unique=True, validators=[articles.slugs.validate_url_segment]
            ),
        ),
        migrations.AlterField(
            model_name="region",
            name="slug",
            field=models.SlugField(
                allow_unicode=True, max_length=100, unique=True, validators=[articles.slugs.validate_url_segment]
            ),
        ),
        migrations.AlterField(
            model_name="section",
            name="slug",
            field=models.SlugField(
                allow_unicode=True, max_length=100, validators=[articles.slugs.validate_url_segment]
            ),
        ),
        migrations.RunPython(fix_slugs, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("slug__contains", "/"), _negated=True),
                    models.Q(("slug__in", (".", "..")), _negated=True),
                    models.Q(("slug", ""), _negated=True),
                ),
                name="article_slug_one_segment",
                violation_error_message="A slug is one part of a web address: it cannot contain “/”, be empty, or be “.” or “..”.",
            ),
        ),
        migrations.AddConstraint(
            model_name="author",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("slug__contains", "/"), _negated=True),
                    models.Q(("slug__in", (".", "..")), _negated=True),
                    models.Q(("slug", ""), _negated=True),
                ),
                name="author_slug_one_segment",
                violation_error_message="A slug is one part of a web address: it cannot contain “/”, be empty, or be “.” or “..”.",
            ),
        ),
        migrations.AddConstraint(
            model_name="region",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("slug__contains", "/"), _negated=True),
                    models.Q(("slug__in", (".", "..")), _negated=True),
                    models.Q(("slug", ""), _negated=True),
                ),
                name="region_slug_one_segment",
                violation_error_message="A slug is one part of a web address: it cannot contain “/”, be empty, or be “.” or “..”.",
            ),
        ),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("slug__contains", "/"), _negated=True),
                    models.Q(("slug__in", (".", "..")), _negated=True),
                    models.Q(("slug", ""), _negated=True),
                ),
                name="section_slug_one_segment",
                violation_error_message="A slug is one part of a web address: it cannot contain “/”, be empty, or be “.” or “..”.",
            ),
        ),
        migrations.RunPython(tag_slug_check, drop_tag_slug_check),
        migrations.RunPython(copy_contrib_redirects, migrations.RunPython.noop),
        migrations.RunPython(grant_redirect_permissions, migrations.RunPython.noop),
        migrations.RunPython(backfill_first_published_on, migrations.RunPython.noop),
    ]
