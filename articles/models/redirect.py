"""Old URLs of ours that answer 301: where a moved article or section went."""

from urllib.parse import quote, unquote

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.encoding import uri_to_iri
from django.utils.http import RFC3986_SUBDELIMS

# Paths are kept as IRIs (``stored_path``): an Arabic slug of 60 letters takes 60
# characters instead of ~330 percent-encoded. The longest path our slugs make (a
# 255-character section path and a 255-character slug) is then at most ~1,540
# characters and 2,048 UTF-8 bytes, which the unique btree index of PostgreSQL holds
# (at most 2,704 bytes a row); ``clean()`` holds typed paths to the same byte budget.
PATH_LENGTH = 2000
PATH_BYTES = 2048
# What reverse() leaves unencoded in a path (django.urls.resolvers).
_PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"


def request_key(path):
    """``request.path`` (decoded by Django) in the form ``stored_path`` stores: encoded as
    ``reverse()`` encodes, then only the non-ASCII and unreserved letters decoded."""
    return uri_to_iri(quote(path, safe=_PATH_SAFE))


def stored_path(path):
    """``path`` as the table keeps it: an IRI, whichever form it came in (``reverse()``'s
    "/news/%D9%82%D9%85%D8%A9", or "/news/قمة" typed by an editor). Reserved characters
    stay encoded, so a "?" of a slug ("%3F") is never read as a query string. A query
    string given with a path (a redirect's target) is kept as it is; a full URL
    (another site) is kept whole.
    """
    if not path.startswith("/"):
        return path
    path, mark, query = path.partition("?")
    return request_key(unquote(path)) + mark + query


class Redirect(models.Model):
    """``old_path`` on ``site`` answers 301 to ``new_path`` (``public.redirects`` middleware),
    keeping the request's query string. An empty ``new_path`` answers 410 Gone.

    Replaces ``django.contrib.redirects``, whose 200-character columns cannot hold the
    percent-encoded URL of an Arabic slug (PostgreSQL refused the save with a 500).
    Written by ``articles.redirects.leave_redirect`` when a published article or a section
    moves, and by editors in the admin. Both paths are stored by ``stored_path``.
    """

    site = models.ForeignKey("sites.Site", on_delete=models.CASCADE, related_name="+")
    old_path = models.CharField(
        "old path",
        max_length=PATH_LENGTH,
        help_text="A path on this site, without the domain or a query string, e.g. “/news/politics/old-slug”.",
    )
    new_path = models.CharField(
        "new path",
        max_length=PATH_LENGTH,
        blank=True,
        help_text="Where it moved: a path such as “/news/politics/new-slug” or a full address. "
        "Empty: the page is gone for good (410).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]
        constraints = [
            # One answer per old path: the middleware looks it up on every 404.
            models.UniqueConstraint(fields=["site", "old_path"], name="redirect_unique_old_path_per_site"),
            # Paths only: a query string is never part of the match (it is kept on the way).
            models.CheckConstraint(
                condition=models.Q(old_path__startswith="/") & ~models.Q(old_path__contains="?"),
                name="redirect_old_path_is_a_path",
                violation_error_message="The old path starts with “/” and has no query string (“?…”).",
            ),
        ]
        indexes = [
            # leave_redirect() repoints every redirect that led to a moved page (no chains).
            models.Index(fields=["site", "new_path"], name="redirect_new_path_idx"),
        ]

    def __str__(self):
        return f"{self.old_path} → {self.new_path or '(gone)'}"

    def save(self, *args, **kwargs):
        self.old_path, self.new_path = stored_path(self.old_path), stored_path(self.new_path)
        super().save(*args, **kwargs)

    def clean(self):
        # Before the form's uniqueness and constraint checks, which compare stored forms.
        if "?" in (self.old_path or ""):
            raise ValidationError({"old_path": "Leave out the query string (“?…”): it is kept on the way."})
        self.old_path, self.new_path = stored_path(self.old_path or ""), stored_path(self.new_path or "")
        for name in ("old_path", "new_path"):
            if len(getattr(self, name).encode()) > PATH_BYTES:
                raise ValidationError({name: f"Too long: at most {PATH_BYTES} bytes once stored."})
