"""Stage 1: an ArticleRecord becomes a PreparedArticle, or an ImportFailure saying why not.

Everything a record can get wrong is found here, before anything is written: unknown
section, status, format or region, a published article without a date, fields too
long for their columns, missing or oversized image files. The prepared article carries
its identity (``external_id``) and its change hash (``import_hash``), so an unchanged
article is recognised before any other work.
"""

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import unquote, urlsplit

from django.utils.text import slugify

from articles import editions
from articles.models import Article, Correction, Section
from articles.models.frontpage import TOP_STORIES
from articles.models.redirect import PATH_LENGTH
from articles.slugs import is_url_segment
from ingest.pipeline.fields import dedupe, http_url, one_line
from ingest.pipeline.media import PreparedImage, prepare_image
from ingest.pipeline.vocabulary import check_edition
from ingest.records import ImportFailure
from ingest.times import instant


@dataclass(frozen=True, slots=True)
class PreparedLink:
    """A related link: the target's URL (source URL or our path) and/or its headline."""

    headline: str
    url: str


@dataclass(frozen=True, slots=True)
class PreparedGalleryItem:
    image: PreparedImage
    caption: str  # "" uses the image's caption


@dataclass(frozen=True, slots=True)
class PreparedLiveUpdate:
    posted_at: datetime | None  # UTC; an update without a time is hashed but not written
    title: str
    body: str  # HTML, sanitised by LiveUpdate.save()
    key_event: bool = False
    pinned: bool = False
    embed_url: str = ""
    image: PreparedImage | None = None

    def fingerprint(self):
        """What the change hash covers; the fields added with the live desk only when
        set, so the hashes of articles imported before them hold."""
        extra = {
            "key_event": self.key_event,
            "pinned": self.pinned,
            "embed_url": self.embed_url,
            "image": self.image.fingerprint() if self.image else None,
        }
        return {
            "posted_at": _iso(self.posted_at),
            "title": self.title,
            "body": self.body,
            **{name: value for name, value in extra.items() if value},
        }


