"""Webhooks, delivered to a live HTTP receiver running in a thread: after commit,
signed with HMAC-SHA256, retried with back-off, scheduled publications at their time."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from api import webhooks
from api.models import WebhookDelivery, WebhookSubscription
from articles.models import Article
from tests.factories import ArticleFactory, BreakingItemFactory

# serialized_rollback: the database is left as the migrations made it, as the suite's other
# transactional tests expect (a plain flush leaves rows the next restore collides with).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SECRET = "s3cret-for-tests"
Status = WebhookDelivery.Status


class Receiver:
    """A local HTTP endpoint recording what it receives; answers the statuses queued in
    ``answers`` (then 200)."""

    def __init__(self):
        self.received, self.answers = [], []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.answers.pop(0) if receiver.answers else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def events(self):
        return [(headers["Webhook-Event"], json.loads(body)) for headers, body in self.received]


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.server.shutdown()
    r.server.server_close()


@pytest.fixture
def subscription(receiver):
    return WebhookSubscription.objects.create(
        name="Push service", url=receiver.url, secret=SECRET, events=["published", "updated", "unpublished", "breaking"]
    )


def settle():
    """Wait for the background first attempts started so far."""
    for thread in list(webhooks._threads):
        thread.join(timeout=10)


def test_publishing_is_announced_after_commit_signed(receiver, subscription):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert not WebhookDelivery.objects.exists()  # a draft is nobody's news
    article.status, article.published_at = Article.Status.PUBLISHED, timezone.now()
    article.save()
    settle()
    [(headers, body)] = receiver.received
    assert headers["Webhook-Event"] == "published"
    assert webhooks.verify(SECRET, headers["Webhook-Signature"], body)
    assert not webhooks.verify("another secret", headers["Webhook-Signature"], body)
    data = json.loads(body)
    assert data["article"]["id"] == article.pk and data["article"]["url"].endswith(article.get_absolute_url())
    assert WebhookDelivery.objects.get().status == Status.DELIVERED


def test_a_rolled_back_change_announces_nothing(receiver, subscription):
    with pytest.raises(RuntimeError), transaction.atomic():
        ArticleFactory()
        raise RuntimeError("the editor's save failed")
    settle()
    assert receiver.received == [] and not WebhookDelivery.objects.exists()


def test_updates_and_unpublishing(receiver, subscription):
    article = ArticleFactory()
    settle()  # each first attempt runs in its own thread: in order only if awaited
    article.headline = "Corrected headline"
    article.save()
    settle()
    article.status = Article.Status.UNPUBLISHED
    article.save()
    settle()
    events = receiver.events()
    assert [e for e, _ in events] == ["published", "updated", "unpublished"]
    # What the unpublished event carries: identity only, nothing of the taken-down story.
    assert events[2][1]["article"] == {"id": article.pk, "url": events[0][1]["article"]["url"]}


def test_a_failed_delivery_is_retried_with_back_off(receiver, subscription, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    receiver.answers = [500, 503]
    ArticleFactory()
    settle()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.PENDING and delivery.attempts == 1 and delivery.response_status == 500
    first_delay = (delivery.next_attempt_at - delivery.last_attempt_at).total_seconds()
    assert first_delay == settings.WEBHOOK_RETRY_BASE_SECONDS
    assert webhooks.deliver_due().delivered == []  # not due yet
    later = delivery.next_attempt_at + timedelta(seconds=1)
    assert webhooks.deliver_due(now=later).retrying == [delivery.pk]
    delivery.refresh_from_db()
    assert (delivery.next_attempt_at - delivery.last_attempt_at).total_seconds() == 4 * first_delay
    assert webhooks.deliver_due(now=delivery.next_attempt_at).delivered == [delivery.pk]
    delivery.refresh_from_db()
    assert delivery.status == Status.DELIVERED and delivery.attempts == 3
    assert [h["Webhook-Id"] for h, _ in receiver.received] == [str(delivery.pk)] * 3  # receivers deduplicate on it


def test_a_delivery_out_of_attempts_fails(receiver, subscription, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    receiver.answers = [500, 500]
    ArticleFactory()
    settle()
    delivery = WebhookDelivery.objects.get()
    assert webhooks.deliver_due(now=delivery.next_attempt_at).failed == [delivery.pk]
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED and delivery.last_error == "HTTP 500"


def test_a_scheduled_article_is_announced_when_it_goes_live(receiver, subscription):
    at = timezone.now() + timedelta(hours=2)
    article = ArticleFactory(published_at=at)
    settle()
    assert receiver.received == []
    with time_machine.travel(at + timedelta(minutes=1)):
        call_command("deliver_webhooks", verbosity=0)
    assert [(e, d["article"]["id"]) for e, d in receiver.events()] == [("published", article.pk)]


def test_a_story_taken_down_before_its_delivery_is_dropped(receiver, subscription, settings):
    settings.WEBHOOK_DELIVER_IN_PROCESS = False  # only the command delivers
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)  # no signal: a racing editor
    result = webhooks.deliver_due()
    assert result.dropped == [WebhookDelivery.objects.get().pk] and receiver.received == []


def test_breaking_items_are_announced(receiver, subscription):
    BreakingItemFactory(text="Explosions heard in the capital")
    settle()
    [(event, data)] = receiver.events()
    assert event == "breaking" and data["breaking"]["text"] == "Explosions heard in the capital"


def test_subscriptions_get_only_their_events(receiver, subscription):
    subscription.events = ["breaking"]
    subscription.save()
    ArticleFactory()
    settle()
    assert receiver.received == [] and not WebhookDelivery.objects.exists()
