"""Live coverage in real browsers: two reporters post to one live blog at the same time
from the live desk (two browser contexts), a reader's open page picks the updates up by
itself (ETag polls, backing off), an editor deletes one and ends the coverage, and the
reader's page says ENDED and stops polling.

Screenshots for people: /work/notes/screens/ (the live desk at 1280 px, the public live
page at 390 and 1280 px) when that folder's parent exists, else screenshots/.
"""

import time
from pathlib import Path

import pytest
from django.utils import timezone

from articles.models import Article, LiveUpdate
from tests.browser.admin_ui import BODY_EDITOR
from tests.browser.helpers import PASSWORD, PHONE, SCREENSHOTS, login
from tests.factories import ArticleFactory, AuthorFactory, role, section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NOTES_SCREENS = Path("/work/notes/screens")


def shot(page, name):
    """A full-page PNG for people to look at: /work/notes/screens/h26-<name>-<width>.png."""
    folder = NOTES_SCREENS if NOTES_SCREENS.parent.exists() else SCREENSHOTS
    folder.mkdir(parents=True, exist_ok=True)
    # Prefixed: other people's screenshots share the notes folder.
    path = folder / f"h26-{name}-{page.viewport_size['width']}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def fast_polls(settings):
    # The reader's page asks every second at first (15 s in production).
    settings.LIVE_POLL_SECONDS = 1


@pytest.fixture
def reporters(django_user_model):
    made = []
    for username, first, last in (("lina-reporter", "Lina", "Haddad"), ("rami-reporter", "Rami", "Saad")):
        user = django_user_model.objects.create_user(
            username=username, password=PASSWORD, first_name=first, last_name=last, is_staff=True
        )
        user.groups.add(role("Writer"))
        made.append(user)
    return made


@pytest.fixture
def blog():
    article = ArticleFactory(
        headline="Live: election day across the region",
        standfirst="Polls, turnout and first results as they come in.",
        format=Article.Format.LIVE,
        section=section("live"),
        published_at=timezone.now() - timezone.timedelta(hours=2),
        authors=[AuthorFactory(name="Omar Aziz")],
    )
    LiveUpdate.objects.create(
        article=article,
        posted_at=timezone.now() - timezone.timedelta(minutes=90),
        title="Polls open",
        body="<p>Polling stations opened at 7 am local time.</p>",
        key_event=True,
    )
    return article


def write_update(page, text, *, title="", key_event=False, pinned=False):
    page.locator(BODY_EDITOR).click()
    page.keyboard.type(text)
    if title:
        page.fill("#id_title", title)
    if key_event:
        page.check("#id_key_event")
    if pinned:
        page.check("#id_pinned")


def post(page):
    page.locator("input[name=_post]").click()
    page.wait_for_load_state()
    return page.locator(".messagelist .success").inner_text()