@dataclass(frozen=True, slots=True)
class PreparedCorrection:
    """A notice (``articles.Correction``); times in UTC. A published notice without a
    publication time takes the article's revision (or publication) time."""

    kind: str
    text: str
    status: str
    created_at: datetime | None
    published_at: datetime | None

    def fingerprint(self):
        return {
            "kind": self.kind,
            "text": self.text,
            "status": self.status,
            "created_at": _iso(self.created_at),
            "published_at": _iso(self.published_at),
        }


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """A validated, normalised article record: what is hashed, then written.

    Dates are aware and in UTC. ``authors`` and ``tags`` are names (case duplicates
    removed, byline order kept), ``regions`` sorted Region ids. ``slug`` is "" when the
    record gave none (save() makes one from the headline). ``import_hash`` is the sha256
    of ``fingerprint()``, computed on creation.
    """

    origin: str
    external_id: str
    section: Section
    slug: str
    headline: str
    standfirst: str
    body: str
    format: str
    status: str
    published_at: datetime | None
    revised_at: datetime | None
    authors: tuple[str, ...]
    source: str
    tags: tuple[str, ...]
    regions: tuple[int, ...]
    hero_image: PreparedImage | None
    hero_caption: str
    hero_credit: str
    related: tuple[PreparedLink, ...]
    gallery: tuple[PreparedGalleryItem, ...]
    live_updates: tuple[PreparedLiveUpdate, ...]
    video_url: str
    language: str
    home_position: int | None
    translation_group: uuid.UUID | None = None  # the edition is the section's
    old_paths: tuple[str, ...] = ()  # the source site's paths that redirect here once published
    body_images: tuple[tuple[str, PreparedImage], ...] = ()  # (src as in ``body``, image), stored on write
    corrections: tuple[PreparedCorrection, ...] = ()
    kicker: str = ""
    seo_title: str = ""
    seo_description: str = ""
    social_image: PreparedImage | None = None
    import_hash: str = field(init=False)

    def __post_init__(self):
        digest = hashlib.sha256(json.dumps(self.fingerprint(), sort_keys=True, default=str).encode()).hexdigest()
        object.__setattr__(self, "import_hash", digest)  # frozen: set once, here

    def fingerprint(self):
        """The content the change hash covers, as JSON-ready values. Its shape is the one
        earlier versions hashed (Article.import_hash): changing it turns every article
        imported before into "updated" on the next run."""
        return {
            "external_id": self.external_id,
            "headline": self.headline,
            "slug": self.slug,
            "section": self.section.path,
            "standfirst": self.standfirst,
            "body": self.body,
            "format": self.format,
            "status": self.status,
            "published_at": _iso(self.published_at),
            "updated_at": _iso(self.revised_at),  # the change hash keeps its old shape
            "authors": list(self.authors),
            "source": self.source,
            "tags": list(self.tags),
            "regions": list(self.regions),
            "hero_image": self.hero_image.fingerprint() if self.hero_image else None,
            "hero_caption": self.hero_caption,
            # Only when set, so the hashes of articles imported before the field existed hold.
            **({"hero_credit": self.hero_credit} if self.hero_credit else {}),
            "related": [{"headline": r.headline, "url": r.url} for r in self.related],
            "gallery": [{"image": g.image.fingerprint(), "caption": g.caption} for g in self.gallery],
            "live_updates": [u.fingerprint() for u in self.live_updates],
            "video_url": self.video_url,
            "language": self.language,
            "home_position": self.home_position,
            # Only when not the default / set, so the hashes of articles imported before hold.
            **({"edition": self.section.edition} if self.section.edition != editions.default_code() else {}),
            **({"translation_group": str(self.translation_group)} if self.translation_group else {}),
            # Only when set, so the hashes of articles imported before the field existed hold.
            **({"old_paths": list(self.old_paths)} if self.old_paths else {}),
            **({"body_images": [[src, i.fingerprint()] for src, i in self.body_images]} if self.body_images else {}),
            **({"corrections": [c.fingerprint() for c in self.corrections]} if self.corrections else {}),
            # Each only when set, so the hashes of articles imported before they existed hold.
            **({"kicker": self.kicker} if self.kicker else {}),
            **({"seo_title": self.seo_title} if self.seo_title else {}),
            **({"seo_description": self.seo_description} if self.seo_description else {}),
            **({"social_image": self.social_image.fingerprint()} if self.social_image else {}),
        }

    @property
    def label(self):
        """How the operator sees the article in listings: its path, else its headline."""
        if not self.slug:
            return self.headline[:80]
        return Article.url_for(self.section.path, self.slug, self.section.edition)

    @property
    def images(self):
        """The hero image, the gallery images, the body's and the live updates' images,
        those there are."""
        hero = [self.hero_image] if self.hero_image else []
        updates = [u.image for u in self.live_updates if u.image]
        social = [self.social_image] if self.social_image else []
        return hero + [g.image for g in self.gallery] + [image for _, image in self.body_images] + updates + social


def _iso(value):
    return value.isoformat() if value else None


def _correction(record, options, article_published_at, article_revised_at):
    """A CorrectionRecord as a PreparedCorrection; ImportFailure for an unknown kind or
    status or an empty text (the notice would say nothing to readers)."""
    if record.kind not in Correction.Kind.values:
        raise ImportFailure(f"unknown correction kind {record.kind!r} (one of {', '.join(Correction.Kind.values)})")
    if record.status not in Correction.Status.values:
        raise ImportFailure(
            f"unknown correction status {record.status!r} (one of {', '.join(Correction.Status.values)})"
        )
    text = (record.text or "").strip()
    if not text:
        raise ImportFailure("a correction needs its text")
    created_at = instant(record.created_at, options.tz, "correction created_at")
    published_at = instant(record.published_at, options.tz, "correction published_at")
    if record.status == Correction.Status.PUBLISHED and not published_at:
        published_at = article_revised_at or article_published_at or created_at
        if not published_at:
            raise ImportFailure("a published correction needs its publication time")
    if record.status == Correction.Status.PROPOSED:
        published_at = None
    return PreparedCorrection(record.kind, text, record.status, created_at or published_at, published_at)


