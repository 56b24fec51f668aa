"""The API docs page (Swagger UI, bundled with django-ninja and served from our static
files) works under the site's Content-Security-Policy: every operation is listed and
the browser reports no violation, no console error and no request to another host."""

import pytest

from tests.browser.test_content_security_policy import Watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_docs_page_lists_every_operation_without_csp_violations(new_context, live_server):
    context = new_context()
    watch = Watch(context)
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    response = page.goto("/api/v1/docs")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(".opblock-summary-path").first.wait_for()
    paths = set(page.locator(".opblock-summary-path").all_inner_texts())
    assert {"/api/v1/articles", "/api/v1/articles/{article_id}", "/api/v1/search"} <= {p.strip() for p in paths}
    assert watch.collect(page, "api docs") == []
    assert hosts == {live_server.url.split("/")[2]}
