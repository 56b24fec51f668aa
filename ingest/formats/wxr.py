"""WordPress exports (WXR 1.0, 1.1, 1.2: RSS 2.0 with the ``wp:`` namespace), streamed.

A WXR file can be hundreds of megabytes, so it is read with ``lxml.etree.iterparse``
and every element is cleared once used: memory stays flat in the file's size
(``bench/wxr_stream`` measures it). The file is read twice:

1. **check and index**: the whole file is parsed before anything is yielded, so a
   malformed file (broken XML, no or a wrong ``wp:wxr_version``, not RSS) is refused
   with its reason and nothing of it is written. The pass also keeps what items refer
   to across the file, none of it the size of the content: authors, categories and
   tags of the channel, and an on-disk index (SQLite, temporary) of attachments
   (featured images) and of the page tree (page paths).
2. **records**: authors, tags, then one record per item, in file order.

What becomes what (the rules WordPress's own importer follows, unless said):

- ``post`` -> ArticleRecord. Status ``publish`` -> published; ``pending`` -> in review;
  ``draft``, ``future`` (scheduled) and ``private`` -> draft, never published: a private
  post was for the old site's logged-in users, and a scheduled one waits for an editor
  to schedule it here (its date is kept). A password-protected post is a draft too (we
  have no passwords on articles). ``trash`` and ``auto-draft`` are left out, with a note.
- dates: ``wp:post_date_gmt`` (UTC) wins; a draft's "0000-00-00 00:00:00" falls back
  to ``wp:post_date`` (a wall-clock time in ``--tz``), then to RSS ``pubDate``. A
  published post without any date is imported as a draft (WordPress would use "now").
- categories -> the section (``--map-category SLUG=PATH``: the first of the post's
  categories that is mapped; else ``--section``); unmapped categories are reported.
  ``post_tag`` terms -> tags; the ``post_format`` term "video" -> the video format.
- ``wp:post_name`` is the slug (percent-decoded); the old permalink (``<link>``) becomes
  a redirect to the article once it is published. The excerpt is the standfirst; the
  content goes through ``wordpress_content.to_html`` (paragraphs, captions, embeds).
- ``_thumbnail_id`` -> the hero image: the attachment's file under ``--media-dir``
  (its ``_wp_attached_file`` path, or the URL's path), or downloaded (``--fetch-media``,
  from the hosts of the export's attachments and site only). The body's ``<img>`` files
  are found the same way and stored with the article, the body pointing at our copies;
  those not found are reported (the text policy drops images of foreign hosts).
- ``page`` -> PageRecord: the flatpage at the page's path, where the site has one
  (``--map-page SLUG=URL`` to aim elsewhere); the loader reports the rest.
- ``attachment`` items feed the hero images; menus, revisions, custom post types and
  comments are not content of ours: counted in a note.

Identity: the site (``wp:base_site_url``, else the channel's link or title) and the
item's ``wp:post_id``; re-importing the same file changes nothing.
"""

import html
import re
import shutil
import sqlite3
import tempfile
import unicodedata
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.utils.text import slugify
from lxml import etree

from articles.slugs import is_url_segment
from articles.text_policy import html_to_text
from ingest.formats import wordpress_content
from ingest.records import (
    ArticleRecord,
    AuthorRecord,
    Failure,
    ImageRecord,
    ImportFailure,
    NoteRecord,
    PageRecord,
    TagRecord,
)
from ingest.times import instant

WXR_NS = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/$")
EXCERPT_NS = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/$")
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
# WordPress's importer takes any "major.minor" (WXR_Parser: preg_match('/^\d+\.\d+$/')).
VERSION = re.compile(r"^\d+\.\d+$")
# libxml2 calls a namespace name with non-ASCII letters "not a valid URI" (an IRI, which
# Namespaces in XML 1.1 allows). It is a warning, not a well-formedness error: accepted.
TOLERATED_ERRORS = {"WAR_NS_URI"}

