"""The breaking-news ticker."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone


class BreakingQuerySet(models.QuerySet):
    def live(self):
        """Items on the ticker now: started, and not yet ended. Newest first."""
        now = timezone.now()
        return (
            self.filter(starts_at__lte=now)
            .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
            .select_related("article__section")
            .order_by("position", "-starts_at", "-pk")
        )


class BreakingItem(models.Model):
    text = models.CharField(max_length=500, help_text="One line, plain text.")
    article = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Link to one of our articles…",
    )
    url = models.URLField(blank=True, help_text="…or to any address.")
    attribution = models.CharField(max_length=200, blank=True, help_text="E.g. “Al Mayadeen's correspondent”.")
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Empty: stays until removed.")
    position = models.SmallIntegerField(default=0, help_text="Lower comes first; ties are newest first.")
    external_id = models.CharField(max_length=500, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BreakingQuerySet.as_manager()

    class Meta:
        ordering = ["position", "-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="breaking_ends_after_start",
            ),
        ]
        indexes = [
            # The ticker: items live now.
            models.Index(fields=["starts_at", "ends_at"], name="breaking_window_idx"),
        ]

    def __str__(self):
        return self.text[:100]

    def clean(self):
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The end must be after the start."})

    @classmethod
    def external_id_for(cls, text, attribution=""):
        """The identity of a ticker line whose source gives it none (a page's BREAKING
        list, a JSON Lines row without ``external_id``): ``"ticker:"`` and 24 hex digits
        of the SHA-1 of the line as the site prints it (``"text: attribution"``), with
        whitespace folded and case folded, so the same line read twice is one item.

        The form is stored in ``external_id`` by every import since the first: changing
        it would make re-imports see new lines (tests/ingest/test_import_page_text.py).
        """
        line = f"{text}: {attribution}" if attribution else text
        digest = hashlib.sha1(" ".join(line.split()).casefold().encode()).hexdigest()  # noqa: S324 -- identity, not security
        return f"ticker:{digest[:24]}"

    @property
    def link(self):
        if self.article_id and self.article.is_published:
            return self.article.get_absolute_url()
        return self.url
