"""The article page: anatomy of the seed page, metadata, formats, preview, query budget."""

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Article, GalleryItem, LiveUpdate, RelatedArticle
from public.views.article import video_embed
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    RegionFactory,
    jsonld,
    parse_html,
    warm_site_chrome,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_article():
    """The seed page's article: Al Mayadeen byline, 14 Sep 2021 09:39 Beirut (06:39 UTC)."""
    house = AuthorFactory(name="Al Mayadeen", is_organisation=True)
    article = ArticleFactory(
        headline="Putin: Joint Efforts Defeated Extremism in Syria",
        standfirst="On an unannounced visit, Russian President Vladimir Putin holds a meeting in Moscow.",
        source="Al Mayadeen",
        published_at=datetime(2021, 9, 14, 6, 39, tzinfo=UTC),
        revised_at=datetime(2021, 9, 15, 7, 0, tzinfo=UTC),
        hero_image=ImageFactory(caption="Putin during a meeting with al-Assad at the Kremlin."),
        body="<p>" + "word " * 450 + "</p>",
        authors=[house],
    )
    article.tags.add("Syria", "Russia", "Putin", "Bashar al-Assad")
    article.regions.add(RegionFactory(slug="mena", name="MENA"))
    return article


def test_article_page_shows_the_seed_anatomy(client, seed_article):
    response = client.get(seed_article.get_absolute_url())
    assert response.status_code == 200
    doc = parse_html(response)
    assert [h.text_content() for h in doc.xpath("//h1")] == ["Putin: Joint Efforts Defeated Extremism in Syria"]
    assert doc.xpath('//nav[@aria-label="Breadcrumb"]//a/text()') == ["Home", "News", "Politics"]
    meta = doc.xpath('//ul[@class="article-meta"]')[0].text_content()
    assert "By Al Mayadeen" in meta
    assert "Source: Al Mayadeen" in meta
    assert "14 Sep 2021 09:39" in meta  # Asia/Beirut, UTC+3 in September
    reading = " ".join(doc.xpath('//p[@class="reading-time"]')[0].text_content().split())
    assert reading == "3 Min Read Updated 15 Sep 2021 10:00"
    assert "unannounced visit" in doc.xpath('//p[@class="standfirst"]/text()')[0]
    figure = doc.xpath('//figure[contains(@class, "hero")]')[0]
    assert "480w" in figure.xpath(".//img/@srcset")[0] and "1200w" in figure.xpath(".//img/@srcset")[0]
    # The hero is the largest contentful paint: fetched first, never lazily.
    assert figure.xpath(".//img/@fetchpriority") == ["high"] and not figure.xpath(".//img/@loading")
    assert "Putin during a meeting" in figure.xpath(".//figcaption")[0].text_content()
    assert "(AP)" in figure.xpath(".//figcaption")[0].text_content()
    assert doc.xpath('//ul[@class="tags"]//a/text()') == ["Bashar al-Assad", "Putin", "Russia", "Syria"] or set(
        doc.xpath('//ul[@class="tags"]//a/text()')
    ) == {"Syria", "Russia", "Putin", "Bashar al-Assad"}
    share = doc.xpath('//ul[@class="share"]//a')
    assert [a.text_content().split(" (")[0] for a in share] == ["X", "Facebook", "WhatsApp", "Telegram", "Copy link"]
    assert not doc.xpath("//script[@src and not(contains(@src, '/static/'))]")  # no third-party scripts


def test_every_author_is_linked_in_byline_order(client):
    first, second = AuthorFactory(name="Leila Haddad"), AuthorFactory(name="Omar Khalil")
    article = ArticleFactory(authors=[second, first])
    doc = parse_html(client.get(article.get_absolute_url()))
    links = doc.xpath('//ul[@class="article-meta"]//p[@class="byline"]/a')
    assert [a.text for a in links] == ["Omar Khalil", "Leila Haddad"]
    assert [a.get("href") for a in links] == [second.get_absolute_url(), first.get_absolute_url()]


