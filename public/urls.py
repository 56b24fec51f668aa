from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path

from public import caching, feeds, views
from public.caching import public_page
from public.sitemaps import SITEMAPS, NewsSitemap, edition_index, xml_document

app_name = "public"


def feed(feed_class):
    """A view making a fresh feed object per request (feeds keep per-request state).

    Every feed shows ``feeds`` (touched by any change to a listed article); a live blog's
    also its updates (``live:<id>``)."""

    @public_page(keys=("feeds",))
    def view(request, **kwargs):
        if "pk" in kwargs:
            caching.shows(f"live:{kwargs['pk']}", f"article:{kwargs['pk']}")
        return feed_class()(request, **kwargs)

    return view


def rss_and_atom(rss_class, atom_class, route, name):
    return [
        path(f"rss{route}", feed(rss_class), name=f"rss_{name}"),
        path(f"atom{route}", feed(atom_class), name=f"atom_{name}"),
    ]


sitemap_index = public_page(xml_document(edition_index(sitemap_views.index)), keys=("sitemap",))
sitemap_section = public_page(xml_document(sitemap_views.sitemap), keys=("sitemap",))

# Fixed routes first: the catch-all section/article patterns at the end must not
# shadow them, which makes "region", "tag", "author", "authors", "search",
# "breaking" (and "breaking/ticker"), "corrections", "liveblog", "rss", "atom" and the flatpage URLs reserved
# section slugs.
urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("search/suggest", views.search_suggest, name="search_suggest"),
    path("breaking", views.breaking, name="breaking"),
    path("breaking/ticker", caching.ticker_view, name="ticker_block"),
    path("corrections", views.corrections, name="corrections"),
    path("liveblog/<int:pk>/updates", views.live_fragment, name="live_fragment"),
    path("liveblog/<int:pk>/rss", feed(feeds.LiveBlogFeed), name="live_rss"),
    path("liveblog/<int:pk>/atom", feed(feeds.AtomLiveBlogFeed), name="live_atom"),
    path("authors", views.authors, name="authors"),
    path("author/<str:slug>", views.author, name="author"),
    path("region/<str:slug>", views.region, name="region"),
    path("tag/<str:slug>", views.tag, name="tag"),
    path("beacon/view/<int:pk>", views.view_beacon, name="view_beacon"),
    re_path(r"^(?P<url>about-us|privacy-policy|contact-us)/?$", views.flatpage, name="flatpage"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS},
        name="sitemap_index",
    ),
    path(
        "sitemap-news.xml",
        sitemap_section,
        {"sitemaps": {"news": NewsSitemap}, "section": "news", "template_name": "sitemaps/news.xml"},
        name="sitemap_news",
    ),
    path("sitemap-<section>.xml", sitemap_section, {"sitemaps": SITEMAPS}, name="sitemap"),
    *rss_and_atom(feeds.LatestFeed, feeds.AtomLatestFeed, "", "latest"),
    *rss_and_atom(feeds.CorrectionsFeed, feeds.AtomCorrectionsFeed, "/corrections", "corrections"),
    *rss_and_atom(feeds.TagFeed, feeds.AtomTagFeed, "/tag/<str:slug>", "tag"),
    *rss_and_atom(feeds.AuthorFeed, feeds.AtomAuthorFeed, "/author/<str:slug>", "author"),
    *rss_and_atom(feeds.SectionFeed, feeds.AtomSectionFeed, "/<path:path>", "section"),
    # Sections and articles share one grammar (/news/politics, /news/politics/<slug>);
    # the view decides which one a path names. Both names reverse to the same pattern.
    path("<path:section_path>/<str:slug>", views.section_or_article, name="article"),
    path("<path:path>", views.section_or_article, name="section"),
]
