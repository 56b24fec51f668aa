"""The Spanish edition (``/es/``) in a real browser: the layout and accessibility tests
that hold the English site, run as they are on the Spanish edition's pages (issue 14:
the browser layout tests run for each edition)."""

import pytest

from tests.browser import test_accessibility as accessibility
from tests.browser import test_layout_stability as layout
from tests.browser import test_public_pages as public
from tests.browser.content import build_newsroom

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def newsroom(db):
    return build_newsroom("es")


def test_spanish_pages_render_with_one_h1_on_phone_and_desktop(new_context, newsroom):
    public.test_every_public_page_type_renders_with_one_h1_on_phone_and_desktop(new_context, newsroom)


def test_spanish_pages_never_scroll_sideways(new_context, newsroom):
    public.test_public_pages_never_scroll_sideways(new_context, newsroom)


def test_no_spanish_page_shifts_on_a_phone(new_context, newsroom):
    layout.test_no_public_page_shifts_on_a_phone(new_context, newsroom)


def test_the_spanish_phone_ticker_keeps_its_height_and_shows_whole_lines(new_context, newsroom):
    layout.test_the_phone_ticker_keeps_its_height_and_shows_whole_lines(new_context, newsroom)


def test_spanish_public_pages_have_no_serious_or_critical_accessibility_violations(new_context, newsroom, axe_script):
    accessibility.test_public_pages_have_no_serious_or_critical_accessibility_violations(
        new_context, newsroom, axe_script
    )


def test_spanish_pages_speak_spanish(new_context, newsroom):
    page = new_context().new_page()
    page.goto(newsroom.standard.get_absolute_url())
    assert page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == ["es", "ltr"]
    assert page.get_by_role("searchbox").count() >= 1