def test_open_graph_and_news_article_json_ld(client, seed_article):
    response = client.get(seed_article.get_absolute_url())
    doc = parse_html(response)
    og = {m.get("property"): m.get("content") for m in doc.xpath("//meta[@property]")}
    url = "http://127.0.0.1:8000" + seed_article.get_absolute_url()
    assert doc.xpath('//link[@rel="canonical"]/@href') == [url]
    assert og["og:type"] == "article" and og["og:url"] == url and og["og:title"] == seed_article.headline
    assert og["og:image"].startswith("http://127.0.0.1:8000/media/renditions/")
    assert og["article:published_time"] == "2021-09-14T09:39:00+03:00"
    assert og["article:section"] == "Politics"
    assert doc.xpath('//meta[@name="twitter:card"]/@content') == ["summary_large_image"]
    assert doc.xpath('//meta[@name="description"]/@content')[0].startswith("On an unannounced visit")

    data = jsonld(response)
    news = data["NewsArticle"]
    assert news["headline"] == seed_article.headline
    assert news["datePublished"] == "2021-09-14T09:39:00+03:00"
    assert news["dateModified"] == "2021-09-15T10:00:00+03:00"
    assert news["author"] == [
        {"@type": "Organization", "name": "Al Mayadeen", "url": "http://127.0.0.1:8000/author/al-mayadeen"}
    ]
    assert len(news["image"]) == 3 and all(u.startswith("http") for u in news["image"])
    assert any("-16x9-" in u for u in news["image"]) and any("-1x1-" in u for u in news["image"])
    assert news["publisher"]["@type"] == "NewsMediaOrganization" and news["publisher"]["logo"]["url"]
    assert news["mainEntityOfPage"]["@id"] == url
    assert news["articleSection"] == "Politics"
    assert set(news["keywords"]) == {"Syria", "Russia", "Putin", "Bashar al-Assad"}
    assert news["inLanguage"] == "en"
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Home", "News", "Politics", seed_article.headline]
    # The visible date is the structured date.
    visible = doc.xpath('//ul[@class="article-meta"]//time/@datetime')[0]
    assert visible == news["datePublished"]


def static_file(url):
    """The file behind an absolute URL of a static file, opened with Pillow."""
    path = urlsplit(url).path
    assert path.startswith(settings.STATIC_URL), url
    found = finders.find(path.removeprefix(settings.STATIC_URL))
    assert found, f"no static file for {url}"
    return PILImage.open(found)


def test_an_article_without_a_picture_still_has_raster_images_in_every_ratio(client):
    """Google's Top stories needs an image (at least 1200 px wide, 16:9, 4:3 and 1:1)
    and a raster publisher logo; social cards need og:image. Without a hero image the
    site's default picture stands in."""
    article = ArticleFactory(hero_image=None)
    response = client.get(article.get_absolute_url())
    doc = parse_html(response)
    news = jsonld(response)["NewsArticle"]
    assert len(news["image"]) == 3
    ratios = set()
    for url in news["image"]:
        image = static_file(url)
        assert image.format in {"PNG", "JPEG"} and image.width >= 1200, url
        ratios.add(Fraction(image.width, image.height))
    assert ratios == {Fraction(16, 9), Fraction(4, 3), Fraction(1, 1)}
    og = {m.get("property"): m.get("content") for m in doc.xpath("//meta[@property]")}
    assert og["og:image"] == news["image"][0] and og["og:image:alt"]
    assert doc.xpath('//meta[@name="twitter:image"]/@content') == [news["image"][0]]

    logo = news["publisher"]["logo"]
    image = static_file(logo["url"])
    assert image.format == "PNG" and (image.width, image.height) == (logo["width"], logo["height"])
    assert image.height == 60 and image.width <= 600  # fits 600x60, 60 px high


def test_people_are_persons_in_json_ld(client):
    article = ArticleFactory(authors=[AuthorFactory(name="Leila Haddad"), AuthorFactory(name="Omar Khalil")])
    authors = jsonld(client.get(article.get_absolute_url()))["NewsArticle"]["author"]
    assert [(a["@type"], a["name"]) for a in authors] == [("Person", "Leila Haddad"), ("Person", "Omar Khalil")]


def test_explicit_related_links_in_their_order_then_computed(client):
    article = ArticleFactory()
    a, b, draft = (
        ArticleFactory(headline="Alpha"),
        ArticleFactory(headline="Bravo"),
        ArticleFactory(headline="Hidden draft", status=Article.Status.DRAFT),
    )
    RelatedArticle.objects.create(from_article=article, to_article=b, position=0)
    RelatedArticle.objects.create(from_article=article, to_article=draft, position=1)
    RelatedArticle.objects.create(from_article=article, to_article=a, position=2)
    doc = parse_html(client.get(article.get_absolute_url()))
    assert doc.xpath('//aside[@class="related-news"]//a/text()') == ["Bravo", "Alpha"]


