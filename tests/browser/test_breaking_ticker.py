"""Flow 4: an editor puts a line on the breaking ticker; readers see it on their next
page load, and no longer once its end time has passed."""

import pytest
from django.conf import settings

from articles.models import BreakingItem
from tests.browser.admin_ui import errors, save_and_continue, success_message
from tests.browser.helpers import login
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LINE = "Explosions heard near the port of Latakia"


def ticker_text(page):
    ticker = page.locator(".ticker")
    return ticker.inner_text() if ticker.count() else ""


def test_breaking_item_appears_on_the_ticker_and_leaves_at_its_end_time(new_context, editor):
    ArticleFactory()
    reader = new_context().new_page()
    reader.goto("/")
    assert LINE not in ticker_text(reader)

    admin = new_context(timezone_id=settings.TIME_ZONE).new_page()
    login(admin, editor)
    admin.goto("/admin/articles/breakingitem/add/")
    admin.fill("#id_text", LINE)
    admin.fill("#id_attribution", "Al Mayadeen's correspondent")
    save_and_continue(admin)
    assert "was added successfully" in success_message(admin), errors(admin)

    reader.reload()
    assert LINE in ticker_text(reader)
    assert "Al Mayadeen's correspondent" in ticker_text(reader)
    reader.goto("/news/politics")
    assert LINE in ticker_text(reader)

    # The editor ends it now, with the widget's "Today" and "Now" shortcuts.
    reader.wait_for_timeout(1000)  # the end must fall after the start, to the second
    admin.locator(".field-ends_at .datetimeshortcuts a", has_text="Today").click()
    admin.locator(".field-ends_at .datetimeshortcuts a", has_text="Now").click()
    save_and_continue(admin)
    assert "was changed successfully" in success_message(admin), errors(admin)
    assert BreakingItem.objects.live().count() == 0

    reader.reload()
    assert LINE not in ticker_text(reader)
    reader.goto("/")
    assert LINE not in ticker_text(reader)
