"""Read Next and Most Read are boxes filled into pages when served (``public.boxes``): a
publish in a section re-renders its Read Next block once, not every article page of the
section; a new Most Read ranking re-renders one block, not every page (issue 13)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import DailyReadCount, MostRead, RelatedArticle
from public import caching
from tests.factories import ArticleFactory, parse_html, section

pytestmark = pytest.mark.django_db


def read_next(response):
    return parse_html(response).xpath('//section[contains(@class, "read-next")]//h3/a/text()')


def most_read(response):
    return parse_html(response).xpath('//section[@class="most-read"]//h3/a/text()')


def test_a_publish_in_its_section_leaves_an_article_page_cached_and_fills_in_the_new_story(client):
    politics, world = section("news/politics"), section("news/world")
    earlier = timezone.now() - timedelta(hours=1)
    page = ArticleFactory(section=politics, headline="The page", published_at=earlier)
    ArticleFactory(section=politics, headline="An older story", published_at=earlier - timedelta(hours=1))
    assert read_next(client.get(page.get_absolute_url())) == ["An older story"]
    ArticleFactory(section=world, headline="Just published")  # under the same top section
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.get_absolute_url())
    # The stored page, with its Read Next block made again (the block's cards: one
    # query), and the site's next scheduled change, which a publish may change (one).
    assert len(queries) == 2, [q["sql"] for q in queries]
    assert "LIMIT 9" in queries[1]["sql"]
    assert read_next(response) == ["Just published", "An older story"]


def test_a_new_most_read_ranking_leaves_pages_cached(client):
    first, second = ArticleFactory(headline="First"), ArticleFactory(headline="Second")
    page = ArticleFactory(headline="The page", published_at=timezone.now() - timedelta(days=1))
    today = timezone.localdate()
    DailyReadCount.objects.create(article=first, day=today, reads=10)
    DailyReadCount.objects.create(article=page, day=today, reads=1)
    MostRead.objects.refresh()
    assert most_read(client.get(page.get_absolute_url())) == ["First", "Second"]  # never itself
    assert most_read(client.get("/")) == ["First", "The page", "Second"]
    DailyReadCount.objects.create(article=second, day=today, reads=20)
    MostRead.objects.refresh()
    caching.invalidate_keys({"most-read"})  # as readcount.flush_and_rank does after ranking
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.get_absolute_url())
        home = client.get("/")
    assert most_read(response) == ["Second", "First"]
    assert most_read(home) == ["Second", "First", "The page"]  # read, then the newest
    # Both pages were stored before; the Most Read block is made once, for both.
    assert len(queries) == 1, [q["sql"] for q in queries]


def test_the_same_block_serves_every_article_page_of_a_top_section(client):
    politics, world = section("news/politics"), section("news/world")
    one, two = ArticleFactory(section=politics), ArticleFactory(section=world)
    client.get(one.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        client.get(two.get_absolute_url())
    assert not any("LIMIT 9" in q["sql"] for q in queries)  # Read Next's block: made once


def test_an_edit_of_a_story_in_a_block_re_renders_its_item_only(client):
    """An edit leaves which stories a block holds: its item is rendered again from the
    story's card, without picking the block's stories again (``caching._refresh_items``)."""
    politics = section("news/politics")
    earlier = timezone.now() - timedelta(hours=1)
    page = ArticleFactory(section=politics, headline="The page", published_at=earlier)
    edited = ArticleFactory(section=politics, headline="Before the edit", published_at=earlier - timedelta(hours=1))
    ArticleFactory(section=politics, headline="Another story", published_at=earlier - timedelta(hours=2))
    # Its Related box is its editors' list: the edited story is on the page in Read Next only.
    linked = ArticleFactory(section=section("articles/opinion"), published_at=earlier - timedelta(days=1))
    RelatedArticle.objects.create(from_article=page, to_article=linked, position=0)
    assert read_next(client.get(page.get_absolute_url())) == ["Before the edit", "Another story"]
    edited.headline = "After the edit"
    edited.save()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.get_absolute_url())
    assert read_next(response) == ["After the edit", "Another story"]
    # The stored page; the edited story's card (one query), not the block's nine newest.
    assert not any("LIMIT 9" in q["sql"] for q in queries), [q["sql"] for q in queries]
    assert len(queries) == 1, [q["sql"] for q in queries]


def test_an_edited_story_s_item_in_a_box_of_its_own_page_is_made_from_the_page_s_row(client):
    """A story's own page holds it in a block (Read Next keeps more than it shows): after
    an edit, the page loads the story once, and its item in the block is made from that
    row (``caching.load_in_request``), not read again as a card."""
    politics = section("news/politics")
    earlier = timezone.now() - timedelta(hours=1)
    edited = ArticleFactory(section=politics, headline="Before the edit", published_at=earlier)
    for hours in (1, 2):
        ArticleFactory(section=politics, headline=f"Older {hours}", published_at=earlier - timedelta(hours=hours))
    other = ArticleFactory(section=politics, headline="Another page", published_at=earlier - timedelta(hours=3))
    client.get(edited.get_absolute_url())
    edited.headline = "After the edit"
    edited.save()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(edited.get_absolute_url())
    assert "After the edit" in response.content.decode()
    loads = [q["sql"] for q in queries if f'"articles_article"."id" = {edited.pk}' in q["sql"] or "IN (" in q["sql"]]
    reads = [sql for sql in loads if '"articles_article"."headline"' in sql]
    assert len(reads) == 1, reads  # the page's own lookup; no card query for the box item
    # The block's item was made from it: another page of the section shows the new headline.
    assert "After the edit" in read_next(client.get(other.get_absolute_url()))
