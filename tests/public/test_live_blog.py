"""A live blog's public side: the page (key events, pinned, LIVE/ENDED, "Updated"), the
polled fragment (ETag, 304, cheap), LiveBlogPosting JSON-LD, its feeds, and what a new
update invalidates (its page, nothing else)."""

import html
from datetime import timedelta

import feedparser
import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, LiveUpdate
from public import caching
from public.metadata import iso
from tests.factories import ArticleFactory, jsonld, parse_html, section, warm_site_chrome
from tests.schema_org import problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog():
    return ArticleFactory(
        format=Article.Format.LIVE,
        headline="Election night, live",
        published_at=timezone.now() - timedelta(hours=3),
    )


def post(blog, minutes_ago, title="", body="<p>Counting goes on.</p>", **flags):
    return LiveUpdate.objects.create(
        article=blog, posted_at=timezone.now() - timedelta(minutes=minutes_ago), title=title, body=body, **flags
    )


def reads_as(detail):
    """What a feed reader shows for a feedparser text construct (RSS titles are HTML)."""
    return html.unescape(detail.value) if detail.type == "text/html" else detail.value


def fragment_url(blog):
    return reverse("public:live_fragment", kwargs={"pk": blog.pk})


def test_pinned_first_then_newest_first_with_key_events_listed_at_the_top(client, blog):
    post(blog, 50, "Polls close", key_event=True)
    post(blog, 40, "Turnout record", pinned=True)
    post(blog, 30, "First results", key_event=True)
    post(blog, 20, "Quiet hour")
    doc = parse_html(client.get(blog.get_absolute_url()))
    assert doc.xpath('//ol[@class="live-feed"]/li/h3/text()') == [
        "Turnout record",
        "Quiet hour",
        "First results",
        "Polls close",
    ]
    key_events = doc.xpath('//nav[@class="key-events"]//a')
    assert [a.text_content().split(" ", 1)[1] for a in key_events] == ["First results", "Polls close"]
    first_result = LiveUpdate.objects.get(title="First results")
    assert key_events[0].get("href") == f"#update-{first_result.pk}"
    assert doc.xpath(f'//li[@id="update-{first_result.pk}"]')


def test_a_deleted_update_is_not_shown(client, blog):
    post(blog, 10, "Kept")
    post(blog, 5, "Retracted", deleted_at=timezone.now())
    doc = parse_html(client.get(blog.get_absolute_url()))
    assert doc.xpath('//ol[@class="live-feed"]/li/h3/text()') == ["Kept"]


def test_the_page_says_live_while_running_and_ended_after_without_its_polling_script(client, blog):
    doc = parse_html(client.get(blog.get_absolute_url()))
    assert doc.xpath("//p[@data-live-badge]")[0].text_content().strip() == "Live"
    assert doc.xpath('//section[@data-live-state="live"]')
    assert doc.xpath('//script[contains(@src, "js/live.js")]')
    Article.objects.filter(pk=blog.pk).update(coverage_ended_at=timezone.now())
    cache.clear()
    doc = parse_html(client.get(blog.get_absolute_url()))
    assert doc.xpath("//p[@data-live-badge]")[0].text_content().strip() == "Ended"
    assert doc.xpath('//section[@data-live-state="ended"]')
    assert "Live coverage ended" in doc.xpath('//p[@class="live-ended"]')[0].text_content()
    assert not doc.xpath('//script[contains(@src, "js/live.js")]')


def test_updated_and_date_modified_move_with_the_last_update(client, blog):
    update = post(blog, 2, "Latest")
    response = client.get(blog.get_absolute_url())
    doc = parse_html(response)
    update.refresh_from_db()
    assert doc.xpath("//time[@data-live-updated]/@datetime") == [iso(update.updated_at)]
    assert jsonld(response)["LiveBlogPosting"]["dateModified"] == iso(update.updated_at)


