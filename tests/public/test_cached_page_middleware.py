import pytest

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_a_cached_page_is_answered_before_the_stack_with_the_same_headers(client, django_assert_num_queries):
    article = ArticleFactory(headline="Cached story")
    first = client.get(article.get_absolute_url())
    assert first.status_code == 200
    # None: CachedPageMiddleware answers before sessions, auth and the view.
    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())
    assert second.status_code == 200
    assert second.content == first.content
    for header in ("ETag", "Last-Modified", "Cache-Control", "Content-Type"):
        assert second[header] == first[header], header
    assert "sessionid" not in second.cookies
    assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_an_edit_is_seen_at_once_through_the_middleware(client):
    article = ArticleFactory(headline="Before the correction")
    client.get(article.get_absolute_url())
    client.get("/")
    article.headline = "After the correction"
    article.save()
    assert b"After the correction" in client.get(article.get_absolute_url()).content
    assert b"After the correction" in client.get("/").content


def test_unpublishing_removes_the_cached_page(client):
    article = ArticleFactory()
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    article.status = Article.Status.UNPUBLISHED
    article.save()
    assert client.get(url).status_code == 404


def test_a_disallowed_host_is_refused_even_for_a_cached_page(client):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url(), HTTP_HOST="evil.example").status_code == 400


def test_nothing_is_served_from_cache_when_page_caching_is_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "max-age=0" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
