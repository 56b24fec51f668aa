"""Agency feeds (RSS 2.0, Atom 1.0 and their older kin) → wire entries, read by feedparser.

Each entry becomes a ``WireEntry``: its wire identity (the GUID or Atom id; the link
when it has neither), its original link, when the agency filed it, and the article
text. Feed content is hostile HTML: feedparser's own sanitiser is turned off so that
one policy decides what a body may hold (``articles.text_policy``, applied when the
article is saved), not two that disagree. Knows nothing about the database.
"""

import hashlib
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import feedparser
from dateutil import parser as dateutil_parser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.html import escape
from django.utils.text import Truncator

from articles.text_policy import html_to_text
from ingest.records import Failure, ImportFailure
from ingest.times import instant

HTML_TYPES = {"text/html", "application/xhtml+xml"}
HEADLINE_MAX = 300  # Article.headline
IDENTITY_MAX = 480  # WireItem.guid and Article.external_id (500) with its "wire:<feed>:" prefix
_http_url = URLValidator(schemes=["http", "https"])


@dataclass
class WireEntry:
    """One feed entry as the wire desk takes it. ``filed_at`` is aware (UTC) or None;
    ``body_html`` is as the agency sent it (sanitised when the article is saved)."""

    guid: str
    link: str
    headline: str
    standfirst: str = ""
    body_html: str = ""
    filed_at: datetime | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class ParsedFeed:
    """A feed's title and its entries in the feed's order, each a WireEntry or a Failure."""

    title: str
    entries: list


def parse_feed(data, *, content_type="", base_url="", tz=None):
    """Read ``data`` (the feed's bytes) into a ParsedFeed.

    ``content_type`` (the response header) helps find the encoding; ``base_url``
    resolves relative links; ``tz`` is the zone of dates without an offset. Raises
    ImportFailure when ``data`` is not an RSS or Atom feed at all; an entry that
    cannot be read is a Failure in ``entries`` and the others still come through.
    """
    parsed = feedparser.parse(
        io.BytesIO(data),
        response_headers={"content-type": content_type or "application/xml", "content-location": base_url},
        sanitize_html=False,
        resolve_relative_uris=True,
    )
    if not parsed.get("version"):
        # feedparser reads nearly anything; no version means it found no feed in it.
        reason = parsed.get("bozo_exception") or "no <rss>, <feed> or <rdf:RDF> element"
        raise ImportFailure(f"not an RSS or Atom feed ({str(reason)[:200]})")
    entries = []
    for number, entry in enumerate(parsed.entries, 1):
        try:
            entries.append(_entry(entry, tz))
        except ImportFailure as exc:
            entries.append(Failure(f"entry {number}", str(exc)))
    return ParsedFeed(title=html_to_text(parsed.feed.get("title", ""), one_line=True), entries=entries)


def _entry(entry, tz):
    link = (entry.get("link") or "").strip()
    notes = []
    if link:
        try:
            _http_url(link)
        except ValidationError:
            notes.append(f"link {link[:80]!r} is not an http(s) address; not kept")
            link = ""
    guid = (entry.get("id") or "").strip() or link
    if not guid:
        raise ImportFailure("the entry has neither a GUID nor a link, so it cannot be told from the next one")
    if len(guid) > IDENTITY_MAX:
        guid = "sha256:" + hashlib.sha256(guid.encode()).hexdigest()
    headline = _text(entry, "title")
    if not headline:
        raise ImportFailure(f"the entry {guid[:80]!r} has no title")
    if len(headline) > HEADLINE_MAX:
        notes.append(f"headline shortened from {len(headline)} characters")
        headline = Truncator(headline).chars(HEADLINE_MAX)
    content = _content(entry.get("content") or [])
    summary = _html(entry.get("summary_detail"), entry.get("summary", ""))
    if content:
        body, standfirst = content, html_to_text(summary, one_line=True)
        if standfirst and html_to_text(content, one_line=True).startswith(standfirst):
            standfirst = ""  # a summary that only repeats the body's start is no standfirst
    else:
        body, standfirst = summary, ""
    return WireEntry(
        guid=guid,
        link=link,
        headline=headline,
        standfirst=standfirst,
        body_html=body,
        filed_at=_filed_at(entry, tz),
        notes=notes,
    )


def _text(entry, key):
    """A text construct (title) as one line of text, whether the feed sent text or HTML."""
    detail = entry.get(f"{key}_detail") or {}
    value = entry.get(key, "") or ""
    if detail.get("type") in HTML_TYPES:
        return html_to_text(value, one_line=True)
    return " ".join(value.split())


def _html(detail, value):
    """A text construct as HTML: plain text is escaped, its blank lines made paragraphs."""
    if not value:
        return ""
    if (detail or {}).get("type", "text/html") in HTML_TYPES:
        return value
    return "".join(f"<p>{escape(part.strip())}</p>" for part in value.split("\n\n") if part.strip())


def _content(contents):
    """The richest of an entry's content elements (Atom content, RSS content:encoded)."""
    best = ""
    for item in contents:
        html = _html(item, item.get("value", ""))
        if len(html) > len(best):
            best = html
    return best


def _filed_at(entry, tz):
    """When the agency published (else last updated) the entry, as an aware UTC datetime.

    The feed's own text is read first, so an offset it gives is kept and a date without
    one is a local time in ``tz`` (``ingest.times``); feedparser's parsed value (always
    UTC) is the fallback for the many date styles feeds invent.
    """
    for key in ("published", "updated", "created"):
        raw = (entry.get(key) or "").strip()
        if not raw:
            continue
        value = _parse_date(raw)
        if value is None and entry.get(f"{key}_parsed"):
            value = datetime(*entry[f"{key}_parsed"][:6], tzinfo=UTC)
        if value is not None:
            return instant(value, tz, key)
    return None


def _parse_date(raw):
    """An RFC 822 date (RSS) or an ISO 8601 / W3C date (Atom); None when neither."""
    try:
        value = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        pass
    else:
        # "-0000" is UTC with no word on the sender's zone (RFC 5322, 3.3); Python leaves it naive.
        return value.replace(tzinfo=UTC) if value.tzinfo is None and raw.endswith("-0000") else value
    try:
        return dateutil_parser.isoparse(raw)
    except (ValueError, OverflowError):
        return None
