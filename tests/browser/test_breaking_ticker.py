"""Flow 4: an editor puts a line on the breaking ticker; readers see it on their next
page load, and no longer once its end time has passed."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import BreakingItem
from tests.browser.admin_ui import errors, save_and_continue, success_message
from tests.browser.helpers import login
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LINE = "Explosions heard near the port of Latakia"


def ticker_text(page):
    ticker = page.locator(".ticker")
    return ticker.inner_text() if ticker.count() else ""


def test_breaking_item_appears_on_the_ticker_and_leaves_at_its_end_time(new_context, editor, time_machine):
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

    # The editor ends it now, with the widget's "Today" and "Now" shortcuts. They fill
    # in the browser's time to the second, and the end must fall after the start: rather
    # than wait a second, move both clocks on, the browser's (which the shortcuts read)
    # and the server's (which decides what is live).
    later = timezone.now() + timedelta(seconds=2)
    admin.clock.set_fixed_time(later)
    time_machine.move_to(later)
    admin.locator(".field-ends_at .datetimeshortcuts a", has_text="Today").click()
    admin.locator(".field-ends_at .datetimeshortcuts a", has_text="Now").click()
    save_and_continue(admin)
    assert "was changed successfully" in success_message(admin), errors(admin)
    assert BreakingItem.objects.live().count() == 0

    reader.reload()
    assert LINE not in ticker_text(reader)
    reader.goto("/")
    assert LINE not in ticker_text(reader)
