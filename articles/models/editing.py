"""Editing safety in the admin: autosaved drafts of the article form and who has an
article open (presence). Neither changes the article: readers never see them.

The rules that use them are in ``articles.editing``.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

# How long a heartbeat keeps someone "editing": the form beats every
# ``PRESENCE_HEARTBEAT_SECONDS``, so a closed tab or a lost network is gone within a minute.
PRESENCE_TTL = timedelta(seconds=60)


class Autosave(models.Model):
    """The article form of one user as it was at ``saved_at``, kept aside until she saves
    the article, restores it or discards it. One per article and user.

    ``data`` holds the form's text fields ({field name: text}; ``articles.editing.
    AUTOSAVED_FIELDS``); ``base_version`` is the article version her form was opened on,
    so a restored autosave is checked against saves made since (the edit-conflict rule).
    Not a django-reversion revision: a revision is a state the article had, with its
    bylines and tags, that anyone may restore; an autosave is one person's unfinished
    form, which may not even be valid.
    """

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="autosaves")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    base_version = models.PositiveIntegerField(null=True, blank=True)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # The form autosaves over its own previous autosave: one row per editor and article.
            models.UniqueConstraint(fields=["article", "user"], name="autosave_one_per_user"),
        ]

    def __str__(self):
        return f"Autosave of {self.article_id} by {self.user_id} at {self.saved_at:%H:%M}"


class EditingSessionQuerySet(models.QuerySet):
    def fresh(self, now=None):
        """Sessions whose last heartbeat is younger than ``PRESENCE_TTL``: the people
        who have the article open now. Oldest first (who came first)."""
        now = now or timezone.now()
        return self.filter(seen_at__gte=now - PRESENCE_TTL).order_by("since", "pk")


class EditingSession(models.Model):
    """``user`` has the change form of ``article`` open: since ``since``, last heard of at
    ``seen_at`` (the form's heartbeat). ``name`` is how colleagues see her, kept here so
    the article list shows it without joining the users."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="editing_sessions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=300)
    since = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now)

    objects = EditingSessionQuerySet.as_manager()

    class Meta:
        constraints = [
            # A heartbeat upserts the one row of (article, user), whatever tabs she has open.
            models.UniqueConstraint(fields=["article", "user"], name="editing_session_one_per_user"),
        ]

    def __str__(self):
        return f"{self.name} on {self.article_id} since {self.since:%H:%M}"
