import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import BreakingItem
from tests.factories import ArticleFactory, BreakingItemFactory

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def test_chrome_stays_cached_when_page_caching_is_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 300
    article = ArticleFactory()
    BreakingItemFactory(text="Ticker line")
    _queries(client, article.get_absolute_url())
    second = _queries(client, article.get_absolute_url())
    assert not any('FROM "articles_section"' in q and "ORDER BY" in q for q in second)
    assert not any('FROM "articles_breakingitem"' in q for q in second)
    # Pages themselves are rendered every time: a new breaking item shows at once.
    BreakingItem.objects.create(text="Fresh ticker line")
    assert b"Fresh ticker line" in client.get(article.get_absolute_url()).content


def test_fragment_caching_can_be_switched_off_too(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0
    article = ArticleFactory()
    _queries(client, article.get_absolute_url())
    second = _queries(client, article.get_absolute_url())
    assert any('FROM "articles_breakingitem"' in q for q in second)
