"""Signal handlers of the editorial app: any content change makes cached pages stale.

One rule instead of a list of pages per model: a save, delete or many-to-many change
of anything readers can see bumps the content generation (``articles.cache``), which
every page and fragment key includes. Editors change content rarely compared with
readers reading it, so a site-wide bump costs little and can never miss a page.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles.cache import bump_generation

# Models whose changes readers see. Per-day view counters are left out on purpose:
# Most Read may lag by one cache lifetime, and a bump on every read would empty the cache.
WATCHED_APPS = {"articles", "taggit", "flatpages", "redirects", "sites"}
IGNORED_MODELS = {"articles.articleview"}


def _watched(sender):
    meta = getattr(sender, "_meta", None)
    return bool(meta) and meta.app_label in WATCHED_APPS and meta.label_lower not in IGNORED_MODELS


@receiver(post_save, dispatch_uid="content_changed_on_save")
@receiver(post_delete, dispatch_uid="content_changed_on_delete")
def content_changed(sender, **kwargs):
    if _watched(sender) and not kwargs.get("raw"):
        bump_generation()


@receiver(m2m_changed, dispatch_uid="content_changed_on_m2m")
def relations_changed(sender, action, **kwargs):
    # ``sender`` is the through model (e.g. Article.regions.through, FlatPage.sites.through).
    if action.startswith("post_") and _watched(sender):
        bump_generation()
