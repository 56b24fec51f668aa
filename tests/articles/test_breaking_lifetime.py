"""The breaking ticker looks after itself: every line ends, newest first by start time,
no line twice, a capped ticker, and "End now" for the desk."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from articles.models import BreakingItem
from articles.models.breaking import comparable_text, repeats
from public.selectors import live_breaking_items
from tests.factories import BreakingItemFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_breakingitem_add")
CHANGELIST = reverse("admin:articles_breakingitem_changelist")


def add_line(client, text, **fields):
    now = timezone.localtime()
    data = {
        "text": text,
        "attribution": "",
        "url": "",
        "starts_at_0": now.strftime("%Y-%m-%d"),
        "starts_at_1": now.strftime("%H:%M:%S"),
        "ends_at_0": "",
        "ends_at_1": "",
        "position": "0",
    }
    data.update(fields)
    return client.post(ADD, data)


def test_a_line_typed_without_an_end_leaves_after_the_default_lifetime(settings):
    settings.BREAKING_LIFETIME_HOURS = 2
    now = timezone.now()
    fresh = BreakingItemFactory(text="Fresh", starts_at=now - timedelta(hours=1))
    stale = BreakingItemFactory(text="Stale", starts_at=now - timedelta(hours=3))
    assert fresh.ends_at == fresh.starts_at + timedelta(hours=2)
    assert stale.ends_at == stale.starts_at + timedelta(hours=2)
    assert list(BreakingItem.objects.live()) == [fresh]


def test_the_admin_form_fills_the_default_end(editor_client, settings):
    settings.BREAKING_LIFETIME_HOURS = 6
    response = add_line(editor_client, "Explosions heard near the port of Latakia")
    assert response.status_code == 302
    item = BreakingItem.objects.get()
    assert item.ends_at - item.starts_at == timedelta(hours=6)


def test_the_ticker_is_newest_first_by_start_time_whatever_the_position():
    now = timezone.now()
    old = BreakingItemFactory(text="Old but pinned", starts_at=now - timedelta(hours=1), position=-5)
    new = BreakingItemFactory(text="New", starts_at=now - timedelta(minutes=1), position=9)
    # Lines of one imported page start together: their position keeps the page's order.
    same = now - timedelta(minutes=30)
    second = BreakingItemFactory(text="Second on the page", starts_at=same, position=1)
    first = BreakingItemFactory(text="First on the page", starts_at=same, position=0)
    assert list(BreakingItem.objects.live()) == [new, first, second, old]


def test_the_ticker_shows_only_the_newest_lines_up_to_the_cap(settings):
    settings.BREAKING_TICKER_MAX = 3
    now = timezone.now()
    for minutes in range(1, 6):
        BreakingItemFactory(text=f"Line started {minutes} minutes ago", starts_at=now - timedelta(minutes=minutes))
    shown = [item["text"] for item in live_breaking_items()]
    assert shown == [f"Line started {m} minutes ago" for m in (1, 2, 3)]
    assert BreakingItem.objects.live().count() == 5  # the /breaking archive still has them all


@pytest.mark.parametrize(
    "retyped",
    [
        "explosions heard near the port of LATAKIA",
        "Explosions heard, near the port of Latakia!",
        "  Explosions   heard near the port of “Latakia”. ",
        "Explosions heard near the port of Latakai",  # a typo in a copy
        "Al Mayadeen's correspondent: explosions heard near the port of Latakia",
    ],
)
def test_a_line_repeating_a_live_one_is_refused(editor_client, retyped):
    BreakingItemFactory(text="Explosions heard near the port of Latakia")
    response = add_line(editor_client, retyped)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["text"]
    assert "already carries this line" in errors[0]
    assert BreakingItem.objects.count() == 1


def test_a_different_line_and_a_line_that_ended_are_accepted(editor_client):
    now = timezone.now()
    BreakingItemFactory(text="Explosions heard near the port of Latakia")
    BreakingItemFactory(
        text="Sandstorm halts flights at Basra airport",
        starts_at=now - timedelta(hours=2),
        ends_at=now - timedelta(hours=1),
    )
    assert add_line(editor_client, "Sandstorm halts flights at Basra airport").status_code == 302
    assert add_line(editor_client, "Magnitude 5.1 earthquake felt in Baghdad").status_code == 302
    assert BreakingItem.objects.live().count() == 3


def test_editing_a_live_line_is_not_a_repeat_of_itself(editor_client):
    item = BreakingItemFactory(text="Explosions heard near the port of Latakia")
    url = reverse("admin:articles_breakingitem_change", args=[item.pk])
    start = timezone.localtime(item.starts_at)
    end = timezone.localtime(item.ends_at)
    response = editor_client.post(
        url,
        {
            "text": "Explosions heard near the port of Latakia, witnesses say",
            "attribution": "",
            "url": "",
            "starts_at_0": start.strftime("%Y-%m-%d"),
            "starts_at_1": start.strftime("%H:%M:%S.%f"),
            "ends_at_0": end.strftime("%Y-%m-%d"),
            "ends_at_1": end.strftime("%H:%M:%S.%f"),
            "position": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_the_duplicate_rule_folds_case_space_and_punctuation_only():
    assert comparable_text("Strike  on «Toul»!") == "strike on toul"
    assert repeats(comparable_text("UN: 5 dead"), comparable_text("un 5 dead"))
    # Short lines sharing words are different news, not a repeat.
    assert not repeats(comparable_text("Strike on Toul"), comparable_text("Strike on Tyre port area"))


def test_an_editor_ends_a_line_now_from_its_page(editor_client, editor):
    item = BreakingItemFactory(text="Explosions heard near the port of Latakia")
    change = reverse("admin:articles_breakingitem_change", args=[item.pk])
    assert 'class="end-now-button"' in editor_client.get(change).content.decode()
    end = reverse("admin:articles_breakingitem_end", args=[item.pk])
    response = editor_client.post(end)
    assert response.status_code == 302 and response["Location"] == change
    item.refresh_from_db()
    assert item.ends_at <= timezone.now()
    assert not BreakingItem.objects.live().exists()
    assert LogEntry.objects.get(object_id=str(item.pk)).change_message == "Ended now."
    assert 'class="end-now-button"' not in editor_client.get(change).content.decode()


def test_end_now_is_a_post_for_editors_only(editor_client, writer_client):
    item = BreakingItemFactory()
    end = reverse("admin:articles_breakingitem_end", args=[item.pk])
    assert editor_client.get(end).status_code == 405
    assert writer_client.post(end).status_code == 403
    assert editor_client.post(reverse("admin:articles_breakingitem_end", args=[999999])).status_code == 404
    assert BreakingItem.objects.live().get() == item


def test_end_selected_lines_now_as_a_bulk_action(editor_client):
    now = timezone.now()
    live = [BreakingItemFactory(text=f"Live line {n}") for n in range(2)]
    upcoming = BreakingItemFactory(text="Upcoming line", starts_at=now + timedelta(hours=1))
    response = editor_client.post(
        CHANGELIST,
        {"action": "end_selected_now", "_selected_action": [str(i.pk) for i in [*live, upcoming]], "index": 0},
        follow=True,
    )
    text = response.content.decode()
    assert "2 lines taken off the ticker. 1 not on the ticker" in text
    assert not BreakingItem.objects.live().exists()
    upcoming.refresh_from_db()
    assert upcoming.starts_at > timezone.now()  # untouched: it will still go live
