"""Wire intake: every active agency feed (``WireFeed``) polled, each new entry an article
in review for the desk. The entry point of ``ingest_feeds``.

The rules, each kept here once:

- **never published by itself**: every wire article is written with status "in review";
  publishing is an editor's act in the admin;
- **never twice, never over an editor's work**: an entry is known by its wire identity
  (GUID, else link) per feed (``WireItem``, unique per feed) and by its article's
  ``external_id`` ("wire:<feed id>:<identity>"); a known entry is a duplicate and is
  skipped, not re-written (the loader runs with ``create_only``), even when the agency
  changed its text or the article was deleted;
- **conditional GET**: the feed's ETag and Last-Modified are sent back; a 304 costs nothing
  more; they are stored only once the entries of the full answer are written;
- **one feed at a time**: a feed that fails (no answer, 4xx/5xx, not a feed, a bug) is
  recorded on the feed (``last_error``) and reported, and the next feed goes on;
- one transaction per feed, the feed's row locked, so two runs at once cannot both take
  the same entry.
"""

import logging
import time
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from articles.models import Article
from ingest.fetch import FetchError, fetch
from ingest.formats.wires import WireEntry, parse_feed
from ingest.loader import ImportOptions, Loader
from ingest.models import WireFeed, WireItem
from ingest.records import ArticleRecord, Failure, ImportFailure

logger = logging.getLogger(__name__)

IMPORTED, NOT_MODIFIED, ERROR = "imported", "not modified", "error"


@dataclass
class FeedReport:
    """What one poll of one feed did: ``outcome`` is IMPORTED (a full answer was read),
    NOT_MODIFIED (304) or ERROR (``error`` says why); ``failed`` lists the entries
    that could not be imported (Failure: origin, reason)."""

    feed_id: int
    name: str
    outcome: str
    new: int = 0
    duplicates: int = 0
    failed: list = field(default_factory=list)
    error: str = ""

    def line(self):
        """One line for the operator: "Reuters (feed 3): 2 new, 5 duplicates"."""
        head = f"{self.name} (feed {self.feed_id}): "
        if self.outcome == NOT_MODIFIED:
            return head + "not modified (304)"
        if self.outcome == ERROR:
            return head + f"error: {self.error}"
        text = head + f"{self.new} new, {self.duplicates} duplicate{'s' if self.duplicates != 1 else ''}"
        return text + (f", {len(self.failed)} failed" if self.failed else "")


@dataclass
class IntakeResult:
    """One run over the feeds: a FeedReport per feed, in the order they were polled."""

    feeds: list = field(default_factory=list)

    new = property(lambda self: sum(f.new for f in self.feeds))
    duplicates = property(lambda self: sum(f.duplicates for f in self.feeds))
    errors = property(lambda self: [f for f in self.feeds if f.outcome == ERROR])
    failed_entries = property(lambda self: sum(len(f.failed) for f in self.feeds))

    def summary(self):
        """One line: feeds polled, new, duplicates, not modified, errors, failed entries."""
        not_modified = sum(1 for f in self.feeds if f.outcome == NOT_MODIFIED)
        return (
            f"{len(self.feeds)} feed{'s' if len(self.feeds) != 1 else ''}: {self.new} new, "
            f"{self.duplicates} duplicates, {not_modified} not modified, {len(self.errors)} with errors, "
            f"{self.failed_entries} entries failed"
        )


def ingest_feeds(feeds=None, *, tz=None, report=None):
    """Poll ``feeds`` (a WireFeed queryset; default: every active feed) one after the
    other and return an IntakeResult. ``report(FeedReport)`` hears of each feed as it
    is done. Never raises for a feed's failure: that is its FeedReport's ERROR."""
    feeds = WireFeed.objects.filter(active=True) if feeds is None else feeds
    tz = tz or ZoneInfo(settings.TIME_ZONE)
    result = IntakeResult()
    for feed in feeds.select_related("section").order_by("pk"):
        feed_report = ingest_feed(feed, tz=tz)
        result.feeds.append(feed_report)
        if report:
            report(feed_report)
    return result


def watch(interval, *, feeds=None, rounds=None, tz=None, report=None, sleep=None):
    """Run ``ingest_feeds`` every ``interval`` seconds, ``rounds`` times (None: until
    stopped). ``feeds`` is re-read each round, so feeds switched on or off in the admin
    count from the next round. Returns the IntakeResult of the last round."""
    done, result = 0, IntakeResult()
    while rounds is None or done < rounds:
        if done:
            (sleep or time.sleep)(interval)
            # A process that lives for days must not keep a connection the server dropped.
            close_old_connections()
        result = ingest_feeds(feeds.all() if feeds is not None else None, tz=tz, report=report)
        done += 1
    return result


