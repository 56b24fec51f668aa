"""The Content-Security-Policy breaks nothing: a real Chromium reports no violation and
no console error ("Refused to ...") on the public pages and the admin's article form,
with its rich-text editor, select2 autocompletes, image upload and related popup."""

import pytest

from tests.browser.admin_ui import BODY_EDITOR, pick
from tests.browser.content import build_newsroom
from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Runs before any page script: every violation the page raises is kept in window.__csp.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


class Watch:
    """Console errors, page errors and CSP violations of every page opened in a context."""

    def __init__(self, context):
        self.problems = []
        context.add_init_script(RECORD_VIOLATIONS)
        context.on("page", self.attach)

    def attach(self, page):
        page.on("console", lambda msg: msg.type == "error" and self.problems.append(f"console: {msg.text}"))
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))

    def collect(self, page, label):
        page.wait_for_load_state("load")
        for violation in page.evaluate("() => window.__csp"):
            self.problems.append(f"{label}: CSP {violation}")
        return self.problems


def test_public_pages_raise_no_csp_violation(new_context, live_server):
    newsroom = build_newsroom()
    context = new_context()
    watch = Watch(context)
    page = context.new_page()
    for label, url in (
        ("home", "/"),
        ("article", newsroom.standard.get_absolute_url()),
        ("video article", newsroom.video.get_absolute_url()),
        ("gallery", newsroom.gallery.get_absolute_url()),
        ("search", "/search?q=Syria"),
    ):
        response = page.goto(url)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        if label == "article":
            # The view beacon fires after 3 s (sendBeacon with the page's token).
            with page.expect_request("**/beacon/view/**", timeout=10_000) as beacon:
                page.wait_for_timeout(100)
            assert "t=" in (beacon.value.post_data or "")
        watch.collect(page, label)
    # Third-party embeds are aborted by the test's network rule; the failed load of a
    # frame the policy allows is not a CSP problem.
    problems = [p for p in watch.problems if "youtube-nocookie" not in p and "ERR_FAILED" not in p]
    assert problems == [], "\n".join(problems)


def test_the_admin_article_form_raises_no_csp_violation(new_context, editor):
    newsroom = build_newsroom()
    context = new_context()
    watch = Watch(context)
    page = context.new_page()
    login(page, editor)
    page.goto("/admin/articles/article/add/")
    page.locator(BODY_EDITOR).click()
    page.keyboard.type("A body typed in the rich-text editor.")
    pick(page, ".field-tags", "Syria")
    watch.collect(page, "article add form")
    page.goto(f"/admin/articles/article/{newsroom.standard.pk}/change/")
    page.locator(BODY_EDITOR).click()
    pick(page, ".field-regions", "Europe")
    watch.collect(page, "article change form")
    page.goto(f"/admin/articles/article/{newsroom.standard.pk}/preview/")
    watch.collect(page, "preview")
    page.goto("/admin/articles/image/add/")
    watch.collect(page, "image add form")
    page.goto("/admin/")
    watch.collect(page, "dashboard")
    assert watch.problems == [], "\n".join(watch.problems)


def test_a_violation_would_be_seen(new_context, live_server):
    """The watch itself works: an inline script injected into a page is refused and reported."""
    context = new_context()
    watch = Watch(context)
    page = context.new_page()
    page.goto("/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1'; "
        "document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    problems = watch.collect(page, "home")
    assert any("script-src" in p for p in problems), problems
    assert page.evaluate("() => window.x") is None
