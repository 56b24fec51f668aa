"""Flow 3: two editors edit the same article at once; the second save is refused."""

import pytest

from articles.models import Article
from tests.browser.admin_ui import BODY_EDITOR, errors, save_and_continue, success_message
from tests.browser.helpers import PASSWORD, login
from tests.factories import ArticleFactory, role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def second_editor(django_user_model):
    user = django_user_model.objects.create_user(
        username="erin-editor", password=PASSWORD, first_name="Erin", last_name="Ames", is_staff=True
    )
    user.groups.add(role("Editor"))
    return user


def test_second_save_of_a_concurrently_edited_article_is_refused(new_context, editor, second_editor):
    article = ArticleFactory(
        headline="Port reopens after storm",
        body="<p>The port reopened on Monday.</p>",
        status=Article.Status.DRAFT,
        published_at=None,
    )
    change_url = f"/admin/articles/article/{article.pk}/change/"
    first = login(new_context().new_page(), second_editor)
    second = login(new_context().new_page(), editor)
    first.goto(change_url)
    second.goto(change_url)

    # Erin adds a sentence to the body and saves first.
    first.locator(BODY_EDITOR).click()
    first.keyboard.press("Control+End")
    first.keyboard.press("Enter")
    first.keyboard.type("Ships queued overnight to enter the harbour.")
    save_and_continue(first)
    assert "was changed successfully" in success_message(first), errors(first)

    # Eddie, on the form he opened before that save, rewrites the headline and saves.
    second.fill("#id_headline", "Port reopens, queues form")
    save_and_continue(second)
    message = errors(second)
    assert "Erin Ames saved this article" in message
    assert "Your changes have NOT been saved" in message
    # His edit is still in the form for him to copy.
    assert second.locator("#id_headline").input_value() == "Port reopens, queues form"

    article.refresh_from_db()
    assert article.headline == "Port reopens after storm"
    assert "Ships queued overnight to enter the harbour." in article.body
    assert article.last_edited_by == second_editor
    # Reloaded, the form shows Erin's text, which nobody overwrote.
    second.goto(change_url)
    assert second.locator(BODY_EDITOR).inner_text().endswith("Ships queued overnight to enter the harbour.")
    assert second.locator("#id_headline").input_value() == "Port reopens after storm"
