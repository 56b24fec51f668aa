"""The wire desk: an agency's feed is taken in, and an editor takes one of its stories
from "Incoming wires" with one click and lands on its form, still in review."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from ingest.models import WireFeed, WireItem
from ingest.wires import ingest_feeds
from tests.browser.admin_ui import success_message
from tests.browser.helpers import assert_accessible, login
from tests.factories import section
from tests.ingest.feed_server import running_feed_server

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def wires(db):
    """Two agencies' feeds served by a live HTTP server and taken in by the intake."""
    with running_feed_server() as server:
        news = section("news/world")
        WireFeed.objects.create(
            url=server.serve("/world.rss", file="agency.rss"), source_name="Example Agency", section=news
        )
        WireFeed.objects.create(
            url=server.serve("/second.atom", file="agency.atom"), source_name="Second Agency", section=news
        )
        result = ingest_feeds()
    assert result.new == 5 and not result.errors
    return result


def test_an_editor_takes_a_wire_story_in_one_click(page, editor, wires, axe_script):
    login(page, editor)
    page.goto(reverse("admin:ingest_wireitem_changelist"))
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(5)
    assert_accessible(page, axe_script, "Incoming wires")
    page.screenshot(path=str(SCREENSHOTS / "incoming-wires.png"), full_page=True)

    page.locator("#changelist-filter a", has_text="Second Agency").click()
    expect(rows).to_have_count(2)
    row = rows.filter(has_text="Floods close roads in the north")
    row.get_by_role("button", name="Take").click()

    item = WireItem.objects.get(guid="tag:second-agency.example,2026:entry-77")
    page.wait_for_url(f"**{reverse('admin:articles_article_change', args=[item.article_id])}")
    assert "You took this story from the Second Agency wire." in success_message(page)
    expect(page.locator("#id_headline")).to_have_value("Floods close roads in the north")
    expect(page.locator("#id_status")).to_have_value("in_review")
    item.refresh_from_db()
    assert item.taken_by == editor
    assert not Article.objects.published().exists()

    # Back on the desk: the story has left the waiting list and shows who took it.
    page.goto(reverse("admin:ingest_wireitem_changelist"))
    expect(rows).to_have_count(4)
    page.locator("#changelist-filter a", has_text="Taken, in review").click()
    expect(rows).to_have_count(1)
    assert "Taken by eddie-editor" in rows.first.inner_text()
