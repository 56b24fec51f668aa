"""Versioned fragments of the dynamic path (issue 13): with whole-page caching off, a
warm home, section or article page is assembled from cached pieces, each kept under
the versions of exactly the dependency keys whose change makes it stale
(``public.caching``; which change touches which key: ``public.dependencies``):

- a card's article (``card-data``): ``article:<id>`` (its own fields, hero image,
  bylines, tags) and ``edition:en`` (its section's name); a card showing bylines also
  checks its authors' versions (an author's rename touches ``author-name:<id>``, a
  publish only ``author:<id>``, their listing);
- a card's HTML (``card``): the same keys, and the options it is rendered with;
- a listing's ids (``section-page``, ``home-ids``): the keys its rows are picked by
  (``section:<id>``; ``home``, ``most-read`` and the edition's chrome).

All of them live no longer than the next scheduled publication or pin expiry
(``caching.cached``), are never read or written by an admin preview
(``caching.previewing``), and are kept per edition. Pages still record every key they
show (``caching.shows``), so the whole-page cache and CDN purges stay right.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from public import caching, selectors

# How many stories the article page's Related box shows.
RELATED_SIZE = 4
# The options ``_card.html`` takes besides the article (see its comment).
CARD_OPTIONS = ("size", "eager", "priority", "show_standfirst", "show_byline", "level")


def active():
    """True when pages are assembled from these fragments: fragments on, not a preview,
    and either the whole-page cache off (``PAGE_CACHE_SECONDS=0``: the dynamic path) or
    a page this process rendered before (``caching.planned``).

    With the whole-page cache on, the first render of a URL in a process does not know
    its pieces' keys: reading each piece's versions would cost more round trips than it
    saves (issue 13: at most 6 cache reads on a miss), so it is rendered, with the same
    queries, as without this module. A render after that has its reads planned (one
    round trip for all of them): a change re-renders only what it changed (writes under
    load: the pages a publish makes stale are rendered again from their pieces).
    """
    if settings.FRAGMENT_CACHE_SECONDS <= 0 or caching.previewing():
        return False
    return settings.PAGE_CACHE_SECONDS <= 0 or caching.planned()


def cached(kind, parts, compute, keys, show=True):
    """``caching.cached`` while ``active()``; else ``compute()``, nothing read or stored."""
    if not active():
        return compute()
    return caching.cached(kind, parts, compute, keys, show=show)


def card_keys(article_id, author_ids=()):
    """The dependency keys of a card of article ``article_id`` (int) showing the bylines
    of ``author_ids`` (ints; none when it shows no byline)."""
    return (f"article:{article_id}", caching.EDITION, *(f"author-name:{pk}" for pk in author_ids))


def keep_cards(articles, bylines=False):
    """Store cards a page's own query loaded (``selectors.cards`` rows; with
    ``ordered_bylines`` when ``bylines``) for ``load_cards``, without reading first."""
    if not active():
        return
    for article in articles:
        tokens = caching.versions(_author_keys(article)) if bylines else {}
        article.author_tokens = {} if caching.changed_in_request(tokens) else tokens
        caching.keep("card-data", (article.pk, bylines), article, card_keys(article.pk))


def load_cards(ids, bylines=False):
    """The published cards (``Article``, as ``selectors.cards`` loads them, with
    ``ordered_bylines`` when ``bylines``) of ``ids`` (ints), in that order; ids no
    longer published are left out. Records their keys (``caching.shows``).

    Warm: no query; the versions of every card's keys are read in one multi-get (and
    the authors' in a second when ``bylines``). Cold: one query for the cards missing
    (two with bylines), none for the story whose page this is when its card is missing
    (made from the row the page loaded: ``caching.load_in_request``).
    """
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    if not active():
        return _query_cards(ids, bylines)
    caching.versions([k for pk in ids for k in card_keys(pk)])
    found = caching.stored_fragments("card-data", [((pk, bylines), card_keys(pk)) for pk in ids])
    found = {parts[0]: article for parts, article in found.items()}
    if bylines and found:
        # A stored card's authors may have been renamed since: their versions decide.
        current = caching.versions([k for a in found.values() for k in _author_keys(a)])
        for pk, article in list(found.items()):
            if any(current[k] != article.author_tokens.get(k) for k in _author_keys(article)):
                del found[pk]
    missing = [pk for pk in ids if pk not in found]
    if missing and not bylines:
        # The page's own story, loaded for it in this request (an edited story's card in
        # a box of its own page): its card is made from that row, not read again.
        offered = [(pk, caching.loaded_in_request("article", pk)) for pk in missing]
        offered = [(pk, selectors.as_card(article)) for pk, article in offered if article is not None]
        if offered:
            keep_cards([card for _pk, card in offered])
            found.update(offered)
            missing = [pk for pk in missing if pk not in found]
    if missing:
        loaded = _query_cards(missing, bylines)
        keep_cards(loaded, bylines)
        found.update((a.pk, a) for a in loaded)
    caching.shows(*(k for a in found.values() for k in _author_keys(a)))
    return [found[pk] for pk in ids if pk in found]


def _author_keys(article):
    return [f"author-name:{b.author_id}" for b in getattr(article, "ordered_bylines", ())]


def _query_cards(ids, bylines):
    return selectors.load_cards(ids, bylines)


def card_html(article, options):
    """``_card.html`` for ``article`` with ``options`` (a dict of ``CARD_OPTIONS``),
    cached per article version, edition and options (and the authors' versions when it
    shows bylines)."""
    options = {k: options[k] for k in CARD_OPTIONS if options.get(k)}
    if not active():
        return render_to_string("_card.html", {"article": article, **options})
    authors = [a.pk for a in article.byline_authors] if options.get("show_byline") else ()

    def render():
        return mark_safe(render_to_string("_card.html", {"article": article, **options}))

    parts = (article.pk, *sorted(options.items()))
    return cached("card", parts, render, card_keys(article.pk, authors))


def chrome_html(context, name):
    """The site chrome ``name`` (``_header.html``, ``_footer.html``) rendered in
    ``context``, cached per edition under ``edition:en`` (menus, regions, site name).
    The header is cached only with its ticker hole (the ticker changes by the clock)
    and per set of edition links (an article's translations); the 500 page renders
    both in place."""
    template = context.template.engine.get_template(name)

    def render():
        return mark_safe(template.render(context))

    if context.get("error_page") or not active():
        return render()  # the 500 page: no cache, no database (either may be what failed)
    if name == "_header.html":
        if not context.get("ticker_hole"):
            return render()
        parts = (name, tuple((link["url"], link["translation"]) for link in context.get("edition_links") or ()))
    else:
        parts = (name,)
    return cached("chrome", parts, render, (caching.EDITION,))


# --- the article page ----------------------------------------------------------------


def article_for_page(node, slug):
    """The published article at section ``node`` (a ``SectionNode``) / ``slug`` with what
    its page shows (``selectors.article_for_page``) and its ``page_translations``
    (``selectors.translations``), or None.

    Which article a path names is kept under ``section:<id>`` (a publish, unpublish,
    move or slug change of a story in it touches it); the article itself under
    ``article:<id>`` and the edition's chrome (its section chain), checked against the
    versions of its authors, tags and translations (renaming one touches only its own
    key). A live blog is loaded each time: its updates change without its key.
    """
    loaded = {}

    def lookup():
        article = selectors.article_for_page(node.path, slug)
        if article is not None:
            loaded[article.pk] = article
        return None if article is None else article.pk

    # The page shows the article, not its section's listing: once found, the article's
    # own key goes with it (a move, unpublish or new slug touches it).
    pk = cached("article-id", (node.id, slug), lookup, (f"section:{node.id}",), show=False)
    if pk is None:
        return None
    keys = (f"article:{pk}", caching.EDITION)
    article = loaded.get(pk)
    if article is None:
        caching.versions(keys)
        article = caching.stored_fragments("article", [((pk,), keys)]).get((pk,))
        if article is not None and caching.versions(article.dep_tokens) != article.dep_tokens:
            article = None  # an author, tag or translation changed since
        if article is None:
            article = selectors.article_by_id(pk)
            if article is None or article.slug != slug or article.section_id != node.id:
                return None
    if not hasattr(article, "dep_tokens"):
        article.page_translations = selectors.translations(article)
        if active():
            deps = [f"author-name:{a.pk}" for a in article.byline_authors]
            deps += [f"tag-name:{tag_id}" for tag_id, _name, _slug in article.tag_list or ()]
            deps += [f"article:{t.pk}" for t in article.page_translations]
            # Its stored Related suggestions are forgotten without a save of its own.
            deps.append(f"related:{pk}")
            article.dep_tokens = caching.versions(deps)
            # Changed while this request ran, the rows may be older: not kept.
            if article.format != article.Format.LIVE and not caching.changed_in_request(article.dep_tokens):
                caching.keep("article", (pk,), article, keys)
    if active():
        caching.shows(*keys, *article.dep_tokens)
        caching.load_in_request("article", pk, article)
    return article


def related(article):
    """The article page's Related box (``selectors.related_articles``: cards, at most
    ``RELATED_SIZE``). Its ids are kept per what picks them, read from the article's
    row (its own list, its stored suggestions, its tags and section), not under the
    article's key: an edit of the story leaves them. Kept under the keys of what else
    decides them (``related_keys``); when the newest of its section top stored
    suggestions up, a second piece keeps the ids under the section's key too (which
    stories are filled in changes with each publish there). Their cards are kept under
    theirs. Read Next and Most Read are not the page's: ``public.boxes`` fills them in."""
    own, suggested = article.related_ids, article.suggested_related
    tags = tuple(tag_id for tag_id, _name, _slug in article.tag_list or ())
    keys = related_keys(article)
    fresh, picked = [], []

    def pick():
        if picked:  # picked for the first piece in this request
            return picked[0]
        if active():  # which stories, from a few columns: their cards are cached
            ids = [row.pk for row in selectors.related_articles(article, RELATED_SIZE, load=selectors.id_rows)]
        else:
            fresh[:] = selectors.related_articles(article, RELATED_SIZE)
            ids = [a.pk for a in fresh]
        picked.append(ids)
        return ids

    def pick_and_tell():
        ids = pick()
        return ids, _filled(article, ids)

    parts = (
        article.pk,
        article.edition,
        article.section_id,
        None if own is None else tuple(own),
        None if own is not None or suggested is None else tuple(suggested),
        tags if own is None and suggested is None else (),
    )
    ids, filled = cached("related", parts, pick_and_tell, keys)
    if filled and not fresh:
        ids = cached("related-filled", parts, pick, [*keys, f"section:{article.section_id}"])
    if fresh:
        return fresh
    return load_cards(ids)