STATUSES = {"publish": "published", "pending": "in_review", "draft": "draft", "future": "draft", "private": "draft"}
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}
ZERO_DATE = "0000-00-00 00:00:00"
FETCH_TIMEOUT = 30  # seconds per attachment download
MAX_BODY_IMAGES = 50  # a post's own images; more is a gallery we do not rebuild
_IMG_OPEN = re.compile(r"<img\b", re.IGNORECASE)


def _img_tags(body):
    """Each ``<img ...>`` start tag of ``body`` (str), in order: ``re.findall(r"<img\\b[^>]*>")``
    in time linear in ``body``. That pattern searched to the end from each "<img" of a
    text without ">" (8 s for 200 KB); here the scan stops at the first tag left open."""
    pos = 0
    while opened := _IMG_OPEN.search(body, pos):
        end = body.find(">", opened.end())
        if end == -1:
            return
        yield body[opened.start() : end + 1]
        pos = end + 1


def _attribute(tag, name):
    """The raw (still escaped) value of attribute ``name`` in an HTML start tag, or ""."""
    found = re.search(rf"""\s{name}\s*=\s*(?:"([^"]*)"|'([^']*)')""", tag, re.IGNORECASE)
    return (found.group(1) if found.group(1) is not None else found.group(2)) if found else ""


@dataclass
class WXROptions:
    """What an operator tells the WXR reader (``import_articles`` options).

    ``category_map``: category slug or name (casefolded) -> section path;
    ``page_map``: page path ("about" or "about/team") -> flatpage URL ("/about-us/");
    ``media_dir``: the old site's uploads folder (``wp-content/uploads``); when None, an
    ``uploads`` or ``wp-content/uploads`` folder beside the file is used if there is one;
    ``fetch_media``: download attachments that are not on disk into ``fetch_dir`` (a
    folder that must outlive the run's records: ``import_paths`` makes and removes it).
    """

    category_map: dict = field(default_factory=dict)
    page_map: dict = field(default_factory=dict)
    media_dir: Path | None = None
    fetch_media: bool = False
    fetch_dir: Path | None = None
    default_section: str = ""


def looks_like_wxr(head):
    """True when ``head`` (the first bytes of a file) is a WordPress export."""
    return b"<rss" in head and b"wordpress.org/export/" in head


# --- reading elements ------------------------------------------------------------------


def _kind(tag):
    """(namespace kind, local name) of an element tag: kind is "wp", "excerpt", "content",
    "dc", "" (no namespace) or None (a namespace that is none of WXR's)."""
    if not isinstance(tag, str):
        return None, ""
    if tag[0] != "{":
        return "", tag
    ns, local = tag[1:].split("}", 1)
    if WXR_NS.match(ns):
        return "wp", local
    if EXCERPT_NS.match(ns):
        return "excerpt", local
    if ns == CONTENT_NS:
        return "content", local
    if ns == DC_NS:
        return "dc", local
    return None, local


def _text(el):
    return (el.text or "").strip() if el is not None else ""


@dataclass
class _Item:
    """The fields of one ``<item>``, read once: ``fields[(kind, local)]`` is the first
    element's text, ``terms`` the ``<category>`` elements, ``meta`` the postmeta."""

    fields: dict
    terms: list  # (domain, nicename, name)
    meta: dict
    line: int

    def get(self, kind, local):
        return self.fields.get((kind, local), "")


def _read_item(el):
    fields, terms, meta = {}, [], {}
    for child in el:
        kind, local = _kind(child.tag)
        if kind is None:
            continue
        if kind == "" and local == "category":
            terms.append((child.get("domain", ""), unquote(child.get("nicename", "")), (child.text or "").strip()))
        elif kind == "wp" and local == "postmeta":
            key = value = None
            for m in child:
                m_kind, m_local = _kind(m.tag)
                if m_kind == "wp" and m_local == "meta_key":
                    key = _text(m)
                elif m_kind == "wp" and m_local == "meta_value":
                    value = m.text or ""
            if key and key not in meta:
                meta[key] = value or ""
        elif (kind, local) not in fields:
            # Content keeps its whitespace (blank lines are paragraphs); the rest is trimmed.
            fields[(kind, local)] = (child.text or "") if local == "encoded" else (child.text or "").strip()
    return _Item(fields, terms, meta, el.sourceline or 0)


