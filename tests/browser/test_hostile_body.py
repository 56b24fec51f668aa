"""Flow 6: hostile markup sent as an article body never runs in a reader's browser."""

from urllib.parse import parse_qs

import pytest

from articles.models import Article
from tests.browser.admin_ui import errors, save_and_continue, success_message
from tests.browser.helpers import login
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HOSTILE = (
    "<p>Before the attack.</p>"
    "<script>window.__pwned = 'script'; alert('script')</script>"
    "<img src=x onerror=\"window.__pwned = 'img'; alert('img')\">"
    "<p><a href=\"javascript:window.__pwned = 'link'; alert('link')\">a harmless-looking link</a></p>"
    "<svg onload=\"window.__pwned = 'svg'\"><circle r=5></circle></svg>"
    "<iframe srcdoc=\"<script>parent.__pwned = 'iframe'</script>\"></iframe>"
    "<p style=\"background:url(javascript:alert('css'))\" onclick=\"window.__pwned = 'click'\">After the attack.</p>"
)


def test_hostile_body_sent_past_the_editor_runs_no_script_when_published(new_context, editor):
    article = ArticleFactory(headline="Harbour reopens", status=Article.Status.DRAFT, published_at=None)
    admin = new_context().new_page()
    login(admin, editor)
    admin.goto(f"/admin/articles/article/{article.pk}/change/")
    # The rich-text editor would drop this markup itself; a crafted request would not.
    # Put it straight into the form field the editor writes to, then publish.
    admin.locator("#id_body").evaluate("(textarea, html) => { textarea.value = html; }", HOSTILE)
    admin.select_option("#id_status", "published")
    # This bare draft fails the pre-publish checks (articles.prepublish); what is tested
    # here is the body, so the request carries the editor's "Publish anyway" from the start.
    admin.locator("#article_form").evaluate(
        "form => form.append(Object.assign(document.createElement('input'),"
        " {type: 'hidden', name: 'publish_anyway', value: 'on'}))"
    )
    with admin.expect_request(lambda request: request.method == "POST") as sent:
        save_and_continue(admin)
    assert parse_qs(sent.value.post_data)["body"] == [HOSTILE], "the hostile body never reached the server"
    assert "was changed successfully" in success_message(admin), errors(admin)
    article.refresh_from_db()
    assert article.is_published and "Before the attack." in article.body

    reader = new_context().new_page()
    dialogs = []
    reader.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    assert reader.goto(article.get_absolute_url()).status == 200
    body = reader.locator(".article-body")
    assert "Before the attack." in body.inner_text() and "After the attack." in body.inner_text()
    # Click what a reader might click, then give any timer or handler a moment to fire.
    body.get_by_text("a harmless-looking link").click()
    body.get_by_text("After the attack.").click()
    reader.wait_for_timeout(500)
    assert dialogs == []
    assert reader.evaluate("() => window.__pwned") is None
    assert reader.url.endswith(article.get_absolute_url())
    injected = body.locator(
        "script, iframe, svg, [onerror], [onload], [onclick], [style*=javascript], [href^=javascript]"
    )
    assert injected.count() == 0, injected.evaluate_all("els => els.map(e => e.outerHTML)")
