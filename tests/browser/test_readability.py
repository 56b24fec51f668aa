"""The article's text column at desktop width: 45–90 characters per line."""

import pytest

from tests.browser.content import build_newsroom
from tests.browser.helpers import line_lengths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_article_text_column_is_readable_on_desktop(page, db):
    article = build_newsroom().standard
    assert page.goto(article.get_absolute_url()).status == 200
    lines = line_lengths(page, ".article-body p")
    assert lines and len(lines) >= 3, f"the long paragraph should wrap on several lines: {lines}"
    full_lines = lines[:-1]  # the last line of a paragraph is as short as it happens to be
    average = sum(full_lines) / len(full_lines)
    assert min(full_lines) >= 45 and max(full_lines) <= 90, f"characters per line at 1280 px: {lines}"
    assert 45 <= average <= 90, average