def prepare_article(record, options, vocabulary):
    """Validate and normalise ``record`` (an ArticleRecord) into a PreparedArticle.

    ``options`` (ImportOptions) give the default section, source and status;
    ``vocabulary`` resolves the section and regions. Writes nothing; raises
    ImportFailure with the reason the operator sees.
    """
    headline = one_line(record.headline, "headline", 300, required=True)
    edition = _edition(record, vocabulary)
    section, slug = _section_and_slug(record, options, vocabulary, edition)
    status = options.status or record.status or Article.Status.PUBLISHED
    if record.never_publish and status == Article.Status.PUBLISHED:
        status = record.status  # the source's "not public" outranks --status published
    if status not in Article.Status.values:
        raise ImportFailure(f"unknown status {status!r} (one of {', '.join(Article.Status.values)})")
    fmt = record.format or Article.Format.STANDARD
    if fmt not in Article.Format.values:
        raise ImportFailure(f"unknown format {fmt!r} (one of {', '.join(Article.Format.values)})")
    # Naive times are local times in --tz, read by the rule of ingest.times.
    published_at = instant(record.published_at, options.tz, "published_at")
    revised_at = instant(record.revised_at, options.tz, "revised_at")
    if status == Article.Status.PUBLISHED and not published_at:
        raise ImportFailure("a published article needs a publication date (or import with --status draft)")
    video_url = http_url(record.video_url, "video_url")
    # The lead (1) and the top stories (2–7): pinned on the English home page on write.
    if record.home_position is not None and not (
        isinstance(record.home_position, int) and 1 <= record.home_position <= TOP_STORIES + 1
    ):
        raise ImportFailure(f"home_position must be a whole number from 1 (the lead) to {TOP_STORIES + 1}")
    regions = set()
    for name in record.regions:
        region = vocabulary.region_id(name, edition.code)
        if region is None:
            raise ImportFailure(f"unknown region {name!r}")
        regions.add(region)
    return PreparedArticle(
        origin=record.origin,
        external_id=_identity(record, section, headline, published_at),
        section=section,
        slug=slug or "",
        headline=headline,
        standfirst=one_line(record.standfirst, "standfirst", 0),
        body=record.body_html or "",
        format=fmt,
        status=status,
        published_at=published_at,
        revised_at=revised_at,
        authors=tuple(dedupe(record.authors, "author name", 200)),
        source=one_line(record.source or options.source, "source", 200),
        tags=tuple(dedupe(record.tags, "tag", 100)),
        regions=tuple(sorted(regions)),
        # A caption's credit is the article's (Article.hero_credit): kept with or without an
        # image, and never written into a shared image's own credit.
        hero_image=prepare_image(record.hero_image, "hero image"),
        hero_caption=one_line(record.hero_caption, "hero caption", 500),
        hero_credit=one_line(record.hero_credit, "hero credit", 200),
        kicker=one_line(record.kicker, "kicker", Article._meta.get_field("kicker").max_length),
        seo_title=one_line(record.seo_title, "seo_title", Article._meta.get_field("seo_title").max_length),
        seo_description=one_line(
            record.seo_description, "seo_description", Article._meta.get_field("seo_description").max_length
        ),
        social_image=prepare_image(record.social_image, "social image"),
        related=tuple(_link(r) for r in record.related),
        gallery=tuple(
            PreparedGalleryItem(prepare_image(g.image, "gallery image"), one_line(g.caption, "caption", 500))
            for g in record.gallery
        ),
        live_updates=tuple(
            PreparedLiveUpdate(
                instant(u.posted_at, options.tz, "live update time"),
                one_line(u.title, "live update title", 300),
                u.body,
                key_event=bool(u.key_event),
                pinned=bool(u.pinned),
                embed_url=http_url(u.embed_url, "live update embed_url"),
                image=prepare_image(u.image, "live update image"),
            )
            for u in record.live_updates
        ),
        corrections=tuple(_correction(c, options, published_at, revised_at) for c in record.corrections),
        video_url=video_url,
        language=one_line(record.language or edition.language, "language", 10),
        home_position=record.home_position,
        translation_group=_translation_group(record.translation_group),
        old_paths=tuple(_old_paths(record.old_paths)),
        body_images=tuple(
            (src, prepare_image(image, "body image")) for src, image in sorted(record.body_images.items())
        ),
    )


def _old_paths(paths):
    """The old permalinks' paths as the redirects table takes them: "/..." paths of at most
    PATH_LENGTH characters, without a query; the site's home is never redirected."""
    out = []
    for path in paths:
        path = (path or "").strip()
        if not path.startswith("/") or not path.strip("/") or "?" in path:
            raise ImportFailure(f"old permalink {path[:80]!r} is not a path such as /2012/01/05/hello-world/")
        if len(path) > PATH_LENGTH:
            raise ImportFailure(f"old permalink is {len(path)} characters long; at most {PATH_LENGTH} fit")
        out.append(path)
    return out


