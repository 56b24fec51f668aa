"""The newsroom desk in a real browser: an editor publishing a story the pre-publish
checks warn about, and overriding them consciously; her dashboard with her drafts and
scheduled stories (screenshot for people: /work/notes/screens when that folder exists,
else screenshots/); a superuser adding a writer who can then log in and whose new
article is signed with her own author profile."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, Author, DailyReadCount
from articles.roles import author_for
from tests.browser.admin_ui import errors, save_and_continue, success_message
from tests.browser.helpers import PASSWORD, SCREENSHOTS, assert_accessible, login
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NOTES_SCREENS = Path("/work/notes/screens")


def test_an_editor_is_warned_before_publishing_and_publishes_anyway(new_context, editor):
    article = ArticleFactory(
        headline="Harbour reopens after the storm", status=Article.Status.IN_REVIEW, published_at=None
    )
    admin = new_context(timezone_id=settings.TIME_ZONE).new_page()
    login(admin, editor)
    admin.goto(reverse("admin:articles_article_change", args=[article.pk]))
    # The checklist is on the form before anyone publishes.
    checklist = admin.locator(".prepublish-checklist")
    expect(checklist.locator(".check-warn", has_text="No byline")).to_be_visible()
    expect(checklist.locator(".check-ok", has_text="Standfirst")).to_be_visible()

    admin.select_option("#id_status", "published")
    save_and_continue(admin)
    warnings = admin.locator(".prepublish-warnings")
    expect(warnings).to_be_visible()
    for problem in ("No byline", "No hero image", "No tags", "fewer than 80"):
        expect(warnings).to_contain_text(problem)
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW

    admin.get_by_label("Publish anyway").check()
    save_and_continue(admin)
    assert "was changed successfully" in success_message(admin), errors(admin)
    article.refresh_from_db()
    assert article.is_published
    assert new_context().new_page().goto(article.get_absolute_url()).status == 200


def test_the_dashboard_shows_her_drafts_and_scheduled_stories(new_context, editor, axe_script):
    own = author_for(editor)
    ArticleFactory(headline="Bread prices: the draft", status="draft", published_at=None, authors=[own])
    ArticleFactory(headline="A colleague's draft", status="draft", published_at=None)
    ArticleFactory(headline="Port strike enters its third day", status=Article.Status.IN_REVIEW, published_at=None)
    evening = timezone.now() + timedelta(hours=4)
    ArticleFactory(headline="Evening analysis of the talks", published_at=evening)
    live = ArticleFactory(headline="Live: the talks in Moscow", format=Article.Format.LIVE)
    today = timezone.localdate()
    for n in range(7):
        DailyReadCount.objects.create(article=live, day=today - timedelta(days=n), reads=400 + 90 * ((n * 5) % 7))

    page = new_context(timezone_id=settings.TIME_ZONE).new_page()
    login(page, editor)  # the admin's home page is the dashboard
    drafts = page.locator(".desk-my_drafts")
    expect(drafts.locator("li")).to_have_text(["Bread prices: the draft saved " + _any_time(drafts)])
    scheduled = page.locator(".desk-scheduled li")
    expect(scheduled).to_have_count(1)
    expect(scheduled).to_contain_text("Evening analysis of the talks")
    expect(scheduled).to_contain_text(timezone.localtime(evening).strftime("%d %b %H:%M"))
    expect(page.locator(".desk-waiting_for_review li")).to_contain_text("Port strike enters its third day")
    expect(page.locator(".desk-live_blogs_running li")).to_contain_text("Live: the talks in Moscow")
    expect(page.locator(".desk-reads_last_7_days svg.reads-chart rect.bar")).to_have_count(7)
    expect(page.locator(".desk-most_read_today li")).to_contain_text("Live: the talks in Moscow")
    # The app list is still one click away.
    expect(page.locator("#content-main .app-articles")).to_be_visible()
    assert_accessible(page, axe_script, "the dashboard")

    drafts.locator("a", has_text="Bread prices: the draft").click()
    page.wait_for_url("**/change/")
    page.go_back()
    target = NOTES_SCREENS if NOTES_SCREENS.is_dir() else SCREENSHOTS
    target.mkdir(exist_ok=True)
    page.screenshot(path=str(target / "dashboard-1280.png"), full_page=True)


def _any_time(panel):
    # The row's detail is the local time it was saved; read it back rather than guess it.
    return panel.locator(".desk-detail").first.inner_text().removeprefix("saved ")


def test_a_superuser_adds_a_writer_who_logs_in_and_signs_her_article(new_context, django_user_model):
    root = django_user_model.objects.create_superuser("chief", password=PASSWORD)
    admin = new_context().new_page()
    login(admin, root)
    admin.goto(reverse("admin:auth_user_add"))
    admin.fill("#id_username", "nadia")
    if admin.locator("#id_usable_password_0, input[name=usable_password]").count():
        admin.locator("input[name=usable_password][value=true]").check()
    admin.fill("#id_password1", PASSWORD)
    admin.fill("#id_password2", PASSWORD)
    admin.locator("input[name=_continue]").click()
    admin.wait_for_load_state()
    assert "was added successfully" in success_message(admin), errors(admin)
    admin.fill("#id_first_name", "Nadia")
    admin.fill("#id_last_name", "Haddad")
    admin.select_option("#id_groups_from", label="Writer")
    admin.locator("#id_groups_add").click()
    assert not admin.locator("#id_is_staff").is_checked()  # nobody ticks it: the role does
    save_and_continue(admin)
    assert "was changed successfully" in success_message(admin), errors(admin)
    nadia = get_user_model().objects.get(username="nadia")
    assert nadia.is_staff
    assert Author.objects.get(user=nadia).name == "Nadia Haddad"

    writer = new_context().new_page()
    login(writer, nadia)
    writer.goto(reverse("admin:articles_article_add"))
    expect(writer.locator("#bylines-0 .field-author .select2-selection__rendered")).to_contain_text("Nadia Haddad")
    writer.fill("#id_headline", "Bread prices rise again in the capital")
    writer.select_option("#id_section", label="news › politics")
    save_and_continue(writer)
    assert "was added successfully" in success_message(writer), errors(writer)
    article = Article.objects.get(headline="Bread prices rise again in the capital")
    assert [a.name for a in article.byline_authors] == ["Nadia Haddad"]
    assert article.status == Article.Status.DRAFT
