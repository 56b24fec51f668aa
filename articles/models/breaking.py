"""The breaking-news ticker."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.text_policy import html_to_text


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

    def save(self, *args, **kwargs):
        self.text = html_to_text(self.text, one_line=True)
        super().save(*args, **kwargs)

    @property
    def link(self):
        if self.article_id and self.article.is_published:
            return self.article.get_absolute_url()
        return self.url
