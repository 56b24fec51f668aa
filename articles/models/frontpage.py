"""Front-page curation: the stories editors pin into the home page's slots.

A home page (one per edition, ``edition`` code "en", "ar", "es") is a list of slots:
the lead, the top stories, the opinion column and one block per main section (the
layout and its sizes are the public site's: ``public.selectors.home_layout``). Each
slot has numbered places; a ``HomePin`` puts one story at one place, until its
``expires_at`` if it has one. Places without a live pin are filled with the newest
stories when the page is built, so an expired pin stops counting by the clock alone:
no job removes it.

Pins are not part of an article's revisions: restoring an old revision of a story
never takes it off the front page (``articles.admin.views``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models.article import Article

DEFAULT_EDITION = "en"
LEAD = "lead"
TOP = "top"
COLUMN = "column"
# A main section's block is the slot "section:<top-level section path>", e.g. "section:news".
SECTION_PREFIX = "section:"
# The lead and the top stories as ``Article.home_position`` numbered them before pins:
# 1 is the lead, 2–7 the top stories (top places 1–6).
TOP_STORIES = 6


def section_slot(path):
    """The slot key of the home block of the main section at ``path`` ("news" → "section:news")."""
    return f"{SECTION_PREFIX}{path}"


class HomePinQuerySet(models.QuerySet):
    def live(self, now=None):
        """Pins that hold their place now: no expiry, or one still to come."""
        now = now or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))

    def showing(self):
        """Live pins of stories readers can see (a pinned story later unpublished or
        deleted leaves its place to the automatic fill), with what a card shows."""
        return (
            self.live()
            .filter(article__in=Article.objects.published().values("pk"))
            .select_related("article__section", "article__hero_image")
            .order_by("slot", "position")
        )


class HomePin(models.Model):
    """One story pinned at one place of a home page slot, optionally until a time."""

    edition = models.CharField(max_length=8, default=DEFAULT_EDITION, help_text="Edition code: en, ar, es.")
    slot = models.CharField(
        max_length=120, help_text="“lead”, “top”, “column” or “section:<path>” (a main section's block)."
    )
    position = models.PositiveSmallIntegerField(help_text="Place in the slot, from 1.")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="home_pins")
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="After this time the place fills automatically again. Empty: until unpinned."
    )
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pinned_at = models.DateTimeField(default=timezone.now)

    objects = HomePinQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "slot", "position"]
        constraints = [
            # One story per place; the home page's query reads them all by edition.
            models.UniqueConstraint(fields=["edition", "slot", "position"], name="homepin_one_story_per_place"),
            # A story is on a home page once: pinned in two slots it would show twice.
            models.UniqueConstraint(fields=["edition", "article"], name="homepin_one_place_per_story"),
            models.CheckConstraint(condition=Q(position__gte=1), name="homepin_position_from_one"),
        ]

    def __str__(self):
        return f"{self.edition} {self.slot} {self.position}: {self.article_id}"


class FrontPage(models.Model):
    """The curation record of one edition's home page: its ``version`` is bumped by every
    saved curation, which is how a second editor's save, made on a screen opened before
    the first one saved, is refused instead of silently overwriting it."""

    edition = models.CharField(max_length=8, unique=True, default=DEFAULT_EDITION)
    version = models.PositiveIntegerField(default=0)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "front page"
        verbose_name_plural = "front page"

    def __str__(self):
        return f"Front page ({self.edition})"
