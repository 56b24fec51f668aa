"""The one writer of imported records: validates them and upserts them, one atomic block each.

Every format parser hands its records here, so the rules live once:

- identity: ``Article.external_id`` (the source URL, our own export's id, or a stable
  key from section + headline + publication time);
- change detection: ``Article.import_hash``, a hash of the normalised record, compared
  before any other work, so an unchanged article costs one shared query per chunk;
- atomicity: each record is written inside its own savepoint; records are committed
  in chunks, so an interrupted run loses at most the open chunk and never half an
  article; re-running completes the job;
- lookups of sections, authors, tags and regions are cached for the run (the caches
  grow with the vocabulary, not with the number of articles).
"""

import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import DatabaseError, transaction
from django.db.models import Count
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from articles.images import validate_image_file
from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    BreakingItem,
    GalleryItem,
    Image,
    LiveUpdate,
    Region,
    RelatedArticle,
    Section,
    TaggedArticle,
)
from articles.text_policy import html_to_text
from ingest.records import (
    ArticleRecord,
    AuthorRecord,
    BreakingRecord,
    Failure,
    ImportFailure,
    RegionRecord,
    SectionRecord,
    TagRecord,
)

CHUNK_SIZE = 200
# Forward references (a related article later in the same run) are retried at the end;
# beyond this many the rest wait for the next run, which retries them anyway.
MAX_PENDING_LINKS = 10_000
ACTIONS = ("created", "updated", "unchanged", "failed")


@dataclass
class ImportOptions:
    default_section: str = ""  # --section: for records whose section is missing or unknown
    source: str = ""  # --source: source line for records that carry none
    status: str = ""  # --status: overrides the records' status
    dry_run: bool = False
    tz: object = None  # zone of naive dates in the sources (parsers use it)


@dataclass
class ImportResult:
    """What a run did: counts per kind and action, the failures with their reasons."""

    counts: dict = field(default_factory=lambda: {})
    failures: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    dry_run: bool = False
    seconds: float = 0.0

    def add(self, kind, action):
        self.counts.setdefault(kind, Counter())[action] += 1

    def total(self, action):
        return sum(c[action] for c in self.counts.values())

    created = property(lambda self: self.total("created"))
    updated = property(lambda self: self.total("updated"))
    unchanged = property(lambda self: self.total("unchanged"))
    failed = property(lambda self: self.total("failed"))

    def summary(self):
        """One line: created / updated / unchanged / failed, then the split by kind."""
        totals = ", ".join(f"{self.total(a)} {a}" for a in ACTIONS)
        kinds = "; ".join(f"{kind}: " + "/".join(str(c[a]) for a in ACTIONS) for kind, c in sorted(self.counts.items()))
        line = f"{totals}" + (f" ({kinds})" if kinds else "") + f" in {self.seconds:.1f}s"
        return ("Dry run, nothing written: " if self.dry_run else "") + line


def _dt(value):
    return value.astimezone(UTC).isoformat() if value else None


def _one_line(value, label, max_length, *, required=False):
    value = html_to_text(value, one_line=True)
    if required and not value:
        raise ImportFailure(f"missing {label}")
    if max_length and len(value) > max_length:
        raise ImportFailure(f"{label} is {len(value)} characters long; at most {max_length} fit")
    return value


def _dedupe(names, label, max_length):
    seen, out = set(), []
    for name in names:
        name = _one_line(name, label, max_length)
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


def _fill(article, data):
    """Copy a prepared record onto ``article`` (everything but slug, images and relations)."""
    article.section = data["_section"]
    for name in ("headline", "standfirst", "format", "status", "source", "hero_caption", "video_url", "language"):
        setattr(article, name, data[name])
    article.body = data["body"]
    article.home_position = data["home_position"]
    article.published_at = datetime.fromisoformat(data["published_at"]) if data["published_at"] else None
    article.updated_at = datetime.fromisoformat(data["updated_at"]) if data["updated_at"] else None
    article.import_hash = data["hash"]


def _validate_image(image):
    """The upload rules of the admin (articles.images) for an image file being imported."""
    with open(image.path, "rb") as fh:
        try:
            validate_image_file(File(fh))
        except ValidationError as exc:
            raise ImportFailure(f"image {image.path.name}: {' '.join(exc.messages)}") from None


