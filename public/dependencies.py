"""Which dependency keys a change touches (``public.caching`` for what keys are).

Row signals of every model readers see are gathered per transaction and turned into
keys when it commits (one ``invalidate_keys`` per transaction, at once in autocommit):

- an article, draft before and after: ``article:<id>`` only (nothing public shows it);
- an article that is or was published (scheduled included): ``article:<id>``, feeds,
  sitemap and search (they show its text). Every page showing its card or its page
  records ``article:<id>``, so an edit that leaves it where it is listed touches no
  listing. When what decides where and at which address it is listed changed (status,
  time, section, home slot, slug, edition; a new or deleted article) also its sections
  up the tree (before and after a move), its tags, authors and regions, ``home`` and
  ``authors``, and ``most-read`` when it left the site (Most Read must not show it);
- a byline, tag or region link: that author / tag / region, and its article as above;
  a byline also the authors index (``authors``);
- a section: it, its ancestors, and the edition (every page shows the menu); a region:
  it and the edition; an author: it and its name (``author-name:<id>``: what bylines
  show), ``authors``, feeds, sitemap; a tag: it and its name (``tag-name:<id>``),
  feeds, sitemap. A publish touches an author's or tag's listing (``author:<id>``,
  ``tag:<id>``), never their names: pages that only name them stay; an image: the
  articles showing it (``article:<id>``, not their listings); a breaking item:
  ``ticker`` only; a flatpage: ``flatpage:<id>``;
  a correction: its article and ``corrections``; stored Related suggestions forgotten
  (``articles.models.forget_neighbours``): ``related:<id>`` of each;
- a change no row describes (``articles.signals.content_changed`` sent by hand, e.g. a
  merge of tags by ``QuerySet.update``): everything (``caching.EVERYTHING``). A bulk
  insert that names its rows (``instances=``) touches only theirs.

Raw saves (fixtures, revision restores) count as changes too.

How the keys become versions and a signal is in ``public.caching``.
"""

import weakref

from django.contrib.flatpages.models import FlatPage
from django.db import connections
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from taggit.models import Tag

from articles.body_media import uses_image_q
from articles.models import (
    Article,
    Author,
    BreakingItem,
    Byline,
    Correction,
    GalleryItem,
    Image,
    Redirect,
    Region,
    RelatedArticle,
    Section,
    TaggedArticle,
    TagNameKey,
)
from articles.signals import IGNORED_MODELS, WATCHED_APPS
from public import caching

# Fields that decide where a published article is listed (home, sections, feeds order)
# and at which address: a save changing none of them touches only the article's own key
# (and the feeds, sitemap and search, which show its text), never its listings.
_PLACEMENT = ("status", "published_at", "section_id", "home_position", "slug", "edition")
_LISTED_KEYS = ("feeds", "sitemap", "search")


class _Pending:
    """What one transaction changed, until it commits."""

    def __init__(self):
        self.keys = set()
        self.articles = set()  # published (now or before): sections, tags, authors, regions
        self.sections = set()  # whose chain up the tree is touched
        self.images = set()
        self.linked = set()  # articles whose links changed: listings too if published


# Per database connection object (one per thread and alias), so threads never share one.
_pending = weakref.WeakKeyDictionary()


def _pending_for(using):
    connection = connections[using]
    pending = _pending.get(connection)
    if pending is None:
        pending = _pending[connection] = _Pending()
    return pending


def _queue(using):
    """Flush at the commit of the current transaction (at once in autocommit), unless
    already queued. Called after a receiver gathered its keys: in autocommit the flush
    runs here."""
    connection = connections[using]
    if not any(isinstance(callback, _FlushCallback) for _, callback, _ in connection.run_on_commit):
        # Queued again after a rolled-back savepoint took the callback with it: what the
        # rolled-back part gathered only invalidates a little more.
        connection.on_commit(_FlushCallback(using))


class _FlushCallback:
    """The on-commit callback of one transaction (recognisable in ``run_on_commit``)."""

    def __init__(self, using):
        self.using = using

    def __call__(self):
        _flush(self.using)


