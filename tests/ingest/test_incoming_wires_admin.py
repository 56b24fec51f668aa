"""The wire desk in the admin: "Incoming wires" filtered by source, one-click Take, the feeds' pages."""

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from ingest.models import WireFeed, WireItem
from tests.factories import ArticleFactory, role, section

pytestmark = pytest.mark.django_db

WIRES = reverse("admin:ingest_wireitem_changelist")


def take_url(item):
    return reverse("admin:ingest_wireitem_take", args=[item.pk])


def feed(name, path="/feed.rss"):
    return WireFeed.objects.create(
        url=f"https://{name.lower()}.example{path}", source_name=name, section=section("news/world")
    )


def wire(wire_feed, headline, status=Article.Status.IN_REVIEW, **item):
    article = ArticleFactory(
        headline=headline,
        status=status,
        published_at=timezone.now() if status == Article.Status.PUBLISHED else None,
        source=wire_feed.source_name,
        external_id=f"wire:{wire_feed.pk}:{headline}",
    )
    return WireItem.objects.create(
        feed=wire_feed, guid=headline, link=f"https://agency.example/{article.slug}", article=article, **item
    )


def headlines(response):
    return [item.article.headline for item in response.context["cl"].result_list]


def test_incoming_wires_lists_waiting_stories_by_default_and_filters_by_source(editor_client, writer):
    reuters, afp = feed("Reuters"), feed("AFP")
    wire(reuters, "Reuters waiting")
    wire(afp, "AFP waiting")
    wire(afp, "AFP taken", taken_by=writer, taken_at=timezone.now())
    wire(afp, "AFP published", status=Article.Status.PUBLISHED)

    response = editor_client.get(WIRES)
    assert response.status_code == 200
    assert sorted(headlines(response)) == ["AFP waiting", "Reuters waiting"]
    assert sorted(headlines(editor_client.get(WIRES, {"feed__id__exact": afp.pk}))) == ["AFP waiting"]
    assert headlines(editor_client.get(WIRES, {"desk": "taken"})) == ["AFP taken"]
    assert headlines(editor_client.get(WIRES, {"desk": "handled"})) == ["AFP published"]
    assert len(headlines(editor_client.get(WIRES, {"desk": "all"}))) == 4
    content = response.content.decode()
    assert "Incoming wires" in content
    assert 'href="https://agency.example/reuters-waiting"' in content
    assert f'formaction="{take_url(WireItem.objects.get(guid="Reuters waiting"))}"' in content


def test_the_list_costs_the_same_queries_for_one_or_twenty_stories(editor_client):
    reuters = feed("Reuters")
    wire(reuters, "Story 0")

    def queries():
        editor_client.get(WIRES)  # warm: new articles make the site's cached clock stale
        with CaptureQueriesContext(connection) as captured:
            response = editor_client.get(WIRES)
        return len(headlines(response)), len(captured.captured_queries)

    rows, one = queries()
    assert rows == 1 and one <= 10
    for n in range(1, 20):
        wire(reuters, f"Story {n}")
    assert queries() == (20, one)


def test_an_editor_takes_a_story_in_one_click_and_lands_on_its_form(client, editor):
    item = wire(feed("Reuters"), "Talks resume")
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    page = client.get(WIRES)
    token = page.cookies["csrftoken"].value

    response = client.post(take_url(item), {"csrfmiddlewaretoken": token})

    change = reverse("admin:articles_article_change", args=[item.article_id])
    assert response.status_code == 302 and response["Location"] == change
    item.refresh_from_db()
    assert item.taken_by == editor and item.taken_at is not None
    article = item.article
    assert article.status == Article.Status.IN_REVIEW  # taking publishes nothing
    assert not Article.objects.published().exists()
    entry = LogEntry.objects.get(object_id=str(article.pk))
    assert (entry.user, entry.change_message) == (editor, "Taken from the Reuters wire.")
    form = client.get(change)
    assert "You took this story from the Reuters wire." in form.content.decode()
    # Taken stories leave the waiting list and show who has them.
    assert headlines(client.get(WIRES)) == []
    assert "Taken by eddie-editor" in client.get(WIRES, {"desk": "taken"}).content.decode()


def test_take_needs_a_post_with_the_csrf_token(editor):
    item = wire(feed("Reuters"), "Talks resume")
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    assert client.get(take_url(item)).status_code == 405
    assert client.post(take_url(item)).status_code == 403
    item.refresh_from_db()
    assert item.taken_by is None


