"""Sitemaps: an index of articles (paged), sections, tags, authors and static pages,
and a Google News sitemap of the last 48 hours, per edition (``/ar/sitemap.xml``…: the
active edition's content only). Everything starts from ``Article.objects.published()``
(``public.selectors.published``); URLs are absolute on ``settings.SITE_URL``. Every
sitemap view is wrapped in ``xml_document``: no character XML cannot carry gets out."""

import functools
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.sitemaps import Sitemap
from django.utils import timezone

from articles import editions
from articles.editions import reverse
from articles.models import Section
from articles.slugs import one_segment_q
from articles.text_policy import strip_invalid_characters
from public.selectors import authors_in_use, published, tags_in_use

NEWS_WINDOW = timedelta(hours=48)


def xml_document(view):
    """``view`` (a sitemap view rendering a template) with every character XML 1.0 cannot
    carry taken out of its document, whatever is stored: the news sitemap prints
    headlines, and a value written past save() (``QuerySet.update()``) or before the text
    policy's rule may hold a control character. Such a character is never part of the
    markup, so taking it out of the rendered document is taking it out of the values."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        document = response.content.decode(response.charset)
        clean = strip_invalid_characters(document)
        if clean is not document:
            response.content = clean.encode(response.charset)
        return response

    return wrapper


class SiteSitemap(Sitemap):
    """Absolute URLs on the public origin, whatever host the request used."""

    protocol = urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(SiteSitemap):
    limit = 2000  # URLs per file; the index lists ?p=2, 3, …

    def items(self):
        return (
            published()
            .select_related("section")
            .only("slug", "published_at", "revised_at", "section__path", "section__edition")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return article.revised_at or article.published_at

    def get_latest_lastmod(self):
        """The latest ``lastmod`` of all: MAX(COALESCE(revised_at, published_at)) over the
        published articles, as the latest "Updated" time and the latest first publication
        of the articles never revised, each read from the top of its index (the
        aggregate read every published article: 36 ms on PostgreSQL at 100 000)."""
        times = [
            published().filter(revised_at__isnull=False).order_by("-revised_at").values_list("revised_at").first(),
            published().filter(revised_at__isnull=True).order_by("-published_at").values_list("published_at").first(),
        ]
        return max((t[0] for t in times if t is not None), default=None)


class SectionSitemap(SiteSitemap):
    def items(self):
        return Section.objects.filter(edition=editions.current().code).only("path", "edition").order_by("path")


class TagSitemap(SiteSitemap):
    def items(self):
        # Only slugs a URL can be made of (articles.slugs): one bad row must not fail the file.
        return tags_in_use().filter(one_segment_q()).order_by("slug")

    def location(self, tag):
        return reverse("public:tag", kwargs={"slug": tag.slug})


class AuthorSitemap(SiteSitemap):
    def items(self):
        return authors_in_use().filter(one_segment_q()).order_by("slug")


class FlatPageSitemap(SiteSitemap):
    def items(self):
        """The active edition's static pages: its prefix starts their ``url``
        ("/ar/about-us/"); the default edition's are the others."""
        pages = FlatPage.objects.filter(sites=settings.SITE_ID, registration_required=False).order_by("url")
        edition = editions.current()
        if edition.prefix:
            return pages.filter(url__startswith=f"/{edition.prefix}/")
        for other in editions.all_editions():
            if other.prefix:
                pages = pages.exclude(url__startswith=f"/{other.prefix}/")
        return pages

    def location(self, page):
        prefix = editions.current().prefix
        url = page.url.strip("/").removeprefix(f"{prefix}/") if prefix else page.url.strip("/")
        return reverse("public:flatpage", kwargs={"url": url})


class NewsSitemap(SiteSitemap):
    """Google News: articles first published in the last 48 hours, at most 1000."""

    limit = 1000

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return list(
            published()
            .filter(published_at__gte=since)
            .select_related("section")
            .order_by("-published_at", "-pk")[: self.limit]
        )

    def lastmod(self, article):
        return article.revised_at or article.published_at


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "pages": FlatPageSitemap,
}


def edition_index(view):
    """The sitemap index ``view`` listing the request's edition's sitemaps: Django's
    index reverses ``sitemap_url_name`` without the current app, so the edition's
    instance namespace is named here."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        kwargs["sitemap_url_name"] = f"{editions.of_request(request).namespace}:sitemap"
        return view(request, *args, **kwargs)

    return wrapper
