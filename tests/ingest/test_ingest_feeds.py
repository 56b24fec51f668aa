"""ingest_feeds against a live HTTP server: agencies' RSS and Atom feeds become articles
in review, once each, with conditional GET, and one broken feed never stops the others."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from articles.models import Article
from ingest import wires
from ingest.models import WireFeed, WireItem
from ingest.wires import ERROR, IMPORTED, NOT_MODIFIED, ingest_feeds
from tests.factories import ArticleFactory, section
from tests.ingest.feed_server import http_date

pytestmark = pytest.mark.django_db

RSS_GUIDS = {"agency-2026-1001", "agency-2026-1002", "https://agency.example/world/markets-steady"}


def wire_feed(url, **kwargs):
    kwargs.setdefault("source_name", "Example Agency")
    kwargs.setdefault("section", section("news/world"))
    return WireFeed.objects.create(url=url, **kwargs)


def rss_item(guid, title, link=None, body="<p>Text.</p>"):
    guid_tag = f'<guid isPermaLink="false">{guid}</guid>' if guid else ""
    link_tag = f"<link>{link}</link>" if link else ""
    return f"<item><title>{title}</title>{link_tag}{guid_tag}<description><![CDATA[{body}]]></description></item>"


def rss(*items):
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title>'
        "<link>https://agency.example/</link><description>D</description>" + "".join(items) + "</channel></rss>"
    )


def run(*feeds):
    return ingest_feeds(WireFeed.objects.filter(pk__in=[f.pk for f in feeds]) if feeds else None)


def test_each_new_rss_entry_becomes_an_article_in_review_with_source_link_and_identity(feed_server):
    feed = wire_feed(feed_server.serve("/world.rss", file="agency.rss"), default_tags="Wires, World")

    result = run()

    assert [(f.outcome, f.new, f.duplicates) for f in result.feeds] == [(IMPORTED, 3, 0)]
    articles = Article.objects.filter(external_id__startswith=f"wire:{feed.pk}:")
    assert articles.count() == 3
    assert set(articles.values_list("status", flat=True)) == {Article.Status.IN_REVIEW}
    assert not Article.objects.published().exists()
    assert set(articles.values_list("published_at", flat=True)) == {None}
    talks = Article.objects.get(headline="Ceasefire talks resume in Cairo")
    assert talks.source == "Example Agency"
    assert talks.section.path == "news/world"
    assert talks.external_id == f"wire:{feed.pk}:agency-2026-1001"
    assert sorted(talks.tags.names()) == ["Wires", "World"]
    assert talks.standfirst == "Delegations met again on Monday."
    item = talks.wire_item
    assert (item.feed, item.guid, item.link) == (
        feed,
        "agency-2026-1001",
        "https://agency.example/world/ceasefire-talks-resume",
    )
    # "+0300" kept as the instant it names.
    assert item.filed_at == datetime(2026, 11, 30, 6, 15, tzinfo=UTC)
    assert set(WireItem.objects.values_list("guid", flat=True)) == RSS_GUIDS


def test_atom_entries_are_imported_with_html_titles_as_text_and_relative_links_resolved(feed_server):
    url = feed_server.serve("/second.atom", file="agency.atom", content_type="application/atom+xml")
    feed = wire_feed(url, source_name="Second Agency")

    (report,) = run().feeds

    assert (report.outcome, report.new) == (IMPORTED, 2)
    floods = WireItem.objects.get(guid="tag:second-agency.example,2026:entry-77")
    assert floods.article.headline == "Floods close roads in the north"
    assert floods.link == feed_server.url("/stories/floods-close-roads")
    assert floods.filed_at == datetime(2026, 11, 30, 5, 30, tzinfo=UTC)  # published, not updated
    assert "<p>Rescue teams reached three villages on Monday.</p>" in floods.article.body
    assert floods.article.source == "Second Agency"
    election = WireItem.objects.get(guid="tag:second-agency.example,2026:entry-78")
    # Plain-text content: escaped, its blank line a paragraph break.
    assert election.article.body_text == "Counting continues in the capital.\nObservers reported no incidents."
    assert election.filed_at == datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
    assert election.article.external_id == f"wire:{feed.pk}:tag:second-agency.example,2026:entry-78"


def test_a_date_without_an_offset_is_newsroom_local_time(feed_server, settings):
    item = rss_item("g-1", "Local time story").replace(
        "<description>", "<pubDate>2026-07-01T10:00:00</pubDate><description>"
    )
    wire_feed(feed_server.serve("/local.rss", rss(item)))

    run()

    # Asia/Beirut is UTC+3 in July.
    assert WireItem.objects.get().filed_at == datetime(2026, 7, 1, 7, 0, tzinfo=UTC)


def test_the_second_poll_sends_the_validators_and_a_304_writes_nothing(feed_server):
    path = "/world.rss"
    feed = wire_feed(
        feed_server.serve(
            path, file="agency.rss", etag='"v1"', last_modified=http_date(datetime(2026, 11, 30, 7, tzinfo=UTC))
        )
    )
    run()
    feed.refresh_from_db()
    assert (feed.etag, feed.last_modified) == ('"v1"', "Mon, 30 Nov 2026 07:00:00 GMT")

    (report,) = run().feeds

    assert report.outcome == NOT_MODIFIED
    assert report.line() == f"Example Agency (feed {feed.pk}): not modified (304)"
    first, second = feed_server.requests_to(path)
    assert "If-None-Match" not in first and "If-Modified-Since" not in first
    assert second["If-None-Match"] == '"v1"'
    assert second["If-Modified-Since"] == "Mon, 30 Nov 2026 07:00:00 GMT"
    assert Article.objects.count() == 3 and WireItem.objects.count() == 3
    feed.refresh_from_db()
    assert feed.last_checked_at is not None and feed.last_error == ""


def test_last_modified_alone_gives_a_304_too(feed_server):
    path = "/dated.rss"
    feed = wire_feed(feed_server.serve(path, file="agency.rss", last_modified="Mon, 30 Nov 2026 07:00:00 GMT"))
    run()

    (report,) = run().feeds

    assert report.outcome == NOT_MODIFIED
    assert feed_server.requests_to(path)[1]["If-Modified-Since"] == "Mon, 30 Nov 2026 07:00:00 GMT"
    assert "If-None-Match" not in feed_server.requests_to(path)[1]
    feed.refresh_from_db()
    assert feed.etag == ""


def test_an_entry_seen_before_is_skipped_not_rewritten_even_when_the_agency_changed_it(feed_server):
    path = "/desk.rss"
    wire_feed(feed_server.serve(path, rss(rss_item("g-1", "First version", body="<p>Agency text.</p>")), etag='"1"'))
    run()
    article = Article.objects.get()
    article.headline = "Our own headline"
    article.body = "<p>An editor's rewrite.</p>"
    article.save()
    version = article.version

    changed = rss(
        rss_item("g-1", "Second version", body="<p>The agency rewrote it.</p>"), rss_item("g-2", "A new story")
    )
    feed_server.serve(path, changed, etag='"2"')
    (report,) = run().feeds

    assert (report.new, report.duplicates) == (1, 1)
    article.refresh_from_db()
    assert (article.headline, article.body, article.version) == (
        "Our own headline",
        "<p>An editor's rewrite.</p>",
        version,
    )
    assert article.status == Article.Status.IN_REVIEW
    assert set(Article.objects.values_list("headline", flat=True)) == {"Our own headline", "A new story"}


def test_an_article_with_the_wire_identity_is_never_overwritten_even_without_its_wire_item(feed_server):
    # An export round trip keeps external_id but not the wire desk's rows.
    feed = wire_feed(feed_server.serve("/kept.rss", rss(rss_item("g-1", "Agency headline"))))
    draft = ArticleFactory(
        headline="The desk's draft", external_id=f"wire:{feed.pk}:g-1", status=Article.Status.DRAFT, published_at=None
    )
    Article.objects.filter(pk=draft.pk).update(last_saved_at=timezone.now() - timedelta(hours=1))

    (report,) = run().feeds

    assert (report.new, report.duplicates, report.failed) == (0, 1, [])
    article = Article.objects.get()
    assert (article.headline, article.status) == ("The desk's draft", Article.Status.DRAFT)


def test_entries_without_a_guid_are_known_by_their_link(feed_server):
    path = "/noguid.rss"
    link = "https://agency.example/story-1"
    wire_feed(feed_server.serve(path, rss(rss_item("", "Story one", link=link)), etag='"a"'))
    run()
    # The same link with a new title and a new ETag: still the same entry.
    feed_server.serve(path, rss(rss_item("", "Story one, updated", link=link)), etag='"b"')

    (report,) = run().feeds

    assert (report.new, report.duplicates) == (0, 1)
    assert WireItem.objects.get().guid == link
    assert Article.objects.get().headline == "Story one"


def test_a_repeated_entry_within_one_feed_is_imported_once(feed_server):
    wire_feed(feed_server.serve("/twice.rss", rss(rss_item("g-1", "Once"), rss_item("g-1", "Once again"))))

    (report,) = run().feeds

    assert (report.new, report.duplicates) == (1, 1)
    assert Article.objects.count() == 1


def test_a_deleted_wire_story_is_not_imported_again(feed_server):
    path = "/spiked.rss"
    wire_feed(feed_server.serve(path, rss(rss_item("g-1", "Spiked story")), etag='"1"'))
    run()
    Article.objects.get().delete()
    feed_server.serve(path, rss(rss_item("g-1", "Spiked story")), etag='"2"')

    (report,) = run().feeds

    assert (report.new, report.duplicates) == (0, 1)
    assert not Article.objects.exists()
    assert WireItem.objects.get().article is None


def test_the_same_guid_in_two_feeds_is_two_stories(feed_server):
    first = wire_feed(feed_server.serve("/a.rss", rss(rss_item("1", "Agency A story"))), source_name="A")
    second = wire_feed(feed_server.serve("/b.rss", rss(rss_item("1", "Agency B story"))), source_name="B")

    run()

    assert set(Article.objects.values_list("external_id", "source")) == {
        (f"wire:{first.pk}:1", "A"),
        (f"wire:{second.pk}:1", "B"),
    }


def test_hostile_html_in_feed_content_is_sanitised(feed_server):
    wire_feed(feed_server.serve("/world.rss", file="agency.rss"))

    run()

    body = Article.objects.get(headline="Ceasefire talks resume in Cairo").body
    for hostile in ("<script", "document.cookie", "onclick", "onerror", "javascript:", "<iframe", "tracker.example"):
        assert hostile not in body, hostile
    assert "position:fixed" not in body.replace(" ", "")
    assert "Mediators expect a <b>second round</b> next week." in body
    assert "Read the statement" in body


def test_a_broken_feed_never_stops_the_others(feed_server, settings):
    settings.WIRE_FETCH_TIMEOUT = 1
    broken = [
        wire_feed(feed_server.serve("/500.rss", status=500), source_name="Down"),
        wire_feed(feed_server.serve("/garbage.rss", b"\x00\xffnot a feed at all <html>"), source_name="Garbage"),
        wire_feed(feed_server.serve("/slow.rss", file="agency.rss", delay=3), source_name="Slow"),
        wire_feed(feed_server.url("/missing.rss"), source_name="Gone"),
        wire_feed("http://127.0.0.1:1/closed.rss", source_name="Closed"),
    ]
    good = wire_feed(feed_server.serve("/second.atom", file="agency.atom"), source_name="Second Agency")

    result = run()

    outcomes = {f.name: (f.outcome, f.error) for f in result.feeds}
    assert outcomes["Second Agency"] == (IMPORTED, "")
    assert outcomes["Down"] == (ERROR, "HTTP 500 Internal Server Error")
    assert outcomes["Garbage"][0] == ERROR and outcomes["Garbage"][1].startswith("not an RSS or Atom feed")
    assert outcomes["Slow"] == (ERROR, "no answer within 1 s")
    assert outcomes["Gone"] == (ERROR, "HTTP 404 Not Found")
    assert outcomes["Closed"][0] == ERROR and outcomes["Closed"][1].startswith("cannot reach the feed")
    assert WireItem.objects.filter(feed=good).count() == 2
    assert not WireItem.objects.exclude(feed=good).exists()
    for feed in broken:
        feed.refresh_from_db()
        assert feed.last_error == outcomes[feed.source_name][1]
        assert feed.last_checked_at is not None and feed.etag == ""


def test_a_feed_that_works_again_clears_its_error(feed_server):
    feed = wire_feed(feed_server.serve("/flaky.rss", status=503))
    run()
    feed.refresh_from_db()
    assert feed.last_error == "HTTP 503 Service Unavailable"
    feed_server.serve("/flaky.rss", rss(rss_item("g", "Back")))

    run()

    feed.refresh_from_db()
    assert feed.last_error == "" and Article.objects.get().headline == "Back"


def test_an_unexpected_failure_in_one_feed_is_its_error_only(feed_server, monkeypatch):
    bad = wire_feed(feed_server.serve("/bad.rss", rss(rss_item("x", "Never written"))), source_name="Bad")
    wire_feed(feed_server.serve("/good.rss", rss(rss_item("y", "Written"))), source_name="Good")
    real_record = wires._record

    def failing_record(feed, entry):
        if feed.pk == bad.pk:
            raise RuntimeError("a bug")
        return real_record(feed, entry)

    monkeypatch.setattr(wires, "_record", failing_record)

    result = run()

    assert [(f.name, f.outcome) for f in result.feeds] == [("Bad", ERROR), ("Good", IMPORTED)]
    assert result.feeds[0].error == "unexpected RuntimeError: a bug"
    assert list(Article.objects.values_list("headline", flat=True)) == ["Written"]


def test_a_feed_over_the_size_cap_is_refused(feed_server, settings):
    settings.WIRE_MAX_BYTES = 500
    wire_feed(feed_server.serve("/big.rss", file="agency.rss"))

    (report,) = run().feeds

    assert report.outcome == ERROR
    assert "at most 500 are read" in report.error
    assert not Article.objects.exists()


def test_a_feed_url_that_is_not_http_is_refused(feed_server):
    feed = wire_feed("file:///etc/passwd")

    (report,) = run().feeds

    assert (report.outcome, report.error) == (ERROR, "'file:///etc/passwd' is not an http(s) address")
    assert feed.items.count() == 0


def test_entries_that_cannot_be_read_fail_alone(feed_server):
    items = rss(rss_item("", "No guid, no link"), rss_item("g-2", "", link="https://agency.example/x"))
    items = items.replace("</channel>", rss_item("g-3", "Good one") + "</channel>")
    wire_feed(feed_server.serve("/mixed.rss", items))

    (report,) = run().feeds

    assert (report.outcome, report.new) == (IMPORTED, 1)
    reasons = sorted(f.reason for f in report.failed)
    assert reasons == [
        "the entry 'g-2' has no title",
        "the entry has neither a GUID nor a link, so it cannot be told from the next one",
    ]


def test_inactive_feeds_are_not_polled(feed_server):
    wire_feed(feed_server.serve("/off.rss", file="agency.rss"), active=False)

    assert run().feeds == []
    assert feed_server.requests == []


# --- the command ---------------------------------------------------------------------------


def call(*args):
    out = StringIO()
    call_command("ingest_feeds", *args, stdout=out)
    return out.getvalue()


def test_command_prints_a_line_per_feed_and_fails_when_one_failed(feed_server):
    good = wire_feed(feed_server.serve("/world.rss", file="agency.rss", etag='"x"'))
    down = wire_feed(feed_server.serve("/down.rss", status=502), source_name="Down")

    with pytest.raises(CommandError, match="1 feed"):
        out = StringIO()
        try:
            call_command("ingest_feeds", stdout=out)
        finally:
            lines = out.getvalue().splitlines()
    assert lines == [
        f"Example Agency (feed {good.pk}): 3 new, 0 duplicates",
        f"Down (feed {down.pk}): error: HTTP 502 Bad Gateway",
        "2 feeds: 3 new, 0 duplicates, 0 not modified, 1 with errors, 0 entries failed",
    ]

    assert call("--feed", str(good.pk)).splitlines()[0] == f"Example Agency (feed {good.pk}): not modified (304)"


def test_command_watch_polls_round_after_round(feed_server, monkeypatch):
    feed = wire_feed(feed_server.serve("/w.rss", rss(rss_item("g-1", "One")), etag='"1"'))
    sleeps, reconnects = [], []
    monkeypatch.setattr(wires.time, "sleep", sleeps.append)
    # Between rounds stale connections are closed; here that would end the test's transaction.
    monkeypatch.setattr(wires, "close_old_connections", lambda: reconnects.append(len(sleeps)))

    out = call("--watch", "--interval", "7", "--rounds", "3")

    assert sleeps == [7, 7]
    assert reconnects == [1, 2]
    assert out.splitlines() == [
        f"Example Agency (feed {feed.pk}): 1 new, 0 duplicates",
        f"Example Agency (feed {feed.pk}): not modified (304)",
        f"Example Agency (feed {feed.pk}): not modified (304)",
        "1 feed: 0 new, 0 duplicates, 1 not modified, 0 with errors, 0 entries failed",
    ]


def test_command_refuses_an_unknown_feed_id(db):
    with pytest.raises(CommandError, match="no wire feed with id 999"):
        call("--feed", "999")
