"""When an article page says it was published (and last updated).

Sources, most trusted first: the article's JSON-LD ``datePublished``; the ``<meta>``
conventions (``article:published_time``, ``og:article:published_time``,
``article:published``, ``pubdate``, ``datePublished``, ``DC.date.issued``, ``date``...);
``itemprop="datePublished"`` elements; a ``<time datetime>`` near the headline; the
dateline printed on the page ("Published 7:07 PM EST Nov 19, 2019").

Placeholders (``0001-01-01``, the Unix epoch) are never taken. A time without a zone
takes the zone the page declares for that same time elsewhere (a second copy with an
offset, or the zone printed in its dateline: "11:42, UK", "1:28 AM ET"); only when the
page declares none is ``--tz`` assumed, and the record carries a note saying so.
"""

import re
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil import parser as dateparser

from ingest.formats.html_meta import first_meta, ld_text, squash
from ingest.records import ImportFailure
from ingest.times import instant

PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "pubdate",
    "og:pubdate",
    "publishdate",
    "publish-date",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "date",
    "dc.date",
    "dcterms.date",
)
MODIFIED_META = (
    "article:modified_time",
    "og:article:modified_time",
    "article:modified",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
)
# Zone names news pages print after a time. Ambiguous abbreviations (IST, AMT, CST of
# China...) are left out on purpose: a wrong zone is worse than the assumed one.
ZONES = {
    "GMT": "UTC",
    "UTC": "UTC",
    "UK": "Europe/London",
    "BST": "Europe/London",
    "ET": "America/New_York",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "CT": "America/Chicago",
    "CDT": "America/Chicago",
    "MT": "America/Denver",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "PT": "America/Los_Angeles",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "CET": "Europe/Paris",
    "CEST": "Europe/Paris",
    "HKT": "Asia/Hong_Kong",
    "JST": "Asia/Tokyo",
    "SGT": "Asia/Singapore",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
}
_ZONE_WORD = re.compile(r"(?<![\w-])(" + "|".join(sorted(ZONES, key=len, reverse=True)) + r")(?![\w-])")
# dateutil reads "GMT+0300" the POSIX way (as UTC-3); an explicit offset means what it says.
_GMT_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*([+-]\d{2}:?\d{2})\b")
_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?=[\s\d,.]|$)", re.I)
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_YEAR_COLON = re.compile(r"\b((?:19|20)\d{2}):\s")
_CLOCK = re.compile(r"(?<!\d)\d{1,2}[:.h]\d{2}(?!\d)")
_DATE_ONLY = re.compile(r"^\d{4}-?\d{2}-?\d{2}$")
# A printed line about a later change, not the publication.
_UPDATE_WORDS = re.compile(r"^\s*(?:updated?|last (?:updated|modified)|modified|mis à jour|actualizado)\b", re.I)
_DATE_CLASS = re.compile(r"date|time|publish|posted|dateline|stamp|byline|meta|info", re.I)
EARLIEST = datetime(1970, 1, 2, tzinfo=UTC)  # before this a date is a placeholder (0001-01-01, the epoch)


@dataclass
class Found:
    """One date a page declares: where, the value as written, and what it means."""

    source: str
    raw: str
    value: datetime | None = None  # naive when the page gave no zone
    day_only: bool = False
    zone: object = None  # the zone named next to it ("UK", "ET"), if any


@dataclass
class PageDates:
    published: datetime | None = None
    updated: datetime | None = None
    notes: list = field(default_factory=list)


