"""Flow 5: a reader on a phone uses the menu, reads an article, searches and pages
through the results."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import PHONE
from tests.factories import ArticleFactory, section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def archive(db):
    """25 harbour stories in Politics (more than one page of results) and a few others."""
    now = timezone.now()
    politics = section("news/politics")
    economy = section("news/economy")
    for n in range(25):
        ArticleFactory(
            headline=f"Harbour dispatch {n + 1}: cranes back at work",
            section=politics,
            published_at=now - timedelta(hours=n + 1),
        )
    for n in range(3):
        ArticleFactory(headline=f"Markets steady, day {n}", section=economy, published_at=now - timedelta(minutes=n))


def test_phone_reader_navigates_the_menu_reads_and_pages_through_search_results(new_context, archive):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto("/")

    # The menu is folded away on a phone until the reader opens it.
    nav = page.get_by_role("navigation", name="Main")
    politics = nav.get_by_role("list", name="News").get_by_role("link", name="Politics")
    expect(politics).to_be_hidden()
    page.get_by_text("Menu", exact=True).tap()
    expect(politics).to_be_visible()
    politics.tap()
    page.wait_for_url("**/news/politics")
    expect(page.locator("h1")).to_have_text("Politics")
    assert "Markets steady" not in page.locator("main").inner_text()

    # The newest Politics story opens from the listing.
    page.locator("main .card-title a").first.tap()
    expect(page.locator("h1")).to_have_text("Harbour dispatch 1: cranes back at work")

    # Search from the header, then page through every result.
    search_box = page.get_by_role("searchbox", name="Search").first
    search_box.fill("harbour")
    search_box.press("Enter")
    page.wait_for_url("**/search?q=harbour*")
    expect(page.locator(".result-count")).to_have_text("25 results")
    seen = []
    for page_number in (1, 2):
        expect(page.locator(".pagination")).to_contain_text(f"Page {page_number} of 2")
        seen += page.locator("main .card-title a").all_inner_texts()
        if page_number == 1:
            page.get_by_role("link", name="Older →").tap()
            page.wait_for_url("**page=2*")
    assert len(seen) == 25
    assert set(seen) == {f"Harbour dispatch {n}: cranes back at work" for n in range(1, 26)}
    # ... and back to the first page.
    page.get_by_role("link", name="← Newer").tap()
    expect(page.locator(".pagination")).to_contain_text("Page 1 of 2")