def _link(record):
    """A PreparedLink of a LinkRecord, within RelatedArticle's columns (headline 300, URL 500
    characters: the entry keeps them while its story is not imported)."""
    url = (record.url or "").strip()
    if len(url) > 500:
        raise ImportFailure(f"a related link's address is {len(url)} characters long; at most 500 fit")
    return PreparedLink(one_line(record.headline, "related headline", 300), url)


def _edition(record, vocabulary):
    """The record's edition: its own, else the one whose prefix its URL's path starts
    with (an export's or our own page's "/ar/..."), else the run's (``--edition``)."""
    code = record.edition
    if not code and record.url and not vocabulary.edition_given:
        code = editions.from_path(urlsplit(record.url).path).code
    return editions.get(check_edition(code or vocabulary.edition, "edition"))


def _url_path(record, edition):
    """The record URL's path without the edition's prefix ("/ar/x/y" -> "/x/y")."""
    path = urlsplit(record.url).path.rstrip("/") if record.url else ""
    prefix = f"/{edition.prefix}/"
    return path[len(prefix) - 1 :] if edition.prefix and path.startswith(prefix) else path


def _translation_group(value):
    """A UUID of ``value`` ("" -> None); ImportFailure for another text."""
    if not value:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise ImportFailure(f"translation_group {str(value)[:40]!r} is not a UUID") from None


def _section_and_slug(record, options, vocabulary, edition):
    """The Section (of ``edition``) and slug: given by the record, else read from its
    URL's path (/<section path>/<slug>, after the edition's prefix), else the --section
    default, else the format's fallback."""
    url_path = _url_path(record, edition)
    section_name, slug = record.section, record.slug
    if url_path.count("/") >= 2:
        # Split, then decode: a page's URL is percent-encoded, our slugs and paths are not,
        # and an encoded "/" (%2F) inside the last segment must not pass as a separator.
        url_section, url_slug = (unquote(part) for part in url_path.strip("/").rsplit("/", 1))
        slug = slug or url_slug
        if not section_name and url_section in vocabulary.sections_of(edition.code):
            section_name = url_section
    section = vocabulary.section(section_name, edition.code)
    if section is None:
        if section_name and not options.default_section:
            raise ImportFailure(f"unknown section {section_name!r} (give --section PATH for a default)")
        section = vocabulary.section(options.default_section or record.fallback_section, edition.code)
        if section is None:
            raise ImportFailure("the record names no section; give --section PATH")
    if slug and (not is_url_segment(slug) or len(slug) > 255 or slug != slug.strip()):
        raise ImportFailure(
            f"slug {slug[:80]!r} is not usable in a URL (a slash, '.' or '..', spaces or over 255 characters)"
        )
    return section, slug


KEY_PREFIX = "key:"


def headline_free_key(external_id):
    """The part of a stable key identity (``key:<section>:<minute>:<headline slug>``, a page
    that gave no URL) before the headline, where a re-headlined story is looked for
    (``ingest.loader``); "" for a source URL, a record's own id or a key without a date."""
    if not external_id.startswith(KEY_PREFIX):
        return ""
    prefix = external_id.rsplit(":", 1)[0] + ":"
    return "" if prefix.endswith("::") else prefix


def _identity(record, section, headline, published_at):
    """``external_id``: the record's own, else its source URL, else a stable key from
    section, publication minute (UTC) and headline."""
    external_id = (record.external_id or "").strip()
    if not external_id and record.url:
        external_id = record.url.strip()
    if not external_id:
        when = published_at.strftime("%Y-%m-%dT%H:%MZ") if published_at else ""
        # Another edition's section path goes with its prefix: paths repeat across editions.
        edition = editions.get(section.edition)
        place = f"{edition.prefix}/{section.path}" if edition.prefix else section.path
        external_id = f"{KEY_PREFIX}{place}:{when}:{slugify(headline)[:150]}"
    if len(external_id) > 500:
        raise ImportFailure("the source URL or identity is longer than 500 characters")
    return external_id