def _flush(using):
    connection = connections[using]
    pending = _pending.pop(connection, None)
    if pending is None:
        return
    keys = set(pending.keys) | {caching.ANY_CHANGE}
    if pending.images:
        # The stories showing the image: their cards and pages (``article:<id>``), not
        # their listings (an image changes no story's place).
        showing = set(Article.objects.using(using).filter(hero_image__in=pending.images).values_list("pk", flat=True))
        showing |= set(
            GalleryItem.objects.using(using).filter(image__in=pending.images).values_list("article_id", flat=True)
        )
        # Library images shown inside bodies (articles.body_media) are rendered from the
        # library at each render: those stories' pages show the change too.
        in_bodies = Q()
        for image_pk in pending.images:
            in_bodies |= uses_image_q(image_pk)
        showing |= set(Article.objects.using(using).filter(in_bodies).values_list("pk", flat=True))
        keys |= {f"article:{pk}" for pk in showing} | {"authors"}
    if pending.linked:
        linked = set(
            Article.objects.using(using).filter(pk__in=pending.linked).published().values_list("pk", flat=True)
        )
        if linked:
            pending.articles |= linked
            keys.update(_LISTED_KEYS)
    if pending.articles:
        ids = pending.articles
        rows = Article.objects.using(using).filter(pk__in=ids).values_list("section_id", flat=True)
        pending.sections |= set(rows)
        keys |= {
            f"tag:{t}"
            for t in TaggedArticle.objects.using(using).filter(content_object__in=ids).values_list("tag_id", flat=True)
        }
        keys |= {
            f"author:{a}"
            for a in Byline.objects.using(using).filter(article__in=ids).values_list("author_id", flat=True)
        }
        regions = (
            Article.regions.through.objects.using(using).filter(article__in=ids).values_list("region_id", flat=True)
        )
        keys |= {f"region:{r}" for r in regions}
    if pending.sections:
        parents = dict(Section.objects.using(using).values_list("pk", "parent_id"))
        for section_id in pending.sections:
            seen = set()
            while section_id is not None and section_id not in seen:  # a cycle cannot hang a save
                seen.add(section_id)
                keys.add(f"section:{section_id}")
                section_id = parents.get(section_id)
    caching.invalidate_keys(keys)


def _is_published(status):
    return status == Article.Status.PUBLISHED


# --- articles ------------------------------------------------------------------------


def _remember_placement(sender, instance, **kwargs):
    # What the row held when loaded: the save compares against it. (Deferred fields are
    # simply not remembered: such an instance is compared as if they changed.)
    instance._cache_placement = tuple(instance.__dict__.get(f) for f in _PLACEMENT)


def _touch_article(pending, article, placed_before, listed_before, deleted=False):
    pending.keys.add(f"article:{article.pk}")
    published = not deleted and _is_published(article.status)
    if not (published or listed_before):
        return  # a draft: no public page shows it
    pending.keys.update(_LISTED_KEYS)
    placement = tuple(getattr(article, f) for f in _PLACEMENT)
    if not deleted and placed_before == placement:
        # An edit that leaves it where it is listed: every page showing its card or page
        # records ``article:<id>``; its listings (which stories, in what order) stand.
        return
    pending.articles.add(article.pk)
    pending.sections.add(article.section_id)
    old_section = placed_before[_PLACEMENT.index("section_id")] if placed_before else None
    if old_section:
        pending.sections.add(old_section)
    # /corrections lists the notices of published stories only.
    pending.keys.update({"home", "authors", "corrections"})
    if listed_before and not published:
        pending.keys.add("most-read")


def _article_saved(sender, instance, created, using, **kwargs):
    pending = _pending_for(using)
    before = None if created else getattr(instance, "_cache_placement", None)
    listed_before = bool(before) and _is_published(before[0])
    _touch_article(pending, instance, before, listed_before)
    # The next save of this instance compares against what this one wrote.
    instance._cache_placement = tuple(getattr(instance, f) for f in _PLACEMENT)
    _queue(using)


def _article_deleted(sender, instance, using, **kwargs):
    pending = _pending_for(using)
    before = getattr(instance, "_cache_placement", None)
    _touch_article(pending, instance, before, _is_published(instance.status), deleted=True)
    _queue(using)


def announced(sender, instance=None, instances=None, using=None, related=None, **kwargs):
    """Receiver of ``articles.signals.content_changed``. A row's announcement (it names
    its ``instance``) is described by the row receivers here; one sent by hand touches
    the Related boxes it names (``related``: article ids whose stored suggestions were
    forgotten: ``related:<id>`` each), the articles it names (``instances``: a bulk
    insert), or else everything."""
    if instance is not None:
        return
    using = using or "default"
    pending = _pending_for(using)
    if related is not None:
        pending.keys |= {f"related:{pk}" for pk in related}
    elif instances is None:
        pending.keys |= caching.EVERYTHING
    else:
        for article in instances:
            _touch_article(pending, article, None, False)
    _queue(using)


