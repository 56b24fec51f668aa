"""An address a redirect holds (the old URL of a story that moved) stays the redirect's.

Publishing a new story at a moved story's old URL would shadow the 301: old links, shared
and indexed, would reach another story. The admin refuses it, a slug made from a headline
avoids it, and the story that moved may take its old address back
(``articles.redirects.holding_redirect``). The importer's side: tests/ingest/test_import_jsonl.py.
"""

import pytest

from articles.models import Article, Redirect
from tests.articles.test_admin_workflow import add, edit, form_errors
from tests.factories import ArticleFactory, section

pytestmark = pytest.mark.django_db


def moved_story():
    """A published story at /news/politics/old-slug, renamed since to new-slug."""
    article = ArticleFactory(headline="Old slug", slug="old-slug", section=section("news/politics"))
    article.slug = "new-slug"
    article.save()
    assert Redirect.objects.filter(old_path="/news/politics/old-slug").exists()
    return article


def test_a_new_article_cannot_take_the_address_of_a_moved_story(editor_client, client):
    moved = moved_story()
    response = add(editor_client, headline="Another story", slug="old-slug", status="published")
    assert response.status_code == 200
    assert "/news/politics/old-slug is the old address of a story that moved" in form_errors(response)
    assert not Article.objects.filter(headline="Another story").exists()
    response = client.get("/news/politics/old-slug")
    assert response.status_code == 301
    assert response["Location"] == moved.get_absolute_url()


def test_an_article_cannot_move_onto_the_address_of_a_moved_story(editor_client, client):
    moved = moved_story()
    other = ArticleFactory(headline="Another story", slug="another-story")
    response = edit(editor_client, other, slug="old-slug")
    assert response.status_code == 200
    assert "old address of a story that moved" in form_errors(response)
    assert client.get("/news/politics/old-slug")["Location"] == moved.get_absolute_url()


def test_a_slug_made_from_the_headline_skips_the_address_of_a_moved_story(editor_client, client):
    moved = moved_story()
    response = add(editor_client, headline="Old slug", slug="", status="published", publish_anyway="on")
    assert response.status_code == 302, form_errors(response)
    new = Article.objects.get(headline="Old slug", slug__startswith="old-slug-")
    assert client.get("/news/politics/old-slug")["Location"] == moved.get_absolute_url()
    assert client.get(new.get_absolute_url()).status_code == 200


def test_a_moved_story_may_take_its_old_address_back(editor_client, client):
    moved = moved_story()
    response = edit(editor_client, moved, slug="old-slug")
    assert response.status_code == 302, form_errors(response)
    assert client.get("/news/politics/old-slug").status_code == 200
    assert client.get("/news/politics/new-slug")["Location"] == "/news/politics/old-slug"
