"""Home, taxonomy listings, authors, breaking archive, static pages, robots, errors."""

from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.http import Http404, HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from articles import editions
from articles.editions import reverse
from articles.models import Region
from articles.models.frontpage import COLUMN, LEAD, TOP
from public import boxes, caching, fragments, metadata, selectors
from public.caching import public_page
from public.views.paging import cached_listing, paginate


def home_slots():
    """``(top, column, blocks)``: the cards of the home page's slots
    (``selectors.home_boxes``): the lead and top stories, the opinion column (with
    bylines) and ``[{"section", "articles"}]`` per section block. (Its Most Read box is a
    hole: ``public.boxes``.)

    Which stories fill the slots is kept under the versions of ``home`` (a publish,
    unpublish, move or front-page change) and the edition's chrome (its section blocks),
    no longer than the next pin expiry or scheduled story (``caching.cached``); the cards
    under their own (``public.fragments``).
    """
    fresh = []

    def compute():
        # Assembled from fragments: the picked cards from the cached ones (a change
        # re-reads only its own). Else every card in the one query.
        fresh.append(selectors.home_boxes(load=fragments.load_cards if fragments.active() else None))
        return {key: [a.pk for a in slot.articles] for key, slot in fresh[0].items()}

    ids = fragments.cached("home-ids", (), compute, ("home", caching.EDITION))
    if fresh:
        slot_cards = {key: slot.articles for key, slot in fresh[0].items()}
    else:
        # Every card's versions in one read (the column's authors in a second).
        caching.versions([k for pks in ids.values() for pk in pks for k in fragments.card_keys(pk)])
        plain = [pk for key, pks in ids.items() if key != COLUMN for pk in pks]
        cards = {a.pk: a for a in fragments.load_cards(plain)}
        slot_cards = {key: [cards[pk] for pk in pks if pk in cards] for key, pks in ids.items() if key != COLUMN}
        slot_cards[COLUMN] = fragments.load_cards(ids.get(COLUMN, ()), bylines=True)
    blocks = []
    for slot in selectors.home_layout(selectors.section_tree()):
        if slot.section and slot_cards.get(slot.key):
            blocks.append({"section": slot.section, "articles": slot_cards[slot.key]})
    top = slot_cards.get(LEAD, []) + slot_cards.get(TOP, [])
    return top, slot_cards.get(COLUMN, []), blocks


@public_page
def home(request):
    top, column, blocks = home_slots()
    caching.shows(
        "home",  # which stories the slots list: any publish, unpublish, move or curation
        *caching.article_keys(top),
        *caching.article_keys(column, bylines=True),
        *caching.article_keys(a for block in blocks for a in block["articles"]),
    )
    context = {
        "meta": metadata.home(reverse("public:home")),
        "lead": top[0] if top else None,
        "top_stories": top[1:],
        "blocks": blocks,
        "column": column,
        "column_section": selectors.section_tree().by_path.get("articles"),
        # A hole filled when the page is served (a new ranking re-renders one block).
        "most_read": boxes.box("most-read", boxes.MOST_READ_BLOCK, boxes.MOST_READ_BLOCK),
        # Its content block depends on nothing but the keys shown (public.fragments.block).
        "block_parts": (),
    }
    return render(request, "articles/home.html", context)


def _listing(
    request, *, heading, path, articles, pick, key, description="", intro="", kicker="", feed_url="", extra=None
):
    """A paginated listing of cards (``paging.cached_listing``); ``key`` is the
    dependency key of what it lists (``<kind>:<id>``), ``articles()`` its queryset and
    ``pick()`` the same rows planned for picking a page (or None)."""
    page = cached_listing(request, f"{key.split(':')[0]}-page", key, key, articles, pick)
    caching.shows(key, *caching.article_keys(page, bylines=True))
    crumbs = [(_("Home"), reverse("public:home")), (heading, path)]
    context = {
        "meta": metadata.page(heading, path, description or intro or heading, crumbs=crumbs),
        "heading": heading,
        "kicker": kicker,
        "intro": intro,
        "page": page,
        "feed_url": feed_url,
        # Its content block: the keys shown, and the query string its page links carry.
        "block_parts": (request.get_full_path(),),
        **(extra or {}),
    }
    return render(request, "articles/listing.html", context)


@public_page
def region(request, slug):
    region = get_object_or_404(Region, slug=slug, edition=editions.current().code)
    return _listing(
        request,
        heading=region.name,
        kicker=_("Region"),
        path=region.get_absolute_url(),
        key=f"region:{region.pk}",
        articles=lambda: selectors.region_articles(region),
        pick=lambda: selectors.region_pick(region),
        description=_("News from %(region)s.") % {"region": region.name},
    )


@public_page
def tag(request, slug):
    tag = get_object_or_404(selectors.tags_in_use(), slug=slug)
    return _listing(
        request,
        heading=tag.name,
        kicker=_("Tag"),
        path=reverse("public:tag", kwargs={"slug": tag.slug}),
        key=f"tag:{tag.pk}",
        articles=lambda: selectors.tag_articles(tag),
        pick=lambda: selectors.tag_pick(tag),
        description=_("Articles tagged %(tag)s.") % {"tag": tag.name},
        feed_url=reverse("public:rss_tag", kwargs={"slug": tag.slug}),
    )


@public_page
def author(request, slug):
    author = get_object_or_404(selectors.authors_in_use().select_related("photo"), slug=slug)
    return _listing(
        request,
        heading=author.name,
        kicker=author.role or (_("Newsroom") if author.is_organisation else _("Author")),
        path=author.get_absolute_url(),
        key=f"author:{author.pk}",
        articles=lambda: selectors.author_articles(author),
        pick=lambda: selectors.author_pick(author),
        intro=author.bio,
        feed_url=reverse("public:rss_author", kwargs={"slug": author.slug}),
        extra={"author": author},
    )


@public_page(keys=("authors",))
def authors(request):
    path = reverse("public:authors")
    context = {
        "meta": metadata.page(
            _("Authors"), path, _("The writers of %(site)s.") % {"site": editions.current().site_name}
        ),
        # Its counts read every published byline: kept until any content changes (a
        # byline, a publish, a schedule coming due: none touches one key alone).
        "authors": fragments.cached("authors-index", (), selectors.authors_index, (caching.ANY_CHANGE,)),
        "block_parts": (),
    }
    return render(request, "articles/authors.html", context)


@public_page(keys=("ticker",))  # the ticker's own archive
def breaking(request):
    path = reverse("public:breaking")
    context = {
        "meta": metadata.page(
            _("Breaking news"), path, _("Breaking news from %(site)s.") % {"site": editions.current().site_name}
        ),
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
    caching.shows(f"flatpage:{page.pk}")
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
    context = {"meta": metadata.page(_("Page not found"), request.path, noindex=True)}
    return HttpResponseNotFound(loader.render_to_string("404.html", context, request))


@requires_csrf_token
def server_error(request):
    """The 500 page: rendered without the request context or the database, which
    may be what failed."""
    context = {"SITE_NAME": settings.SITE_NAME, "SITE_TAGLINE": settings.SITE_TAGLINE, "error_page": True}
    return HttpResponseServerError(loader.get_template("500.html").render(context))