def _channel_record(el):
    """{local name: text} of a channel-level wp:author / wp:category / wp:tag / wp:term."""
    out = {}
    for child in el:
        kind, local = _kind(child.tag)
        if kind == "wp" and local not in out:
            out[local] = _text(child)
    return out


def _iterparse(path):
    # recover=True only so that the tolerated namespace warning does not stop the parse;
    # every other error is read from the error log and refuses the file (_check_errors).
    return etree.iterparse(
        str(path),
        events=("start", "end"),
        recover=True,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )


def _check_errors(parser):
    for error in parser.error_log:
        if error.type_name not in TOLERATED_ERRORS:
            raise ImportFailure(f"not well-formed XML: {error.message} (line {error.line}, column {error.column})")


def _walk(path):
    """Each child element of ``<channel>`` (an item, an author, ...), complete, in file
    order; cleared with its earlier siblings after the caller's turn, so memory holds one
    item at a time. Raises ImportFailure for broken XML or a document that is not RSS."""
    parser = _iterparse(path)
    depth = 0
    try:
        for event, el in parser:
            if event == "start":
                if depth == 0 and _kind(el.tag) != ("", "rss"):
                    raise ImportFailure(f"not a WordPress export: the document is <{_kind(el.tag)[1]}>, not <rss>")
                depth += 1
                continue
            depth -= 1
            if depth == 2:
                _check_errors(parser)  # stop at the first error, before using what follows it
                yield el
                el.clear(keep_tail=False)
                parent = el.getparent()
                # Drop the cleared siblings too, or the channel keeps one empty element per item.
                while el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:  # what recovery cannot get past (e.g. an empty file)
        raise ImportFailure(f"not well-formed XML: {exc}") from None
    _check_errors(parser)


# --- pass 1: check and index -----------------------------------------------------------


class _Index:
    """What items refer to across the file, gathered in the first pass."""

    def __init__(self):
        self.version = ""
        self.site = {}  # base_site_url, link, title of the channel: the site's identity
        self.authors = {}  # login -> wp:author fields
        self.categories = {}  # slug -> name
        self.tags = {}  # slug -> name
        self.items = Counter()  # (post_type, status) -> count
        # Attachments and pages can be as many as the posts: kept on disk, not in memory.
        self.db = sqlite3.connect("")  # "": a private temporary database on disk
        self.db.execute("CREATE TABLE attachment (id TEXT PRIMARY KEY, url TEXT, file TEXT, alt TEXT, caption TEXT)")
        self.db.execute("CREATE TABLE page (id TEXT PRIMARY KEY, slug TEXT, parent TEXT)")
        self.db.execute("CREATE TABLE fetched (url TEXT PRIMARY KEY, path TEXT)")
        self.media_hosts = set()  # hosts of the attachments' URLs and the site: where --fetch-media may go
        self.pending = {"attachment": [], "page": []}

    def add(self, table, row):
        rows = self.pending[table]
        rows.append(row)
        if len(rows) >= 1000:
            self.flush()

    def flush(self):
        for table, rows in self.pending.items():
            if rows:
                marks = ",".join("?" * len(rows[0]))
                self.db.executemany(f"INSERT OR IGNORE INTO {table} VALUES ({marks})", rows)  # noqa: S608 -- fixed names
                rows.clear()

    def attachment(self, post_id):
        return self.db.execute("SELECT url, file, alt, caption FROM attachment WHERE id = ?", (post_id,)).fetchone()

    def page_path(self, post_id, slug):
        """ "parent/child" from the page tree (at most 20 levels; a loop stops there)."""
        parts, seen = [slug], {post_id}
        parent = self.db.execute("SELECT parent FROM page WHERE id = ?", (post_id,)).fetchone()
        parent = parent[0] if parent else ""
        while parent and parent != "0" and parent not in seen and len(parts) < 20:
            seen.add(parent)
            row = self.db.execute("SELECT slug, parent FROM page WHERE id = ?", (parent,)).fetchone()
            if row is None:
                break
            parts.insert(0, row[0])
            parent = row[1]
        return "/".join(parts)


