import pytest
from django.test import RequestFactory

from articles.models import Article
from public.views import paging
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_listing_count_reads_at_most_max_pages(monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(paging, "MAX_PAGES", 2)
    for i in range(7):
        ArticleFactory(headline=f"Story {i}")
    request = RequestFactory().get("/news", {"page": "9"})
    page = paging.paginate(request, Article.objects.published().newest_first(), per_page=2)
    assert page.paginator.count == 4
    assert page.paginator.num_pages == 2
    assert page.paginator.is_truncated
    assert page.number == 2  # past the end: the last page it offers
    assert [a.headline for a in page.object_list] == ["Story 4", "Story 3"]


def test_short_listing_counts_exactly():
    for i in range(3):
        ArticleFactory(headline=f"Story {i}")
    page = paging.paginate(RequestFactory().get("/news"), Article.objects.published().newest_first(), per_page=2)
    assert page.paginator.count == 3
    assert not page.paginator.is_truncated
