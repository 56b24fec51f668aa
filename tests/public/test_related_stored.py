"""The article page's Related box from the suggestions stored on the row (issue 13:
``Article.suggested_related``, computed on write): no tags query on the page, stories
unpublished since left out, the live computation kept for a story without any."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, MostRead
from public import selectors
from tests.factories import ArticleFactory, parse_html, section

pytestmark = pytest.mark.django_db


def a_story_with_suggestions():
    """A story whose stored suggestions are five stories in an order no tag count gives
    (the oldest first), and the five."""
    others = [
        ArticleFactory(headline=f"Other {n}", published_at=timezone.now() - timedelta(days=n)) for n in range(1, 6)
    ]
    for other in others:
        other.tags.add("Syria")
    article = ArticleFactory(headline="The story")
    article.tags.add("Syria")
    Article.objects.filter(pk=article.pk).update(suggested_related=[o.pk for o in reversed(others)])
    return Article.objects.get(pk=article.pk), others


def related_headlines(response):
    return parse_html(response).xpath('//aside[@class="related-news"]//a/text()')


def tag_queries(ctx):
    """Queries that read tag rows: the live computation of Related counts shared tags
    in the cards' query (``computed_related``); nothing else on the page reads them."""
    return [q["sql"] for q in ctx.captured_queries if "articles_taggedarticle" in q["sql"]]


def test_the_page_shows_the_stored_suggestions_without_a_tags_query(client, django_assert_max_num_queries):
    article, _others = a_story_with_suggestions()
    MostRead.objects.refresh()  # as the worker's flush or the timer did before this request
    url = article.get_absolute_url()
    cache.clear()
    # The budget of tests/public/test_dynamic_path.py: chrome (5), the article, its
    # bylines, every box's cards in one.
    with CaptureQueriesContext(connection) as ctx, django_assert_max_num_queries(8):
        response = client.get(url)
    assert related_headlines(response) == ["Other 5", "Other 4", "Other 3", "Other 2"]
    assert tag_queries(ctx) == []


def test_stored_stories_unpublished_since_or_of_another_edition_are_skipped(client):
    article, others = a_story_with_suggestions()
    Article.objects.filter(pk=others[4].pk).update(status=Article.Status.UNPUBLISHED)
    scheduled, spanish = others[2], ArticleFactory(headline="Spanish", section=section("noticias", edition="es"))
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() + timedelta(days=1))
    stored = [article.pk, spanish.pk] + [o.pk for o in reversed(others)]
    Article.objects.filter(pk=article.pk).update(suggested_related=stored)
    response = client.get(article.get_absolute_url())
    assert related_headlines(response) == ["Other 4", "Other 2", "Other 1"]


def test_a_story_without_tags_shows_the_newest_of_its_section_even_published_after_it(client):
    ArticleFactory(headline="Older", published_at=timezone.now() - timedelta(days=2))
    article = ArticleFactory(headline="Untagged", published_at=timezone.now() - timedelta(days=1))
    assert Article.objects.get(pk=article.pk).suggested_related == []
    ArticleFactory(headline="Elsewhere", section=section("news/economy"))
    ArticleFactory(headline="Newer")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(article.get_absolute_url())
    assert related_headlines(response) == ["Newer", "Older"]
    assert tag_queries(ctx) == []
    assert [a.headline for a in selectors.related_articles(Article.objects.get(pk=article.pk))] == ["Newer", "Older"]


def test_stored_suggestions_are_topped_up_with_the_newest_of_the_section(client):
    article, others = a_story_with_suggestions()
    Article.objects.filter(pk=article.pk).update(suggested_related=[others[4].pk, others[3].pk])
    # The two stored, then the newest of the section not shown yet.
    assert related_headlines(client.get(article.get_absolute_url())) == ["Other 5", "Other 4", "Other 1", "Other 2"]


def test_without_stored_suggestions_the_page_computes_related_live(client):
    article, _others = a_story_with_suggestions()
    Article.objects.filter(pk=article.pk).update(suggested_related=None)
    url = article.get_absolute_url()
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert related_headlines(response) == ["Other 1", "Other 2", "Other 3", "Other 4"]  # newest first
    assert len(tag_queries(ctx)) == 1


def test_the_api_related_box_reads_the_stored_suggestions():
    article, others = a_story_with_suggestions()
    Article.objects.filter(pk=others[4].pk).update(status=Article.Status.UNPUBLISHED)
    with CaptureQueriesContext(connection) as ctx:
        related = selectors.related_articles(article)
    assert [a.headline for a in related] == ["Other 4", "Other 3", "Other 2", "Other 1"]
    assert tag_queries(ctx) == [] and len(ctx.captured_queries) == 1


def test_a_new_story_sharing_tags_reaches_its_newest_neighbours_page(client):
    """Publishing a story forgets its newest neighbours' stored suggestions: their pages
    list it at once (computed live), as when every page computed Related."""
    article, _others = a_story_with_suggestions()
    client.get(article.get_absolute_url())
    newest = ArticleFactory(headline="Just in")
    newest.tags.add("Syria")
    assert related_headlines(client.get(article.get_absolute_url()))[0] == "Just in"