def _index(path):
    index = _Index()
    for el in _walk(path):
        kind, local = _kind(el.tag)
        if kind == "wp" and local == "wxr_version":
            index.version = _text(el)
        elif (kind == "wp" and local == "base_site_url") or (kind == "" and local in ("link", "title")):
            index.site[local] = index.site.get(local) or _text(el)
        elif kind == "wp" and local == "author":
            fields = _channel_record(el)
            login = fields.get("author_login", "")
            if login and login not in index.authors:
                index.authors[login] = fields
        elif kind == "wp" and local in ("category", "tag", "term"):
            fields = _channel_record(el)
            taxonomy = {"category": "category", "tag": "post_tag"}.get(local) or fields.get("term_taxonomy", "")
            slug = unquote(fields.get("category_nicename") or fields.get("tag_slug") or fields.get("term_slug", ""))
            name = fields.get("cat_name") or fields.get("tag_name") or fields.get("term_name", "")
            target = {"category": index.categories, "post_tag": index.tags}.get(taxonomy)
            if target is not None and slug and slug not in target:
                target[slug] = name or slug
        elif kind == "" and local == "item":
            item = _read_item(el)
            post_type, status = item.get("wp", "post_type"), item.get("wp", "status")
            index.items[(post_type, status)] += 1
            post_id = item.get("wp", "post_id")
            if post_type == "attachment" and post_id:
                row = (
                    post_id,
                    item.get("wp", "attachment_url"),
                    item.meta.get("_wp_attached_file", ""),
                    item.meta.get("_wp_attachment_image_alt", "") or item.get("", "title"),
                    html_to_text(item.get("excerpt", "encoded"), one_line=True),
                )
                index.add("attachment", row)
                if urlsplit(row[1]).hostname:
                    index.media_hosts.add(urlsplit(row[1]).hostname)
            elif post_type == "page" and post_id:
                index.add("page", (post_id, _slug(item.get("wp", "post_name")), item.get("wp", "post_parent")))
    index.flush()
    for key in ("base_site_url", "link"):
        if urlsplit(index.site.get(key, "")).hostname:
            index.media_hosts.add(urlsplit(index.site[key]).hostname)
    if not index.version:
        raise ImportFailure("not a WordPress export (WXR): no <wp:wxr_version> in the WordPress namespace")
    if not VERSION.match(index.version):
        raise ImportFailure(f"not a WordPress export (WXR): invalid version {index.version[:20]!r} in <wp:wxr_version>")
    return index


# --- pass 2: records --------------------------------------------------------------------


def _slug(value):
    """A WordPress slug as ours: percent-decoded, without invisible format characters
    (bidi overrides spoof what a reader sees), or "" when that is no URL segment."""
    value = unquote(value or "").strip()
    value = "".join(ch for ch in value if unicodedata.category(ch) not in ("Cf", "Cc"))
    return value if is_url_segment(value) and len(value) <= 255 else ""


def _old_path(link):
    """The path of an old permalink ("/2012/01/05/hello-world/"), or "" for none worth a
    redirect: "?p=1" permalinks (a query, not a path) and the site's home."""
    parts = urlsplit((link or "").strip())
    path = re.sub(r"/{2,}", "/", parts.path)
    return path if path.strip("/") and not parts.query else ""