def _parse(raw, dayfirst=False):
    """(datetime or None, day_only, zone named in the text). Raises ValueError when unreadable."""
    text = squash(raw)
    if not text:
        return None, False, None
    if _DATE_ONLY.match(text):
        return datetime.strptime(text.replace("-", ""), "%Y%m%d"), True, None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")), not _CLOCK.search(text), None
    except ValueError:
        pass
    zone = None
    named = _ZONE_WORD.search(text)
    if named:
        zone = ZoneInfo(ZONES[named.group(1)])
        text = _ZONE_WORD.sub(" ", text)
    text = _GMT_OFFSET.sub(r" \1", text)
    text = _YEAR_COLON.sub(r"\1 ", text)  # "February 1, 2016: 1:28 AM"
    if not _YEAR.search(text):
        raise ValueError(text)
    with warnings.catch_warnings():
        # An unknown zone name ("AMT") leaves the time naive: the page's zone is decided later.
        warnings.simplefilter("ignore", dateparser.UnknownTimezoneWarning)
        parsed = dateparser.parse(text, fuzzy=True, dayfirst=dayfirst, default=datetime(1900, 1, 1))
    if parsed.year == 1900:
        raise ValueError(text)
    if zone is not None and parsed.tzinfo is not None and parsed.utcoffset() == timedelta(0):
        parsed = parsed.replace(tzinfo=None)  # "GMT" was stripped above; the named zone decides
    return parsed, not _CLOCK.search(text), zone


def _found(source, raw, dayfirst=False):
    item = Found(source, squash(raw))
    try:
        item.value, item.day_only, item.zone = _parse(raw, dayfirst)
    except (ValueError, OverflowError):
        item.value = None
    return item


def _is_placeholder(value):
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware < EARLIEST


def _elements_after(doc, anchor):
    """Elements in page order, from ``anchor`` on (the whole page when there is none)."""
    started = anchor is None
    for el in doc.iter():
        if el is anchor:
            started = True
        if started:
            yield el


def datelines(doc, anchor, limit=2000, dayfirst=False):
    """Dates printed on the page (innermost short text holding a date, in an element named
    for dates or a ``<time>``): those after the headline first, then those before it (a
    dateline above the headline), lines about an update last."""
    after, before, updates = [], [], []
    seen_anchor, n_after = anchor is None, 0
    for el in doc.iter():
        if el is anchor:
            seen_anchor = True
        if seen_anchor:
            n_after += 1
            if n_after > limit:
                break
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "a", "option", "nav", "footer"):
            continue
        text = squash(el.text_content())
        if not text or len(text) > 120 or not _YEAR.search(text):
            continue
        if not (_MONTH.search(text) or _NUMERIC_DATE.search(text)):
            continue
        if any(squash(child.text_content()) == text for child in el if isinstance(child.tag, str)):
            continue  # the same text in a child: take the innermost element
        if el.tag != "time" and not _DATE_CLASS.search(f"{el.get('class', '')} {el.get('id', '')}"):
            continue
        item = _found(f"<{el.tag}> text", text, dayfirst)
        if item.value is not None:
            (updates if _UPDATE_WORDS.match(text) else after if seen_anchor else before).append(item)
    return after + before[::-1] + updates


def _time_elements(doc, anchor):
    """``<time datetime>`` values: ones marked as the publication first, then those after the headline."""
    marked, after = [], []
    for el in doc.xpath("//time[@datetime]"):
        label = f"{el.get('class', '')} {el.get('itemprop', '')}".lower()
        if "modif" in label or "updat" in label or _UPDATE_WORDS.match(el.text_content() or ""):
            continue
        if el.get("pubdate") is not None or "publish" in label:
            marked.append(_found("<time pubdate>", el.get("datetime")))
    for el in _elements_after(doc, anchor):
        if el.tag == "time" and el.get("datetime") and not _UPDATE_WORDS.match(el.text_content() or ""):
            after.append(_found("<time datetime>", el.get("datetime")))
            break
    return marked + after


