"""Notices in the admin (articles/admin/desk.py, newsdesk.py): a writer proposes, an
editor publishes; adding one never saves the article; each step is a revision."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, Correction
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def page_url(article):
    return reverse("admin:articles_article_corrections", args=[article.pk])


def test_a_writer_proposes_a_correction_to_a_published_article_which_readers_do_not_see(client, writer_client, writer):
    article = ArticleFactory()
    version = article.version
    response = writer_client.post(page_url(article), {"kind": "correction", "text": "The mayor is Ana, not Anna."})
    assert response.status_code == 302
    notice = Correction.objects.get()
    assert (notice.status, notice.created_by, notice.published_at) == ("proposed", writer, None)
    article.refresh_from_db()
    assert article.version == version
    assert "The mayor is Ana" not in client.get(article.get_absolute_url()).content.decode()


def test_a_writer_cannot_publish_and_an_editor_can(client, writer_client, editor):
    article = ArticleFactory()
    writer_client.post(page_url(article), {"kind": "clarification", "text": "Times are local.", "publish_now": "on"})
    notice = Correction.objects.get()
    assert notice.status == "proposed"  # "publish now" is not a writer's to tick
    publish_url = reverse("admin:articles_article_correction_publish", args=[article.pk, notice.pk])
    assert writer_client.post(publish_url).status_code == 403
    client.force_login(editor)
    assert client.get(publish_url).status_code == 405
    assert client.post(publish_url).status_code == 302
    notice.refresh_from_db()
    assert (notice.status, notice.published_by) == ("published", editor)
    assert notice.published_at is not None
    assert [v.revision.comment for v in Version.objects.get_for_object(notice).order_by("pk")] == [
        "Proposed.",
        "Published.",
    ]
    assert "Times are local." in client.get(article.get_absolute_url()).content.decode()


def test_an_editors_notice_is_published_at_once_unless_kept_as_a_proposal(editor_client, editor):
    article = ArticleFactory(format=Article.Format.STANDARD)
    editor_client.post(page_url(article), {"kind": "update", "text": "Police named the suspect.", "publish_now": "on"})
    editor_client.post(page_url(article), {"kind": "correction", "text": "Draft wording."})
    published, proposed = Correction.objects.order_by("pk")
    assert (published.status, published.published_by) == ("published", editor)
    assert proposed.status == "proposed"


def test_bad_input_is_a_form_error_not_a_500(editor_client):
    article = ArticleFactory()
    response = editor_client.post(page_url(article), {"kind": "apology", "text": ""})
    assert response.status_code == 200
    assert not Correction.objects.exists()
    assert response.context["form"].errors.keys() == {"kind", "text"}


def test_the_article_form_links_the_corrections_page(writer_client):
    article = ArticleFactory()
    # A writer sees a published article read-only, and can still propose a notice.
    page = writer_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert page_url(article) in page


def test_the_editors_queue_publishes_proposals_in_bulk(editor_client, editor):
    article = ArticleFactory()
    notice = Correction.objects.create(article=article, text="A proposal.")
    changelist = reverse("admin:articles_correction_changelist")
    response = editor_client.post(changelist, {"action": "publish_selected", "_selected_action": [notice.pk]})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert (notice.status, notice.published_by) == ("published", editor)


def test_a_writer_has_no_bulk_publish(writer_client):
    Correction.objects.create(article=ArticleFactory(), text="A proposal.")
    response = writer_client.get(reverse("admin:articles_correction_changelist"))
    assert response.status_code == 200
    assert "publish_selected" not in response.content.decode()
