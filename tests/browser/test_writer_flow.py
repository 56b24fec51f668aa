"""Flow 1: a writer writes an article in the admin, sends it for review, and cannot publish it."""

import pytest
from PIL import Image as PILImage
from taggit.models import Tag

from articles.models import Article, Image
from tests.browser.admin_ui import BODY_EDITOR, errors, pick, save_and_continue, success_message, type_link
from tests.browser.helpers import login
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def hero_jpeg(tmp_path):
    path = tmp_path / "kremlin-meeting.jpg"
    PILImage.new("RGB", (1600, 900), (30, 90, 160)).save(path, "JPEG", quality=85)
    return path


def write_body(page):
    """Type a body with a paragraph, a sub-heading, a link and a bullet list."""
    page.locator(BODY_EDITOR).click()
    page.keyboard.type("The talks resumed on Tuesday morning in Moscow.")
    page.keyboard.press("Enter")
    # The editor turns a leading "## " into a level-2 heading, like Markdown.
    page.keyboard.type("## What was agreed")
    page.keyboard.press("Enter")
    page.keyboard.type("Both sides published ")
    type_link(page, "a joint statement", "https://example.org/statement")
    page.keyboard.type(" after the meeting.")
    page.keyboard.press("Enter")
    # ... and a leading "- " into a bullet list; Enter twice leaves the list.
    page.keyboard.type("- A ceasefire in the north")
    page.keyboard.press("Enter")
    page.keyboard.type("Prisoner exchanges")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("Talks continue next week.")


def upload_hero_image(page, jpeg):
    """Add a new image through the hero image's "+" popup, as the admin offers it."""
    with page.expect_popup() as popup_info:
        page.locator("#add_id_hero_image").click()
    popup = popup_info.value
    popup.locator("#id_file").set_input_files(str(jpeg))
    popup.locator("#id_alt_text").fill("Two delegations at a long table in the Kremlin")
    popup.locator("#id_caption").fill("The delegations meet at the Kremlin.")
    popup.locator("#id_credit").fill("Pool photo")
    with popup.expect_event("close"):
        popup.locator("input[name=_save]").click()


def test_writer_writes_an_article_and_submits_it_for_review(page, writer, hero_jpeg):
    zoe = AuthorFactory(name="Zoe Zimmer")
    adam = AuthorFactory(name="Adam Alder")
    Tag.objects.create(name="Russia", slug="russia")

    login(page, writer)
    page.goto("/admin/articles/article/add/")
    page.fill("#id_headline", "Talks resume in Moscow after a long pause")
    page.fill("#id_standfirst", "Delegations meet again as a ceasefire holds in the north.")
    write_body(page)
    page.select_option("#id_section", label="news › politics")
    pick(page, ".field-regions", "Europe")
    pick(page, ".field-tags", "Russia")
    page.fill("#id_new_tags", "Moscow talks, Ceasefire")
    upload_hero_image(page, hero_jpeg)
    page.fill("#id_hero_caption", "Delegations at the Kremlin on Tuesday.")
    # Two bylines, deliberately not in alphabetical order.
    pick(page, "#bylines-0 .field-author", "Zoe Zimmer")
    page.locator(".inline-group#bylines-group .add-row a").click()
    pick(page, "#bylines-1 .field-author", "Adam Alder")
    page.fill("#id_bylines-1-position", "1")
    assert page.locator("#id_status").input_value() == "draft"
    save_and_continue(page)

    assert "was added successfully" in success_message(page), errors(page)
    article = Article.objects.get(headline="Talks resume in Moscow after a long pause")
    assert article.status == Article.Status.DRAFT
    assert article.slug == "talks-resume-in-moscow-after-a-long-pause"
    assert article.byline_authors == [zoe, adam]
    assert sorted(article.tags.names()) == ["Ceasefire", "Moscow talks", "Russia"]
    assert [r.name for r in article.regions.all()] == ["Europe"]
    image = Image.objects.get()
    assert (article.hero_image, image.alt_text) == (image, "Two delegations at a long table in the Kremlin")
    assert image.renditions, "the upload made no renditions"
    assert (image.caption, article.hero_caption) == (
        "The delegations meet at the Kremlin.",
        "Delegations at the Kremlin on Tuesday.",
    )
    body = article.body
    assert "<h2>What was agreed</h2>" in body
    assert '<a href="https://example.org/statement"' in body and ">a joint statement</a>" in body
    assert "<ul><li><p>A ceasefire in the north</p></li><li><p>Prisoner exchanges</p></li></ul>" in body

    # Reopened, the editor shows what was saved; the writer sends it for review.
    assert page.locator(BODY_EDITOR).locator("h2", has_text="What was agreed").is_visible()
    page.select_option("#id_status", "in_review")
    save_and_continue(page)
    assert "was changed successfully" in success_message(page), errors(page)
    assert "In review" in page.locator(".article-state").inner_text()
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


def test_writer_has_no_way_to_publish(page, writer):
    article = ArticleFactory(
        headline="A draft by the writer", status=Article.Status.IN_REVIEW, published_at=None, created_by=writer
    )
    login(page, writer)
    page.goto(f"/admin/articles/article/{article.pk}/change/")

    # Nothing on the page offers publication: no such status, no publication time field.
    options = page.locator("#id_status option").evaluate_all("els => els.map(e => e.value)")
    assert options == ["draft", "in_review"]
    assert page.locator("[name^=published_at]").count() == 0
    page.goto("/admin/articles/article/")
    actions = page.locator("select[name=action] option").evaluate_all("els => els.map(e => e.value)")
    assert "submit_selected_for_review" in actions
    assert not [a for a in actions if "publish" in a and "review" not in a]

    # A crafted request is refused by the server: add the missing option to the form and send it.
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.evaluate(
        """() => {
            const select = document.querySelector("#id_status");
            select.add(new Option("Published", "published"));
            select.value = "published";
        }"""
    )
    save_and_continue(page)
    assert "Select a valid choice" in errors(page)
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW

    # ... and so is a publication time slipped into the form.
    page.evaluate(
        """() => {
            const form = document.querySelector("#article_form");
            for (const [name, value] of [["published_at_0", "2026-01-01"], ["published_at_1", "10:00"]]) {
                const input = document.createElement("input");
                Object.assign(input, {type: "hidden", name, value});
                form.append(input);
            }
        }"""
    )
    save_and_continue(page)
    assert "Only editors can publish or schedule" in errors(page)
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Article.Status.IN_REVIEW, None)

    # ... and so is the editors' bulk action, slipped into the list page's action menu.
    page.goto("/admin/articles/article/")
    page.evaluate(
        """() => {
            const select = document.querySelector("select[name=action]");
            select.add(new Option("Publish", "publish_selected"));
            select.value = "publish_selected";
        }"""
    )
    page.locator(f"input.action-select[value='{article.pk}']").check()
    page.locator("button[name=index]").click()
    page.wait_for_load_state()
    assert page.locator(".messagelist").inner_text() == "No action selected."
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Article.Status.IN_REVIEW, None)
