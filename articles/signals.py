"""Signal handlers of the editorial app: any content change is announced once, and
every text field of the content is held to the text policy before it is saved.

One rule instead of a list of pages per model: a save, delete or many-to-many change
of anything readers can see sends ``content_changed``. The content room does not know
who caches what; the public site (``public.apps``) listens and invalidates.
"""

from django.contrib.flatpages.models import FlatPage
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import Signal, receiver
from taggit.models import Tag

from articles.models import Article, Author, Byline, DailyReadCount, LiveUpdate, MostRead, RelatedArticle, TaggedArticle
from articles.text_policy import clean_body, clean_text_fields

# Sent with ``sender`` = the changed model class whenever readers' content changed.
# ``using`` names the database whose transaction made the change; ``instance`` the row
# when a row signal sent it (a change sent by hand has none: ``instances`` may name them;
# ``related``, a list of article ids, says only those articles' Related boxes changed).
content_changed = Signal()

# Sent with ``sender`` = LiveUpdate, ``article_id`` and ``using`` when a live update is
# posted, edited or deleted. Live updates come every minute during big news: they
# announce only the live blog they belong to, never the site-wide ``content_changed``
# (which would empty every cached page of the site at each post).
live_updates_changed = Signal()

# Models whose changes readers see. Per-day read counters are left out on purpose:
# Most Read may lag by one cache lifetime, and a bump on every read would empty the cache;
# its stored ranking (MostRead) is refreshed every few minutes and is read, not announced.
WATCHED_APPS = {"articles", "taggit", "flatpages", "redirects", "sites"}
IGNORED_MODELS = {DailyReadCount, LiveUpdate, MostRead}


def _watched(sender):
    meta = getattr(sender, "_meta", None)
    return bool(meta) and meta.app_label in WATCHED_APPS and sender not in IGNORED_MODELS


@receiver(post_save, dispatch_uid="content_changed_on_save")
@receiver(post_delete, dispatch_uid="content_changed_on_delete")
def _saved_or_deleted(sender, **kwargs):
    if _watched(sender) and not kwargs.get("raw"):
        content_changed.send(sender=sender, using=kwargs["using"], instance=kwargs["instance"])


@receiver(post_save, sender=LiveUpdate, dispatch_uid="live_updates_changed_on_save")
@receiver(post_delete, sender=LiveUpdate, dispatch_uid="live_updates_changed_on_delete")
def _live_update_saved_or_deleted(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        live_updates_changed.send(sender=sender, article_id=instance.article_id, using=kwargs["using"])


@receiver(pre_save, sender=LiveUpdate, dispatch_uid="live_update_text_cleaned")
def _clean_live_update(sender, instance, **kwargs):
    # Not a watched model (its changes are announced apart), but held to the same text rule.
    clean_text_fields(instance)


@receiver(m2m_changed, dispatch_uid="content_changed_on_m2m")
def _relations_changed(sender, action, **kwargs):
    # ``sender`` is the through model (e.g. Article.regions.through, FlatPage.sites.through).
    if action.startswith("post_") and _watched(sender):
        content_changed.send(sender=sender, using=kwargs["using"], instance=kwargs["instance"])


@receiver(pre_save, dispatch_uid="text_fields_cleaned")
def _clean_text_fields(sender, instance, **kwargs):
    # One rule for every model readers see, whoever saves it (admin, importer, shell,
    # loaddata): no character that is never text, and plain fields hold plain text.
    # taggit's Tag and django.contrib's flatpages get it too, without a subclass.
    if _watched(sender):
        clean_text_fields(instance)


@receiver(pre_save, sender=FlatPage, dispatch_uid="flatpage_content_cleaned")
def _clean_flatpage(sender, instance, **kwargs):
    # Editors change About Us & co. in the admin (django.contrib.flatpages' own form): what
    # they save is served on the site's origin, the admin's too, so it is stored cleaned.
    instance.content = clean_body(instance.content)


# --- derived from related rows: search_extra and tag_list (names), related_ids ---------
# Row signals, not m2m_changed: taggit's manager writes TaggedArticle rows one by one
# (get_or_create, delete), and revision restores save Byline/TaggedArticle rows raw,
# so post_save/post_delete see every ORM path. Bulk writers refresh themselves.


def _deleting_the_article(origin):
    # The article's own deletion cascades to its bylines and tags: nothing to refresh.
    return isinstance(origin, Article) or (isinstance(origin, QuerySet) and origin.model is Article)


@receiver(post_save, sender=Byline, dispatch_uid="search_extra_byline_saved")
@receiver(post_delete, sender=Byline, dispatch_uid="search_extra_byline_deleted")
@receiver(post_save, sender=TaggedArticle, dispatch_uid="search_extra_tag_saved")
@receiver(post_delete, sender=TaggedArticle, dispatch_uid="search_extra_tag_deleted")
def _article_names_changed(sender, instance, using, origin=None, **kwargs):
    if _deleting_the_article(origin):
        return
    article_id = instance.article_id if sender is Byline else instance.content_object_id
    Article.objects.using(using).filter(pk=article_id).refresh_search_extra()


@receiver(post_save, sender=RelatedArticle, dispatch_uid="related_ids_link_saved")
@receiver(post_delete, sender=RelatedArticle, dispatch_uid="related_ids_link_deleted")
def _related_list_changed(sender, instance, using, origin=None, **kwargs):
    # The editors' list (or an importer's) replaces the computed one: Article.related_ids.
    if not _deleting_the_article(origin):
        Article.objects.using(using).filter(pk=instance.from_article_id).refresh_related()


@receiver(post_save, sender=Author, dispatch_uid="search_extra_author_renamed")
def _author_saved(sender, instance, created, raw, using, **kwargs):
    if not created and not raw:
        Article.objects.using(using).filter(bylines__author=instance).refresh_search_extra()


@receiver(post_save, sender=Tag, dispatch_uid="search_extra_tag_renamed")
def _tag_saved(sender, instance, created, raw, using, **kwargs):
    if not created and not raw:
        tagged = TaggedArticle.objects.using(using).filter(tag=instance).values("content_object_id")
        Article.objects.using(using).filter(pk__in=tagged).refresh_search_extra()
