"""The home page: curated lead and top stories, section blocks, column, Most Read."""

from datetime import timedelta

import pytest
from django.utils import timezone

from public import caching
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BreakingItemFactory,
    ImageFactory,
    parse_html,
    section,
    warm_site_chrome,
)

pytestmark = pytest.mark.django_db


def in_section(path, **kwargs):
    return ArticleFactory(section=section(path), **kwargs)


def test_editors_choose_lead_and_top_stories(client):
    newest = ArticleFactory(headline="Newest story")
    lead = ArticleFactory(headline="Chosen lead", home_position=1, published_at=timezone.now() - timedelta(days=2))
    second = ArticleFactory(headline="Chosen second", home_position=2, published_at=timezone.now() - timedelta(days=3))
    doc = parse_html(client.get("/"))
    assert doc.xpath('//div[@class="lead"]//*[contains(@class, "card-title")]/a/text()') == ["Chosen lead"]
    top = doc.xpath('//div[@class="top-grid"]//*[contains(@class, "card-title")]/a/text()')
    assert top[:2] == [second.headline, newest.headline]
    assert lead.headline not in top


def test_without_placements_the_newest_leads(client):
    ArticleFactory(headline="Older", published_at=timezone.now() - timedelta(hours=5))
    ArticleFactory(headline="Newer", published_at=timezone.now() - timedelta(minutes=5))
    doc = parse_html(client.get("/"))
    assert doc.xpath('//div[@class="lead"]//*[contains(@class, "card-title")]/a/text()') == ["Newer"]


def test_home_has_blocks_column_and_most_read(client):
    for _ in range(8):
        ArticleFactory()  # the newest: top stories take seven of them
    older = {"published_at": timezone.now() - timedelta(days=1)}
    in_section("videos/explainers", headline="Explainer video", **older)
    in_section("in-pictures", headline="Pictures of the day", **older)
    in_section("articles/opinion", headline="An opinion", authors=[AuthorFactory(name="Karim Nassar")], **older)
    in_section("articles/analysis", headline="An analysis", **older)
    response = client.get("/")
    doc = parse_html(response)
    assert len(doc.xpath("//h1")) == 1
    blocks = doc.xpath('//section[contains(@class, "section-block")]/h2/a/text()')
    assert "News" in blocks and "Videos" in blocks and "In Pictures" in blocks
    column = doc.xpath('//section[@class="opinion-column"]')[0].text_content()
    assert "An opinion" in column and "An analysis" in column and "Karim Nassar" in column
    assert len(doc.xpath('//section[@class="most-read"]//li')) == 5


def test_home_query_budget(client, django_assert_max_num_queries):
    for path in ("news/politics", "videos/tv", "infographs", "in-pictures", "live", "articles/opinion"):
        in_section(path)
    warm_site_chrome()
    # Runs 1: home_page's cards of every box (the column's bylines prefetch only runs
    # when it has cards, and here the top stories took all six). Menu and ticker come
    # from the warmed fragment cache.
    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200


def test_home_queries_do_not_grow_with_articles(client, django_assert_num_queries):
    paths = ("news/politics", "videos/tv", "infographs", "in-pictures", "live", "articles/opinion")
    for _ in range(7):
        ArticleFactory()  # the top stories
    older = timezone.now() - timedelta(days=1)
    for path in paths:  # one card in every block and in the column
        in_section(path, published_at=older, authors=[AuthorFactory()])
    warm_site_chrome()
    # home_page: the cards of every box (1), the column's bylines (1). Chrome: cached.
    with django_assert_num_queries(2) as first:
        client.get("/")
    # Rendered again by this process (its reads planned), after a publish: the slots
    # picked by a few columns (1), the cards it holds no copy of (the first render kept
    # none): the column's with their bylines (2), the others (1).
    in_section("news/politics", published_at=older)
    warm_site_chrome()
    with django_assert_num_queries(4) as again:
        client.get("/")
    for path in paths:
        for _ in range(5):
            in_section(path, published_at=older, authors=[AuthorFactory(), AuthorFactory()])
    warm_site_chrome()
    with django_assert_num_queries(len(again.captured_queries)):
        client.get("/")
    caching._READ_PLANS.clear()  # as a process rendering it for the first time
    in_section("news/politics", published_at=older)
    warm_site_chrome()
    with django_assert_num_queries(len(first.captured_queries)):
        client.get("/")