def _filled(article, ids):
    """True when the newest of the section top stored suggestions up in a box showing
    ``ids``: fewer than ``RELATED_SIZE`` of them are suggested (published ones), so the
    section's newest fill the rest, or would, once published."""
    suggested = article.suggested_related
    if article.related_ids is not None or suggested is None:
        return False
    return sum(pk in suggested for pk in ids) < RELATED_SIZE


def related_keys(article, related=None):
    """The dependency keys of ``article``'s Related box besides its cards' (a list of
    str): the edition; the stories its own list or stored suggestions name (one
    unpublished leaves it); ``related:<id>`` without a list of its own (a publish
    sharing its tags forgets its suggestions: ``articles.models.forget_neighbours``);
    its tags when it is computed live (no list stored); its section when the newest
    there fill it: computed live, or, given the box's stories (``related``, cards),
    when fewer than ``RELATED_SIZE`` of them are stored suggestions
    (``selectors.related_articles`` tops them up). An edit of the article changes none."""
    own, suggested = article.related_ids, article.suggested_related
    keys = [caching.EDITION]
    if own is not None:
        return keys + [f"article:{pk}" for pk in own]
    keys += [f"related:{article.pk}", *(f"article:{pk}" for pk in suggested or ())]
    if suggested is None:
        keys += [f"tag:{tag_id}" for tag_id, _name, _slug in article.tag_list or ()]
    if suggested is None or (related is not None and _filled(article, [a.pk for a in related])):
        keys.append(f"section:{article.section_id}")
    return keys


def block(parts, render):
    """``render()`` (a page's block of HTML), kept under the versions of every key the
    page has shown before it (``caching.shown``: the view records what it shows before
    the template renders) and ``parts`` (a tuple: whatever else it depends on, such as
    the query string its links carry). Keys shown while it renders are kept with it,
    recorded again on every use and checked: a change of one renders it in place."""
    if not active():
        return render()
    before = caching.shown()

    def compute():
        html = render()
        inner = caching.shown() - before
        return html, caching.versions(inner)

    html, inner = cached("block", parts, compute, sorted(before))
    if inner:
        caching.shows(*inner)
        if caching.versions(inner) != inner:
            return render()
    return html
