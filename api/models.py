"""What the API room owns: partner keys and webhook subscriptions with their deliveries."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

# A key as handed out: "nk_" + 8 hex digits (its public prefix, shown in the admin) +
# "_" + 43 URL-safe characters (256 random bits). Only its SHA-256 is stored.
KEY_PREFIX = "nk_"


def hash_key(raw):
    """The stored form of a raw key: hex SHA-256. A key carries 256 random bits, so a
    fast unsalted hash is enough (a password hasher's cost protects guessable secrets)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        """Keys that still open the API: not revoked."""
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """A partner's or a newsroom tool's key to the API.

    ``scope`` says what it opens: ``read`` (the public read API, with the keyed rate
    limit), ``preview`` (also drafts and scheduled articles, for the apps' editorial
    preview), ``write`` (also creating and editing drafts and posting live updates, as
    its ``user``: the workflow rules of that user apply, so a writer's key cannot publish).
    """

    class Scope(models.TextChoices):
        READ = "read", "Read published content"
        PREVIEW = "preview", "Read, and preview drafts"
        WRITE = "write", "Read, preview, and write as its user"

    name = models.CharField(max_length=200, help_text="Who holds it, e.g. “Android app”, “Partner: Example News”.")
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.READ)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_keys",
        help_text="Write keys act as this staff user: their role decides what the key may publish.",
    )
    prefix = models.CharField(max_length=16, unique=True, editable=False, help_text="Identifies the key; not secret.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, help_text="Set to revoke: the key stops working at once.")

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "API key"
        ordering = ["-created_at"]
        constraints = [
            # A write key acts as someone: without a user the workflow has nobody to ask.
            models.CheckConstraint(condition=~Q(scope="write") | Q(user__isnull=False), name="apikey_write_has_user"),
        ]

    def __str__(self):
        return f"{self.name} ({KEY_PREFIX}{self.prefix}_…)"

    def issue(self):
        """Give this (unsaved) key a fresh secret; returns the raw key, the only time it exists."""
        self.prefix = secrets.token_hex(4)
        raw = f"{KEY_PREFIX}{self.prefix}_{secrets.token_urlsafe(32)}"
        self.key_hash = hash_key(raw)
        return raw

    @property
    def is_active(self):
        return self.revoked_at is None

    def allows(self, scope):
        """Whether this key opens what ``scope`` needs (write ⊃ preview ⊃ read)."""
        order = [self.Scope.READ, self.Scope.PREVIEW, self.Scope.WRITE]
        return self.is_active and order.index(self.scope) >= order.index(scope)


class WebhookSubscription(models.Model):
    """Where to announce changes (the apps' push-notification service): each event is
    POSTed as JSON, signed with HMAC-SHA256 of ``secret`` (see ``api.webhooks``)."""

    class Event(models.TextChoices):
        PUBLISHED = "published", "Article published"
        UPDATED = "updated", "Published article updated"
        UNPUBLISHED = "unpublished", "Article unpublished"
        BREAKING = "breaking", "Breaking item on the ticker"

    name = models.CharField(max_length=200)
    url = models.URLField(max_length=500, help_text="Receives a POST per event.")
    # Kept readable: the signature is made with it on every delivery. Shown once to
    # the receiver's operator; rotate it by editing.
    secret = models.CharField(max_length=200, help_text="Shared with the receiver, which checks the signature.")
    events = models.JSONField(default=list, help_text="Any of: published, updated, unpublished, breaking.")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def wants(self, event):
        return self.is_active and event in self.events


class WebhookDeliveryQuerySet(models.QuerySet):
    def due(self, now=None):
        """Pending deliveries whose next attempt is now or past, oldest first."""
        return self.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now or timezone.now()).order_by(
            "next_attempt_at", "pk"
        )


class WebhookDelivery(models.Model):
    """One event for one subscription: written in the transaction that made the change
    (so it exists exactly when the change committed), attempted after the commit and
    retried with back-off until delivered or out of attempts."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed (out of attempts)"
        DROPPED = "dropped", "Dropped (no longer true when due)"

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=20, choices=WebhookSubscription.Event.choices)
    article = models.ForeignKey("articles.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    breaking_item = models.ForeignKey(
        "articles.BreakingItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What was known when the event happened (the article's id and public URL): all an
    # "unpublished" delivery sends, since the article may be gone by then.
    subject = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # A scheduled article's "published" waits for its publication time here.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"
        indexes = [
            # The retry runner: pending deliveries that are due.
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="webhook_delivery_due_idx"),
        ]

    def __str__(self):
        return f"{self.event} → {self.subscription} ({self.status})"
