"""Flow 2: an editor reviews, previews, schedules and publishes an article; a reader then
finds it everywhere it belongs, as it was written."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.admin_ui import errors, save_and_continue, success_message
from tests.browser.helpers import login
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BODY = (
    "<p>The talks resumed on Tuesday morning in Moscow.</p>"
    "<h2>What was agreed</h2>"
    '<p>Both sides published <a href="https://example.org/statement">a joint statement</a>.</p>'
    "<ul><li>A ceasefire in the north</li><li>Prisoner exchanges</li></ul>"
    "<h3>What comes next</h3><p>Talks continue next week.</p>"
    # A story long enough to pass the pre-publish checks (articles.prepublish: 80 words).
    "<p>Negotiators from both delegations spent most of the day on the wording of the "
    "ceasefire text, line by line, with mediators moving between the two rooms. Officials "
    "said the exchange of prisoners would begin within days, starting with the sick and "
    "the wounded, and that observers would follow every stage of it on the ground.</p>"
)


@pytest.fixture
def submitted(db):
    """An article a writer has sent for review, with two bylines in a chosen order."""
    article = ArticleFactory(
        headline="Talks resume in Moscow after a long pause",
        slug="talks-resume-in-moscow",
        body=BODY,
        status=Article.Status.IN_REVIEW,
        published_at=None,
        hero_image=ImageFactory(alt_text="Two delegations at a long table"),
        authors=[AuthorFactory(name="Zoe Zimmer"), AuthorFactory(name="Adam Alder")],
    )
    article.tags.add("Moscow talks")
    ArticleFactory(headline="An unfinished draft", status=Article.Status.DRAFT, published_at=None)
    return article


def newsroom_time(when):
    """Date and time as the admin's split widget takes them, in the site's time zone."""
    local = when.astimezone(ZoneInfo(settings.TIME_ZONE))
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


def test_editor_publishes_a_reviewed_article_and_a_reader_finds_it(new_context, editor, submitted):
    admin = new_context(timezone_id=settings.TIME_ZONE).new_page()
    login(admin, editor)
    admin.goto("/admin/articles/article/")
    admin.locator("#changelist-filter a", has_text="In review").click()
    admin.wait_for_url("**/admin/articles/article/?status=in_review")
    rows = admin.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    assert "Talks resume in Moscow" in rows.first.inner_text()

    # The preview: the real article page, marked as a draft and kept out of search engines.
    with admin.expect_popup() as popup:
        rows.first.locator("a", has_text="Preview").click()
    preview = popup.value
    preview.wait_for_load_state()
    assert "Draft preview" in preview.locator(".preview-banner").inner_text()
    assert preview.locator("meta[name=robots]").get_attribute("content") == "noindex"
    assert preview.locator("h1").inner_text() == "Talks resume in Moscow after a long pause"
    preview.close()

    # Scheduled two minutes ahead: not on the site yet.
    rows.first.locator("th a").click()
    admin.select_option("#id_status", "published")
    day, time = newsroom_time(timezone.now() + timedelta(minutes=2))
    admin.fill("#id_published_at_0", day)
    admin.fill("#id_published_at_1", time)
    save_and_continue(admin)
    assert "was changed successfully" in success_message(admin), errors(admin)
    assert "Scheduled" in admin.locator(".article-state").inner_text()
    reader = new_context().new_page()
    assert reader.goto(submitted.get_absolute_url()).status == 404

    # Published now, with the date widget's own "Today" and "Now" shortcuts.
    admin.locator(".field-published_at .datetimeshortcuts a", has_text="Today").click()
    admin.locator(".field-published_at .datetimeshortcuts a", has_text="Now").click()
    save_and_continue(admin)
    assert "was changed successfully" in success_message(admin), errors(admin)
    assert "Published" in admin.locator(".article-state").inner_text()
    submitted.refresh_from_db()
    assert submitted.is_published

    # A reader, in a browser of their own, finds it on the home page, its section and its tag.
    headline = "Talks resume in Moscow after a long pause"
    for listing in ("/", "/news/politics", "/tag/moscow-talks"):
        reader.goto(listing)
        link = reader.locator("main a", has_text=headline).first
        assert link.is_visible(), f"not on {listing}"
    link.click()
    reader.wait_for_url(f"**{submitted.get_absolute_url()}")
    assert reader.locator("h1").inner_text() == headline
    assert reader.locator(".article-meta .byline").inner_text() == "By Zoe Zimmer and Adam Alder"
    hero = reader.locator("figure.hero img")
    assert "renditions/" in (hero.get_attribute("src") or "") + (hero.get_attribute("srcset") or "")
    assert hero.get_attribute("alt") == "Two delegations at a long table"
    assert hero.evaluate("img => img.complete && img.naturalWidth > 0"), "the hero image did not load"
    body = reader.locator(".article-body")
    assert body.locator("h2").inner_text() == "What was agreed"
    assert body.locator("h3").inner_text() == "What comes next"
    assert body.locator("ul > li").all_inner_texts() == ["A ceasefire in the north", "Prisoner exchanges"]
    assert body.locator("a", has_text="a joint statement").get_attribute("href") == "https://example.org/statement"
