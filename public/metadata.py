"""What a page says about itself to search engines and social networks.

Built in Python, rendered by ``templates/_meta.html``: canonical URL, description,
Open Graph and X card tags, and JSON-LD (NewsArticle, or LiveBlogPosting for a live
blog, with its notices as ``correction``; BreadcrumbList, WebSite).
Every URL here is absolute, made from ``settings.SITE_URL``, so the same page
describes itself the same way whatever host name it was requested under.
"""

import json
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import pgettext

from articles import editions
from articles.editions import reverse
from articles.text_policy import html_to_text

DESCRIPTION_LENGTH = 160
# Google's limit on an article headline in structured data; an untitled live update's
# headline is the start of its text, cut there.
HEADLINE_LENGTH = 110
# The newest updates a LiveBlogPosting lists (the page shows them all).
LIVE_BLOG_UPDATES = 50
JSONLD_IMAGE_WIDTH = 1200
IMAGE_RATIOS = ("16x9", "4x3", "1x1")
# The site's own picture for a story without one: Google's Top stories and the
# social cards show nothing for an article without an image, and neither takes SVG.
# Raster PNGs drawn once from img/logo.svg, 1200 px wide in each crop ratio.
DEFAULT_IMAGES = {ratio: f"img/share-{ratio}.png" for ratio in IMAGE_RATIOS}
# The publisher logo of NewsArticle: a raster exactly 60 px high (Google's rule:
# fits 600x60, 60 px high preferred, no padding); its size is declared in the markup.
# An edition names its own (``Edition.logo``, settings.EDITIONS) of this size.
PUBLISHER_LOGO, PUBLISHER_LOGO_SIZE = "img/publisher-logo.png", (234, 60)


def absolute(url):
    """``url`` made absolute on the site's public origin."""
    return urljoin(settings.SITE_URL + "/", url) if url else url


def iso(dt):
    """W3C date-time in the site time zone, with its offset (what readers see)."""
    return timezone.localtime(dt).isoformat(timespec="seconds") if dt else ""


def default_image_url(ratio="16x9"):
    """Absolute URL of the site's default share picture in ``ratio`` (a PNG)."""
    return absolute(static(DEFAULT_IMAGES[ratio]))


def _json(data):
    # Escape what could close the <script> element or start an HTML comment.
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass
class PageMeta:
    title: str
    description: str = ""
    path: str = ""
    og_type: str = "website"
    image: str = ""  # absolute URL; empty: the site's default picture
    image_alt: str = ""
    noindex: bool = False
    properties: list = field(default_factory=list)  # extra (property, content) pairs
    structured: list = field(default_factory=list)  # JSON-LD objects
    # The edition the page is of (default: the active one) and the same page in other
    # editions: [(Edition, path)], real translations only (``translation_links``).
    edition: editions.Edition = field(default_factory=editions.current)
    translations: list = field(default_factory=list)

    def __post_init__(self):
        self.description = Truncator(" ".join((self.description or "").split())).chars(DESCRIPTION_LENGTH)
        if not self.image:
            self.image, self.image_alt = default_image_url(), self.edition.site_name

    @property
    def alternates(self):
        """``<link rel="alternate" hreflang>`` pairs [(hreflang, absolute URL)]: this page
        and each translation, plus ``x-default`` (the default edition's version, else the
        first edition's in settings order); empty for a page without translations, so
        every pair is reciprocal (each page of a group lists the same set)."""
        if not self.translations:
            return []
        versions = sorted([(self.edition, self.path), *self.translations], key=lambda v: _edition_order(v[0]))
        pairs = [(e.language, absolute(path)) for e, path in versions]
        fallback = next((path for e, path in versions if e.is_default), versions[0][1])
        return [*pairs, ("x-default", absolute(fallback))]

    @property
    def canonical(self):
        return absolute(self.path)

    @property
    def open_graph(self):
        pairs = [
            ("og:site_name", self.edition.site_name),
            ("og:locale", self.edition.locale),
            *[("og:locale:alternate", e.locale) for e, _ in self.translations],
            ("og:title", self.title),
            ("og:type", self.og_type),
            ("og:url", self.canonical),
        ]
        if self.description:
            pairs.append(("og:description", self.description))
        pairs += [("og:image", self.image), ("og:image:alt", self.image_alt)]
        return pairs + self.properties

    @property
    def twitter(self):
        pairs = [("twitter:card", "summary_large_image"), ("twitter:title", self.title)]
        if self.description:
            pairs.append(("twitter:description", self.description))
        return [*pairs, ("twitter:image", self.image), ("twitter:image:alt", self.image_alt)]

    @property
    def jsonld(self):
        return [mark_safe(_json(obj)) for obj in self.structured]  # noqa: S308 -- escaped by _json


