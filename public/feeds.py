"""RSS 2.0 and Atom feeds: latest, per section, per tag, per author.

Items come from ``Article.objects.published().for_feed()``. An item's identity (RSS
``<guid isPermaLink="false">``, Atom ``<id>``) is a tag URI (RFC 4151) that never
changes: ``tag_uri()``. It used to be the article's URL, so fixing a slug or moving a
story to another section republished it in every feed reader. The hero image is an
enclosure with its byte length, as RSS requires.

Headlines, standfirsts and names are plain text (``articles.text_policy``); each format
gets them as it reads them. RSS readers take a title and a description as HTML (Django
escapes ``item_title`` by default for that reason, ticket #6533, and not
``item_description``), Atom reads an entry's title as text and its summary as HTML
(Django writes ``type="html"``): the generators below escape exactly the values read as
HTML, so "5 < 6 & AT&T" reads as itself and a stored ``<svg onload=...>`` as text. They
also drop any character XML 1.0 cannot carry, whatever is stored (values written past
save(), or before the text policy's rule): Django's XML writer refuses a control
character in text (a 500) and writes it unchecked in an attribute (malformed XML).
"""

from datetime import UTC
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles import editions
from articles.editions import reverse
from articles.text_policy import html_to_text, strip_invalid_characters
from public.metadata import absolute, live_update_headline
from public.selectors import (
    authors_in_use,
    live_article,
    live_feed_updates,
    published,
    published_corrections,
    section_tree,
    tags_in_use,
)

FEED_ITEMS = 30
ENCLOSURE_RATIO, ENCLOSURE_WIDTH = "16x9", 800


def _xml_safe(value):
    if isinstance(value, str):
        return strip_invalid_characters(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_xml_safe(v) for v in value)
    if isinstance(value, Enclosure):
        return Enclosure(_xml_safe(value.url), _xml_safe(value.length), _xml_safe(value.mime_type))
    return value


class _TextFeed:
    """A feed generator that writes text as its format reads it: the values named in
    ``html_fields`` (keys of the feed's and items' dicts) escaped, and no value with a
    character XML 1.0 cannot carry."""

    html_fields = ()

    def _as_xml(self, values):
        values = {key: _xml_safe(value) for key, value in values.items()}
        for key in self.html_fields:
            if isinstance(values.get(key), str):
                values[key] = escape(values[key])
        return values

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feed = self._as_xml(self.feed)

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **kwargs)
        self.items[-1] = self._as_xml(self.items[-1])


class RssFeed(_TextFeed, Rss201rev2Feed):
    """RSS 2.0; titles and descriptions are read as HTML."""

    html_fields = ("title", "description")


class AtomFeed(_TextFeed, Atom1Feed):
    """Atom 1.0; titles are text, an entry's summary is ``type="html"``. The feed's
    subtitle is text too (Django writes no type), so only ``description`` is escaped:
    for the feed it is not written at all (Atom's ``subtitle`` carries it)."""

    html_fields = ("description",)


def tag_uri(article):
    """The article's permanent identity in feeds: ``tag:<host>,<date>:article/<id>``.

    RFC 4151: the host of ``SITE_URL`` (without a port, which a tagging authority cannot
    carry), the UTC date the article was first published (``first_published_on``, fixed
    on its first publication; for a row written without ``save()`` the date of
    ``published_at``, which is what that first save will fix) and its primary key.
    Nothing an editor changes later (slug, section, headline, even the publication
    time) changes it.
    """
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    day = article.first_published_on or article.published_at.astimezone(UTC).date()
    return f"tag:{host},{day.isoformat()}:article/{article.pk}"


class LatestFeed(Feed):
    feed_type = RssFeed

    def get_object(self, request, *args, **kwargs):
        return None

    # --- the feed ----------------------------------------------------------------

    def title(self, obj):
        return editions.current().site_name + (f": {self.label(obj)}" if obj is not None else "")

    def label(self, obj):
        return str(obj)

    def page_path(self, obj):
        return reverse("public:home")

    def link(self, obj):
        return absolute(self.page_path(obj))

    def description(self, obj):
        return _(editions.current().tagline)

    subtitle = description

    def feed_url(self, obj):
        return absolute(self.request_path)

    def feed_copyright(self):
        return _("All Rights Reserved, %(site)s") % {"site": editions.current().site_name}

    def get_feed(self, obj, request):
        self.request_path = request.path
        return super().get_feed(obj, request)

    def filter_articles(self, queryset, obj):
        return queryset

    def items(self, obj):
        queryset = published().for_feed()
        return self.filter_articles(queryset, obj).newest(FEED_ITEMS)

    # --- items ---------------------------------------------------------------------

    def item_title(self, item):
        return item.headline  # text: the generator escapes it where the format reads HTML

    def item_description(self, item):
        return item.standfirst  # text, likewise

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        return tag_uri(item)

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.revised_at or item.published_at

    def item_author_name(self, item):
        return ", ".join(a.name for a in item.byline_authors) or None

    def item_categories(self, item):
        return [item.section.name, *(t.name for t in item.tags.all())]

    def item_enclosures(self, item):
        image = item.hero_image if item.hero_image_id else None
        if not image:
            return []
        entry = next(
            (r for r in image.renditions.get(ENCLOSURE_RATIO, []) if r["w"] >= ENCLOSURE_WIDTH),
            (image.renditions.get(ENCLOSURE_RATIO) or [None])[-1],
        )
        if entry is None:
            return []  # no rendition yet: the original is never sent to readers
        name = entry["name"]
        try:
            length = image.file.storage.size(name)
        except (OSError, NotImplementedError):
            return []  # a missing file: no enclosure rather than a wrong length
        mime = "image/webp" if name.endswith(".webp") else "image/jpeg"
        return [Enclosure(absolute(image.file.storage.url(name)), str(length), mime)]


