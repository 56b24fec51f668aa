"""Restoring an old revision of a story on the front page: the page says what will change,
the story keeps its place and its "Updated" line unless the editor asks otherwise."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from tests.articles.test_admin_workflow import edit, form_data, form_errors
from tests.factories import ArticleFactory, parse_html

pytestmark = pytest.mark.django_db


def lead_headline(client):
    doc = parse_html(client.get("/"))
    return doc.xpath('//div[@class="lead"]//*[contains(@class, "card-title")]/a/text()')


def lead_story_with_an_old_revision(editor_client):
    """A published story saved once plainly, then made the lead with a substantive update."""
    ArticleFactory(headline="The newest story", published_at=timezone.now() - timedelta(minutes=1))
    article = ArticleFactory(headline="Summit opens", published_at=timezone.now() - timedelta(hours=2))
    assert edit(editor_client, article, headline="Summit opens in Doha").status_code == 302
    response = edit(editor_client, article, home_position="1", substantive_update="on", headline="Summit agrees")
    assert response.status_code == 302, form_errors(response)
    first = Version.objects.get_for_object(article).order_by("pk").first()
    return article, reverse("admin:articles_article_revision", args=[article.pk, first.pk])


def test_restoring_an_old_revision_keeps_the_lead_and_the_updated_line(editor_client, client):
    article, revision_url = lead_story_with_an_old_revision(editor_client)
    assert lead_headline(client) == ["Summit agrees"]
    page = editor_client.get(revision_url)
    text = " ".join(parse_html(page).xpath('//div[contains(@class, "revision-placement")]//text()'))
    assert "Lead" in text and "stays" in text  # said before saving
    assert "Updated" in text

    response = editor_client.post(revision_url, form_data(page))

    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.headline == "Summit opens in Doha"  # the revision's text is back
    assert lead_headline(client) == ["Summit opens in Doha"]  # still the lead
    assert article.revised_at is not None
    story = parse_html(client.get(article.get_absolute_url()))
    assert story.xpath('//span[@class="updated"]')  # still "Updated"


def test_restoring_takes_the_story_off_the_front_page_only_when_asked(editor_client, client):
    article, revision_url = lead_story_with_an_old_revision(editor_client)
    data = form_data(editor_client.get(revision_url))
    data["take_off_front_page"] = "on"

    assert editor_client.post(revision_url, data).status_code == 302

    assert lead_headline(client) == ["The newest story"]
    assert article.home_pins.count() == 0