def _http_url(value, label):
    """An http(s) address that fits a URLField (200 characters), or ""."""
    value = (value or "").strip()
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise ImportFailure(f"{label} {value[:80]!r} is not an http(s) address") from None
        if len(value) > 200:
            raise ImportFailure(f"{label} is {len(value)} characters long; at most 200 fit")
    return value


def file_digest(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Loader:
    """Writes records; call ``load(items)`` with records and Failures, then ``finish()``."""

    def __init__(self, options=None, report=None):
        self.options = options or ImportOptions()
        self.result = ImportResult(dry_run=self.options.dry_run)
        self.report = report or (lambda kind, action, origin, label, reason=None: None)
        self.started = timezone.now()
        self.t0 = time.perf_counter()
        self.sections = {s.path: s for s in Section.objects.all()}
        self.authors = {}  # casefolded name -> id
        self.tags = {}  # casefolded name -> id
        self.regions = {}
        for region in Region.objects.all():
            self.regions[region.name.casefold()] = region.pk
            self.regions[region.slug.casefold()] = region.pk
        self.pending_links = []  # (article id, position, {"headline", "url"}, origin)
        self.dry_seen = {}  # dry runs write nothing, so duplicates are remembered here
        if self.options.default_section and self.options.default_section.strip("/") not in self.sections:
            raise ImportFailure(f"--section {self.options.default_section!r} is not a section path")

    # --- bookkeeping ----------------------------------------------------------

    def _outcome(self, kind, action, origin, label, reason=None):
        self.result.add(kind, action)
        if action == "failed":
            self.result.failures.append(Failure(origin, reason, kind))
        self.report(kind, action, origin, label, reason)

    def load(self, items):
        """Consume ``items`` (records and Failures) lazily; articles go in chunks of CHUNK_SIZE.

        Anything else (sections, authors, ...) is written at once, after the articles read
        before it, so an export's sections exist before the articles that use them.
        """
        chunk = []
        for item in items:
            if isinstance(item, ArticleRecord | Failure):
                chunk.append(item)
                if len(chunk) >= CHUNK_SIZE:
                    self._load_chunk(chunk)
                    chunk = []
                continue
            if chunk:
                self._load_chunk(chunk)
                chunk = []
            self._other(item)
        if chunk:
            self._load_chunk(chunk)

    def finish(self):
        """Resolve related links that pointed forward within this run; return the result."""
        if self.pending_links and not self.options.dry_run:
            pending, self.pending_links = self.pending_links, []
            unresolved = Counter()
            with transaction.atomic():
                for article_id, position, link, origin in pending:
                    target = self._find_article(link["url"], link["headline"])
                    if target and target != article_id:
                        RelatedArticle.objects.get_or_create(
                            from_article_id=article_id, to_article_id=target, defaults={"position": position}
                        )
                    else:
                        unresolved[origin] += 1
            for origin, n in unresolved.items():
                self.result.notes.append(
                    f"{origin}: {n} related link(s) point to articles not in the database yet; "
                    "they are linked when a later import brings those articles"
                )
        self.result.seconds = time.perf_counter() - self.t0
        return self.result

    def _load_chunk(self, chunk):
        articles = [r for r in chunk if isinstance(r, ArticleRecord)]
        prepared = {}
        for record in articles:
            try:
                prepared[id(record)] = self._prepare_article(record)
            except ImportFailure as exc:
                prepared[id(record)] = exc
        ids = [p["external_id"] for p in prepared.values() if isinstance(p, dict)]
        existing = {}
        if ids:
            rows = (
                Article.objects.filter(external_id__in=ids)
                .annotate(n_related=Count("related_links"))
                .values_list("external_id", "pk", "import_hash", "modified_at", "n_related")
            )
            existing = {row[0]: row[1:] for row in rows}
        # One transaction per chunk, one savepoint per record (or per bulk batch) inside it.
        with transaction.atomic():
            done = set(map(id, self._bulk_create(self._bulk_candidates(chunk, prepared, existing), existing)))
            for item in chunk:
                if id(item) in done:
                    continue
                if isinstance(item, Failure):
                    self._outcome(item.kind, "failed", item.origin, "", item.reason)
                else:
                    self._article(item, prepared[id(item)], existing)

    def _bulk_candidates(self, chunk, prepared, existing):
        """New articles that can go in one batch: a given slug, nothing but text and names."""
        if self.options.dry_run:
            return []
        seen, out = set(), []
        for item in chunk:
            data = prepared.get(id(item))
            if (
                isinstance(data, dict)
                and data["external_id"] not in existing
                and data["external_id"] not in seen
                and data["slug"]
                and not (data["hero_image"] or data["gallery"] or data["live_updates"])
            ):
                seen.add(data["external_id"])
                out.append((item, data))
        return out

    # --- articles -----------------------------------------------------------

    def _resolve_section(self, name):
        """A Section from a path ("news/politics") or a unique name ("Politics"), or None."""
        name = (name or "").strip().strip("/")
        if not name:
            return None
        if name in self.sections:
            return self.sections[name]
        lowered = name.casefold()
        for path, section in self.sections.items():
            if path.casefold() == lowered:
                return section
        matches = [s for s in self.sections.values() if s.name.casefold() == lowered]
        return matches[0] if len(matches) == 1 else None

    def _prepare_article(self, record):
        """Validate and normalise ``record`` into the dict that is hashed and written."""
        opts = self.options
        headline = _one_line(record.headline, "headline", 300, required=True)
        url_path = urlsplit(record.url).path.rstrip("/") if record.url else ""
        section_name, slug = record.section, record.slug
        if url_path.count("/") >= 2:
            url_section, url_slug = url_path.strip("/").rsplit("/", 1)
            slug = slug or url_slug
            if not section_name and url_section in self.sections:
                section_name = url_section
        section = self._resolve_section(section_name)
        if section is None:
            if section_name and not opts.default_section:
                raise ImportFailure(f"unknown section {section_name!r} (give --section PATH for a default)")
            fallback = opts.default_section or record.fallback_section
            section = self._resolve_section(fallback)
            if section is None:
                raise ImportFailure("the record names no section; give --section PATH")
        if slug and ("/" in slug or len(slug) > 255 or slug != slug.strip()):
            raise ImportFailure(f"slug {slug[:80]!r} is not usable in a URL (a slash, spaces or over 255 characters)")
        status = opts.status or record.status or Article.Status.PUBLISHED
        if status not in Article.Status.values:
            raise ImportFailure(f"unknown status {status!r} (one of {', '.join(Article.Status.values)})")
        fmt = record.format or Article.Format.STANDARD
        if fmt not in Article.Format.values:
            raise ImportFailure(f"unknown format {fmt!r} (one of {', '.join(Article.Format.values)})")
        for label, value in (("published_at", record.published_at), ("updated_at", record.updated_at)):
            if value is not None and (not isinstance(value, datetime) or timezone.is_naive(value)):
                raise ImportFailure(f"{label} must be a date and time with a time zone")
        if status == Article.Status.PUBLISHED and not record.published_at:
            raise ImportFailure("a published article needs a publication date (or import with --status draft)")
        video_url = _http_url(record.video_url, "video_url")
        if record.home_position is not None and not (
            isinstance(record.home_position, int) and 0 <= record.home_position < 32768
        ):
            raise ImportFailure("home_position must be a small whole number")
        regions = []
        for name in record.regions:
            region = self.regions.get(str(name).casefold())
            if region is None:
                raise ImportFailure(f"unknown region {name!r}")
            regions.append(region)
        external_id = (record.external_id or "").strip()
        if not external_id and record.url:
            external_id = record.url.strip()
        if not external_id:
            when = record.published_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ") if record.published_at else ""
            external_id = f"key:{section.path}:{when}:{slugify(headline)[:150]}"
        if len(external_id) > 500:
            raise ImportFailure("the source URL or identity is longer than 500 characters")
        data = {
            "external_id": external_id,
            "headline": headline,
            "slug": slug or "",
            "section": section.path,
            "standfirst": html_to_text(record.standfirst, one_line=True),
            "body": record.body_html or "",
            "format": fmt,
            "status": status,
            "published_at": _dt(record.published_at),
            "updated_at": _dt(record.updated_at),
            "authors": _dedupe(record.authors, "author name", 200),
            "source": _one_line(record.source or opts.source, "source", 200),
            "tags": _dedupe(record.tags, "tag", 100),
            "regions": sorted(set(regions)),
            "hero_image": self._prepare_image(record.hero_image, "hero image"),
            "hero_caption": _one_line(record.hero_caption, "hero caption", 500),
            "related": [
                {"headline": html_to_text(r.headline, one_line=True), "url": (r.url or "").strip()}
                for r in record.related
            ],
            "gallery": [
                {
                    "image": self._prepare_image(g.image, "gallery image"),
                    "caption": _one_line(g.caption, "caption", 500),
                }
                for g in record.gallery
            ],
            "live_updates": [
                {"posted_at": _dt(u.posted_at), "title": _one_line(u.title, "live update title", 300), "body": u.body}
                for u in record.live_updates
            ],
            "video_url": video_url,
            "language": _one_line(record.language or settings.SITE_LANGUAGE, "language", 10),
            "home_position": record.home_position,
        }
        data["hash"] = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
        data["_section"] = section
        data["_images"] = {"hero": record.hero_image, "gallery": [g.image for g in record.gallery]}
        return data

    def _prepare_image(self, image, label):
        if image is None:
            return None
        if image.path is None or not image.path.is_file():
            raise ImportFailure(f"{label} file {image.name or image.path} is missing")
        size = image.path.stat().st_size
        if size > settings.IMAGE_MAX_BYTES:
            raise ImportFailure(f"{label} {image.path.name} is {size / 1e6:.1f} MB; images may be at most 20 MB")
        return {
            "name": image.name,
            "sha256": file_digest(image.path),
            "alt": _one_line(image.alt, "alt text", 300) or "Image",
            "caption": _one_line(image.caption, "image caption", 500),
            "credit": _one_line(image.credit, "image credit", 200),
            "focal": [float(image.focal_x), float(image.focal_y)],
        }

    def _article(self, record, data, existing):
        origin = record.origin
        if isinstance(data, ImportFailure):
            self._outcome("article", "failed", origin, record.headline[:80], str(data))
            return
        label = f"/{data['section']}/{data['slug']}" if data["slug"] else data["headline"][:80]
        found = existing.get(data["external_id"])
        if self.options.dry_run:
            seen = self.dry_seen.get(data["external_id"])
            if seen and seen != data["hash"]:
                self._outcome(
                    "article",
                    "failed",
                    origin,
                    label,
                    "duplicate: the same article with other content came earlier in this run",
                )
                return
            self.dry_seen[data["external_id"]] = data["hash"]
        if found:
            pk, old_hash, modified_at, n_related = found
            if old_hash == data["hash"]:
                added = 0 if self.options.dry_run else self._retry_links(pk, data, n_related, origin)
                self._outcome("article", "updated" if added else "unchanged", origin, label)
                return
            if modified_at and modified_at >= self.started:
                self._outcome(
                    "article",
                    "failed",
                    origin,
                    label,
                    f"duplicate: the article {data['external_id']!r} came earlier in this run with other content; "
                    "the first one is kept",
                )
                return
        if self.options.dry_run:
            self._validate_images(data)
            self._outcome("article", "updated" if found else "created", origin, label)
            return
        pending_caches = {}
        try:
            with transaction.atomic():
                article = self._write_article(data, found[0] if found else None, pending_caches, origin)
        except ImportFailure as exc:
            self._outcome("article", "failed", origin, label, str(exc))
            return
        except DatabaseError as exc:  # a constraint, or a value the database refuses
            self._outcome("article", "failed", origin, label, self._explain_integrity(exc, data))
            return
        for cache, key, value in pending_caches.values():
            cache[key] = value
        existing[data["external_id"]] = (article.pk, data["hash"], timezone.now(), len(data["related"]))
        self._outcome_written(origin, article, "updated" if found else "created")

    def _write_relations(self, pairs, pending_caches):
        """Bylines, tags and regions of freshly saved articles, one INSERT per kind."""
        bylines, tagged, regions = [], [], []
        for article, data in pairs:
            bylines += [
                ArticleAuthor(article_id=article.pk, author_id=self._author_id(name, pending_caches), position=n)
                for n, name in enumerate(data["authors"])
            ]
            tagged += [
                TaggedArticle(content_object_id=article.pk, tag_id=self._tag_id(name, pending_caches))
                for name in data["tags"]
            ]
            regions += [Article.regions.through(article_id=article.pk, region_id=r) for r in data["regions"]]
        ArticleAuthor.objects.bulk_create(bylines)
        TaggedArticle.objects.bulk_create(tagged)
        if regions:
            Article.regions.through.objects.bulk_create(regions)

    def _bulk_create(self, creates, existing):
        """Write the new, plain articles of a chunk (no images, galleries or live updates)
        in a handful of statements. Returns the records written; an empty list when the
        database refused any of them, and the caller then writes them one at a time."""
        pending_caches, links_before = {}, len(self.pending_links)
        articles = []
        if not creates:
            return []
        try:
            with transaction.atomic():
                for _record, data in creates:
                    article = Article(external_id=data["external_id"], slug=data["slug"])
                    _fill(article, data)
                    article.compute_derived()
                    articles.append(article)
                Article.objects.bulk_create(articles)
                pairs = list(zip(articles, (data for _, data in creates), strict=True))
                self._write_relations(pairs, pending_caches)
                for article, (record, data) in zip(articles, creates, strict=True):
                    if data["related"]:
                        self._link_related(article.pk, data["related"], record.origin)
        except (DatabaseError, ImportFailure):
            del self.pending_links[links_before:]
            return []
        for cache, key, value in pending_caches.values():
            cache[key] = value
        for article, (record, data) in zip(articles, creates, strict=True):
            existing[data["external_id"]] = (article.pk, data["hash"], timezone.now(), len(data["related"]))
            # What save() would have announced (the page cache's invalidation listens to it).
            post_save.send(
                sender=Article, instance=article, created=True, update_fields=None, raw=False, using="default"
            )
            self._outcome_written(record.origin, article, "created")
        return [record for record, _ in creates]

    def _outcome_written(self, origin, article, action):
        if article.is_scheduled:
            when = timezone.localtime(article.published_at)
            self.result.notes.append(f"{origin}: scheduled for {when:%Y-%m-%d %H:%M}")
        self._outcome("article", action, origin, f"/{article.section.path}/{article.slug}")

    def _explain_integrity(self, exc, data):
        text = str(exc).lower()
        if "slug" in text or "unique_slug_per_section" in text:
            return (
                f"slug collision: /{data['section']}/{data['slug']} already belongs to another article "
                "(the source URL must stay as it is, so this one is not imported)"
            )
        if "external_id" in text:
            return f"duplicate: another record in this run has the identity {data['external_id']!r}"
        return f"the database refused the article ({str(exc)[:200]})"

    def _validate_images(self, data):
        for image in [data["_images"]["hero"], *data["_images"]["gallery"]]:
            if image is not None:
                _validate_image(image)

    def _write_article(self, data, pk, pending_caches, origin):
        section = data["_section"]
        article = Article.objects.get(pk=pk) if pk else Article(external_id=data["external_id"])
        if data["slug"]:
            clash = Article.objects.filter(section=section, slug=data["slug"]).exclude(pk=pk).exists() if pk else False
            if clash:
                raise ImportFailure(
                    f"slug collision: /{section.path}/{data['slug']} already belongs to another article"
                )
            article.slug = data["slug"]
        elif article.section_id != section.pk:
            article.slug = ""  # derived from the headline, unique in the new section
        _fill(article, data)
        hero = data["_images"]["hero"]
        article.hero_image = self._image(hero, data["hero_image"]) if hero else None
        article.save()
        if pk:
            article.bylines.all().delete()
            TaggedArticle.objects.filter(content_object=article).delete()
            article.regions.clear()
            article.related_links.all().delete()
            article.gallery_items.all().delete()
            article.live_updates.all().delete()
        self._write_relations([(article, data)], pending_caches)
        for n, (image, item) in enumerate(zip(data["_images"]["gallery"], data["gallery"], strict=True)):
            GalleryItem.objects.create(
                article=article, image=self._image(image, item["image"]), caption=item["caption"], position=n
            )
        LiveUpdate.objects.bulk_create(
            LiveUpdate(
                article=article, posted_at=datetime.fromisoformat(u["posted_at"]), title=u["title"], body=u["body"]
            )
            for u in data["live_updates"]
            if u["posted_at"]
        )
        for update in article.live_updates.all():
            update.save()  # the live-update sanitiser runs in save(), which bulk_create skips
        self._link_related(article.pk, data["related"], origin, start=0)
        return article

    def _link_related(self, article_id, links, origin, start=0, skip=()):
        added = 0
        for position, link in enumerate(links):
            if position < start or position in skip:
                continue
            target = self._find_article(link["url"], link["headline"])
            if target and target != article_id:
                _, made = RelatedArticle.objects.get_or_create(
                    from_article_id=article_id, to_article_id=target, defaults={"position": position}
                )
                added += made
            elif len(self.pending_links) < MAX_PENDING_LINKS:
                self.pending_links.append((article_id, position, link, origin))
        return added

    def _retry_links(self, pk, data, n_related, origin):
        """An unchanged article whose related links were not all found last time: try again."""
        if n_related >= len(data["related"]):
            return 0
        with transaction.atomic():
            return self._link_related(pk, data["related"], origin)

    def _find_article(self, url="", headline=""):
        """The id of the article a link names: by URL or identity, else by headline."""
        if url:
            hit = Article.objects.filter(external_id=url).values_list("pk", flat=True).first()
            if hit:
                return hit
            path = urlsplit(url).path.strip("/")
            if "/" in path:
                section_path, slug = path.rsplit("/", 1)
                hit = Article.objects.filter(section__path=section_path, slug=slug).values_list("pk", flat=True).first()
                if hit:
                    return hit
        if headline:
            return (
                Article.objects.filter(headline__iexact=headline)
                .order_by("-published_at", "-pk")
                .values_list("pk", flat=True)
                .first()
            )
        return None

    # --- lookups, cached for the run ------------------------------------------

    def _author_id(self, name, pending):
        key = name.casefold()
        if key in self.authors:
            return self.authors[key]
        if ("author", key) in pending:
            return pending[("author", key)][2]
        pk = Author.objects.filter(name__iexact=name).values_list("pk", flat=True).first()
        if pk is None:
            author = Author(name=name)
            author.save()
            pk = author.pk
            pending[("author", key)] = (self.authors, key, pk)
            return pk
        self.authors[key] = pk
        return pk

    def _tag_id(self, name, pending, slug=""):
        key = name.casefold()
        if key in self.tags:
            return self.tags[key]
        if ("tag", key) in pending:
            return pending[("tag", key)][2]
        pk = Tag.objects.filter(name__iexact=name).values_list("pk", flat=True).first()
        if pk is None:
            tag = Tag(name=name, slug=slug if slug and not Tag.objects.filter(slug=slug).exists() else "")
            tag.save()
            pending[("tag", key)] = (self.tags, key, tag.pk)
            return tag.pk
        self.tags[key] = pk
        return pk

    def _image(self, image, meta):
        """An Image for ``image`` (an ImageRecord): the one already stored under the same name
        with the same bytes, or a new one stored under the export's name when it is free."""
        _validate_image(image)
        name = image.name or f"images/imported/{meta['sha256'][:12]}-{image.path.name}"
        stored = file_digest_of_storage(name)  # None when nothing is stored under that name
        obj = Image.objects.filter(file=name).first() if stored == meta["sha256"] else None
        if obj is None:
            if stored != meta["sha256"]:
                with open(image.path, "rb") as fh:
                    name = default_storage.save(name, File(fh))  # a free name if another file has this one
            obj = Image(file=name)
        obj.alt_text, obj.caption, obj.credit = meta["alt"], meta["caption"], meta["credit"]
        obj.focal_x, obj.focal_y = meta["focal"]
        obj.save()
        return obj

    # --- everything that is not an article ------------------------------------

    def _other(self, record):
        handler = {
            BreakingRecord: self._breaking,
            AuthorRecord: self._author_record,
            SectionRecord: self._section_record,
            RegionRecord: self._region_record,
            TagRecord: self._tag_record,
        }[type(record)]
        pending = {}
        try:
            with transaction.atomic():
                action, label = handler(record, pending)
                if self.options.dry_run:
                    transaction.set_rollback(True)
        except ImportFailure as exc:
            self._outcome(record.kind, "failed", record.origin, "", str(exc))
            return
        except DatabaseError as exc:
            self._outcome(record.kind, "failed", record.origin, "", f"the database refused it ({str(exc)[:200]})")
            return
        # Kept in a dry run too: articles later in the run may name what this record defines.
        for cache, key, value in pending.values():
            cache[key] = value
        self._outcome(record.kind, action, record.origin, label)

    @staticmethod
    def _upsert(model, lookup, values):
        """(object, action): create, update the fields that differ, or leave it."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.save()
            return obj, "created"
        return obj, Loader._apply(obj, values)

    @staticmethod
    def _apply(obj, values):
        """Set and save the fields of ``obj`` that differ from ``values``; the action."""
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        if not changed:
            return "unchanged"
        for k in changed:
            setattr(obj, k, values[k])
        obj.save()
        return "updated"

    def _breaking(self, record, pending):
        text = _one_line(record.text, "ticker text", 500, required=True)
        external_id = record.external_id or BreakingItem.external_id_for(record.text, record.attribution)
        article = None
        if record.article_url:
            article = self._find_article(record.article_url)
        values = {
            "text": text,
            "url": _http_url(record.url, "ticker link"),
            "attribution": _one_line(record.attribution, "attribution", 200),
            "position": record.position,
            "article_id": article,
        }
        if record.starts_at:
            values["starts_at"] = record.starts_at
        if record.ends_at:
            if record.starts_at and record.ends_at <= record.starts_at:
                raise ImportFailure("ticker item ends before it starts")
            values["ends_at"] = record.ends_at
        if (
            external_id.startswith("ticker:")
            and not BreakingItem.objects.filter(external_id=external_id).exists()
            and BreakingItem.objects.filter(text__iexact=text).exists()
        ):
            # A line read from a page that the ticker already carries (typed in the admin or
            # imported otherwise): the same news, not a second line.
            return "unchanged", text[:60]
        obj, action = self._upsert(BreakingItem, {"external_id": external_id}, values)
        return action, text[:60]

    def _author_record(self, record, pending):
        name = _one_line(record.name, "author name", 200, required=True)
        values = {
            "is_organisation": bool(record.is_organisation),
            "role": _one_line(record.role, "role", 200),
            "bio": record.bio or "",
            "email": _one_line(record.email, "email", 254),
            "x_handle": _one_line(record.x_handle, "X handle", 50),
            "website": _http_url(record.website, "website"),
        }
        author = Author.objects.filter(name__iexact=name).first()
        if record.photo is not None:
            meta = self._prepare_image(record.photo, "author photo")
            values["photo_id"] = None if self.options.dry_run else self._image(record.photo, meta).pk
        if author is None:
            author = Author(name=name, **values)
            if record.slug and not Author.objects.filter(slug=record.slug).exists():
                author.slug = record.slug
            author.save()
            action = "created"
        else:
            action = self._apply(author, values)
        pending[("author", name.casefold())] = (self.authors, name.casefold(), author.pk)
        return action, name

    def _section_record(self, record, pending):
        path = (record.path or "").strip().strip("/")
        if not path or len(path) > 255:
            raise ImportFailure("a section needs a path such as news/politics")
        parent_path, _, slug = path.rpartition("/")
        parent = None
        if parent_path:
            parent = self.sections.get(parent_path)
            if parent is None:
                raise ImportFailure(f"section {path!r}: its parent {parent_path!r} does not exist")
        values = {
            "name": _one_line(record.name, "section name", 100, required=True),
            "position": record.position,
            "show_in_menu": bool(record.show_in_menu),
            "description": record.description or "",
        }
        section = self.sections.get(path)
        if section is None:
            section = Section(slug=slug, parent=parent, **values)
            section.save()
            action = "created"
        else:
            action = self._apply(section, values)
        self.sections[path] = section
        return action, path

    def _region_record(self, record, pending):
        name = _one_line(record.name, "region name", 100, required=True)
        slug = _one_line(record.slug, "region slug", 100) or slugify(name, allow_unicode=True)
        values = {"name": name, "position": record.position, "show_in_menu": bool(record.show_in_menu)}
        region, action = self._upsert(Region, {"slug": slug}, values)
        pending[("region", name.casefold())] = (self.regions, name.casefold(), region.pk)
        pending[("region-slug", slug.casefold())] = (self.regions, slug.casefold(), region.pk)
        return action, name

    def _tag_record(self, record, pending):
        name = _one_line(record.name, "tag", 100, required=True)
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is not None:
            return "unchanged", name
        self._tag_id(name, pending, slug=record.slug)
        return "created", name


def file_digest_of_storage(name):
    """sha256 of a stored file, or None when there is none."""
    if not default_storage.exists(name):
        return None
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
