"""Corrections, clarifications and update notes: structured notices on an article."""

import reversion
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.article import Article


class CorrectionQuerySet(models.QuerySet):
    def published(self, edition=None):
        """Notices readers see: published, on an article readers see (of ``edition``, a
        code, when given). Newest first.

        The article is tested per notice (EXISTS on its primary key) rather than joined:
        with the join, SQLite walked every published article probing for its notices (570
        ms at 100 000 articles with no notice at all); this way the notices' own index is
        walked and the cost follows the notices, not the archive."""
        visible = Article.objects.published().filter(pk=OuterRef("article_id"))
        if edition is not None:
            visible = visible.filter(edition=edition)
        return self.filter(Exists(visible), status=Correction.Status.PUBLISHED).order_by("-published_at", "-pk")

    def proposed(self):
        """Notices a writer proposed that no editor has published yet."""
        return self.filter(status=Correction.Status.PROPOSED)


@reversion.register()
class Correction(models.Model):
    """A notice on an article: a correction (something was wrong), a clarification
    (something was unclear) or an update note (something changed since).

    Added from the article's "Corrections" page in the admin without saving the article.
    A writer proposes (``status`` proposed, invisible to readers); an editor, who holds
    ``articles.publish_article``, publishes (``published_at``, ``published_by``). A
    published notice shows on the article, in its JSON-LD (``correction``), on
    ``/corrections`` and in its feed, and moves the article's ``modified_at``.
    """

    class Kind(models.TextChoices):
        # Translated: readers see them on the story and at /corrections.
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")
        UPDATE = "update", _("Update note")

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        PUBLISHED = "published", "Published"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(help_text="What was wrong and what is right, as readers will read it. Plain text.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            # A published notice has a publication time: /corrections and dateModified read it.
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="correction_published_has_date",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="correction_text_not_empty"),
        ]
        indexes = [
            # /corrections and its feed: published notices, newest first.
            models.Index(fields=["-published_at"], condition=Q(status="published"), name="correction_published_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.article_id}"

    def publish(self, user, now=None):
        """Mark published by ``user`` (at ``now``); the caller saves. False when it
        already was."""
        if self.status == self.Status.PUBLISHED:
            return False
        self.status = self.Status.PUBLISHED
        self.published_at = now or timezone.now()
        self.published_by = user
        return True

    def get_absolute_url(self):
        """The notice on its article's page (``#correction-<pk>``)."""
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"
