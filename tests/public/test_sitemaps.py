"""Sitemap index, paged article sitemaps and the Google News sitemap, parsed with lxml."""

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import etree

from articles.models import Article
from public.sitemaps import ArticleSitemap
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return etree.fromstring(response.content)


def locs(tree):
    return tree.xpath("//sm:loc/text()", namespaces=NS)


def test_index_lists_every_sitemap(client):
    ArticleFactory(authors=[AuthorFactory()]).tags.add("Syria")
    index = locs(xml(client, "/sitemap.xml"))
    for name in ("articles", "sections", "tags", "authors", "pages"):
        assert f"http://127.0.0.1:8000/sitemap-{name}.xml" in index
    for url in index:
        assert locs(xml(client, url.removeprefix("http://127.0.0.1:8000")))


def test_article_sitemap_has_lastmod_and_only_published(client):
    article = ArticleFactory(revised_at=timezone.now() - timedelta(minutes=5))
    ArticleFactory(headline="draft", status=Article.Status.DRAFT)
    tree = xml(client, "/sitemap-articles.xml")
    assert locs(tree) == ["http://127.0.0.1:8000" + article.get_absolute_url()]
    assert tree.xpath("//sm:lastmod/text()", namespaces=NS)


def test_article_sitemap_pages_at_2000():
    assert ArticleSitemap.limit == 2000


def test_other_sitemaps(client):
    ArticleFactory(authors=[AuthorFactory(name="Leila Haddad")]).tags.add("Syria")
    assert "http://127.0.0.1:8000/news/politics" in locs(xml(client, "/sitemap-sections.xml"))
    assert locs(xml(client, "/sitemap-tags.xml")) == ["http://127.0.0.1:8000/tag/syria"]
    assert locs(xml(client, "/sitemap-authors.xml")) == ["http://127.0.0.1:8000/author/leila-haddad"]
    assert set(locs(xml(client, "/sitemap-pages.xml"))) == {
        "http://127.0.0.1:8000/about-us",
        "http://127.0.0.1:8000/contact-us",
        "http://127.0.0.1:8000/privacy-policy",
    }


def test_news_sitemap_has_the_last_48_hours(client, settings):
    fresh = ArticleFactory(headline="Fresh & new", published_at=timezone.now() - timedelta(hours=3))
    ArticleFactory(headline="Old", published_at=timezone.now() - timedelta(hours=49))
    ArticleFactory(headline="Draft", status=Article.Status.DRAFT)
    tree = xml(client, "/sitemap-news.xml")
    assert locs(tree) == ["http://127.0.0.1:8000" + fresh.get_absolute_url()]
    assert tree.xpath("//news:publication/news:name/text()", namespaces=NS) == [settings.SITE_NAME]
    assert tree.xpath("//news:publication/news:language/text()", namespaces=NS) == ["en"]
    assert tree.xpath("//news:title/text()", namespaces=NS) == ["Fresh & new"]
    date = tree.xpath("//news:publication_date/text()", namespaces=NS)[0]
    assert date == timezone.localtime(fresh.published_at).isoformat(timespec="seconds")
    assert date[-6:] in ("+02:00", "+03:00")


def test_article_sitemap_is_paged_in_the_index(client, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    for _ in range(5):
        ArticleFactory()
    index = locs(xml(client, "/sitemap.xml"))
    assert "http://127.0.0.1:8000/sitemap-articles.xml?p=3" in index
    assert len(locs(xml(client, "/sitemap-articles.xml?p=3"))) == 1
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
    assert client.get("/sitemap-articles.xml?p=abc").status_code == 404


@pytest.mark.parametrize("latest", ["an update", "a first publication", "nothing revised"])
def test_article_sitemap_latest_lastmod_is_the_latest_of_revised_or_published(latest, django_assert_max_num_queries):
    # MAX(COALESCE(revised_at, published_at)) over the published, read from two indexes.
    now = timezone.now()
    revised = ArticleFactory(published_at=now - timedelta(days=3), revised_at=now - timedelta(hours=2))
    fresh = ArticleFactory(published_at=now - timedelta(hours=1 if latest == "a first publication" else 5))
    ArticleFactory(status=Article.Status.DRAFT, published_at=now - timedelta(minutes=1), revised_at=now)
    ArticleFactory(published_at=now + timedelta(hours=1), revised_at=now + timedelta(hours=1))  # scheduled
    if latest == "nothing revised":
        Article.objects.filter(pk=revised.pk).update(revised_at=None)
    expected = {
        "an update": now - timedelta(hours=2),
        "a first publication": fresh.published_at,
        "nothing revised": fresh.published_at,
    }[latest]
    with django_assert_max_num_queries(2):
        assert ArticleSitemap().get_latest_lastmod() == expected