def test_a_related_list_waiting_for_its_stories_shows_no_computed_stories(client):
    """An imported page's "Related News" whose stories are not imported yet: nothing
    rather than unrelated stories computed from shared tags."""
    article = ArticleFactory()
    article.tags.add("Syria")
    ArticleFactory(headline="Shares a tag").tags.add("Syria")
    RelatedArticle.objects.create(from_article=article, position=0, headline="Not imported yet")
    doc = parse_html(client.get(article.get_absolute_url()))
    assert doc.xpath('//aside[@class="related-news"]') == []
    assert "Shares a tag" not in doc.xpath("string(//article)")


def test_linked_entries_show_in_the_lists_order_as_their_stories_arrive(client):
    article = ArticleFactory()
    waiting = RelatedArticle.objects.create(from_article=article, position=0, headline="Arrives later")
    for position, headline in enumerate(["Bravo", "Charlie"], start=1):
        RelatedArticle.objects.create(
            from_article=article, to_article=ArticleFactory(headline=headline), position=position
        )
    related = '//aside[@class="related-news"]//a/text()'
    assert parse_html(client.get(article.get_absolute_url())).xpath(related) == ["Bravo", "Charlie"]
    waiting.to_article = ArticleFactory(headline="Arrives later")
    waiting.save()
    assert parse_html(client.get(article.get_absolute_url())).xpath(related) == ["Arrives later", "Bravo", "Charlie"]


def test_computed_related_prefers_shared_tags(client):
    article = ArticleFactory()
    article.tags.add("Syria", "Russia")
    both = ArticleFactory(headline="Shares two tags", published_at=timezone.now() - timedelta(days=3))
    both.tags.add("Syria", "Russia")
    one = ArticleFactory(headline="Shares one tag", published_at=timezone.now() - timedelta(days=2))
    one.tags.add("Syria")
    doc = parse_html(client.get(article.get_absolute_url()))
    related = doc.xpath('//aside[@class="related-news"]//a/text()')
    assert related[:2] == ["Shares two tags", "Shares one tag"]


def test_read_next_and_most_read_show_four_others(client):
    articles = [ArticleFactory() for _ in range(7)]
    doc = parse_html(client.get(articles[0].get_absolute_url()))
    read_next = doc.xpath('//section[contains(@class, "read-next")]//h3/a/text()')
    most_read = doc.xpath('//section[@class="most-read"]//h3/a/text()')
    assert len(read_next) == 4 and len(most_read) == 4
    assert articles[0].headline not in read_next + most_read


def test_unicode_and_colon_slugs_resolve(client):
    article = ArticleFactory(headline="Tarif", slug="بوتين:-الأسد")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "%D8" in article.get_absolute_url() or ":" in article.get_absolute_url()


def test_unknown_article_and_wrong_section_are_404(client):
    article = ArticleFactory()
    assert client.get("/news/politics/no-such-article").status_code == 404
    assert client.get(f"/news/economy/{article.slug}").status_code == 404
    assert client.get(f"/nowhere/{article.slug}").status_code == 404


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.youtube.com/watch?v=M7lc1UVf-VE",
            ("iframe", "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE"),
        ),
        ("https://youtu.be/M7lc1UVf-VE", ("iframe", "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE")),
        ("https://vimeo.com/76979871", ("iframe", "https://player.vimeo.com/video/76979871?dnt=1")),
        ("https://cdn.example.org/clip.mp4", ("video", "https://cdn.example.org/clip.mp4")),
        ("https://videos.example.org/watch/5", ("link", "https://videos.example.org/watch/5")),
    ],
)
def test_video_embeds_are_privacy_friendly(url, expected):
    embed = video_embed(url)
    assert (embed["kind"], embed["src"]) == expected


def test_video_format_page_embeds_nocookie(client):
    article = ArticleFactory(format=Article.Format.VIDEO, video_url="https://www.youtube.com/watch?v=M7lc1UVf-VE")
    doc = parse_html(client.get(article.get_absolute_url()))
    assert doc.xpath("//iframe/@src") == ["https://www.youtube-nocookie.com/embed/M7lc1UVf-VE"]


