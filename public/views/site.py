"""Home, taxonomy listings, authors, breaking archive, static pages, robots, errors."""

from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.http import Http404, HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from articles import editions
from articles.editions import reverse
from articles.models import Region
from public import metadata, selectors
from public.caching import public_page
from public.views.paging import paginate

# Home blocks: top-level section path → how many cards it shows.
HOME_BLOCK_SIZES = {"news": 5, "videos": 3, "infographs": 3, "in-pictures": 3, "live": 3}
HOME_COLUMN_PATHS = ("articles/opinion", "articles/analysis")


@public_page
def home(request):
    tree = selectors.section_tree()
    top = selectors.home_top_stories()
    shown = [a.pk for a in top]
    column_sections = [tree.by_path[p] for p in HOME_COLUMN_PATHS if p in tree.by_path]
    column = selectors.newest_in(tree, column_sections, 5, exclude=shown, with_bylines=True)
    shown += [a.pk for a in column]
    blocks = []
    for node in tree.menu:  # one block per main section, newest first, nothing twice
        size = HOME_BLOCK_SIZES.get(node.path, 3)
        items = selectors.newest_in(tree, [node], size, exclude=shown)
        if items:
            blocks.append({"section": node, "articles": items})
    context = {
        "meta": metadata.home(reverse("public:home")),
        "lead": top[0] if top else None,
        "top_stories": top[1:],
        "blocks": blocks,
        "column": column,
        "column_section": tree.by_path.get("articles"),
        "most_read": selectors.most_read(5),
    }
    return render(request, "articles/home.html", context)


def _listing(request, *, heading, path, queryset, description="", intro="", kicker="", feed_url="", extra=None):
    page = paginate(request, queryset)
    crumbs = [("Home", reverse("public:home")), (heading, path)]
    context = {
        "meta": metadata.page(heading, path, description or intro or heading, crumbs=crumbs),
        "heading": heading,
        "kicker": kicker,
        "intro": intro,
        "page": page,
        "feed_url": feed_url,
        **(extra or {}),
    }
    return render(request, "articles/listing.html", context)


@public_page
def region(request, slug):
    region = get_object_or_404(Region, slug=slug, edition=editions.current().code)
    return _listing(
        request,
        heading=region.name,
        kicker="Region",
        path=region.get_absolute_url(),
        queryset=selectors.region_articles(region),
        description=f"News from {region.name}.",
    )


@public_page
def tag(request, slug):
    tag = get_object_or_404(selectors.tags_in_use(), slug=slug)
    return _listing(
        request,
        heading=tag.name,
        kicker="Tag",
        path=reverse("public:tag", kwargs={"slug": tag.slug}),
        queryset=selectors.tag_articles(tag),
        description=f"Articles tagged {tag.name}.",
        feed_url=reverse("public:rss_tag", kwargs={"slug": tag.slug}),
    )


@public_page
def author(request, slug):
    author = get_object_or_404(selectors.authors_in_use().select_related("photo"), slug=slug)
    return _listing(
        request,
        heading=author.name,
        kicker=author.role or ("Newsroom" if author.is_organisation else "Author"),
        path=author.get_absolute_url(),
        queryset=selectors.author_articles(author),
        intro=author.bio,
        feed_url=reverse("public:rss_author", kwargs={"slug": author.slug}),
        extra={"author": author},
    )


@public_page
def authors(request):
    path = reverse("public:authors")
    context = {
        "meta": metadata.page("Authors", path, f"The writers of {editions.current().site_name}."),
        "authors": list(selectors.authors_index()),
    }
    return render(request, "articles/authors.html", context)


@public_page
def breaking(request):
    path = reverse("public:breaking")
    context = {
        "meta": metadata.page("Breaking news", path, f"Breaking news from {editions.current().site_name}."),
        "page": paginate(request, selectors.breaking_archive(), per_page=50),
    }
    return render(request, "articles/breaking.html", context)


def flatpage_url(edition, url):
    """The ``FlatPage.url`` of static page ``url`` ("about-us") in ``edition``: the
    default edition's pages are "/about-us/", another edition's "/ar/about-us/"."""
    return f"/{edition.prefix}/{url}/" if edition.prefix else f"/{url}/"


@public_page
def flatpage(request, url):
    """About Us, Privacy Policy, Contact Us: flatpages served without the trailing slash.
    An edition without its own page of that name shows the default edition's (the
    footer of every edition links to these pages)."""
    pages = FlatPage.objects.filter(sites=settings.SITE_ID, registration_required=False)
    own = flatpage_url(editions.current(), url)
    page = pages.filter(url=own).first() or pages.filter(url=flatpage_url(editions.default(), url)).first()
    if page is None:
        raise Http404("No such page")
    context = {
        "meta": metadata.page(page.title, reverse("public:flatpage", kwargs={"url": url})),
        "flatpage": page,
    }
    return render(request, "flatpages/default.html", context)


@public_page
def robots_txt(request):
    """One robots.txt for every edition (crawlers read it at the root only; an
    edition's prefix serves the same text): each edition's search and beacon closed,
    each edition's sitemap index and news sitemap named."""
    lines = ["User-agent: *", "Disallow: /admin/"]
    for edition in editions.all_editions():
        lines += [
            f"Disallow: {reverse('public:search', edition=edition)}",
            f"Disallow: {reverse('public:home', edition=edition)}beacon/",
        ]
    lines.append("")
    for edition in editions.all_editions():
        lines += [
            f"Sitemap: {metadata.absolute(reverse('public:sitemap_index', edition=edition))}",
            f"Sitemap: {metadata.absolute(reverse('public:sitemap_news', edition=edition))}",
        ]
    lines.append("")
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def page_not_found(request, exception=None):
    context = {"meta": metadata.page("Page not found", request.path, noindex=True)}
    return HttpResponseNotFound(loader.render_to_string("404.html", context, request))


@requires_csrf_token
def server_error(request):
    """The 500 page: rendered without the request context or the database, which
    may be what failed."""
    context = {"SITE_NAME": settings.SITE_NAME, "SITE_TAGLINE": settings.SITE_TAGLINE, "error_page": True}
    return HttpResponseServerError(loader.get_template("500.html").render(context))
