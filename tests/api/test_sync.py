"""A sync client (the apps' offline cache): ``updated_since`` once, then cursors only,
gets every change exactly once, including scheduled stories when they go live."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
START = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)


class SyncClient:
    """What an app does: the first sync from a time, every later one from the stored ``next``."""

    def __init__(self, client):
        self.client, self.next, self.received = client, None, []

    def sync(self, limit=2):
        url = self.next or "/api/v1/articles?" + f"updated_since=2000-01-01T00:00:00Z&limit={limit}"
        got = []
        while True:
            response = self.client.get(url)
            assert response.status_code == 200, response.content
            data = response.json()
            got += [(item["id"], item["headline"]) for item in data["items"]]
            assert data["next"], "sync mode always gives a next link"
            url = data["next"]
            if not data["items"]:
                break
        self.next = url
        self.received += got
        return got


def test_every_change_arrives_exactly_once(client):
    app = SyncClient(client)
    with time_machine.travel(START, tick=False) as clock:
        made = []
        for n in range(5):
            clock.shift(timedelta(minutes=1))
            made.append(ArticleFactory(headline=f"Story {n}", published_at=START))
        clock.shift(timedelta(minutes=1))
        scheduled = ArticleFactory(headline="Scheduled", published_at=START + timedelta(hours=1))
        assert sorted(app.sync()) == sorted((a.pk, a.headline) for a in made)

        clock.shift(timedelta(minutes=1))
        assert app.sync() == []  # nothing changed: nothing again

        clock.shift(timedelta(minutes=1))
        made[1].headline = "Story 1, corrected"
        made[1].save()
        clock.shift(timedelta(minutes=1))
        fresh = ArticleFactory(headline="Fresh story", published_at=START + timedelta(minutes=9))
        assert app.sync() == [(made[1].pk, "Story 1, corrected"), (fresh.pk, "Fresh story")]

        clock.move_to(START + timedelta(hours=1, minutes=1))  # the scheduled story goes live by itself
        assert app.sync() == [(scheduled.pk, "Scheduled")]

        clock.shift(timedelta(minutes=1))
        made[3].status = Article.Status.UNPUBLISHED  # taken down: the webhook says so, sync skips it
        made[3].save()
        made[4].headline = "Story 4, updated twice"
        made[4].save()
        assert app.sync() == [(made[4].pk, "Story 4, updated twice")]

    ids = [pk for pk, _ in app.received]
    assert len(ids) == 5 + 2 + 1 + 1 and ids.count(made[1].pk) == 2 and ids.count(made[4].pk) == 2


def test_a_change_while_paging_comes_once_more_at_the_end(client):
    """An article saved while the client pages is a new change: seen again, later, once."""
    app = SyncClient(client)
    with time_machine.travel(START, tick=False) as clock:
        made = []
        for n in range(4):
            clock.shift(timedelta(minutes=1))
            made.append(ArticleFactory(headline=f"Story {n}", published_at=START))
        first = client.get("/api/v1/articles?updated_since=2000-01-01T00:00:00Z&limit=2").json()
        clock.shift(timedelta(minutes=1))
        made[0].headline = "Story 0, changed"
        made[0].save()
        app.next = first["next"]
        rest = app.sync()
    assert [i["id"] for i in first["items"]] == [made[0].pk, made[1].pk]
    assert rest == [(made[2].pk, "Story 2"), (made[3].pk, "Story 3"), (made[0].pk, "Story 0, changed")]