def test_live_blog_posting_json_ld_follows_schema_org(client, blog):
    post(blog, 30, "Polls close", key_event=True)
    post(blog, 10, body="<p>Turnout is 61 percent, officials say.</p>")
    data = jsonld(client.get(blog.get_absolute_url()))
    assert "NewsArticle" not in data
    live = data["LiveBlogPosting"]
    assert problems(live) == []
    assert live["coverageStartTime"] == iso(blog.published_at)
    assert "coverageEndTime" not in live
    updates = live["liveBlogUpdate"]
    assert [u["@type"] for u in updates] == ["BlogPosting", "BlogPosting"]
    # Newest first; an untitled update is headlined by its text.
    assert [u["headline"] for u in updates] == ["Turnout is 61 percent, officials say.", "Polls close"]
    assert updates[0]["articleBody"] == "Turnout is 61 percent, officials say."
    assert updates[0]["url"].endswith(f"{blog.get_absolute_url()}#update-{LiveUpdate.objects.first().pk}")
    assert all(u["datePublished"] and u["dateModified"] for u in updates)


def test_ended_coverage_has_its_end_time_in_json_ld(client, blog):
    ended = timezone.now() - timedelta(minutes=1)
    Article.objects.filter(pk=blog.pk).update(coverage_ended_at=ended)
    live = jsonld(client.get(blog.get_absolute_url()))["LiveBlogPosting"]
    assert live["coverageEndTime"] == iso(ended)
    assert problems(live) == []


def test_the_schema_checker_catches_a_property_on_the_wrong_type():
    # The checker itself can fail: coverage times belong to LiveBlogPosting, not NewsArticle.
    assert problems({"@type": "NewsArticle", "coverageStartTime": "2026-01-01T00:00:00+02:00"})
    assert problems({"@type": "NewsArticle", "correction": {"@type": "Person", "name": "x"}})
    assert problems({"@type": "LiveBlogPosting", "coverageEndTime": "not a date"})
    assert not problems({"@type": "NewsArticle", "correction": {"@type": "CorrectionComment", "text": "x"}})


# --- the fragment ------------------------------------------------------------------


def test_the_fragment_answers_304_until_an_update_is_posted_edited_or_deleted(client, blog):
    update = post(blog, 5, "First")
    first = client.get(fragment_url(blog))
    assert first.status_code == 200
    etag = first["ETag"]
    assert f'id="update-{update.pk}"' in first.content.decode()
    assert client.get(fragment_url(blog), HTTP_IF_NONE_MATCH=etag).status_code == 304

    second = post(blog, 0, "Second")
    answer = client.get(fragment_url(blog), HTTP_IF_NONE_MATCH=etag)
    assert answer.status_code == 200 and f'id="update-{second.pk}"' in answer.content.decode()
    etag = answer["ETag"]

    update.title = "First, corrected"
    update.save()
    answer = client.get(fragment_url(blog), HTTP_IF_NONE_MATCH=etag)
    assert answer.status_code == 200 and "First, corrected" in answer.content.decode()
    etag = answer["ETag"]

    update.deleted_at = timezone.now()
    update.save()
    answer = client.get(fragment_url(blog), HTTP_IF_NONE_MATCH=etag)
    assert answer.status_code == 200 and f'id="update-{update.pk}"' not in answer.content.decode()


def test_the_fragment_says_when_coverage_ended(client, blog):
    etag = client.get(fragment_url(blog))["ETag"]
    Article.objects.filter(pk=blog.pk).update(coverage_ended_at=timezone.now())
    answer = client.get(fragment_url(blog), HTTP_IF_NONE_MATCH=etag)
    assert answer.status_code == 200
    assert 'data-live-state="ended"' in answer.content.decode()