def _date(item, tz, origin):
    gmt = item.get("wp", "post_date_gmt")
    if gmt and gmt != ZERO_DATE:
        try:
            return datetime.strptime(gmt, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        except ValueError:
            raise ImportFailure(f"unreadable wp:post_date_gmt {gmt[:30]!r}") from None
    local = item.get("wp", "post_date")
    if local and local != ZERO_DATE:
        try:
            return instant(datetime.strptime(local, "%Y-%m-%d %H:%M:%S"), tz, "wp:post_date")
        except ValueError:
            raise ImportFailure(f"unreadable wp:post_date {local[:30]!r}") from None
    pub = item.get("", "pubDate")
    if pub:
        try:
            return parsedate_to_datetime(pub).astimezone(UTC)
        except (TypeError, ValueError):
            pass
    return None


class _Reader:
    """Pass 2: turns each item into a record, with the index of pass 1."""

    def __init__(self, path, origin, tz, options, index):
        self.path, self.origin, self.tz, self.options, self.index = path, origin, tz, options, index
        self.unmapped = Counter()  # category slug -> posts that named it
        self.media_dir = options.media_dir or next(
            (d for d in (path.parent / "uploads", path.parent / "wp-content" / "uploads") if d.is_dir()), None
        )
        self.category_map = {k.casefold(): v for k, v in options.category_map.items()}
        site = index.site.get("base_site_url") or index.site.get("link") or ""
        self.site_url = site.rstrip("/") + "/" if site.startswith(("http://", "https://")) else ""

    def author_name(self, login):
        fields = self.index.authors.get(login, {})
        return fields.get("author_display_name") or login

    def section(self, item):
        section, unmapped = "", []
        for domain, slug, name in item.terms:
            if domain != "category":
                continue
            path = self.category_map.get(slug.casefold()) or self.category_map.get(name.casefold())
            if not path:
                unmapped.append(slug)
                self.unmapped[slug] += 1
            section = section or path
        return section, unmapped

    def hero(self, item, record):
        thumb = item.meta.get("_thumbnail_id", "").strip()
        if not thumb:
            return None
        row = self.index.attachment(thumb)
        if row is None:
            record.notes.append(f"featured image {thumb} is not an attachment in this file; imported without it")
            return None
        url, attached_file, alt, caption = row
        path = self.local_file(url, attached_file)
        if path is None and self.options.fetch_media and url:
            path = self.fetch(url, record)
        if path is None:
            where = "give --media-dir (the old site's wp-content/uploads) or --fetch-media"
            record.notes.append(f"featured image {url or attached_file} not found; imported without it ({where})")
            return None
        return ImageRecord(path=path, alt=alt, caption=caption)

    def local_file(self, url, attached_file):
        if self.media_dir is None:
            return None
        candidates = [attached_file] if attached_file else []
        url_path = unquote(urlsplit(url).path)
        if "/uploads/" in url_path:
            candidates.append(url_path.split("/uploads/", 1)[1])
        candidates.append(url_path.lstrip("/"))
        for candidate in candidates:
            pure = PurePosixPath(candidate)
            if candidate and not pure.is_absolute() and ".." not in pure.parts:
                path = self.media_dir / pure
                if path.is_file():
                    return path
        return None

    def fetch(self, url, record, what="featured image"):
        """Download ``url`` (http/https, at most IMAGE_MAX_BYTES) into the fetch folder;
        the file's path, or None with a note. Each address is fetched once per run (the
        index remembers it on disk, so a big export's downloads take no memory)."""
        done = self.index.db.execute("SELECT path FROM fetched WHERE url = ?", (url,)).fetchone()
        if done:
            return Path(done[0]) if done[0] else None
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or self.options.fetch_dir is None:
            record.notes.append(f"{what} {url[:120]} cannot be fetched (not an http(s) address)")
            return None
        count = self.index.db.execute("SELECT count(*) FROM fetched").fetchone()[0]
        target = self.options.fetch_dir / f"{count}-{PurePosixPath(unquote(parts.path)).name or 'image'}"
        try:
            # http(s) only, checked above; the operator asked for the download (--fetch-media).
            with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as response, open(target, "wb") as out:  # noqa: S310
                copied = 0
                while block := response.read(1 << 16):
                    copied += len(block)
                    if copied > settings.IMAGE_MAX_BYTES:
                        raise OSError("larger than IMAGE_MAX_BYTES")
                    out.write(block)
        except OSError as exc:
            target.unlink(missing_ok=True)
            record.notes.append(f"{what} {url[:120]} could not be downloaded ({exc}); imported without it")
            target = None
        self.index.db.execute("INSERT INTO fetched VALUES (?, ?)", (url, str(target) if target else ""))
        return target

    def body_images(self, body, record):
        """{src as written in ``body``: ImageRecord} for the body's images found under the
        media folder or, with --fetch-media, downloaded from the old site's hosts (never
        from other hosts: the content of an export must not make us fetch anything)."""
        found, missing = {}, 0
        for tag in _img_tags(body):
            src = _attribute(tag, "src")
            if not src or src in found:
                continue
            url = urljoin(self.site_url, html.unescape(src))
            plain = urlsplit(url)._replace(query="", fragment="").geturl()  # "x.jpg?w=604" is x.jpg
            path = self.local_file(plain, "")
            if path is None and self.options.fetch_media and urlsplit(url).hostname in self.index.media_hosts:
                path = self.fetch(plain, record, "image")
            if path is None:
                missing += 1
                continue
            alt = html_to_text(html.unescape(_attribute(tag, "alt")), one_line=True)
            found[src] = ImageRecord(path=path, alt=alt)
            if len(found) >= MAX_BODY_IMAGES:
                break
        if missing:
            record.notes.append(
                f"{missing} image(s) in the text not found under the media folder"
                + ("" if self.options.fetch_media else " (give --media-dir or --fetch-media)")
                + "; the text policy keeps only images of our own or allowed hosts"
            )
        return found

    def identity(self, item):
        """The site and ``wp:post_id``: unique in a site, unlike ``<guid>`` (the theme unit
        test reuses one guid for two posts). The guid when an item has no id."""
        post_id = item.get("wp", "post_id")
        site = self.index.site
        site_id = site.get("base_site_url") or site.get("link") or site.get("title") or ""
        if post_id and site_id:
            return f"wxr:{site_id}:{post_id}"
        return item.get("", "guid") or f"wxr:{site_id or self.origin}:{post_id}"

    def article(self, item, where):
        status_wp = item.get("wp", "status") or "publish"
        if status_wp not in STATUSES:
            return NoteRecord(where, f"post with status {status_wp!r} left out")
        record = ArticleRecord(origin=where, fallback_section=self.options.default_section)
        record.external_id = self.identity(item)
        record.status = STATUSES[status_wp]
        if status_wp in ("future", "private"):
            why = "scheduled" if status_wp == "future" else "private"
            record.notes.append(f"{why} in WordPress: imported as a draft, not published")
        if item.get("wp", "post_password"):
            record.status = "draft"
            record.notes.append("password-protected in WordPress: imported as a draft, not published")
        record.never_publish = record.status != "published"
        record.published_at = _date(item, self.tz, where)
        if record.status == "published" and record.published_at is None:
            # WordPress would stamp it with the time of the import: a date nobody chose.
            record.status, record.never_publish = "draft", True
            record.notes.append("published in WordPress but the export gives no date: imported as a draft")
        body = wordpress_content.to_html(item.get("content", "encoded"))
        record.body_html = body
        record.headline = html_to_text(item.get("", "title"), one_line=True)
        if not record.headline:
            # WordPress allows untitled posts; we do not: the first words of the text stand in.
            words = html_to_text(body, one_line=True).split()
            record.headline = " ".join(words[:12]) or item.get("wp", "post_name").replace("-", " ").capitalize()
            record.notes.append(f"untitled in WordPress: headline {record.headline[:60]!r} taken from the text")
        record.standfirst = html_to_text(item.get("excerpt", "encoded"), one_line=True)
        record.slug = _slug(item.get("wp", "post_name"))
        if item.get("wp", "post_name") and not record.slug:
            record.notes.append("its WordPress slug is no usable URL segment; a slug is made from the headline")
        creator = item.get("dc", "creator")
        record.authors = [self.author_name(creator)] if creator else []
        record.tags = [name for domain, _, name in item.terms if domain == "post_tag" and name]
        formats = [slug for domain, slug, _ in item.terms if domain == "post_format"]
        if "post-format-video" in formats:
            urls = re.findall(r"https?://[^\s\"'<>\]]+", body)
            video = next((u for u in urls if wordpress_content.is_video_url(u)), "")
            if video:
                record.format, record.video_url = "video", video[:200]
        record.section, unmapped = self.section(item)
        if not record.section and not self.options.default_section:
            names = ", ".join(unmapped) or "none"
            return Failure(
                where,
                f"no section: its categories ({names}) are not mapped; give --map-category SLUG=PATH or --section PATH",
            )
        old = _old_path(item.get("", "link"))
        if old and record.status == "published":
            record.old_paths = [old]
        record.hero_image = self.hero(item, record)
        record.body_images = self.body_images(body, record)
        for src, image in record.body_images.items():
            if record.hero_image and image.path == record.hero_image.path:
                # One file, one Image row: its alt text and caption are the hero's (the
                # body's <img> keeps its own alt attribute).
                record.body_images[src] = record.hero_image
        return record

    def page(self, item, where):
        status_wp = item.get("wp", "status") or "publish"
        slug = _slug(item.get("wp", "post_name")) or slugify(item.get("", "title"))
        path = self.index.page_path(item.get("wp", "post_id"), slug) if item.get("wp", "post_id") else slug
        target = self.options.page_map.get(path) or self.options.page_map.get(slug) or f"/{path}/"
        return PageRecord(
            origin=where,
            url="/" + target.strip("/") + "/",
            title=html_to_text(item.get("", "title"), one_line=True),
            content_html=wordpress_content.to_html(item.get("content", "encoded")),
            status=STATUSES.get(status_wp, status_wp),
        )

    def records(self):
        for login, fields in self.index.authors.items():
            name = fields.get("author_display_name") or login
            email = fields.get("author_email", "")
            yield AuthorRecord(origin=f"{self.origin}: author {login}", name=name, slug=slugify(login), email=email)
        for slug, name in self.index.tags.items():
            yield TagRecord(origin=f"{self.origin}: tag {slug}", name=html_to_text(name, one_line=True), slug=slug)
        skipped = Counter()
        for el in _walk(self.path):
            if _kind(el.tag) != ("", "item"):
                continue
            item = _read_item(el)
            where = f"{self.origin}:{item.line}"
            post_type = item.get("wp", "post_type")
            try:
                if post_type == "post":
                    yield self.article(item, where)
                elif post_type == "page":
                    yield self.page(item, where)
                elif post_type == "attachment":
                    continue  # read through the posts that use them (pass 1's index)
                elif not post_type:
                    yield Failure(where, "item without a <wp:post_type> in the WordPress namespace", "item")
                else:
                    skipped[post_type] += 1
            except ImportFailure as exc:
                yield Failure(where, str(exc), "article" if post_type == "post" else post_type)
        for post_type, n in sorted(skipped.items()):
            yield NoteRecord(self.origin, f"{n} item(s) of type {post_type!r} left out (not articles or pages)")
        if self.unmapped:
            listed = ", ".join(f"{slug} ({n})" for slug, n in sorted(self.unmapped.items()))
            where = f"--section {self.options.default_section}" if self.options.default_section else "nowhere"
            yield NoteRecord(
                self.origin,
                f"categories not mapped to a section, with their posts ({where} when none of a post's is): {listed}; "
                "give --map-category SLUG=PATH to place them",
            )


def parse_file(path, origin, *, tz, options=None):
    """Records of the WXR file at ``path`` (a Path): AuthorRecords, TagRecords, then an
    ArticleRecord, PageRecord, NoteRecord or Failure per item. A file that is not
    well-formed XML or not WXR gives one Failure (kind "file") and nothing else: it is
    read to its end before the first record."""
    options = options or WXROptions()
    try:
        index = _index(path)
    except ImportFailure as exc:
        yield Failure(origin, str(exc), "file")
        return
    try:
        for key in options.category_map:
            if key.casefold() not in {k.casefold() for k in index.categories} and key.casefold() not in {
                v.casefold() for v in index.categories.values()
            }:
                yield NoteRecord(origin, f"--map-category {key}: the file has no category {key!r}")
        yield from _Reader(path, origin, tz, options, index).records()
    except ImportFailure as exc:  # the file changed between the passes
        yield Failure(origin, str(exc), "file")
    finally:
        index.db.close()


def parse_stream(stream, origin, *, tz, options=None):
    """Records of a WXR document read from ``stream`` (binary; standard input): spooled
    to a temporary file first, since the reader passes over it twice."""
    with tempfile.TemporaryDirectory(prefix="wxr-") as folder:
        path = Path(folder) / "stdin.xml"
        with open(path, "wb") as out:
            shutil.copyfileobj(stream, out, 1 << 20)
        yield from parse_file(path, origin, tz=tz, options=options)
