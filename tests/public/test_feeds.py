"""RSS 2.0 and Atom feeds, parsed with feedparser."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, section

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, (url, feed.get("bozo_exception"))
    return feed


@pytest.fixture
def article():
    author = AuthorFactory(name="Leila Haddad")
    article = ArticleFactory(headline="Talks in Moscow", authors=[author], hero_image=ImageFactory())
    article.tags.add("Syria", "Russia")
    return article


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_latest_feed_items(client, article, kind):
    feed = parse(client, f"/{kind}")
    assert feed.version == ("rss20" if kind == "rss" else "atom10")
    entry = feed.entries[0]
    url = "http://127.0.0.1:8000" + article.get_absolute_url()
    assert entry.title == "Talks in Moscow"
    assert entry.link == url
    day = article.published_at.astimezone(UTC).date().isoformat()
    assert entry.id == f"tag:127.0.0.1,{day}:article/{article.pk}"
    assert entry.author == "Leila Haddad"
    assert {t.term for t in entry.tags} == {"Politics", "Syria", "Russia"}
    assert entry.published_parsed or entry.updated_parsed
    if kind == "rss":
        enclosure = entry.enclosures[0]
        assert enclosure.href.startswith("http://127.0.0.1:8000/media/renditions/")
        assert int(enclosure.length) > 0 and enclosure.type == "image/webp"


def test_feeds_per_section_tag_and_author(client, article):
    ArticleFactory(headline="Economy news", section=section("news/economy"))
    author = article.byline_authors[0]
    for kind in ("rss", "atom"):
        assert [e.title for e in parse(client, f"/{kind}/news/politics").entries] == ["Talks in Moscow"]
        assert {e.title for e in parse(client, f"/{kind}/news").entries} == {"Talks in Moscow", "Economy news"}
        assert [e.title for e in parse(client, f"/{kind}/tag/syria").entries] == ["Talks in Moscow"]
        assert [e.title for e in parse(client, f"/{kind}/author/{author.slug}").entries] == ["Talks in Moscow"]
    for missing in ("/rss/nowhere", "/rss/tag/nothing", "/rss/author/nobody", "/atom/nowhere"):
        assert client.get(missing).status_code == 404


def test_feed_has_thirty_newest_published_items(client):
    for i in range(35):
        ArticleFactory(headline=f"Story {i}", published_at=timezone.now() - timedelta(minutes=i))
    ArticleFactory(headline="Draft", status=Article.Status.DRAFT)
    ArticleFactory(headline="Scheduled", published_at=timezone.now() + timedelta(hours=1))
    entries = parse(client, "/rss").entries
    assert len(entries) == 30
    assert entries[0].title == "Story 0"
    assert not {"Draft", "Scheduled"} & {e.title for e in entries}


def test_an_item_keeps_its_identity_when_the_story_is_corrected_or_moved(client, article):
    """Fixing a slug, moving the story or correcting its time must not republish it in
    feed readers: the identity is a tag URI (RFC 4151), not the URL."""
    before = {kind: parse(client, f"/{kind}").entries[0].id for kind in ("rss", "atom")}
    day = article.published_at.astimezone(UTC).date().isoformat()
    assert before["rss"] == before["atom"] == f"tag:127.0.0.1,{day}:article/{article.pk}"
    article.slug = "talks-in-moscow-corrected"
    article.section = section("news/economy")
    article.published_at = datetime(2019, 1, 2, 3, 4, tzinfo=UTC)
    article.save()
    for kind in ("rss", "atom"):
        entry = parse(client, f"/{kind}").entries[0]
        assert entry.link.endswith("/news/economy/talks-in-moscow-corrected")
        assert entry.id == before[kind]


def test_rss_guid_is_not_a_permalink(client, article):
    body = client.get("/rss").content.decode()
    assert '<guid isPermaLink="false">tag:127.0.0.1,' in body