def _edition_order(edition):
    return [e.code for e in editions.all_editions()].index(edition.code)


def publisher(edition=None):
    """The NewsMediaOrganization of ``edition`` (default: the active one): its own name,
    home and logo."""
    edition = edition or editions.current()
    return {
        "@type": "NewsMediaOrganization",
        "name": edition.site_name,
        "url": absolute(edition.home_url()),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(static(edition.logo)),
            "width": PUBLISHER_LOGO_SIZE[0],
            "height": PUBLISHER_LOGO_SIZE[1],
        },
    }


def breadcrumb_list(crumbs):
    """BreadcrumbList from [(name, path), ...], home first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": absolute(path)}
            for i, (name, path) in enumerate(crumbs, start=1)
        ],
    }


def image_url(image, ratio="16x9", width=JSONLD_IMAGE_WIDTH):
    return absolute(image.rendition_url(ratio, width)) if image else ""


def page(title, path, description="", *, crumbs=None, noindex=False, image=None):
    """Metadata of a listing or static page."""
    meta = PageMeta(
        title=title,
        description=description,
        path=path,
        noindex=noindex,
        image=image_url(image) if image else "",
        image_alt=image.alt_text if image else "",
    )
    if crumbs:
        meta.structured.append(breadcrumb_list(crumbs))
    return meta


def home(path):
    edition = editions.current()
    meta = PageMeta(title=edition.site_name, description=edition.tagline, path=path)
    meta.structured.append(
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": edition.site_name,
            "url": absolute(reverse("public:home")),
            "inLanguage": edition.language,
            "potentialAction": {
                "@type": "SearchAction",
                # A URI template (RFC 6570) for search engines, not a link: "{query}" stays literal.
                "target": absolute(reverse("public:search")) + "?q={query}",
                "query-input": "required name=query",
            },
            "publisher": publisher(),
        }
    )
    return meta


def author_entry(author):
    return {
        "@type": "Organization" if author.is_organisation else "Person",
        "name": author.name,
        "url": absolute(author.get_absolute_url()),
    }


def live_update_headline(update):
    """A live update's headline: its title, else the start of its text."""
    return (
        update.title
        or Truncator(html_to_text(update.body)).chars(HEADLINE_LENGTH)
        or pgettext("an untitled live update", "Update")
    )


def correction_comment(notice, page_url):
    """A published notice as schema.org ``CorrectionComment`` (the value of an
    article's ``correction``: https://schema.org/correction)."""
    return {
        "@type": "CorrectionComment",
        "name": notice.get_kind_display(),
        "text": notice.text,
        "datePublished": iso(notice.published_at),
        "url": absolute(f"{page_url}#correction-{notice.pk}"),
    }


def live_blog_update(update, page_url):
    """One live update as a ``BlogPosting`` in ``liveBlogUpdate``."""
    entry = {
        "@type": "BlogPosting",
        "headline": live_update_headline(update),
        "datePublished": iso(update.posted_at),
        "dateModified": iso(update.updated_at or update.posted_at),
        "articleBody": html_to_text(update.body),
        "url": absolute(f"{page_url}#update-{update.pk}"),
    }
    if update.image_id:
        entry["image"] = image_url(update.image)
    return entry