def test_ticker_shows_live_items_newest_first_with_links(client):
    article = ArticleFactory()
    BreakingItemFactory(text="Older line", starts_at=timezone.now() - timedelta(minutes=30))
    BreakingItemFactory(text="Linked line", article=article, starts_at=timezone.now() - timedelta(minutes=1))
    BreakingItemFactory(
        text="Ended line", ends_at=timezone.now() - timedelta(minutes=1), starts_at=timezone.now() - timedelta(hours=1)
    )
    BreakingItemFactory(text="Future line", starts_at=timezone.now() + timedelta(hours=1))
    doc = parse_html(client.get("/"))
    items = doc.xpath('//ul[@class="ticker-items"]/li')
    assert [li.text_content().strip() for li in items] == ["Linked line", "Older line"]
    assert items[0].xpath("a/@href") == [article.get_absolute_url()]
    assert not items[1].xpath("a")


def test_header_menu_regions_and_footer(client, settings):
    doc = parse_html(client.get("/"))
    menu = doc.xpath('//nav[@aria-label="Main"]/ul/li/a/text()')
    assert menu[:5] == ["News", "Articles", "Videos", "Infographs", "In Pictures"]
    assert doc.xpath('//nav[@aria-label="Main"]//li[contains(@class, "live-link")]/a/@href') == ["/live"]
    news_sub = doc.xpath('//ul[@aria-label="News"]/li/a/text()')
    assert news_sub == [
        "Politics",
        "Economy",
        "Sports",
        "Arts&Culture",
        "Health",
        "Miscellaneous",
        "Technology",
        "Environment",
    ]
    assert doc.xpath('//ul[@aria-label="Videos"]/li/a/text()') == [
        "NewsFeed",
        "Video Features",
        "Explainers",
        "TV",
        "Digital Series",
    ]
    regions = doc.xpath('//nav[@aria-label="Regions"]//a/text()')
    assert regions == ["Africa", "Asia", "Asia-Pacific", "Europe", "Latin America", "MENA", "Palestine", "US & Canada"]
    # The other editions of this installation (articles.editions), by their homes.
    assert doc.xpath('//ul[@aria-label="Other editions"]//a/@href') == ["/ar/", "/es/"]
    # Works without JS: "Menu" is a link to the main navigation, which :target opens.
    menu_link = doc.xpath("//a[contains(@class, 'menu-button')]/@href")
    assert menu_link and doc.xpath(f"//nav[@aria-label='Main'][@id='{menu_link[0].removeprefix('#')}']")
    footer = doc.xpath("//footer")[0].text_content()
    for text in (
        "Al Mayadeen is an Arab Independent Media Satellite Channel.",
        "Privacy Policy",
        "About Us",
        "Contact Us",
        "Authors",
        "Android",
        "iOS",
        "Facebook",
    ):
        assert text in footer
    assert doc.xpath('//a[@class="skip-link"]/@href') == ["#main"]
    assert doc.xpath("//main[@id='main']")


def test_the_lead_picture_is_fetched_first_and_the_first_screen_is_not_lazy(client):
    """The lead picture is the page's largest contentful paint on a phone: fetched
    with high priority, never lazily; the top stories next to it load eagerly too."""
    hero = ImageFactory()
    for n in range(10):
        ArticleFactory(hero_image=hero, published_at=timezone.now() - timedelta(hours=n))
    doc = parse_html(client.get("/"))
    lead = doc.xpath('//div[@class="lead"]//img')[0]
    assert lead.get("fetchpriority") == "high" and lead.get("loading") is None
    top = doc.xpath('//div[@class="top-grid"]//img')
    assert top and all(img.get("loading") is None and img.get("fetchpriority") is None for img in top)
    assert doc.xpath('//*[contains(@class, "section-block")]//img/@loading')[0] == "lazy"
    assert len(doc.xpath('//img[@fetchpriority="high"]')) == 1
