"""Region, tag and author listings, the authors index and the breaking archive."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from public.views import paging
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BreakingItemFactory,
    ImageFactory,
    RegionFactory,
    parse_html,
    warm_site_chrome,
)

pytestmark = pytest.mark.django_db


def headlines(response):
    return parse_html(response).xpath('//div[@class="listing-grid"]//*[contains(@class, "card-title")]/a/text()')


def test_region_page(client):
    palestine = RegionFactory(slug="palestine", name="Palestine")
    inside = ArticleFactory(headline="From Gaza")
    inside.regions.add(palestine)
    ArticleFactory(headline="Elsewhere")
    response = client.get("/region/palestine")
    assert response.status_code == 200
    assert headlines(response) == ["From Gaza"]
    assert parse_html(response).xpath("//h1/text()") == ["Palestine"]
    assert client.get("/region/atlantis").status_code == 404


def test_tag_page(client):
    tagged = ArticleFactory(headline="Tagged")
    tagged.tags.add("Bashar al-Assad")
    ArticleFactory(headline="Untagged")
    response = client.get("/tag/bashar-al-assad")
    assert headlines(response) == ["Tagged"]
    assert client.get("/tag/nothing-here").status_code == 404


def test_author_page_has_bio_photo_and_articles(client):
    author = AuthorFactory(name="Leila Haddad", bio="Covers Lebanon.", photo=ImageFactory(alt_text="Leila Haddad"))
    ArticleFactory(headline="Her story", authors=[author])
    ArticleFactory(headline="Someone else's")
    response = client.get(author.get_absolute_url())
    doc = parse_html(response)
    assert headlines(response) == ["Her story"]
    assert "Covers Lebanon." in doc.xpath('//p[@class="intro"]/text()')
    assert doc.xpath('//img[@class="author-photo"]/@alt') == ["Leila Haddad"]
    assert client.get("/author/nobody").status_code == 404


def test_authors_index_lists_authors_with_published_work(client):
    writer = AuthorFactory(name="Published Writer")
    ArticleFactory(authors=[writer])
    ArticleFactory(authors=[writer])
    ArticleFactory(authors=[AuthorFactory(name="Only Drafts")], status=Article.Status.DRAFT)
    doc = parse_html(client.get("/authors"))
    names = doc.xpath('//li[@class="author-card"]//h2/a/text()')
    assert "Published Writer" in names and "Only Drafts" not in names
    assert "2 articles" in doc.xpath('//li[@class="author-card"]')[names.index("Published Writer")].text_content()


def test_breaking_archive_newest_first_without_future_items(client):
    BreakingItemFactory(
        text="Earlier", starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    BreakingItemFactory(text="Later", starts_at=timezone.now() - timedelta(minutes=1))
    BreakingItemFactory(text="Not yet", starts_at=timezone.now() + timedelta(hours=1))
    doc = parse_html(client.get("/breaking"))
    texts = [p.text_content().strip() for p in doc.xpath('//ol[@class="breaking-archive"]/li/p')]
    assert texts == ["Later", "Earlier"]


@pytest.mark.parametrize("kind", ["region", "tag", "author"])
def test_listing_queries_do_not_grow_with_items(client, django_assert_num_queries, kind):
    region = RegionFactory(slug="mena", name="MENA")
    author = AuthorFactory()

    def make():
        article = ArticleFactory(authors=[author, AuthorFactory()])
        article.regions.add(region)
        article.tags.add("Syria", "Iran")

    url = {"region": "/region/mena", "tag": "/tag/syria", "author": author.get_absolute_url()}[kind]
    make()
    warm_site_chrome()
    # 1 the region / tag / author by slug; 2 the paginator's bounded count; 3 the page of
    # articles with section and hero image; 4 their bylines (one prefetch). The site
    # chrome (menu, regions, ticker, Most Read) comes from the warmed fragment cache.
    with django_assert_num_queries(4) as first:
        assert client.get(url).status_code == 200
    for _ in range(29):
        make()
    warm_site_chrome()
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)


def test_listing_budgets(client, django_assert_max_num_queries):
    ArticleFactory(authors=[AuthorFactory()])
    warm_site_chrome()
    for url in ("/authors", "/breaking"):
        # /authors runs 1: the authors with published work and their counts. /breaking
        # runs 2: the paginator's bounded count, the page of items with article and
        # section. The chrome comes from the warmed fragment cache.
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("kind", ["region", "tag", "author"])
def test_a_long_listing_picks_its_page_newest_first_by_the_date_index(client, monkeypatch, kind):
    # A listing whose bounded count reaches MAX_PAGES pages (here 1 page of 20) picks a
    # page's ids by walking the published-date index with an EXISTS test of its link,
    # which stops at the page's last row: the same stories in the same order as the join.
    monkeypatch.setattr(paging, "MAX_PAGES", 1)
    region = RegionFactory(slug="mena", name="MENA")
    author = AuthorFactory()
    start = timezone.now() - timedelta(days=1)
    for n in range(25):
        article = ArticleFactory(headline=f"Story {n:02d}", authors=[author], published_at=start + timedelta(minutes=n))
        article.regions.add(region)
        article.tags.add("Syria")
    ArticleFactory(headline="Story unlinked")
    ArticleFactory(headline="Story draft", status=Article.Status.DRAFT, authors=[author]).tags.add("Syria")
    url = {"region": "/region/mena", "tag": "/tag/syria", "author": author.get_absolute_url()}[kind]
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert headlines(response) == [f"Story {n:02d}" for n in range(24, 4, -1)]
    assert any("EXISTS" in q["sql"] and "LIMIT 20" in q["sql"] for q in ctx.captured_queries)