def search_and_social(article):
    """What a search result and a social card show of ``article``: ``{"title",
    "description", "url", "host", "image", "image_alt", "image_object"}`` (``image`` an
    absolute URL, ``image_object`` the ``Image`` or None). The SEO title, SEO description and
    social image when the editor set them, else the headline, the standfirst and the
    hero image (else the site's default picture). The article page's metadata and the
    admin's preview both read it."""
    image = article.social_image if article.social_image_id else None
    if image is None and article.hero_image_id:
        image = article.hero_image
    return {
        "title": article.seo_title or article.headline,
        "description": Truncator(" ".join((article.seo_description or article.standfirst).split())).chars(
            DESCRIPTION_LENGTH
        ),
        "url": absolute(article.get_absolute_url()),
        "host": urlsplit(settings.SITE_URL).hostname or "",
        "image": image_url(image) or default_image_url(),
        "image_alt": image.alt_text if image else editions.current().site_name,
        "image_object": image,
    }


def translation_links(translations):
    """[(Edition, path)] of ``translations`` (articles of other editions), for
    ``PageMeta.translations``."""
    return [(editions.get(t.edition), t.get_absolute_url()) for t in translations]


def article(article, crumbs, *, preview=False, translations=()):
    """Metadata of an article page: Open Graph ``article:*``, NewsArticle (a live blog:
    LiveBlogPosting, https://schema.org/LiveBlogPosting) and breadcrumbs.

    ``dateModified`` is ``article.modified_at``: the "Updated" time, a published notice
    or a live update, whichever is latest. Published notices (``published_corrections``)
    are its ``correction`` entries; a live blog's loaded ``ordered_updates`` (the newest
    ``LIVE_BLOG_UPDATES``) its ``liveBlogUpdate`` entries.
    """
    url = article.get_absolute_url()
    authors = article.byline_authors
    tags = [name for _, name, _ in article.tag_list or ()]
    shown = search_and_social(article)
    # The social image override, else the hero: the picture of cards and structured data.
    picture = shown["image_object"]
    modified = article.modified_at
    meta = PageMeta(
        title=shown["title"],
        description=shown["description"],
        path=url,
        og_type="article",
        image=image_url(picture),
        image_alt=picture.alt_text if picture else "",
        noindex=preview,
        edition=editions.get(article.edition),
        translations=translation_links(translations),
    )
    meta.properties += [
        ("article:published_time", iso(article.published_at)),
        ("article:modified_time", iso(modified)),
        ("article:section", article.section.name),
        *[("article:author", absolute(a.get_absolute_url())) for a in authors],
        *[("article:tag", t) for t in tags],
    ]
    news = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": meta.description,
        "datePublished": iso(article.published_at),
        "dateModified": iso(modified),
        "author": [author_entry(a) for a in authors],
        "publisher": publisher(meta.edition),
        "mainEntityOfPage": {"@type": "WebPage", "@id": absolute(url)},
        "articleSection": article.section.name,
        "keywords": tags,
        "inLanguage": article.language or meta.edition.language,
        "wordCount": article.word_count,
    }
    if article.seo_title and article.seo_title != article.headline:
        # The headline stays what the page's <h1> says; the search title is an alternative.
        news["alternativeHeadline"] = article.seo_title
    # Always an image: without one the story cannot appear in Google's Top stories.
    if picture:
        news["image"] = [image_url(picture, ratio) for ratio in IMAGE_RATIOS]
    else:
        news["image"] = [default_image_url(ratio) for ratio in IMAGE_RATIOS]
    notices = getattr(article, "published_corrections", [])
    if notices:
        news["correction"] = [correction_comment(n, url) for n in notices]
    if article.format == article.Format.LIVE:
        updates = sorted(getattr(article, "ordered_updates", []), key=lambda u: u.posted_at, reverse=True)
        news["@type"] = "LiveBlogPosting"
        news["coverageStartTime"] = iso(article.published_at)
        if article.coverage_ended_at:
            news["coverageEndTime"] = iso(article.coverage_ended_at)
        news["liveBlogUpdate"] = [live_blog_update(u, url) for u in updates[:LIVE_BLOG_UPDATES]]
    meta.structured += [news, breadcrumb_list(crumbs)]
    return meta