def ingest_feed(feed, *, tz=None):
    """Poll one ``feed`` (a WireFeed) and write its new entries; return its FeedReport."""
    tz = tz or ZoneInfo(settings.TIME_ZONE)
    try:
        fetched = fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        if fetched.status == 304:
            _checked(feed, error="")
            return FeedReport(feed.pk, feed.source_name, NOT_MODIFIED)
        parsed = parse_feed(fetched.body, content_type=fetched.content_type, base_url=fetched.url, tz=tz)
        return _write(feed, parsed.entries, fetched, tz)
    except (FetchError, ImportFailure) as exc:
        error = str(exc)
    except Exception as exc:  # a bug or a database failure: this feed's error, not the run's end
        logger.exception("wire feed %s (%s) failed", feed.pk, feed.url)
        error = f"unexpected {type(exc).__name__}: {exc}"[:500]
    _checked(feed, error=error)
    return FeedReport(feed.pk, feed.source_name, ERROR, error=error)


def _checked(feed, *, error):
    """Note the poll's time and error (if any) on the feed, outside any failed transaction."""
    feed.last_checked_at, feed.last_error = timezone.now(), error
    WireFeed.objects.filter(pk=feed.pk).update(last_checked_at=feed.last_checked_at, last_error=error)


def wire_identity(feed, guid):
    """The article's ``external_id`` of the entry ``guid`` of ``feed``: namespaced per
    feed, since two agencies may both number their entries from 1."""
    return f"wire:{feed.pk}:{guid}"


def _write(feed, entries, fetched, tz):
    """Write the new entries of one full answer, then the feed's validators, in one
    transaction with the feed's row locked."""
    report = FeedReport(feed.pk, feed.source_name, IMPORTED)
    with transaction.atomic():
        feed = WireFeed.objects.select_for_update().select_related("section").get(pk=feed.pk)
        new = _new_entries(feed, entries, report)
        records = {wire_identity(feed, entry.guid): _record(feed, entry) for entry in new}
        outcomes = {}
        loader = Loader(
            ImportOptions(status=Article.Status.IN_REVIEW, create_only=True, tz=tz),
            report=lambda kind, action, origin, label, reason=None: outcomes.__setitem__(origin, (action, reason)),
        )
        loader.load(list(records.values()))
        loader.finish()
        articles = dict(Article.objects.filter(external_id__in=records).values_list("external_id", "pk"))
        fetched_at = timezone.now()
        items = []
        for entry in new:
            identity = wire_identity(feed, entry.guid)
            action, reason = outcomes.get(records[identity].origin, ("failed", "not written"))
            if action == "created":
                report.new += 1
                items.append(
                    WireItem(
                        feed=feed,
                        guid=entry.guid,
                        link=entry.link,
                        filed_at=entry.filed_at,
                        fetched_at=fetched_at,
                        article_id=articles[identity],
                    )
                )
            elif action == "unchanged":  # an article of that identity exists already
                report.duplicates += 1
            else:
                report.failed.append(Failure(records[identity].origin, reason or action))
        WireItem.objects.bulk_create(items)
        feed.etag, feed.last_modified = fetched.etag[:500], fetched.last_modified[:100]
        feed.last_checked_at, feed.last_error = fetched_at, ""
        feed.save(update_fields=["etag", "last_modified", "last_checked_at", "last_error"])
    return report


def _new_entries(feed, entries, report):
    """The WireEntries not seen before (by this feed, or earlier in this answer), oldest
    first so the newest story gets the newest id; entries that could not be read go to
    ``report.failed`` and known ones count as duplicates."""
    readable = []
    for entry in entries:
        if isinstance(entry, WireEntry):
            readable.append(entry)
        else:
            report.failed.append(Failure(f"{feed.url} {entry.origin}", entry.reason))
    known = set(WireItem.objects.filter(feed=feed, guid__in=[e.guid for e in readable]).values_list("guid", flat=True))
    new = []
    for entry in reversed(readable):  # feeds list the newest entry first
        if entry.guid in known:
            report.duplicates += 1
            continue
        known.add(entry.guid)
        new.append(entry)
    return new


def _record(feed, entry):
    """The ArticleRecord of a new entry: filed in the feed's section, with its source
    line, default tags and wire identity; no publication time (the editor's to set)."""
    return ArticleRecord(
        origin=f"{feed.url} entry {entry.guid}",
        headline=entry.headline,
        standfirst=entry.standfirst,
        body_html=entry.body_html,
        external_id=wire_identity(feed, entry.guid),
        section=feed.section.path,
        source=feed.source_name,
        tags=feed.tag_names(),
        status=Article.Status.IN_REVIEW,
        notes=entry.notes,
    )