# --- everything else readers see ------------------------------------------------------


def _row_keys(instance):
    """``(keys, article ids, section ids, image ids)`` a saved or deleted row touches, or
    None for a model these rules do not know."""
    match instance:
        case Byline():
            # The authors index lists who has published work: a byline may add or drop
            # someone (also on a draft's byline: one page more to render, never stale).
            return {f"author:{instance.author_id}", "authors"}, {instance.article_id}, (), ()
        case TaggedArticle():
            return {f"tag:{instance.tag_id}"}, {instance.content_object_id}, (), ()
        case RelatedArticle():
            return {f"article:{instance.from_article_id}"}, (), (), ()
        case GalleryItem():
            return {f"article:{instance.article_id}"}, (), (), ()
        case Correction():
            return {f"article:{instance.article_id}", "corrections", "feeds"}, (), (), ()
        case Section():
            return {caching.EDITION, "sitemap", "feeds"}, (), {instance.pk, instance.parent_id}, ()
        case Region():
            return {f"region:{instance.pk}", caching.EDITION}, (), (), ()
        case Author():
            return {f"author:{instance.pk}", f"author-name:{instance.pk}", "authors", "feeds", "sitemap"}, (), (), ()
        case Tag():
            return {f"tag:{instance.pk}", f"tag-name:{instance.pk}", "feeds", "sitemap"}, (), (), ()
        case TagNameKey():
            return {f"tag:{instance.tag_id}", f"tag-name:{instance.tag_id}"}, (), (), ()
        case Redirect():
            # Answered on a 404, never cached: a moved story's old page goes with its
            # article's key.
            return set(), (), (), ()
        case Image():
            return set(), (), (), {instance.pk}
        case BreakingItem():
            return {"ticker"}, (), (), ()
        case FlatPage():
            return {f"flatpage:{instance.pk}"}, (), (), ()
    return None


def _watched(sender):
    meta = getattr(sender, "_meta", None)
    return bool(meta) and meta.app_label in WATCHED_APPS and sender not in IGNORED_MODELS


def _row_changed(sender, instance, using, **kwargs):
    if sender is Article or not _watched(sender):
        return
    pending = _pending_for(using)
    found = _row_keys(instance)
    if found is None:
        # A model readers see that these rules do not describe (redirects, sites...).
        pending.keys |= caching.EVERYTHING
    else:
        keys, article_ids, section_ids, image_ids = found
        pending.keys |= keys | {f"article:{pk}" for pk in article_ids}
        pending.linked |= set(article_ids)
        pending.sections |= {s for s in section_ids if s}
        pending.images |= set(image_ids)
    _queue(using)


def _m2m_changed(sender, instance, action, pk_set, using, model=None, **kwargs):
    if not _watched(sender) or action not in ("pre_clear", "post_add", "post_remove", "post_clear"):
        return
    pending = _pending_for(using)
    forward = not isinstance(instance, (Region, Tag))  # from the article's side
    if sender in (Article.regions.through, TaggedArticle):
        kind = "region" if sender is Article.regions.through else "tag"
        if action == "pre_clear" and forward:
            related = instance.regions if kind == "region" else instance.tags
            pk_set = set(related.values_list("pk", flat=True))
            pending.keys |= {f"{kind}:{pk}" for pk in pk_set}
            return
        articles = [instance.pk] if forward else list(pk_set or ())
        others = list(pk_set or ()) if forward else [instance.pk]
        pending.keys |= {f"{kind}:{pk}" for pk in others} | {f"article:{pk}" for pk in articles}
        pending.linked |= set(articles)
    elif sender is FlatPage.sites.through:
        pages = [instance.pk] if isinstance(instance, FlatPage) else list(pk_set or ())
        pending.keys |= {f"flatpage:{p}" for p in pages}
    elif action != "pre_clear":
        pending.keys |= caching.EVERYTHING
    if action != "pre_clear":
        _queue(using)


def connect():
    """Connect the rules (``public.apps``)."""
    post_init.connect(_remember_placement, sender=Article, dispatch_uid="public_cache_placement")
    post_save.connect(_article_saved, sender=Article, dispatch_uid="public_cache_article_saved")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="public_cache_article_deleted")
    post_save.connect(_row_changed, dispatch_uid="public_cache_row_saved")
    post_delete.connect(_row_changed, dispatch_uid="public_cache_row_deleted")
    m2m_changed.connect(_m2m_changed, dispatch_uid="public_cache_m2m")
