"""axe-core on every public page type (each article format) and on the admin's article
form: no violation of serious or critical impact."""

import pytest

from tests.browser.content import build_newsroom, public_pages
from tests.browser.helpers import axe_violations, format_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def newsroom(db):
    return build_newsroom()


def test_public_pages_have_no_serious_or_critical_accessibility_violations(new_context, newsroom, axe_script):
    pages = public_pages(newsroom)
    del pages["article"]
    pages.update({f"article ({name})": a.get_absolute_url() for name, a in newsroom.formats().items()})
    page = new_context().new_page()
    report = {}
    for name, url in pages.items():
        response = page.goto(url)
        assert response.status == (404 if name == "404" else 200), f"{url} answered {response.status}"
        violations = axe_violations(page, axe_script)
        if violations:
            report[f"{name} {url}"] = format_violations(violations)
    assert not report, "\n\n".join(f"== {name}\n{text}" for name, text in report.items())


def test_admin_article_form_has_no_serious_or_critical_accessibility_violations(page, editor, axe_script):
    login(page, editor)
    page.goto("/admin/articles/article/add/")
    page.wait_for_selector(".prose-menubar__button")
    violations = axe_violations(page, axe_script)
    assert not violations, format_violations(violations)
