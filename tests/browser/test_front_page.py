"""Front-page curation in a real browser, as an editor does it: drag a story found with
the search box into the lead, reorder the top stories with the keyboard only (Move up,
announced in the live region), give a pin an expiry, save, and see the public home page
change. Screenshots of the screen at 1280 and 390 px go to /work/notes/screens when that
folder exists (else screenshots/)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import HomePin
from tests.browser.helpers import PHONE, SCREENSHOTS, assert_accessible, horizontal_overflow, login
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NOTES_SCREENS = Path("/work/notes/screens")
SCREEN = reverse("admin:articles_frontpage")


def stories():
    """Fourteen recent stories (Story 0 the newest), enough to fill the lead, the top stories
    and the News block, and an older one the home page does not show."""
    for i in range(14):
        ArticleFactory(headline=f"Story {i}", published_at=timezone.now() - timedelta(hours=i + 1))
    return ArticleFactory(headline="Harbour reopens after the storm", published_at=timezone.now() - timedelta(days=9))


def lead_and_top(page):
    page.goto("/")
    lead = page.locator(".lead .card-title a").all_inner_texts()
    return lead, page.locator(".top-grid .card-title a").all_inner_texts()


def row(page, slot, n):
    return page.locator(f'.fp-slot[data-slot="{slot}"] .fp-list > li').nth(n)


def test_an_editor_curates_the_front_page_by_mouse_and_by_keyboard(new_context, editor, axe_script):
    harbour = stories()
    reader = new_context().new_page()
    assert lead_and_top(reader)[0] == ["Story 0"]

    page = new_context(timezone_id=settings.TIME_ZONE).new_page()
    login(page, editor)
    page.locator("#content-main").get_by_role("link", name="Front page").first.click()  # the admin menu
    page.wait_for_url(f"**{SCREEN}")
    expect(row(page, "lead", 0).locator(".fp-badge")).to_have_text("Automatic")

    # Drag a story found with the search box into the lead.
    page.get_by_label("Headline or words").fill("harbour")
    result = page.locator(".fp-result", has_text="Harbour reopens")
    expect(result).to_have_count(1)
    result.drag_to(row(page, "lead", 0))
    expect(row(page, "lead", 0).locator(".fp-headline")).to_have_text("Harbour reopens after the storm")
    expect(row(page, "lead", 0).locator(".fp-badge")).to_have_text("Pinned")
    expect(page.locator("#fp-status")).to_contain_text("pinned at Lead")

    # Reorder the top stories with the keyboard only: Story 3 (third, as the harbour story
    # took the lead and pushed the automatic Story 0 out) up to the first place.
    up = page.get_by_role("button", name="Move up: “Story 3”")
    up.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#fp-status")).to_have_text("“Story 3” moved to place 2 of Top stories.")
    expect(up).to_be_focused()  # focus stays on the moved story's button
    page.keyboard.press("Enter")
    expect(page.locator("#fp-status")).to_have_text("“Story 3” moved to place 1 of Top stories.")
    expect(row(page, "top", 0).locator(".fp-headline")).to_have_text("Story 3")

    # An expiry on the lead pin, typed in the site's time.
    until = timezone.localtime(timezone.now() + timedelta(hours=3)).replace(second=0, microsecond=0)
    row(page, "lead", 0).get_by_label("Pinned “Harbour reopens after the storm” until").fill(
        until.strftime("%Y-%m-%dT%H:%M")
    )
    assert_accessible(page, axe_script, "the front-page screen")
    _screenshots(page)

    page.get_by_role("button", name="Save front page", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Front page saved")
    lead = HomePin.objects.get(slot="lead")
    assert (lead.article_id, lead.expires_at) == (harbour.pk, until)
    assert HomePin.objects.get(slot="top", position=1).article.headline == "Story 3"

    # Readers see it at once: the cached home page was invalidated by the save.
    lead_headlines, top = lead_and_top(reader)
    assert lead_headlines == ["Harbour reopens after the storm"]
    assert top[0] == "Story 3"
    # After a reload the screen shows the pins as saved.
    expect(row(page, "lead", 0).locator(".fp-badge")).to_have_text("Pinned")
    expect(row(page, "lead", 0).locator(".fp-expires")).to_have_value(until.strftime("%Y-%m-%dT%H:%M"))


def _screenshots(page):
    target = NOTES_SCREENS if NOTES_SCREENS.is_dir() else SCREENSHOTS
    target.mkdir(exist_ok=True)
    page.screenshot(path=str(target / "frontpage-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    overflow = horizontal_overflow(page)
    assert overflow["extra"] <= 0, overflow
    page.screenshot(path=str(target / "frontpage-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
