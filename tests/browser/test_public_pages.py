"""Every public page type in a real browser: screenshots for people to look at,
one <h1>, no horizontal scrolling from 320 px phones to desktop."""

import pytest

from tests.browser.content import build_newsroom, public_pages
from tests.browser.helpers import horizontal_overflow, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def newsroom(db):
    return build_newsroom()


def open_page(page, url, expected_status=200):
    response = page.goto(url)
    assert response.status == expected_status, f"{url} answered {response.status}"
    return response


def expected_status(name):
    return 404 if name == "404" else 200


def test_every_public_page_type_renders_with_one_h1_on_phone_and_desktop(new_context, newsroom):
    """Also writes screenshots/<page>-390.png and -1280.png for a person to review."""
    for width in (390, 1280):
        page = new_context(viewport={"width": width, "height": 844 if width == 390 else 900}).new_page()
        for name, url in public_pages(newsroom).items():
            open_page(page, url, expected_status(name))
            assert page.locator("h1").count() == 1, f"{name} ({url}) should have exactly one <h1>"
            screenshot(page, name)
        for name, article in newsroom.formats().items():
            if name != "standard":
                open_page(page, article.get_absolute_url())
                screenshot(page, f"article-{name}")


def test_public_pages_never_scroll_sideways(new_context, newsroom):
    pages = public_pages(newsroom)
    pages.update({f"article-{name}": a.get_absolute_url() for name, a in newsroom.formats().items()})
    problems = []
    for width in (320, 390, 1280):
        page = new_context(viewport={"width": width, "height": 800}).new_page()
        for name, url in pages.items():
            open_page(page, url, expected_status(name))
            overflow = horizontal_overflow(page)
            if overflow["extra"] > 0:
                problems.append(f"{name} at {width}px: {overflow['extra']}px too wide; {overflow['culprits']}")
    assert not problems, "\n".join(problems)
