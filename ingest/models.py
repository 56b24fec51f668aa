"""The wire desk's data: agency feeds (``WireFeed``) and the entries taken from them (``WireItem``).

Each new entry of an active feed becomes an article in review (``ingest.wires``); its
``WireItem`` keeps the wire identity (the entry's GUID, or its link when it has none),
the original link and who on the desk took the story. The item outlives its article:
a wire story an editor deleted is still known, so it is never imported again.
"""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models import Article


class WireFeed(models.Model):
    """An agency's RSS 2.0 or Atom feed, polled by ``ingest_feeds``.

    ``etag`` and ``last_modified`` are the validators of the last full response, sent
    back as If-None-Match / If-Modified-Since so an unchanged feed costs a 304.
    """

    url = models.URLField(
        "feed URL",
        max_length=1000,
        unique=True,
        # The fetcher speaks http(s) only; URLField alone would also take ftp addresses.
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="The RSS 2.0 or Atom address (http or https).",
    )
    source_name = models.CharField(
        max_length=200, help_text="The source line of its stories, e.g. “Reuters”, “AFP”, “Agencies”."
    )
    section = models.ForeignKey(
        "articles.Section",
        on_delete=models.PROTECT,
        related_name="wire_feeds",
        help_text="Where its stories are filed until an editor moves them.",
    )
    default_tags = models.CharField(
        max_length=500, blank=True, help_text="Tags every story of this feed gets, separated by commas."
    )
    active = models.BooleanField(default=True, help_text="Only active feeds are polled.")
    etag = models.CharField(max_length=500, blank=True, editable=False)
    # The server's own HTTP-date, echoed back byte for byte (RFC 9110, 13.1.3).
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(
        blank=True, editable=False, help_text="Why the last poll failed; empty when it worked."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["source_name", "pk"]
        verbose_name = "wire feed"

    def __str__(self):
        return self.source_name

    def tag_names(self):
        """``default_tags`` as a list of names, blanks dropped."""
        return [name.strip() for name in self.default_tags.split(",") if name.strip()]


class WireItemQuerySet(models.QuerySet):
    def waiting(self):
        """Wire stories nobody has taken yet whose article is still in review: the desk's inbox."""
        return self.filter(taken_by__isnull=True, article__status=Article.Status.IN_REVIEW)


class WireItem(models.Model):
    """One feed entry that was imported: its wire identity, original link and article."""

    feed = models.ForeignKey(WireFeed, on_delete=models.CASCADE, related_name="items", verbose_name="source")
    guid = models.CharField(
        "wire identity",
        max_length=500,
        help_text="The entry's GUID (RSS) or id (Atom); its link when it has neither (a longer one: its SHA-256).",
    )
    link = models.URLField("original link", max_length=1000, blank=True)
    filed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the agency filed or last updated the entry, as its feed says."
    )
    fetched_at = models.DateTimeField(default=timezone.now)
    # SET_NULL: an article an editor deletes leaves its identity behind (never re-imported).
    article = models.OneToOneField(
        "articles.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="wire_item"
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    taken_at = models.DateTimeField(null=True, blank=True)

    objects = WireItemQuerySet.as_manager()

    class Meta:
        # The desk reads the newest filing first, whichever feed brought it.
        ordering = [models.F("filed_at").desc(nulls_last=True), "-pk"]
        verbose_name = "incoming wire"
        verbose_name_plural = "incoming wires"
        constraints = [
            # An entry is imported once per feed, whatever happens to its article.
            models.UniqueConstraint(fields=["feed", "guid"], name="wireitem_unique_guid_per_feed"),
            # Taken means by someone, at a time: both or neither.
            models.CheckConstraint(
                condition=Q(taken_by__isnull=True, taken_at__isnull=True) | Q(taken_at__isnull=False),
                name="wireitem_taken_has_time",
            ),
        ]

    def __str__(self):
        return self.guid
