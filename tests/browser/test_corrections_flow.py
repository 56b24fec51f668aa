"""Corrections in real browsers: a writer proposes a correction from the article's
admin page (a small form, not a re-save of the article), an editor publishes it, and a
reader sees the notice box, the CorrectionComment in the page's JSON-LD, and the notice
on /corrections."""

import json

import pytest
from django.utils import timezone

from articles.models import Correction
from tests.browser.helpers import login
from tests.factories import ArticleFactory, AuthorFactory
from tests.schema_org import problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_writer_proposes_an_editor_publishes_and_a_reader_sees_the_correction(new_context, writer, editor):
    article = ArticleFactory(
        headline="Port reopens after the storm",
        published_at=timezone.now() - timezone.timedelta(days=1),
        authors=[AuthorFactory(name="Lina Haddad")],
    )
    version = article.version

    # The writer, who may not edit the published story, proposes a correction from its page.
    wendy = login(new_context().new_page(), writer)
    wendy.goto(f"/admin/articles/article/{article.pk}/change/")
    wendy.locator("a.correctionslink").click()
    wendy.select_option("#id_kind", "correction")
    wendy.fill("#id_text", "An earlier version said the port had been shut for a week. It was shut for ten days.")
    assert wendy.locator("#id_publish_now").count() == 0  # publishing is an editor's call
    wendy.locator("input[name=_add]").click()
    wendy.wait_for_load_state()
    assert "proposed" in wendy.locator(".messagelist .success").inner_text()

    reader = new_context().new_page()
    reader.goto(article.get_absolute_url())
    assert reader.locator(".corrections-box").count() == 0  # a proposal is not news

    # The editor publishes it from the same page.
    eddie = login(new_context().new_page(), editor)
    eddie.goto(f"/admin/articles/article/{article.pk}/corrections/")
    eddie.locator("button.publish-notice").click()
    eddie.wait_for_load_state()
    assert "published" in eddie.locator(".messagelist .success").inner_text()

    reader.goto(article.get_absolute_url())
    box = reader.locator(".corrections-box")
    assert "It was shut for ten days." in box.inner_text()
    notice = Correction.objects.get()
    scripts = reader.locator('script[type="application/ld+json"]').all_inner_texts()
    news = next(d for d in map(json.loads, scripts) if d["@type"] == "NewsArticle")
    assert problems(news) == []
    assert [c["@type"] for c in news["correction"]] == ["CorrectionComment"]
    assert news["dateModified"] == timezone.localtime(notice.published_at).isoformat(timespec="seconds")

    reader.goto("/corrections")
    row = reader.locator(".corrections-archive > li").first
    assert "It was shut for ten days." in row.inner_text()
    row.locator("h2 a").click()
    reader.wait_for_url(f"**{article.get_absolute_url()}#correction-{notice.pk}")

    article.refresh_from_db()
    assert article.version == version  # neither the proposal nor the publication re-saved the story
