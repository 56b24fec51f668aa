"""Flow 4: an editor puts a line on the breaking ticker; readers see it on their next
page load, and no longer once its end time has passed or she ends it now. On a phone
the ticker shows whole lines in a box whose height never changes."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from articles.models import BreakingItem
from tests.browser.admin_ui import errors, save_and_continue, success_message
from tests.browser.helpers import PHONE, login
from tests.factories import ArticleFactory, BreakingItemFactory

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


def test_an_editor_ends_a_line_now_and_readers_no_longer_see_it(new_context, editor):
    ArticleFactory()
    item = BreakingItemFactory(text=LINE)
    reader = new_context().new_page()
    reader.goto("/")
    assert LINE in ticker_text(reader)

    admin = new_context(timezone_id=settings.TIME_ZONE).new_page()
    login(admin, editor)
    admin.goto(reverse("admin:articles_breakingitem_change", args=[item.pk]))
    admin.locator(".object-tools button", has_text="End now").click()
    admin.wait_for_load_state()
    assert "is off the ticker" in success_message(admin)
    assert admin.locator(".object-tools button", has_text="End now").count() == 0
    assert not BreakingItem.objects.live().exists()

    reader.reload()
    assert LINE not in ticker_text(reader)


# The ten BREAKING lines of the seed page: long lines, as real tickers carry.
SEED_LINES = [
    line
    for line in (settings.BASE_DIR / "demo" / "data" / "al-mayadeen-article-page.txt")
    .read_text()
    .split("BREAKING\n", 1)[1]
    .split("\n\n", 1)[0]
    .splitlines()
    if line.strip()
]

# For each line of the ticker, shown alone as the rotation shows it: the box's height,
# the item's, the line height, and the text's line boxes that the box cuts through.
MEASURE_TICKER = """() => {
    const list = document.querySelector(".ticker-items");
    const items = [...list.children];
    const lineHeight = parseFloat(getComputedStyle(list).lineHeight);
    return items.map((item, i) => {
        items.forEach((other, j) => { other.hidden = j !== i; });
        const box = item.getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(item);
        const cut = [...range.getClientRects()].filter(r => r.height > 0 && r.top < box.bottom - 0.5
                                                        && r.bottom > box.bottom + 0.5).length;
        return {list: list.getBoundingClientRect().height, item: box.height, lineHeight, cut};
    });
}"""


def test_the_phone_ticker_shows_whole_lines_in_a_box_of_fixed_height(new_context):
    now = timezone.now()
    for n, line in enumerate(SEED_LINES):
        BreakingItemFactory(text=line, attribution="Al Mayadeen's correspondent", starts_at=now - timedelta(minutes=n))
    phone = new_context(viewport=PHONE).new_page()
    phone.goto("/")
    shown = phone.locator(".ticker-items > li").count()
    assert shown == settings.BREAKING_TICKER_MAX
    measures = phone.evaluate(MEASURE_TICKER)
    heights = {round(m["list"], 1) for m in measures}
    assert len(heights) == 1, f"the ticker's height changes with its line: {measures}"
    for m in measures:
        assert m["cut"] == 0, f"a line of text is cut through: {m}"
        lines = m["item"] / m["lineHeight"]
        assert abs(lines - round(lines)) < 0.05, f"the box is not a whole number of lines: {m}"