def test_two_reporters_post_at_once_and_an_open_reader_page_follows_until_the_end(
    new_context, reporters, editor, blog, fast_polls
):
    desk_url = f"/admin/articles/article/{blog.pk}/live/"
    lina = login(new_context().new_page(), reporters[0])
    rami = login(new_context().new_page(), reporters[1])
    lina.goto(desk_url)
    rami.goto(desk_url)

    # A reader has the page open before anything new is posted.
    reader = new_context().new_page()
    polls = []
    reader.on(
        "response",
        lambda r: polls.append((time.monotonic(), r.status)) if "/liveblog/" in r.url and "/updates" in r.url else None,
    )
    reader.goto(blog.get_absolute_url())
    assert reader.locator("[data-live-badge]").inner_text().strip().upper() == "LIVE"
    updated_before = reader.locator("[data-live-updated]").get_attribute("datetime")

    # Both reporters write at the same time on desks opened before either post.
    write_update(
        lina, "Turnout passed 30 percent at noon, the commission says.", title="Turnout passes 30%", key_event=True
    )
    write_update(rami, "Long queues are reported at polling stations in the north.", pinned=True)
    assert "Update posted" in post(lina)
    assert "Update posted" in post(rami)  # not refused: nobody re-saved anybody's work
    assert rami.locator(".desk-update").count() == 3
    assert rami.locator(".desk-update", has_text="Turnout passed 30 percent").count() == 1
    shot(rami, "live-desk")

    # The reader's page picks both up by itself, without a reload.
    reader.locator("#live .live-update", has_text="Long queues are reported").wait_for()
    reader.locator("#live .live-update", has_text="Turnout passed 30 percent").wait_for()
    assert reader.locator("#live .live-feed > li").first.get_attribute("class").split() == [
        "live-update",
        "is-pinned",
    ]
    assert reader.locator(".key-events li").all_inner_texts()[0].endswith("Turnout passes 30%")
    assert reader.locator("[data-live-updated]").get_attribute("datetime") != updated_before
    assert "new update" in reader.locator("[data-live-status]").inner_text()
    assert any(status == 200 for _, status in polls), polls  # the answer that brought them

    # Nothing new: the polls come further and further apart, each a 304.
    reader.wait_for_timeout(7000)
    last_news = max(i for i, (_, status) in enumerate(polls) if status == 200)
    quiet = polls[last_news + 1 :]
    assert len(quiet) >= 3 and all(status == 304 for _, status in quiet), polls
    gaps = [b[0] - a[0] for a, b in zip(quiet, quiet[1:], strict=False)]
    assert gaps[-1] > gaps[0] * 1.2, gaps

    for width, name in ((1280, "live-page"), (PHONE["width"], "live-page")):
        viewer = new_context(viewport={"width": width, "height": 900 if width == 1280 else PHONE["height"]}).new_page()
        viewer.goto(blog.get_absolute_url())
        shot(viewer, name)
        viewer.close()

    # An editor deletes Rami's update and ends the coverage from the desk.
    desk = login(new_context().new_page(), editor)
    desk.goto(desk_url)
    desk.locator(".desk-update", has_text="Long queues").locator("button.delete-update").click()
    desk.wait_for_load_state()
    reader.locator("#live .live-update", has_text="Long queues are reported").wait_for(state="detached")
    desk.locator("button[value=end]").click()
    desk.wait_for_load_state()
    assert "COVERAGE ENDED" in desk.locator(".desk-badge").inner_text().upper()

    reader.locator("#live[data-live-state=ended]").wait_for()
    assert reader.locator("[data-live-badge]").inner_text().strip().upper() == "ENDED"
    assert "ended" in reader.locator("[data-live-status]").inner_text()
    after_end = len(polls)
    reader.wait_for_timeout(4000)
    assert len(polls) == after_end, "the page kept polling after the coverage ended"


def test_a_reporters_desk_shows_what_the_other_posts_without_losing_her_draft(new_context, reporters, blog, settings):
    settings.DESK_REFRESH_SECONDS = 2
    desk_url = f"/admin/articles/article/{blog.pk}/live/"
    lina = login(new_context().new_page(), reporters[0])
    rami = login(new_context().new_page(), reporters[1])
    lina.goto(desk_url)
    rami.goto(desk_url)
    # Rami is half-way through his update when Lina posts hers.
    write_update(rami, "Counting has begun in the capital")
    write_update(lina, "The commission extends voting by one hour.", title="Voting extended")
    assert "Update posted" in post(lina)

    fresh = rami.locator(".desk-update.is-new", has_text="The commission extends voting by one hour.")
    fresh.wait_for(timeout=10_000)
    assert rami.locator(".desk-news").inner_text() == "1 new update."
    assert rami.locator(".desk-update").count() == 2
    assert "Counting has begun in the capital" in rami.locator(BODY_EDITOR).inner_text()  # his draft is intact
    assert fresh.locator("a", has_text="Edit").count() == 0  # Lina's update: not his to edit
    assert "Update posted" in post(rami)
    assert LiveUpdate.objects.filter(article=blog).count() == 3
