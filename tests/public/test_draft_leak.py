"""The draft-leak sweep: a draft, a scheduled and a published article share section,
tag, author and region; only the published one may appear on any public surface."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, BreakingItem, DailyReadCount, RelatedArticle
from tests.factories import ArticleFactory, AuthorFactory, RegionFactory

pytestmark = pytest.mark.django_db

SURFACES = [
    "/",
    "/news",
    "/news/politics",
    "/region/palestine",
    "/tag/leaktest",
    "/author/{author}",
    "/authors",
    "/search?q=leaktest",
    "/search?q=headline",
    "/search?tag=leaktest",
    "/breaking",
    "/rss",
    "/atom",
    "/rss/news/politics",
    "/atom/news",
    "/rss/tag/leaktest",
    "/atom/author/{author}",
    "/sitemap-articles.xml",
    "/sitemap-news.xml",
    "/sitemap-tags.xml",
    "{published}",
]


@pytest.fixture
def trio():
    author = AuthorFactory(name="Shared Author")
    region = RegionFactory(slug="palestine", name="Palestine")
    made = {}
    for name, status, when in [
        ("published", Article.Status.PUBLISHED, timezone.now() - timedelta(hours=1)),
        ("draft", Article.Status.DRAFT, timezone.now() - timedelta(hours=1)),
        ("scheduled", Article.Status.PUBLISHED, timezone.now() + timedelta(days=1)),
        ("unpublished", Article.Status.UNPUBLISHED, timezone.now() - timedelta(hours=2)),
    ]:
        article = ArticleFactory(
            headline=f"Leaktest {name} headline",
            slug=f"leaktest-{name}",
            status=status,
            published_at=when,
            authors=[author],
            home_position=1 if name != "published" else None,
        )
        article.tags.add("leaktest")
        article.regions.add(region)
        # Hidden articles are the most read, the related links and on the ticker: still invisible.
        DailyReadCount.objects.create(
            article=article, day=timezone.localdate(), reads=1000 if name != "published" else 1
        )
        made[name] = article
    for name in ("draft", "scheduled", "unpublished"):
        RelatedArticle.objects.create(from_article=made["published"], to_article=made[name], position=0)
        BreakingItem.objects.create(text=f"Ticker about {name}", article=made[name])
    return made, author


def test_only_the_published_article_appears_anywhere(client, trio):
    made, author = trio
    published = made["published"]
    for template in SURFACES:
        url = template.format(author=author.slug, published=published.get_absolute_url())
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for hidden in ("draft", "scheduled", "unpublished"):
            assert f"Leaktest {hidden} headline" not in body, (hidden, url)
            assert f"leaktest-{hidden}" not in body, (hidden, url)
    assert "Leaktest published headline" in client.get("/").content.decode()
    assert "Leaktest published headline" in client.get("/search?q=leaktest").content.decode()


def test_hidden_articles_answer_404(client, trio):
    made, _ = trio
    for name in ("draft", "scheduled", "unpublished"):
        assert client.get(made[name].get_absolute_url()).status_code == 404


def test_ticker_links_to_hidden_articles_are_not_shown(client, trio):
    body = client.get("/").content.decode()
    assert "Ticker about draft" in body  # the line itself is public text…
    assert "leaktest-draft" not in body  # …but never links to the draft


@pytest.mark.parametrize(
    "status, hours",
    [(Article.Status.DRAFT, -1), (Article.Status.PUBLISHED, 24), (Article.Status.UNPUBLISHED, -2)],
    ids=["draft", "scheduled", "unpublished"],
)
def test_tags_and_authors_of_hidden_articles_have_no_page_feed_or_sitemap_entry(client, status, hours):
    """Their names alone can leak a story (a tag "Minister X resigns" on a scheduled
    scoop): they stay 404 until a published article uses them."""
    author = AuthorFactory(name="Scoop Reporter")
    article = ArticleFactory(status=status, published_at=timezone.now() + timedelta(hours=hours), authors=[author])
    article.tags.add("Minister Resigns")
    hidden = [
        "/tag/minister-resigns",
        "/rss/tag/minister-resigns",
        "/atom/tag/minister-resigns",
        f"/author/{author.slug}",
        f"/rss/author/{author.slug}",
        f"/atom/author/{author.slug}",
    ]
    for url in hidden:
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"Minister Resigns" not in response.content and b"Scoop Reporter" not in response.content, url
    for url in ("/sitemap-tags.xml", "/sitemap-authors.xml", "/authors"):
        body = client.get(url).content.decode()
        assert "minister-resigns" not in body and author.slug not in body, url

    # The first published story that uses them opens every one of those doors.
    ArticleFactory(authors=[author]).tags.add("Minister Resigns")
    for url in hidden:
        assert client.get(url).status_code == 200, url
    assert "minister-resigns" in client.get("/sitemap-tags.xml").content.decode()
    assert author.slug in client.get("/sitemap-authors.xml").content.decode()
