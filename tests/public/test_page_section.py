"""Section and sub-section listings."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, parse_html, section, warm_site_chrome

pytestmark = pytest.mark.django_db


def headlines(response):
    return parse_html(response).xpath('//div[@class="listing-grid"]//*[contains(@class, "card-title")]/a/text()')


def test_top_section_lists_its_children_newest_first(client):
    ArticleFactory(headline="Politics story", published_at=timezone.now() - timedelta(hours=2))
    ArticleFactory(headline="Economy story", section=section("news/economy"), published_at=timezone.now())
    ArticleFactory(headline="Opinion piece", section=section("articles/opinion"))
    response = client.get("/news")
    assert response.status_code == 200
    assert headlines(response) == ["Economy story", "Politics story"]
    assert headlines(client.get("/news/politics")) == ["Politics story"]
    doc = parse_html(response)
    assert [h.text_content() for h in doc.xpath("//h1")] == ["News"]
    assert "Politics" in doc.xpath('//nav[@class="subsections"]//a/text()')


def test_pagination_and_bad_page_numbers(client):
    for i in range(25):
        ArticleFactory(headline=f"Story {i:02d}", published_at=timezone.now() - timedelta(minutes=i))
    assert len(headlines(client.get("/news/politics"))) == 20
    last = client.get("/news/politics?page=2")
    assert headlines(last) == [f"Story {i:02d}" for i in range(20, 25)]
    assert headlines(client.get("/news/politics?page=99999")) == headlines(last)
    for bad in ("abc", "0", "-1", "1.5", "9" * 40):
        assert client.get(f"/news/politics?page={bad}").status_code == 404
    doc = parse_html(client.get("/news/politics"))
    assert doc.xpath('//a[@rel="next"]/@href') == ["?page=2"]


def test_unknown_section_is_404(client):
    assert client.get("/no-such-section").status_code == 404


def test_section_page_query_budget(client, django_assert_max_num_queries):
    ArticleFactory()
    warm_site_chrome()
    # Runs 3: the paginator's bounded count, the page of articles with section and hero
    # image, their bylines (one prefetch). The section tree, menu, ticker and Most Read
    # come from the warmed fragment cache.
    with django_assert_max_num_queries(6):
        assert client.get("/news").status_code == 200


def test_section_queries_do_not_grow_with_items(client, django_assert_num_queries):
    ArticleFactory(section=section("news/economy"))
    warm_site_chrome()
    # The paginator's bounded count, the page of articles, their bylines; chrome cached.
    with django_assert_num_queries(3) as first:
        client.get("/news/economy")
    for _ in range(29):
        ArticleFactory(section=section("news/economy"), authors=[AuthorFactory(), AuthorFactory()])
    warm_site_chrome()
    with django_assert_num_queries(len(first.captured_queries)):
        client.get("/news/economy")


def test_the_first_screen_of_cards_is_not_lazy_and_the_first_picture_comes_first(client):
    """On a phone the first four cards fill the first screen; a lazy picture there
    is fetched late and delays the largest contentful paint."""
    hero = ImageFactory()
    politics = section("news/politics")
    for n in range(8):
        ArticleFactory(section=politics, hero_image=hero, published_at=timezone.now() - timedelta(hours=n))
    images = parse_html(client.get("/news/politics")).xpath('//div[@class="listing-grid"]//img')
    assert [img.get("loading") for img in images] == [None] * 4 + ["lazy"] * 4
    assert [img.get("fetchpriority") for img in images] == ["high"] + [None] * 7
