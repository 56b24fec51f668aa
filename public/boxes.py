"""Boxes many pages share: Read Next (the newest of a top section) and Most Read (the
stored ranking). A page does not render them: it leaves a hole (``caching.box_marker``)
naming the block and what to pick from it (how many, which story to leave out, which to
show last), filled when the page is served from one block per section or edition,
rendered once and kept in the shared cache under its own keys (``caching.box_block``).

So a publish re-renders its section's Read Next block once, not every article page of
the section, and a new Most Read ranking re-renders one block, not every page (issue
13: a change touches only the keys it changes). A stored page keeps its holes; the
boxes' keys are added to each response's purge headers, so a CDN copy still goes with
them.
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles import editions
from public import caching, fragments, selectors

# Read Next shows this many; its block holds as many more as Related can take (Read Next
# shows a related story only when nothing else is left) and one for the page's own story.
READ_NEXT_SIZE = 4
RELATED_SIZE = fragments.RELATED_SIZE
READ_NEXT_BLOCK = READ_NEXT_SIZE + RELATED_SIZE + 1
# Most Read: the home page shows 5, an article page 4 (never itself): one block of 5.
MOST_READ_BLOCK = 5

# Where the picked items go in a box's template (rendered once per block).
_ITEMS = "\x00newsroom-box-items\x00"


def box(kind, arg, limit, exclude=0, prefer_not=()):
    """Box ``kind`` ("read-next": ``arg`` a top section's id, or "home" for the whole
    edition; "most-read": ``arg`` "5") as a page shows it: its hole while a cached page
    renders (``caching.box_marker``), else (a preview, the 500 page) rendered in place.
    ``limit`` items at most, never article ``exclude``, those in ``prefer_not`` last."""
    if caching.in_holes():
        return mark_safe(caching.box_marker(kind, arg, limit, exclude, prefer_not))
    html, keys, _rendered_at = caching.box_html(kind, str(arg), limit, exclude, prefer_not)
    caching.shows(*keys)
    return mark_safe(html)


def _split(template, context):
    html = render_to_string(template, {**context, "items": mark_safe(_ITEMS)})
    head, _, tail = html.partition(_ITEMS)
    return head, tail


# What each block shows whatever stories it holds (``caching.box_listing_keys``).
LISTING_KEYS = {
    "read-next": lambda arg: ("home",) if arg == "home" else (f"section:{arg}",),
    "most-read": lambda arg: ("most-read",),
}


def load(wanted):
    """``caching.box_loader``: ``{(kind, arg): (head, items, tail, keys)}`` for ``wanted``
    (``[(kind, arg)]``) blocks of the active edition, their cards in one query
    (``selectors.cards_of``, each block cut from its own index-ordered slice):

    - "read-next", ``arg`` a top section's id (a str; "home": every section): its
      ``READ_NEXT_BLOCK`` newest published cards, newest first, as ``{% card %}``
      renders them;
    - "most-read", ``arg`` a count (a str): the first of the stored Most Read ranking
      (made when none is stored yet: ``selectors.most_read``), small cards in list items.

    Rendered in the edition's language and time zone: a page-cache hit is served before
    the edition's middleware activates them.
    """
    with editions.override(editions.current()):
        tree = selectors.section_tree()
        plans, slices = [], []
        for kind, arg in wanted:
            if kind == "read-next":
                node = None if arg == "home" else tree.by_id.get(int(arg))
                section_ids = None if arg == "home" else (set(tree.descendant_ids(node)) if node else set())
                plans.append((kind, arg, section_ids))
                slices.append(selectors.newest_slice(section_ids, READ_NEXT_BLOCK))
            elif kind == "most-read":
                plans.append((kind, arg, None))
                slices.append(selectors.most_read_slice())
            else:
                raise ValueError(f"no box kind {kind!r}")
        # Assembled from fragments: picked from a few columns, the cards from the cached
        # ones (a publish re-reads only its own card). Else the cards in the one query.
        light = fragments.active()
        rows = selectors.newest_first((selectors.card_rows if light else selectors.cards_of)(slices))
        picked = {}
        for kind, arg, section_ids in plans:
            if kind == "read-next":
                picked[kind, arg] = [a for a in rows if section_ids is None or a.section_id in section_ids][
                    :READ_NEXT_BLOCK
                ]
            else:
                picked[kind, arg] = selectors.most_read_of(rows, int(arg))
        if light:
            cards = {a.pk: a for a in fragments.load_cards([a.pk for box in picked.values() for a in box or ()])}
            for k, box in picked.items():
                if box is not None:
                    picked[k] = [cards[a.pk] for a in box if a.pk in cards]
        made = {}
        for kind, arg, _section_ids in plans:
            keys, articles = LISTING_KEYS[kind](arg), picked[kind, arg]
            if kind == "most-read" and articles is None:
                articles = selectors.most_read(int(arg))  # no ranking stored yet: this makes one
            items = [(a.pk, _item_html(kind, a)) for a in articles]
            head, tail = _split(_TEMPLATES[kind], {})
            made[kind, arg] = (head, items, tail, (*keys, caching.EDITION, *(f"article:{a.pk}" for a in articles)))
        return made


_TEMPLATES = {"read-next": "_read_next.html", "most-read": "_most_read.html"}


def _item_html(kind, article):
    if kind == "read-next":
        return str(fragments.card_html(article, {}))
    return f"<li>{fragments.card_html(article, {'size': 'small'})}</li>"


def load_items(wanted):
    """``caching.box_item_loader``: ``{kind: {article id: item HTML}}`` for ``wanted``
    (``{kind: article ids}``), those still published, as ``load`` renders them (an
    edited story's card in a block whose stories stand: the block is not made again).
    One query at most, for the cards not cached."""
    ids = sorted({pk for pks in wanted.values() for pk in pks})
    with editions.override(editions.current()):
        cards = {a.pk: a for a in fragments.load_cards(ids)}
        return {kind: {pk: _item_html(kind, cards[pk]) for pk in pks if pk in cards} for kind, pks in wanted.items()}
