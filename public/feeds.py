"""RSS 2.0 and Atom feeds: latest, per section, per tag, per author.

Items come from ``Article.objects.published().for_feed()``. The GUID is the
article's permanent absolute URL (a moved article keeps its old URL as a redirect,
so readers never see an item twice). The hero image is an enclosure with its byte
length, as RSS requires.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from taggit.models import Tag

from articles.models import Article, Author
from public.metadata import absolute
from public.selectors import section_tree

FEED_ITEMS = 30
ENCLOSURE_RATIO, ENCLOSURE_WIDTH = "16x9", 800


class LatestFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, *args, **kwargs):
        return None

    # --- the feed ----------------------------------------------------------------

    def title(self, obj):
        return settings.SITE_NAME + (f": {self.label(obj)}" if obj is not None else "")

    def label(self, obj):
        return str(obj)

    def page_path(self, obj):
        return reverse("public:home")

    def link(self, obj):
        return absolute(self.page_path(obj))

    def description(self, obj):
        return settings.SITE_TAGLINE

    subtitle = description

    def feed_url(self, obj):
        return absolute(self.request_path)

    def feed_copyright(self):
        return f"All Rights Reserved, {settings.SITE_NAME}"

    def get_feed(self, obj, request):
        self.request_path = request.path
        return super().get_feed(obj, request)

    def filter_articles(self, queryset, obj):
        return queryset

    def items(self, obj):
        queryset = Article.objects.published().for_feed()
        return self.filter_articles(queryset, obj).newest(FEED_ITEMS)

    # --- items ---------------------------------------------------------------------

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.standfirst

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        return absolute(item.get_absolute_url())

    item_guid_is_permalink = True

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
        return get_object_or_404(Tag, slug=slug)

    def label(self, tag):
        return tag.name

    def page_path(self, tag):
        return reverse("public:tag", kwargs={"slug": tag.slug})

    def filter_articles(self, queryset, tag):
        return queryset.filter(tags=tag)


class AuthorFeed(LatestFeed):
    def get_object(self, request, slug):
        try:
            return Author.objects.get(slug=slug)
        except ObjectDoesNotExist:
            raise Http404("No such author") from None

    def label(self, author):
        return author.name

    def page_path(self, author):
        return author.get_absolute_url()

    def filter_articles(self, queryset, author):
        return queryset.filter(bylines__author=author)


# The Atom twins: same items, Atom 1.0 markup.
class AtomLatestFeed(LatestFeed):
    feed_type = Atom1Feed


class AtomSectionFeed(SectionFeed):
    feed_type = Atom1Feed


class AtomTagFeed(TagFeed):
    feed_type = Atom1Feed


class AtomAuthorFeed(AuthorFeed):
    feed_type = Atom1Feed
