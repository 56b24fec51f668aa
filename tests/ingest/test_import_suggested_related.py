"""An import leaves every imported published story with its Related suggestions stored
(``Article.suggested_related``), by the batch insert and by the one-by-one path, and
forgets no older story's (``manage.py refresh_related`` brings imported stories into
those)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article
from articles.models.article import suggested_related_ids
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def line(n, tags, published_at):
    return json.dumps(
        {
            "url": f"/news/politics/story-{n}",
            "headline": f"Story {n}",
            "body_html": "<p>Text.</p>",
            "published_at": published_at,
            "authors": ["Al Mayadeen"],
            "tags": tags,
        }
    )


def run(tmp_path, *rows, name="batch.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = StringIO()
    call_command("import_articles", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


def assert_stored_as_computed(articles):
    for article in articles:
        assert article.suggested_related is not None, article.headline
        assert article.suggested_related == suggested_related_ids(article)


def test_a_batch_import_stores_every_stories_suggestions(tmp_path):
    older = ArticleFactory()
    older.tags.add("Syria")
    Article.objects.filter(pk=older.pk).refresh_suggested_related()
    out = run(
        tmp_path,
        line(1, ["Syria", "Russia"], "2021-09-14T09:39:00+03:00"),
        line(2, ["Syria"], "2021-09-15T09:39:00+03:00"),
        line(3, [], "2021-09-16T09:39:00+03:00"),
    )
    assert "3 created" in out
    imported = list(Article.objects.filter(external_id__startswith="/news/politics/story-").order_by("pk"))
    assert_stored_as_computed(imported)
    story_1 = imported[0]
    assert story_1.suggested_related[:2] == [older.pk, imported[1].pk]  # Syria, then newest
    # An older story keeps its list: the imported ones reach it with refresh_related.
    assert Article.objects.get(pk=older.pk).suggested_related == []


def test_an_updated_story_stores_its_suggestions_again(tmp_path):
    run(tmp_path, line(1, ["Syria"], "2021-09-14T09:39:00+03:00"))
    other = ArticleFactory(headline="Russian story")
    other.tags.add("Russia")
    run(tmp_path, line(1, ["Russia"], "2021-09-14T09:39:00+03:00"), name="again.jsonl")
    story = Article.objects.get(external_id="/news/politics/story-1")
    assert_stored_as_computed([story])
    assert story.suggested_related[0] == other.pk