def test_a_story_taken_by_one_editor_cannot_be_taken_by_another(editor_client, django_user_model):
    other = django_user_model.objects.create_user(username="olga-other", is_staff=True, first_name="Olga")
    other.groups.add(role("Editor"))
    item = wire(feed("AFP"), "Floods close roads", taken_by=other, taken_at=timezone.now())

    response = editor_client.post(take_url(item), follow=True)

    assert response.redirect_chain[0] == (WIRES, 302)
    assert "“Floods close roads” was taken by Olga at" in response.content.decode()
    item.refresh_from_db()
    assert item.taken_by == other


def test_taking_again_ones_own_story_just_opens_it(editor_client, editor):
    item = wire(feed("AFP"), "Mine already")
    editor_client.post(take_url(item))
    first = WireItem.objects.get().taken_at

    response = editor_client.post(take_url(item))

    assert response["Location"] == reverse("admin:articles_article_change", args=[item.article_id])
    assert WireItem.objects.get().taken_at == first
    assert LogEntry.objects.count() == 1


@pytest.mark.parametrize("status", [Article.Status.PUBLISHED, Article.Status.DRAFT])
def test_a_story_that_left_review_cannot_be_taken(editor_client, status):
    item = wire(feed("AFP"), "Moved on", status=status)

    response = editor_client.post(take_url(item), follow=True)

    assert response.redirect_chain[0] == (WIRES, 302)
    assert "is no longer in review" in response.content.decode()
    assert WireItem.objects.get().taken_by is None


def test_a_story_whose_article_was_deleted_cannot_be_taken(editor_client):
    item = wire(feed("AFP"), "Spiked")
    item.article.delete()

    response = editor_client.post(take_url(item), follow=True)

    assert "article was deleted" in response.content.decode()
    gone = editor_client.post(reverse("admin:ingest_wireitem_take", args=[9999]), follow=True)
    assert gone.redirect_chain[0] == (WIRES, 302)
    assert "That wire story is no longer on the desk." in gone.content.decode()


def test_writers_neither_see_the_wires_nor_take_them(writer_client):
    item = wire(feed("AFP"), "Editors only")

    assert writer_client.get(WIRES).status_code == 403
    assert writer_client.post(take_url(item)).status_code == 403
    assert WireItem.objects.get().taken_by is None


def test_wire_items_are_never_added_edited_or_deleted_by_hand(editor_client):
    item = wire(feed("AFP"), "Record")
    change = reverse("admin:ingest_wireitem_change", args=[item.pk])

    assert editor_client.get(reverse("admin:ingest_wireitem_add")).status_code == 403
    assert editor_client.post(change, {"guid": "other"}).status_code == 403
    assert (
        editor_client.post(reverse("admin:ingest_wireitem_delete", args=[item.pk]), {"post": "yes"}).status_code == 403
    )
    assert WireItem.objects.get().guid == "Record"


def test_editors_configure_feeds_in_the_admin(editor_client):
    url = reverse("admin:ingest_wirefeed_add")
    assert editor_client.get(url).status_code == 200

    response = editor_client.post(
        url,
        {
            "url": "https://agency.example/world.rss",
            "source_name": "Example Agency",
            "section": section("news/world").pk,
            "default_tags": "Wires",
            "active": "on",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    wire_feed = WireFeed.objects.get()
    assert (wire_feed.source_name, wire_feed.tag_names(), wire_feed.active) == ("Example Agency", ["Wires"], True)
    wire_feed.last_error = "HTTP 500 Internal Server Error"
    wire_feed.last_checked_at = timezone.now()
    wire_feed.save()
    listing = editor_client.get(reverse("admin:ingest_wirefeed_changelist")).content.decode()
    assert "HTTP 500 Internal Server Error" in listing
    assert editor_client.get(reverse("admin:ingest_wirefeed_change", args=[wire_feed.pk])).status_code == 200


@pytest.mark.parametrize("address", ["file:///etc/passwd", "ftp://agency.example/feed.xml"])
def test_a_feed_address_must_be_http(editor_client, address):
    response = editor_client.post(
        reverse("admin:ingest_wirefeed_add"),
        {"url": address, "source_name": "X", "section": section("news/world").pk, "active": "on"},
    )

    assert response.status_code == 200
    assert "url" in response.context["adminform"].form.errors
    assert not WireFeed.objects.exists()
