"""Pre-publish checks: an editor publishing or scheduling is warned (byline, hero image
and its alt text, headline length, standfirst, tags, body length) and may publish anyway;
a writer's draft or submission is never held up."""

import pytest
from django.urls import reverse

from articles import prepublish
from articles.models import Article, Image
from tests.articles.test_admin_workflow import change_url, draft, edit, form_data, form_errors
from tests.factories import AuthorFactory, ImageFactory

pytestmark = pytest.mark.django_db

WORDS_90 = "<p>" + " ".join(["word"] * 90) + "</p>"


def complete_draft(**kwargs):
    """A draft that passes every check once its tags are added."""
    fields = {
        "headline": "Talks resume in Moscow",
        "standfirst": "Leaders meet again.",
        "body": WORDS_90,
        "hero_image": ImageFactory(alt_text="Two delegations at a table"),
        "authors": [AuthorFactory(name="Zoe Zimmer")],
    }
    fields.update(kwargs)
    article = draft(**fields)
    article.tags.add("Moscow talks")
    return article


def candidate(**changes):
    fields = {
        "headline": "Talks resume",
        "standfirst": "Leaders meet.",
        "body": WORDS_90,
        "hero_image": Image(alt_text="A table"),
        "byline_count": 1,
        "tag_count": 1,
    }
    fields.update(changes)
    return prepublish.Candidate(**fields)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"byline_count": 0}, "byline"),
        ({"hero_image": None}, "hero_image"),
        ({"hero_image": Image(alt_text="  ")}, "hero_image"),
        ({"headline": "x" * 111}, "headline_length"),
        ({"standfirst": " "}, "standfirst"),
        ({"tag_count": 0}, "tags"),
        ({"body": "<p>" + " ".join(["word"] * 79) + "</p>"}, "body_length"),
    ],
)
def test_each_check_fails_on_what_it_names(changes, code):
    assert [w.code for w in prepublish.warnings(candidate(**changes))] == [code]


def test_a_complete_story_passes_every_check():
    assert prepublish.warnings(candidate(headline="x" * 110, body="<p>" + " ".join(["w"] * 80) + "</p>")) == []


def test_an_editor_publishing_an_incomplete_story_gets_the_warnings_and_nothing_is_published(editor_client):
    article = draft(headline="Talks resume in Moscow")
    response = edit(editor_client, article, status="published")
    assert response.status_code == 200
    errors = form_errors(response)
    for problem in ("No byline", "No hero image", "No tags", "The body has"):
        assert problem in errors
    page = response.content.decode()
    assert 'name="publish_anyway"' in page and "Before this goes out" in page
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_publish_anyway_is_a_conscious_override(editor_client):
    article = draft(headline="Talks resume in Moscow")
    response = edit(editor_client, article, status="published", publish_anyway="on")
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.is_published


def test_scheduling_is_checked_like_publishing(editor_client):
    from tests.articles.test_admin_workflow import future

    article = draft()
    when = future()
    response = edit(
        editor_client,
        article,
        status="published",
        published_at_0=when.strftime("%Y-%m-%d"),
        published_at_1=when.strftime("%H:%M:%S"),
    )
    assert response.status_code == 200
    assert "No byline" in form_errors(response)


def test_a_complete_story_publishes_without_a_question(editor_client):
    article = complete_draft()
    response = edit(editor_client, article, status="published")
    assert response.status_code == 302, form_errors(response)


def test_bylines_and_tags_given_in_the_same_save_count(editor_client):
    article = complete_draft()
    article.bylines.all().delete()
    article.tags.clear()
    author = AuthorFactory(name="Adam Alder")
    data = form_data(editor_client.get(change_url(article)))
    data.update(
        {
            "status": "published",
            "new_tags": "Moscow talks",
            "bylines-TOTAL_FORMS": "1",
            "bylines-0-author": str(author.pk),
            "bylines-0-position": "0",
        }
    )
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.is_published and [a.name for a in article.byline_authors] == ["Adam Alder"]


def test_a_byline_deleted_in_the_same_save_does_not_count(editor_client):
    article = complete_draft()
    data = form_data(editor_client.get(change_url(article)))
    data.update({"status": "published", "bylines-0-DELETE": "on"})
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 200
    assert "No byline" in form_errors(response)


def test_resaving_a_published_story_asks_nothing(editor_client):
    article = draft()
    edit(editor_client, article, status="published", publish_anyway="on")
    article.refresh_from_db()
    response = edit(editor_client, article, headline="Talks resume in Moscow, day two")
    assert response.status_code == 302, form_errors(response)


def test_a_writer_saving_or_submitting_an_incomplete_draft_is_never_blocked(writer_client, writer):
    article = draft(created_by=writer)
    assert edit(writer_client, article, headline="Still a stub").status_code == 302
    response = edit(writer_client, article, status="in_review")
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


def test_the_change_form_lists_the_checks_beforehand(editor_client):
    article = complete_draft(standfirst="")
    page = editor_client.get(change_url(article)).content.decode()
    assert "Pre-publish checks" in page
    assert page.count('class="check-ok"') == 5
    assert 'class="check-warn"' in page and "No standfirst." in page


def test_the_add_form_says_when_the_checks_run(editor_client):
    page = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    assert "Run when an editor publishes or schedules the article." in page


def test_bulk_publishing_says_which_stories_went_out_failing_the_checks(editor_client):
    from tests.articles.test_admin_workflow import action

    bare = draft(headline="A bare stub")
    complete = complete_draft(headline="A complete story")
    response = action(editor_client, "publish_selected", bare, complete)
    text = response.content.decode()
    assert "2 articles published." in text
    assert "pre-publish checks warn" in text and "A bare stub" in text
    assert "A complete story" not in text.split("pre-publish checks warn", 1)[1].split("</li>", 1)[0]