class SectionFeed(LatestFeed):
    def get_object(self, request, path):
        node = section_tree().by_path.get(path)
        if node is None:
            raise Http404("No such section")
        return node

    def label(self, node):
        return node.name

    def page_path(self, node):
        return node.get_absolute_url()

    def filter_articles(self, queryset, node):
        return queryset.in_sections(section_tree().descendant_ids(node))


class TagFeed(LatestFeed):
    def get_object(self, request, slug):
        return get_object_or_404(tags_in_use(), slug=slug)

    def label(self, tag):
        return tag.name

    def page_path(self, tag):
        return reverse("public:tag", kwargs={"slug": tag.slug})

    def filter_articles(self, queryset, tag):
        return queryset.filter(tags=tag)


class AuthorFeed(LatestFeed):
    def get_object(self, request, slug):
        return get_object_or_404(authors_in_use(), slug=slug)

    def label(self, author):
        return author.name

    def page_path(self, author):
        return author.get_absolute_url()

    def filter_articles(self, queryset, author):
        return queryset.filter(bylines__author=author)


# The Atom twins: same items, Atom 1.0 markup.
class AtomLatestFeed(LatestFeed):
    feed_type = AtomFeed


class AtomSectionFeed(SectionFeed):
    feed_type = AtomFeed


class AtomTagFeed(TagFeed):
    feed_type = AtomFeed


class AtomAuthorFeed(AuthorFeed):
    feed_type = AtomFeed


def _tag_uri_of(kind, obj, day):
    """``tag:<host>,<date>:<kind>/<id>``: the permanent feed identity of a live update or
    a notice (see ``tag_uri``), dated by the day it was first posted or published."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"tag:{host},{day.astimezone(UTC).date().isoformat()}:{kind}/{obj.pk}"


class LiveBlogFeed(LatestFeed):
    """The updates of one published live blog, newest first (``/liveblog/<pk>/rss``).

    Descriptions are the updates' text (as the other feeds carry text, escaped by the
    generator); links point at each update on the live page.
    """

    def get_object(self, request, pk):
        article = live_article(pk)
        if article is None:
            raise Http404("No such live blog")
        return article

    def label(self, article):
        return _("Live: %(headline)s") % {"headline": article.headline}

    def page_path(self, article):
        return article.get_absolute_url()

    def description(self, article):
        return article.standfirst or article.headline

    subtitle = description

    def items(self, article):
        updates = live_feed_updates(article, FEED_ITEMS)
        for update in updates:
            update.article = article  # the page's URL without a query per item
        return updates

    def item_title(self, item):
        return live_update_headline(item)

    def item_description(self, item):
        return html_to_text(item.body)

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        return _tag_uri_of("liveupdate", item, item.posted_at)

    def item_pubdate(self, item):
        return item.posted_at

    def item_updateddate(self, item):
        return item.updated_at or item.posted_at

    def item_author_name(self, item):
        return (item.posted_by.get_full_name() if item.posted_by else "") or None

    def item_categories(self, item):
        return [_("Key event")] if item.key_event else []

    def item_enclosures(self, item):
        return []


class CorrectionsFeed(LatestFeed):
    """Every published notice (``/rss/corrections``), newest first; each links to the
    notice on its article's page."""

    def label(self, obj):
        return _("Corrections and clarifications")

    def title(self, obj):
        return f"{editions.current().site_name}: {self.label(obj)}"

    def page_path(self, obj):
        return reverse("public:corrections")

    def description(self, obj):
        return _("Corrections, clarifications and update notes published by %(site)s.") % {
            "site": editions.current().site_name
        }

    subtitle = description

    def items(self, obj):
        return published_corrections()[:FEED_ITEMS]

    def item_title(self, item):
        return _("%(kind)s: %(headline)s") % {"kind": item.get_kind_display(), "headline": item.article.headline}

    def item_description(self, item):
        return item.text

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        return _tag_uri_of("correction", item, item.published_at)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return editions.current().site_name

    def item_categories(self, item):
        return [item.get_kind_display()]

    def item_enclosures(self, item):
        return []


class AtomLiveBlogFeed(LiveBlogFeed):
    feed_type = AtomFeed


class AtomCorrectionsFeed(CorrectionsFeed):
    feed_type = AtomFeed
