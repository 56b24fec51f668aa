"""Webhooks for the apps' push-notification service: events, signatures, delivery.

Events: ``published`` (an article goes live; a scheduled one at its publication
time), ``updated`` (a live article saved again), ``unpublished`` (taken down or
deleted), ``breaking`` (a new ticker item, when it starts).

Delivery is an outbox: the ``WebhookDelivery`` rows are written by signal handlers in
the transaction that made the change, so they exist exactly when the change
committed (a rolled-back save sends nothing). After the commit, a background thread
makes the first attempt at once; failures are retried with back-off
(``WEBHOOK_RETRY_BASE_SECONDS`` × 4ⁿ, ``WEBHOOK_MAX_ATTEMPTS`` in all) by
``manage.py deliver_webhooks`` (run it every minute from cron or a timer, or
``--loop``), which also sends scheduled ``published`` events when their time comes.
Attempts claim their row first, so two runners never send one delivery twice.

What is sent is built when it is sent, from what readers see then: a delivery whose
article is no longer published is dropped rather than announced.

Deliveries may arrive out of order (retries, parallel first attempts): ``id`` grows
with the order of events. Each POST carries a JSON body and the headers ``Webhook-Id``
(the delivery's id: receivers deduplicate on it), ``Webhook-Event`` and ``Webhook-Signature``:
``t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the subscription's secret>``.
A receiver recomputes it and refuses old timestamps (replays).
"""

import hashlib
import hmac
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from api import present
from api.models import WebhookDelivery, WebhookSubscription
from articles.models import Article, BreakingItem

logger = logging.getLogger(__name__)
Event = WebhookSubscription.Event
Status = WebhookDelivery.Status
# How long a claimed delivery is left alone by other runners while it is attempted.
CLAIM_SECONDS = 120
USER_AGENT = "newsroom-webhooks/1"


def sign(secret, timestamp, body):
    """The ``Webhook-Signature`` value of ``body`` (bytes) sent at ``timestamp`` (int)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(secret, header, body, tolerance=300, now=None):
    """Whether ``header`` is a valid signature of ``body`` made less than ``tolerance``
    seconds ago: what a receiver runs (and the tests)."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), header)


# --- events ----------------------------------------------------------------------------


def announce(event, *, article=None, breaking_item=None, when=None, deleted=False):
    """Queue ``event`` for every subscription that wants it (in the current transaction),
    due at ``when`` (default now), and start delivering once the transaction commits.
    ``deleted``: the article's row is gone, so the delivery only remembers its id."""
    subscriptions = [s for s in WebhookSubscription.objects.filter(is_active=True) if s.wants(event)]
    if not subscriptions:
        return []
    subject = {}
    if article is not None:
        subject = {"article_id": article.pk, "url": present.absolute(article.get_absolute_url())}
    if breaking_item is not None:
        subject = {"breaking_id": breaking_item.pk}
    rows = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            subscription=s,
            event=event,
            article=None if deleted else article,
            breaking_item=breaking_item,
            subject=subject,
            next_attempt_at=when or timezone.now(),
        )
        for s in subscriptions
    )
    ids = [row.pk for row in rows]
    if settings.WEBHOOK_DELIVER_IN_PROCESS:
        transaction.on_commit(lambda: deliver_in_background(ids))
    return ids


@receiver(post_save, sender=Article, dispatch_uid="api_webhooks_article_saved")
def _article_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    # Article.save() updates _loaded_status after this signal: here it is still the old one.
    old = None if created else getattr(instance, "_loaded_status", None)
    published = Article.Status.PUBLISHED
    if instance.status == published and old != published:
        announce(Event.PUBLISHED, article=instance, when=max(instance.published_at, timezone.now()))
    elif instance.status == published:
        if instance.is_published:
            announce(Event.UPDATED, article=instance)
    elif old == published:
        announce(Event.UNPUBLISHED, article=instance)


@receiver(post_delete, sender=Article, dispatch_uid="api_webhooks_article_deleted")
def _article_deleted(sender, instance, **kwargs):
    if instance.status == Article.Status.PUBLISHED:
        announce(Event.UNPUBLISHED, article=instance, deleted=True)


@receiver(post_save, sender=BreakingItem, dispatch_uid="api_webhooks_breaking_saved")
def _breaking_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        announce(Event.BREAKING, breaking_item=instance, when=max(instance.starts_at, timezone.now()))


# --- delivery --------------------------------------------------------------------------


@dataclass
class DeliveryResult:
    """What a run did, by delivery id."""

    delivered: list = field(default_factory=list)
    retrying: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    dropped: list = field(default_factory=list)
    waiting: list = field(default_factory=list)

    def summary(self):
        return (
            f"{len(self.delivered)} delivered, {len(self.retrying)} to retry, {len(self.failed)} failed, "
            f"{len(self.dropped)} dropped, {len(self.waiting)} waiting for their time."
        )


