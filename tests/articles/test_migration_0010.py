"""Migration 0010 on a database that holds what it fixes: slugs with "/" or ".." (mended,
then constrained), contrib redirects (copied, decoded, without their query string) and
published articles (their feed-identity date filled in)."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from taggit.models import Tag

from articles import search
from articles.models import Article, Redirect, Region, Section

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("articles", "0009_search_bylines_and_tags")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    # What `manage.py migrate` does after migrating (post_migrate): SQLite rebuilds a table
    # it alters, dropping the full-text triggers, and later tests search on this database.
    search.ensure_sqlite_index(using=connection.alias)
    return executor.loader.project_state(targets).apps


def test_migration_0010_mends_slugs_copies_redirects_and_dates_first_publication():
    old = migrate(BEFORE)
    OldRegion = old.get_model("articles", "Region")
    OldSection = old.get_model("articles", "Section")
    OldArticle = old.get_model("articles", "Article")
    OldTag = old.get_model("taggit", "Tag")
    OldRedirect = old.get_model("redirects", "Redirect")
    Site = old.get_model("sites", "Site")

    OldRegion.objects.create(name="Evil", slug="evil/region")
    OldRegion.objects.create(name="Evil again", slug="evil-region")  # the mended slug is taken
    news, _ = OldSection.objects.get_or_create(path="news", defaults={"name": "News", "slug": "news"})
    bad_section = OldSection.objects.create(name="Gulf", slug="gulf/states", parent=news, path="news/gulf/states")
    child = OldSection.objects.create(name="Qatar", slug="qatar", parent=bad_section, path="news/gulf/states/qatar")
    published = datetime(2024, 10, 26, 20, 30, tzinfo=UTC)
    article = OldArticle.objects.create(
        headline="Talks", slug="talks/day-1", section_id=child.pk, status="published", published_at=published
    )
    OldTag.objects.create(name="Dots", slug="..")
    site = Site.objects.get(pk=1)
    OldRedirect.objects.create(site=site, old_path="/%D9%82%D9%85%D8%A9?utm_source=x", new_path="/news/%D8%A8")

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert set(Region.objects.filter(name__startswith="Evil").values_list("slug", flat=True)) == {
        "evil-region",
        "evil-region-2",
    }
    assert Section.objects.get(name="Gulf").path == "news/gulf-states"
    assert Section.objects.get(name="Qatar").path == "news/gulf-states/qatar"
    mended = Article.objects.get(pk=article.pk)
    assert mended.slug == "talks-day-1"
    assert mended.get_absolute_url() == "/news/gulf-states/qatar/talks-day-1"
    assert mended.first_published_on == date(2024, 10, 26)
    assert Tag.objects.get(name="Dots").slug == "item"
    redirect = Redirect.objects.get()
    assert (redirect.old_path, redirect.new_path) == ("/قمة", "/news/ب")
