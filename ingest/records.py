"""Plain records the format parsers produce and the loader writes.

Parsers know nothing about the database; the loader knows nothing about formats.
Every record carries ``origin`` ("path" or "path:line") so a failure can say where.
"""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


class ImportFailure(Exception):
    """One file or record cannot be imported; the message is the reason shown to the operator."""


@dataclass
class Failure:
    origin: str
    reason: str
    kind: str = "article"


@dataclass
class ImageRecord:
    path: Path | None = None  # where the bytes are on disk
    name: str = ""  # storage name to keep (an export's media/ path), if any
    alt: str = ""
    caption: str = ""
    credit: str = ""
    focal_x: float = 0.5
    focal_y: float = 0.5


@dataclass
class LinkRecord:
    headline: str = ""
    url: str = ""


@dataclass
class GalleryRecord:
    image: ImageRecord
    caption: str = ""


@dataclass
class LiveUpdateRecord:
    posted_at: datetime | None
    title: str = ""
    body: str = ""
    key_event: bool = False
    pinned: bool = False
    embed_url: str = ""
    image: ImageRecord | None = None


@dataclass
class CorrectionRecord:
    """A notice on the article (``articles.Correction``): ``kind`` correction |
    clarification | update, ``status`` proposed | published."""

    text: str
    kind: str = "correction"
    status: str = "published"
    created_at: datetime | None = None
    published_at: datetime | None = None


@dataclass
class ArticleRecord:
    origin: str
    headline: str = ""
    standfirst: str = ""
    body_html: str = ""
    url: str = ""  # the source URL or our own path (/news/politics/slug)
    external_id: str = ""
    slug: str = ""
    section: str = ""  # a path ("news/politics") or a name ("Politics")
    fallback_section: str = ""  # the format's default when the page names none
    format: str = ""
    status: str = ""
    published_at: datetime | None = None
    revised_at: datetime | None = None
    authors: list[str] = field(default_factory=list)
    source: str = ""
    tags: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    hero_image: ImageRecord | None = None
    hero_caption: str = ""
    hero_credit: str = ""  # a caption's "(credit)"; the hero image's credit unless the image has its own
    kicker: str = ""
    seo_title: str = ""
    seo_description: str = ""
    social_image: ImageRecord | None = None
    related: list[LinkRecord] = field(default_factory=list)
    gallery: list[GalleryRecord] = field(default_factory=list)
    live_updates: list[LiveUpdateRecord] = field(default_factory=list)
    corrections: list[CorrectionRecord] = field(default_factory=list)
    video_url: str = ""
    language: str = ""
    # The edition (a code of settings.EDITIONS): "" is --edition's, else the one its
    # URL's prefix names, else the default. The translation group: a UUID, or "".
    edition: str = ""
    translation_group: str = ""
    home_position: int | None = None
    notes: list[str] = field(default_factory=list)  # what the parser assumed or skipped, for the operator
    # Paths of the source site ("/2012/01/05/hello-world/") that answer 301 to the article
    # once it is published: a migrated site's old permalinks keep working.
    old_paths: list[str] = field(default_factory=list)
    # Images the body shows, stored with the article: the src attribute as written in
    # ``body_html`` -> the file. The stored body points at our copies instead.
    body_images: dict[str, ImageRecord] = field(default_factory=dict)
    # The source says it must not be public (a draft, private or scheduled post):
    # ``--status published`` does not publish it.
    never_publish: bool = False
    kind = "article"


@dataclass
class BreakingRecord:
    origin: str
    text: str = ""
    url: str = ""
    article_url: str = ""
    attribution: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    position: int = 0
    external_id: str = ""
    edition: str = ""  # "" is --edition's, else the default
    kind = "breaking"


@dataclass
class AuthorRecord:
    origin: str
    name: str = ""
    slug: str = ""
    is_organisation: bool = False
    role: str = ""
    bio: str = ""
    email: str = ""
    x_handle: str = ""
    website: str = ""
    photo: ImageRecord | None = None
    kind = "author"


@dataclass
class SectionRecord:
    origin: str
    path: str = ""
    name: str = ""
    position: int = 0
    show_in_menu: bool = True
    description: str = ""
    edition: str = ""  # "" is --edition's, else the default
    kind = "section"


@dataclass
class RegionRecord:
    origin: str
    name: str = ""
    slug: str = ""
    position: int = 0
    show_in_menu: bool = True
    edition: str = ""  # "" is --edition's, else the default
    kind = "region"


@dataclass
class TagRecord:
    origin: str
    name: str = ""
    slug: str = ""
    kind = "tag"


@dataclass
class PageRecord:
    """A static page (a WordPress page): imported as the flatpage at ``url`` ("/about-us/")
    when the site has one there; else reported and left out."""

    origin: str
    url: str = ""
    title: str = ""
    content_html: str = ""
    status: str = ""  # published, draft (drafts are never imported: flatpages have no draft state)
    kind = "page"


@dataclass
class NoteRecord:
    """Something the operator should know about the input that is no item (an unmapped
    category, items of kinds we do not import): added to the run's notes."""

    origin: str
    text: str = ""
    kind = "note"


@dataclass
class RedirectRecord:
    """An old path of ours and where it leads ("" for gone: 410), as an export keeps them."""

    origin: str
    old_path: str = ""
    new_path: str = ""
    kind = "redirect"