def _candidates(doc, node, meta, anchor, *, modified=False, dayfirst=False):
    if modified:
        found = [_found("JSON-LD dateModified", ld_text(node.get("dateModified")))]
        found += [_found(key, first_meta(meta, key)) for key in MODIFIED_META]
        return [f for f in found if f.raw]
    found = [_found("JSON-LD datePublished", ld_text(node.get("datePublished")))]
    found += [_found(key, first_meta(meta, key)) for key in PUBLISHED_META]
    for el in doc.xpath("//*[@itemprop='datePublished'][not(self::meta)]")[:1]:
        found.append(_found("itemprop=datePublished", el.get("content") or el.get("datetime") or el.text_content()))
    found += _time_elements(doc, anchor)
    found += datelines(doc, anchor, dayfirst=dayfirst)
    return [f for f in found if f.raw]


def _localise(item, others, printed, tz, notes, label):
    """``item.value`` made aware: its own offset, else the zone the page gives that same time.
    Wall-clock times are read by ``ingest.times.instant`` (daylight-saving rule)."""
    value = item.value
    if value.tzinfo is not None:
        return value
    if item.zone is not None:
        return instant(value, item.zone, label)
    wall = value.replace(second=0, microsecond=0)
    for other in others:
        zoned = other.value is not None and other.value.tzinfo is not None and not other.day_only
        if zoned and other.value.replace(tzinfo=None, second=0, microsecond=0) == wall:
            return value.replace(tzinfo=other.value.tzinfo)
    zones = [p.zone for p in printed if p.zone is not None]
    if zones:
        return instant(value, zones[0], label)
    notes.append(f"{label} {item.raw!r} names no time zone; assumed {tz}")
    return instant(value, tz, label)


def _pick(found, others, printed, tz, notes, label):
    """The first usable date of ``found`` (placeholders skipped), made aware; None if none.

    A bare day is kept only when no source gives a time on that same day."""
    errors = []
    usable = []
    for item in found:
        if item.value is None:
            errors.append(item)
        elif _is_placeholder(item.value):
            notes.append(f"{label}: placeholder {item.raw!r} ({item.source}) ignored")
        else:
            usable.append(item)
    if not usable:
        if errors:
            raise ImportFailure(f"unparseable {label} {errors[0].raw[:60]!r}")
        return None, None
    chosen = usable[0]
    if chosen.day_only:
        for item in usable[1:]:
            if not item.day_only and item.value.date() == chosen.value.date():
                chosen = item
                break
    return _localise(chosen, others, printed, tz, notes, label), chosen


def page_dates(doc, node, meta, anchor, tz):
    """PageDates for the page: publication and update instants (aware), and notes.

    ``anchor`` is the headline element (dates printed after it belong to the story).
    Raises ImportFailure when the page's only publication dates are unreadable.
    """
    result = PageDates()
    # "02/10/2020" is 2 October on a page in British English (or French...), 10 February in American.
    lang = (doc.get("lang") or doc.get("xml:lang") or "").lower()
    dayfirst = lang not in ("", "en", "en-us")
    published_found = _candidates(doc, node, meta, anchor, dayfirst=dayfirst)
    modified_found = _candidates(doc, node, meta, anchor, modified=True)
    everything = published_found + modified_found
    printed = datelines(doc, anchor, dayfirst=dayfirst)
    result.published, chosen = _pick(published_found, everything, printed, tz, result.notes, "publication date")
    try:
        result.updated, _ = _pick(modified_found, everything, printed, tz, [], "modification date")
    except ImportFailure:
        result.updated = None  # an unreadable update time costs nothing: the page is still dated
    if result.published and result.updated and result.updated < result.published - timedelta(minutes=1):
        # The page contradicts itself (updated before published). The time it shows
        # readers decides which of the two is the publication.
        shown = [f for f in _time_elements(doc, anchor) + printed if f.value is not None and not f.day_only]
        if shown:
            seen = _localise(shown[0], everything, printed, tz, [], "shown date")
            if abs(seen - result.updated) < abs(seen - result.published):
                result.published = result.updated
        result.updated = None
    if result.updated is not None and abs(result.updated - result.published) < timedelta(minutes=1):
        result.updated = None  # pages repeat the publication time when nothing was updated
    return result
