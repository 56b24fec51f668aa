"""Migration 0018 on a database written before it: the lead and top stories numbered by
``Article.home_position`` become pins of the English home page, in the order readers saw."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles import search
from articles.models import HomePin

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("articles", "0017_search_folding")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    search.ensure_sqlite_index(using=connection.alias)  # as in test_migration_0012
    return executor.loader.project_state(targets).apps


def test_migration_0018_turns_home_positions_into_pins():
    old = migrate(BEFORE)
    OldArticle = old.get_model("articles", "Article")
    OldSection = old.get_model("articles", "Section")
    news, _ = OldSection.objects.get_or_create(path="news", defaults={"name": "News", "slug": "news"})
    now = timezone.now()

    def story(slug, number, status="published", hours=1):
        return OldArticle.objects.create(
            headline=slug,
            slug=slug,
            section_id=news.pk,
            status=status,
            home_position=number,
            published_at=now - timedelta(hours=hours) if status == "published" else None,
        ).pk

    lead = story("newer-one", 1, hours=1)
    second = story("older-one", 1, hours=5)  # two on 1: shown one after the other
    third = story("two", 2)
    story("a-draft", 3, status="draft")  # never shown: not pinned
    story("far-down", 9)  # beyond the top stories: never shown

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    pins = list(HomePin.objects.order_by("slot", "position").values_list("slot", "position", "article_id", "edition"))
    assert pins == [("lead", 1, lead, "en"), ("top", 1, second, "en"), ("top", 2, third, "en")]
