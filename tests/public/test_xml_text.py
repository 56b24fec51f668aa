"""Feeds and sitemaps carry text as text, whatever is stored.

Bad values are written straight into the database (``QuerySet.update()`` skips save()
and the text policy), as rows stored before the policy or by another tool would be:
every feed and sitemap must still parse (feedparser with bozo 0, lxml), and a
headline reads as itself, never as markup.
"""

import html
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone
from lxml import etree
from taggit.models import Tag

from articles.models import Article, Author, Section
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

NS = {"news": "http://www.google.com/schemas/sitemap-news/0.9"}


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    etree.fromstring(response.content)  # well-formed XML, or this raises
    return response.content


def parse_feed(client, url):
    feed = feedparser.parse(fetch(client, url))
    assert feed.bozo == 0, (url, feed.get("bozo_exception"))
    return feed


def reads_as(detail):
    """What a feed reader shows for a feedparser text construct: the text itself, or the
    text of the HTML, which must be escaped text (no element in it)."""
    if detail.type == "text/html":
        assert "<" not in detail.value, detail.value
        return html.unescape(detail.value)
    return detail.value


@pytest.fixture
def tagged(client):
    author = AuthorFactory(name="Leila Haddad")
    article = ArticleFactory(headline="Talks", authors=[author])
    article.tags.add("Cairo talks")
    return article


FEEDS = ["", "/news/politics", "/tag/cairo-talks", "/author/leila-haddad"]
ALL_FEEDS = [f"/{kind}{path}" for kind in ("rss", "atom") for path in FEEDS]


@pytest.mark.parametrize("url", ALL_FEEDS)
def test_feeds_parse_whatever_control_characters_are_stored(client, tagged, url):
    # A tag and an author name pasted from office text, stored past save().
    Tag.objects.filter(name="Cairo talks").update(name="Cairo\x0btalks")
    Author.objects.filter(pk=tagged.byline_authors[0].pk).update(name="Leila\x08 Haddad")
    Article.objects.filter(pk=tagged.pk).update(headline="Talks\x0bresume\ufffe", standfirst="In\x01 Cairo\uffff")
    Section.objects.filter(path="news/politics").update(name="Poli\x1ftics")
    feed = parse_feed(client, url)
    entry = feed.entries[0]
    assert reads_as(entry.title_detail) == "Talks resume"
    assert reads_as(entry.summary_detail) == "In Cairo"
    assert entry.author == "Leila Haddad"
    assert {t.term for t in entry.tags} == {"Poli tics", "Cairo talks"}
    if url.endswith("/tag/cairo-talks"):
        assert reads_as(feed.feed.title_detail).endswith(": Cairo talks")


TEXTS = ["5 < 6 & 7 > 3", "AT&T", "&amp; stays", "&lt;svg onload=alert(1)&gt;", "Lebanon’s “parliament”"]


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize("text", TEXTS)
def test_feed_titles_and_summaries_read_as_the_text_stored(client, kind, text):
    ArticleFactory(headline=text, standfirst=text)
    entry = parse_feed(client, f"/{kind}").entries[0]
    assert reads_as(entry.title_detail) == text
    assert reads_as(entry.summary_detail) == text


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_markup_stored_in_a_plain_field_is_shipped_as_text(client, kind):
    article = ArticleFactory()
    hostile = '<svg onload=alert(1)>Talks</svg> <img src=x onerror="alert(2)">'
    Article.objects.filter(pk=article.pk).update(headline=hostile, standfirst=hostile)
    entry = parse_feed(client, f"/{kind}").entries[0]
    assert reads_as(entry.title_detail) == hostile
    assert reads_as(entry.summary_detail) == hostile


def test_sitemaps_parse_whatever_control_characters_are_stored(client, tagged):
    Article.objects.filter(pk=tagged.pk).update(
        headline="Talks\x0bresume\x08", published_at=timezone.now() - timedelta(hours=1)
    )
    Tag.objects.filter(name="Cairo talks").update(name="Cairo\x0btalks", slug="cairo\x0btalks")
    Author.objects.filter(name="Leila Haddad").update(slug="leila\x08haddad")
    Section.objects.filter(path="news/politics").update(name="Poli\x1ftics")
    news = etree.fromstring(fetch(client, "/sitemap-news.xml"))
    assert news.xpath("//news:title/text()", namespaces=NS) == ["Talks resume"]
    index = etree.fromstring(fetch(client, "/sitemap.xml"))
    for loc in index.xpath("//*[local-name()='loc']/text()"):
        fetch(client, loc.removeprefix("http://127.0.0.1:8000"))
