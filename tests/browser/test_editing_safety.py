"""Editing safety in the article form, as editors use it: autosave and restore, the
warning before leaving unsaved changes, presence seen from a second browser, duplicate,
the live word count and the search/social preview (articles/admin/editing.py,
static/admin-extra/article-editor.js). Screenshots of the form go to
/work/notes/screens/editing-*.png when that folder exists."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from articles.models import Article, Autosave
from tests.browser.admin_ui import BODY_EDITOR, errors, save_and_continue, success_message
from tests.browser.helpers import PASSWORD, login
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENS = Path("/work/notes/screens")


def shoot(page, name, locator=None):
    """A 1280 px screenshot for the desk's notes, when the notes folder is there."""
    if not SCREENS.is_dir():
        return
    target = locator or page
    target.screenshot(path=str(SCREENS / f"editing-{name}.png"), **({} if locator else {"full_page": False}))


@pytest.fixture(autouse=True)
def _fast_timers(settings):
    # The live server runs in this process: the form's script is told to autosave and
    # beat every second instead of every 30 and 25.
    settings.AUTOSAVE_SECONDS = 1
    settings.PRESENCE_HEARTBEAT_SECONDS = 1


@pytest.fixture
def leila(django_user_model):
    user = django_user_model.objects.create_user(
        username="leila", password=PASSWORD, first_name="Leila", last_name="Haddad", is_staff=True
    )
    user.groups.add(role("Editor"))
    return user


@pytest.fixture
def story(db):
    return ArticleFactory(
        headline="Port reopens after storm",
        standfirst="Ships queue at the harbour.",
        body="<p>The port reopened on Monday.</p>",
        status=Article.Status.DRAFT,
        published_at=None,
        hero_image=ImageFactory(alt_text="Cranes at the port"),
        authors=[AuthorFactory(name="Ana Ruiz")],
    )


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def test_autosave_then_restore(new_context, editor, story):
    page = login(new_context(timezone_id=settings.TIME_ZONE).new_page(), editor)
    page.goto(change_url(story))
    page.fill("#id_headline", "Port reopens, queues form")
    page.locator(BODY_EDITOR).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Ships queued overnight.")
    expect(page.locator("[data-autosave-status]")).to_contain_text("Autosaved at")
    # Autosaves follow the typing, each over the last: wait for the one after the last key.
    for _ in range(50):
        autosave = Autosave.objects.first()
        if autosave and "Ships queued overnight." in autosave.data["body"]:
            break
        page.wait_for_timeout(200)
    assert autosave.data["headline"] == "Port reopens, queues form"
    assert "Ships queued overnight." in autosave.data["body"]
    story.refresh_from_db()
    assert story.headline == "Port reopens after storm"  # the article itself is untouched

    # The tab is closed without saving (leaving anyway), and opened again.
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto("/admin/")
    page.goto(change_url(story))
    notice = page.locator("[data-autosave-notice]")
    expect(notice).to_contain_text("An autosaved version from")
    assert page.locator("#id_headline").input_value() == "Port reopens after storm"
    notice.get_by_role("link", name="restore").click()
    assert page.locator("#id_headline").input_value() == "Port reopens, queues form"
    expect(page.locator(BODY_EDITOR)).to_contain_text("Ships queued overnight.")
    save_and_continue(page)
    assert "was changed successfully" in success_message(page), errors(page)
    story.refresh_from_db()
    assert story.headline == "Port reopens, queues form"
    assert "Ships queued overnight." in story.body
    assert not Autosave.objects.exists()


def test_leaving_with_unsaved_changes_warns_but_not_after_saving(new_context, editor, story):
    page = login(new_context().new_page(), editor)
    page.goto(change_url(story))
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    # Untouched, the page is left without a word.
    page.locator("#site-name a").click()
    page.wait_for_url("**/admin/")
    assert dialogs == []
    page.goto(change_url(story))
    page.fill("#id_standfirst", "Ships queue at the harbour for a second day.")
    page.locator("#site-name a").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(change_url(story))  # she stayed, her text is there
    assert page.locator("#id_standfirst").input_value() == "Ships queue at the harbour for a second day."
    save_and_continue(page)
    assert "was changed successfully" in success_message(page), errors(page)
    page.locator("#site-name a").click()
    page.wait_for_url("**/admin/")
    assert dialogs == ["beforeunload"]