def test_a_poll_with_nothing_new_costs_one_query(client, blog, django_assert_num_queries):
    post(blog, 5)
    etag = client.get(fragment_url(blog))["ETag"]
    with django_assert_num_queries(1):
        assert client.get(fragment_url(blog), HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_fragment_is_briefly_public_and_never_indexed(client, blog):
    response = client.get(fragment_url(blog))
    assert f"max-age={settings.LIVE_FRAGMENT_SECONDS}" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert client.post(fragment_url(blog)).status_code == 405


@pytest.mark.parametrize(
    "fields",
    [
        {"format": Article.Format.STANDARD},
        {"status": Article.Status.DRAFT, "published_at": None},
        {"published_at": timezone.now() + timedelta(days=1)},
    ],
)
def test_no_fragment_or_feed_for_anything_but_a_published_live_blog(client, fields):
    article = ArticleFactory(**{"format": Article.Format.LIVE, **fields})
    post(article, 1, "Hidden update")
    assert client.get(fragment_url(article)).status_code == 404
    assert client.get(reverse("public:live_rss", kwargs={"pk": article.pk})).status_code == 404
    assert client.get(reverse("public:live_atom", kwargs={"pk": article.pk})).status_code == 404


# --- caching -------------------------------------------------------------------------


def test_a_running_live_page_is_cached_briefly(client, blog):
    response = client.get(blog.get_absolute_url())
    assert f"max-age={settings.LIVE_PAGE_SECONDS}" in response["Cache-Control"]
    # A cache hit says the same.
    assert f"max-age={settings.LIVE_PAGE_SECONDS}" in client.get(blog.get_absolute_url())["Cache-Control"]


def test_a_new_update_reaches_the_live_page_at_once_and_leaves_the_rest_of_the_cache(
    client, blog, django_assert_num_queries
):
    other = ArticleFactory(headline="A story elsewhere")
    warm_site_chrome()
    client.get(blog.get_absolute_url())
    client.get(other.get_absolute_url())
    client.get(reverse("public:home"))
    invalidated = []
    caching.keys_invalidated.connect(lambda keys, **kw: invalidated.append(keys), weak=False, dispatch_uid="live-t")
    try:
        post(blog, 0, "Breaking: results are in")
    finally:
        caching.keys_invalidated.disconnect(dispatch_uid="live-t")

    assert invalidated == [frozenset({f"live:{blog.pk}"})]  # no site-wide invalidation
    with django_assert_num_queries(0):  # still served from the page cache
        assert client.get(reverse("public:home")).status_code == 200
        assert client.get(other.get_absolute_url()).status_code == 200
    assert "Breaking: results are in" in client.get(blog.get_absolute_url()).content.decode()


def test_a_new_update_reaches_the_live_feed_at_once(client, blog):
    feed_url = reverse("public:live_rss", kwargs={"pk": blog.pk})
    client.get(feed_url)
    post(blog, 0, "Fresh in the feed")
    assert "Fresh in the feed" in client.get(feed_url).content.decode()


# --- feeds ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_live_feed_lists_visible_updates_newest_first_with_stable_ids(client, blog, kind):
    old = post(blog, 30, "Polls close", key_event=True)
    new = post(blog, 5, body="<p>Results <b>soon</b> &amp; more.</p>")
    post(blog, 1, "Gone", deleted_at=timezone.now())
    url = reverse(f"public:live_{kind}", kwargs={"pk": blog.pk})
    parsed = feedparser.parse(client.get(url).content)
    assert not parsed.bozo, parsed.bozo_exception
    assert [reads_as(e.title_detail) for e in parsed.entries] == ["Results soon & more.", "Polls close"]
    assert parsed.entries[0].link.endswith(f"#update-{new.pk}")
    assert parsed.entries[1].id.endswith(f":liveupdate/{old.pk}") and parsed.entries[1].id.startswith("tag:")
    html = client.get(blog.get_absolute_url()).content.decode()
    assert url in html  # the page links its feeds


def test_cards_of_a_running_live_blog_say_live_and_an_ended_ones_do_not(client, blog):
    ended = ArticleFactory(format=Article.Format.LIVE, headline="Summit, as it happened")
    Article.objects.filter(pk=ended.pk).update(coverage_ended_at=timezone.now())
    doc = parse_html(client.get(reverse("public:section", kwargs={"path": "news/politics"})))
    live_cards = doc.xpath('//article[contains(@class, "card")][.//span[@class="card-live"]]//h2/a/text()')
    live_cards += doc.xpath('//article[contains(@class, "card")][.//span[@class="card-live"]]//h3/a/text()')
    assert live_cards == ["Election night, live"]


def test_a_running_live_blog_in_the_live_section_says_live_once(client):
    """Its badge says Live; its section, also named Live, is not said twice ("LIVE LIVE")."""
    ArticleFactory(format=Article.Format.LIVE, headline="Election day, live", section=section("live"))
    card = parse_html(client.get("/")).xpath('//article[contains(@class, "card")][.//span[@class="card-live"]]')[0]
    meta = " ".join(card.xpath('.//p[@class="card-meta"]//text()')).split()
    assert [word.lower() for word in meta].count("live") == 1, meta