def test_gallery_shows_every_image_with_caption(client):
    article = ArticleFactory(format=Article.Format.GALLERY)
    for i in range(3):
        GalleryItem.objects.create(article=article, image=ImageFactory(), caption=f"Picture {i}", position=i)
    doc = parse_html(client.get(article.get_absolute_url()))
    captions = [f.text_content() for f in doc.xpath('//section[@class="gallery"]//figcaption')]
    assert len(captions) == 3 and "Picture 0" in captions[0] and "Picture 2" in captions[2]


def test_infograph_is_a_full_image(client):
    """The whole picture, uncropped, as its largest rendition: never the original upload."""
    image = ImageFactory()
    article = ArticleFactory(format=Article.Format.INFOGRAPH, hero_image=image)
    doc = parse_html(client.get(article.get_absolute_url()))
    (img,) = doc.xpath('//figure[contains(@class, "infograph")]/img')
    assert img.get("src") == image.uncropped_url and "-full-1600-" in img.get("src")
    assert (img.get("width"), img.get("height")) == ("1600", "900")


def test_live_updates_newest_first(client):
    article = ArticleFactory(format=Article.Format.LIVE)
    now = timezone.now()
    LiveUpdate.objects.create(article=article, posted_at=now - timedelta(hours=2), title="Older", body="<p>a</p>")
    LiveUpdate.objects.create(article=article, posted_at=now - timedelta(minutes=5), title="Newer", body="<p>b</p>")
    doc = parse_html(client.get(article.get_absolute_url()))
    assert doc.xpath('//section[@class="live-updates"]//h3/text()') == ["Newer", "Older"]


def test_preview_has_banner_noindex_and_is_never_cached(rf, client):
    from public.views import render_article

    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, headline="Secret draft")
    response = render_article(rf.get("/admin/preview"), draft, preview=True)
    html = response.content.decode()
    assert "Draft preview" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "data-beacon" not in html  # previews never count as reads
    assert client.get(draft.get_absolute_url()).status_code == 404


def article_with(n):
    authors = [AuthorFactory() for _ in range(n)]
    article = ArticleFactory(authors=authors, hero_image=ImageFactory())
    article.tags.add(*[f"tag-{n}-{i}" for i in range(n)])
    article.regions.add(*RegionFactory.create_batch(n))
    for _ in range(n):
        RelatedArticle.objects.create(from_article=article, to_article=ArticleFactory(), position=0)
    return article


def test_article_page_query_budget(client, django_assert_max_num_queries):
    article = article_with(3)
    warm_site_chrome()
    # Runs 3: article_for_page's article with section chain, hero image and tags (1),
    # bylines (1); the Related cards (1). Menu, ticker and boxes from the warmed cache.
    with django_assert_max_num_queries(8):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_article_queries_do_not_grow_with_authors_tags_or_related(client, django_assert_num_queries):
    one, ten = article_with(1), article_with(10)
    warm_site_chrome()
    # Read Next is one block per section, shared by its article pages (public.boxes):
    # an earlier page of the section made it, as Most Read and the menu were.
    client.get(ArticleFactory(section=one.section).get_absolute_url())
    # The article with section chain, hero and tags (1), bylines (1), the cards of the
    # related list (1); the boxes and chrome from the cache.
    with django_assert_num_queries(3) as one_count:
        client.get(one.get_absolute_url())
    with django_assert_num_queries(len(one_count.captured_queries)):
        client.get(ten.get_absolute_url())


def test_search_engines_get_no_admin_link_and_the_beacon_url(client):
    article = ArticleFactory()
    doc = parse_html(client.get(article.get_absolute_url()))
    assert doc.xpath("//article/@data-beacon") == [reverse("public:view_beacon", kwargs={"pk": article.pk})]


def test_related_box_sits_in_the_body_after_the_third_paragraph_never_inside_a_quote(client):
    body = "<p>One.</p><blockquote><p>Quote.</p><p>Attribution.</p></blockquote><p>Two.</p><p>Three.</p><p>Four.</p>"
    article = ArticleFactory(body=body)
    RelatedArticle.objects.create(from_article=article, to_article=ArticleFactory(headline="Linked"), position=0)
    doc = parse_html(client.get(article.get_absolute_url()))
    box = doc.xpath('//div[@class="article-body"]/aside[@class="related-news"]')[0]
    assert [e.text_content() for e in box.itersiblings(preceding=True)][::-1][-1] == "Three."
    assert box.getnext().text_content() == "Four."
    assert not doc.xpath("//blockquote//aside")