def retry_delay(attempts):
    """Seconds before the next attempt after ``attempts`` failed ones: base × 4^(n−1)."""
    return settings.WEBHOOK_RETRY_BASE_SECONDS * 4 ** (attempts - 1)


def _claim(delivery, now):
    """Take ``delivery`` for this runner (an atomic conditional UPDATE); False when another
    runner has it or it is no longer due."""
    return bool(
        WebhookDelivery.objects.filter(pk=delivery.pk, status=Status.PENDING, next_attempt_at__lte=now).update(
            next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS)
        )
    )


def payload(delivery):
    """The body of ``delivery`` as readers' state says now: ``(dict, None)``, or
    ``(None, when)`` to wait until ``when``, or ``(None, None)`` to drop it."""
    body = {"id": delivery.pk, "event": delivery.event, "created_at": present.utc(delivery.created_at)}
    if delivery.event == Event.UNPUBLISHED:
        return {**body, "article": {"id": delivery.subject.get("article_id"), "url": delivery.subject.get("url")}}, None
    if delivery.event == Event.BREAKING:
        item = BreakingItem.objects.filter(pk=delivery.breaking_item_id).select_related("article__section").first()
        if item is None or (item.ends_at and item.ends_at <= timezone.now()):
            return None, None
        if item.starts_at > timezone.now():
            return None, item.starts_at
        return {**body, "breaking": present.breaking(item)}, None
    article = Article.objects.filter(pk=delivery.article_id).for_listing().prefetch_related("tags", "regions").first()
    if article is None or article.status != Article.Status.PUBLISHED:
        return None, None
    if article.is_scheduled:
        # Only a "published" event waits for its time; an update of a story not yet out is moot.
        return None, (article.published_at if delivery.event == Event.PUBLISHED else None)
    return {**body, "article": present.card(article)}, None


def attempt(delivery):
    """POST ``delivery`` once; returns the response status or raises ``OSError``."""
    content, when = payload(delivery)
    if content is None:
        return None, when
    body = json.dumps(content, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 -- subscription URLs are set by staff in the admin
        delivery.subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "Webhook-Id": str(delivery.pk),
            "Webhook-Event": delivery.event,
            "Webhook-Signature": sign(delivery.subscription.secret, int(time.time()), body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT) as response:  # noqa: S310
            return response.status, None
    except urllib.error.HTTPError as error:
        return error.code, None


def deliver_due(ids=None, now=None):
    """Attempt every due pending delivery (only ``ids`` if given); returns a
    ``DeliveryResult``. Safe to run in several processes at once."""
    now = now or timezone.now()
    result = DeliveryResult()
    due = WebhookDelivery.objects.due(now).select_related("subscription")
    if ids is not None:
        due = due.filter(pk__in=ids)
    for delivery in list(due):
        if not _claim(delivery, now):
            continue
        _deliver_one(delivery, result)
    return result


def _deliver_one(delivery, result):
    started = timezone.now()
    fields = {"last_attempt_at": started}
    try:
        status, wait_until = attempt(delivery)
        error = "" if status is None or 200 <= status < 300 else f"HTTP {status}"
    except (OSError, ValueError) as exc:  # refused, timed out, bad URL
        status, wait_until, error = None, None, str(exc)[:500] or exc.__class__.__name__
    if status is None and not error:
        if wait_until is not None:
            fields = {"next_attempt_at": wait_until}  # not an attempt: its time has not come
            result.waiting.append(delivery.pk)
        else:
            fields["status"] = Status.DROPPED
            result.dropped.append(delivery.pk)
    elif not error:
        fields.update(status=Status.DELIVERED, delivered_at=timezone.now(), response_status=status, last_error="")
        fields["attempts"] = delivery.attempts + 1
        result.delivered.append(delivery.pk)
    else:
        attempts = delivery.attempts + 1
        fields.update(attempts=attempts, response_status=status, last_error=error)
        if attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            fields["status"] = Status.FAILED
            result.failed.append(delivery.pk)
        else:
            fields["next_attempt_at"] = started + timedelta(seconds=retry_delay(attempts))
            result.retrying.append(delivery.pk)
        logger.warning("Webhook delivery %s to %s failed: %s", delivery.pk, delivery.subscription.name, error)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)


def deliver_in_background(ids):
    """The first attempt of freshly committed deliveries, off the request's thread."""

    def run():
        try:
            deliver_due(ids=ids)
        except Exception:
            logger.exception("Webhook deliveries %s: the first attempt failed; deliver_webhooks retries", ids)
        finally:
            connections.close_all()  # this thread's connections only

    thread = threading.Thread(target=run, name="webhooks", daemon=True)
    thread.start()
    _threads[:] = [t for t in _threads if t.is_alive()] + [thread]
    return thread


# Background threads that may still run (tests wait for them).
_threads = []