def test_a_second_editor_sees_who_is_editing_and_it_goes_when_she_leaves(new_context, editor, leila, story):
    first = login(new_context(timezone_id=settings.TIME_ZONE).new_page(), leila)
    first.goto(change_url(story))
    second = login(new_context(timezone_id=settings.TIME_ZONE).new_page(), editor)
    second.goto(change_url(story))
    banner = second.locator("[data-presence]")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Leila Haddad has been editing this since")
    shoot(second, "presence")
    # Leila, for her part, sees Eddie once her form's heartbeat has answered.
    expect(first.locator("[data-presence]")).to_contain_text("eddie-editor has been editing this since")
    listing = second.context.new_page()
    listing.goto("/admin/articles/article/")
    expect(listing.locator("#result_list")).to_contain_text("Leila Haddad editing since")
    listing.close()

    first.goto("/admin/")  # she leaves the article
    expect(banner).to_be_hidden()
    second.reload()
    expect(second.locator("[data-presence]")).to_be_hidden()


def test_duplicate_copies_the_story_into_a_new_draft(new_context, editor, story):
    story.tags.add("Shipping")
    page = login(new_context().new_page(), editor)
    page.goto(change_url(story))
    page.get_by_role("button", name="Duplicate").click()
    page.wait_for_url("**/change/")
    assert "copied into a new draft" in success_message(page)
    copy = Article.objects.exclude(pk=story.pk).get()
    assert page.url.endswith(change_url(copy))
    assert page.locator("#id_headline").input_value() == "Port reopens after storm"
    assert (copy.status, copy.published_at, copy.created_by) == (Article.Status.DRAFT, None, editor)
    assert copy.slug != story.slug
    assert [a.name for a in copy.byline_authors] == ["Ana Ruiz"]
    assert [t.name for t in copy.tags.all()] == ["Shipping"]


def test_seo_preview_and_word_count_follow_the_typing(new_context, editor, story):
    page = login(new_context().new_page(), editor)
    page.goto(change_url(story))
    preview = page.locator("[data-seo-preview]")
    expect(preview.locator(".seo-result-title")).to_have_text("Port reopens after storm")
    page.locator("#id_seo_title").press_sequentially("Beirut port reopens")
    expect(preview.locator(".seo-result-title")).to_have_text("Beirut port reopens")
    expect(preview.locator(".social-card-title")).to_have_text("Beirut port reopens")
    expect(page.locator(".field-seo_title .char-counter")).to_have_text("19 / 60")
    page.locator("#id_seo_description").fill("The port of Beirut reopened. " * 7)
    expect(page.locator(".field-seo_description .char-counter")).to_contain_text("longer than search engines show")
    expect(preview.locator(".seo-result-description")).to_have_text(
        ("The port of Beirut reopened. " * 7)[:159].rstrip() + "…"
    )
    page.locator("#id_seo_description").fill("Ships are back in Beirut.")
    expect(preview.locator(".seo-result-description")).to_have_text("Ships are back in Beirut.")
    preview.scroll_into_view_if_needed()
    shoot(page, "seo-preview", page.locator("fieldset:has(#id_seo_title)"))

    # The live word count, Arabic with its vowel marks included, as the server counts.
    stats = page.locator(".body-stats")
    expect(stats).to_contain_text("5 words · 1 min read")
    page.locator(BODY_EDITOR).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" كَتَبَ الوَلَدُ الدَّرْسَ")
    expect(stats.locator("[data-word-count]")).to_have_text("8")
    save_and_continue(page)
    assert "was changed successfully" in success_message(page), errors(page)
    story.refresh_from_db()
    assert story.word_count == 8
    assert story.seo_title == "Beirut port reopens"
