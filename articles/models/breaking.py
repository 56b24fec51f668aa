"""The breaking-news ticker."""

import difflib
import hashlib
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models.taxonomy import edition_field

# Two live lines this alike (difflib's ratio of their normalised texts) are one story
# told twice: a retyped line, a typo fixed in a copy, a figure updated in a second line
# ("rises to 15" / "rises to 17"). The desk edits the live line instead of adding one.
NEAR_DUPLICATE_RATIO = 0.9
# A line that holds another live line whole ("Al Mayadeen's correspondent: <line>")
# repeats it; below this many words containment is too common to mean anything.
CONTAINED_MIN_WORDS = 5


def default_lifetime():
    """How long a line stays on the ticker when nobody gives it an end
    (``settings.BREAKING_LIFETIME_HOURS``)."""
    return timedelta(hours=settings.BREAKING_LIFETIME_HOURS)


def comparable_text(text):
    """``text`` as the duplicate rule compares it: case folded, punctuation and symbols
    dropped (Unicode categories P* and S*, so Arabic and typographic quotes go too),
    whitespace folded. ``"Strike on Toul!"`` and ``"strike  on toul"`` give the same."""
    kept = (" " if unicodedata.category(c)[0] in "PSZ" else c for c in text.casefold())
    return " ".join("".join(kept).split())


def repeats(a, b):
    """Whether the comparable texts ``a`` and ``b`` tell the same line: equal, one holding
    the other whole (the shorter of at least ``CONTAINED_MIN_WORDS`` words), or alike by
    ``NEAR_DUPLICATE_RATIO``."""
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short.split()) >= CONTAINED_MIN_WORDS and f" {short} " in f" {long} ":
        return True
    return difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio() >= NEAR_DUPLICATE_RATIO


class BreakingQuerySet(models.QuerySet):
    def live(self):
        """Items on the ticker now: started, and not yet ended. Strictly newest first by
        start time; ``position`` only orders lines that start at the same moment (the
        lines of one imported page, in the page's order)."""
        now = timezone.now()
        return (
            self.filter(starts_at__lte=now, ends_at__gt=now)
            .select_related("article__section")
            .order_by("-starts_at", "position", "-pk")
        )

    def repeating(self, text):
        """The live items whose line repeats ``text`` (see ``repeats``), newest first."""
        key = comparable_text(text)
        return [item for item in self.live() if repeats(key, comparable_text(item.text))]

    def end_now(self, now=None):
        """End the live items among these at ``now`` (default: the current time), each saved
        on its own so the public site hears of it. Returns ``(ended, skipped)``: items not
        started yet or already ended are left as they are."""
        now = now or timezone.now()
        ended = skipped = 0
        for item in self:
            if item.starts_at < now < item.ends_at:
                item.ends_at = now
                item.save(update_fields=["ends_at"])
                ended += 1
            else:
                skipped += 1
        return ended, skipped


class BreakingItem(models.Model):
    # Each edition has its own ticker.
    edition = edition_field("The edition whose ticker carries this line.")
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
    # Every line ends: left empty in a form or an import, the end is the start plus
    # the default lifetime (``save``), so a forgotten line leaves the ticker by itself.
    ends_at = models.DateTimeField(
        blank=True,
        help_text="Empty: the line leaves the ticker a few hours after it starts (BREAKING_LIFETIME_HOURS).",
    )
    position = models.SmallIntegerField(
        default=0, help_text="Only orders lines that start at the same moment; otherwise newest first."
    )
    external_id = models.CharField(max_length=500, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BreakingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "position", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="breaking_ends_after_start"),
        ]
        indexes = [
            # The ticker: items live now.
            models.Index(fields=["starts_at", "ends_at"], name="breaking_window_idx"),
        ]

    def __str__(self):
        return self.text[:100]

    def fill_default_end(self):
        """Give a line without an end the default lifetime from its start."""
        if self.ends_at is None and self.starts_at is not None:
            self.ends_at = self.starts_at + default_lifetime()

    def clean(self):
        self.fill_default_end()
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The end must be after the start."})
        if self.text:
            self.refuse_repeat()

    def refuse_repeat(self):
        """Refuse a line that repeats a live one (``BreakingQuerySet.repeating``); the
        form shows the live line so the desk can edit it instead."""
        same = BreakingItem.objects.filter(edition=self.edition).exclude(pk=self.pk).repeating(self.text)
        if same:
            live = same[0]
            raise ValidationError(
                {
                    "text": ValidationError(
                        "The ticker already carries this line: “%(text)s” (since %(since)s). "
                        "Edit that line, or end it first.",
                        code="repeats_live_line",
                        params={"text": live.text, "since": timezone.localtime(live.starts_at).strftime("%H:%M")},
                    )
                }
            )

    def save(self, *args, **kwargs):
        self.fill_default_end()
        super().save(*args, **kwargs)

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
