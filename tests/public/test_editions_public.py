"""The public site per edition: URLs, <html lang dir>, content scoped to the edition
(home, sections, ticker, Most Read, search, feeds, sitemaps), hreflang between real
translations only, structured data of the edition, and English URLs unchanged."""

import uuid
from datetime import timedelta

import lxml.etree
import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.urls import resolve
from django.utils import timezone

from articles.models import Correction
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BreakingItemFactory,
    RegionFactory,
    jsonld,
    parse_html,
    section,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories():
    """One story told in three editions (a translation group), and one Arabic story
    with no translation."""
    group = uuid.uuid4()
    author = AuthorFactory(name="Rania Khalil")
    mena_ar = RegionFactory(edition="ar", slug="غرب-آسيا", name="غرب آسيا")
    en = ArticleFactory(headline="Ceasefire talks resume in Cairo", translation_group=group, authors=[author])
    en.tags.add("Gaza")
    ar = ArticleFactory(
        headline="استئناف محادثات وقف إطلاق النار في القاهرة",
        section=section("أخبار/سياسة", edition="ar"),
        translation_group=group,
        standfirst="عادت الوفود إلى القاهرة صباح الثلاثاء.",
        body="<p>عادت الوفود إلى القاهرة صباح الثلاثاء لاستئناف المحادثات.</p>",
        authors=[author],
    )
    ar.tags.add("غزة")
    ar.regions.add(mena_ar)
    es = ArticleFactory(
        headline="Se reanudan en El Cairo las conversaciones de alto el fuego",
        section=section("noticias/politica", edition="es"),
        translation_group=group,
        body="<p>Las delegaciones volvieron a El Cairo el martes.</p>",
    )
    alone = ArticleFactory(headline="افتتاح معرض الكتاب في بيروت", section=section("أخبار/ثقافة", edition="ar"))
    return {"en": en, "ar": ar, "es": es, "alone": alone, "author": author, "region": mena_ar}


def html_root(response):
    return parse_html(response).xpath("/html")[0]


# --- English URLs unchanged ----------------------------------------------------


def test_no_english_url_changes(client, stories):
    en = stories["en"]
    tag = en.tags.first()
    paths = {
        "/": "home",
        "/news/politics": "article",  # sections and articles share one pattern
        f"/news/politics/{en.slug}": "article",
        "/region/mena": "region",
        f"/tag/{tag.slug}": "tag",
        f"/author/{stories['author'].slug}": "author",
        "/authors": "authors",
        "/search": "search",
        "/breaking": "breaking",
        "/corrections": "corrections",
        "/rss": "rss_latest",
        "/atom": "atom_latest",
        "/rss/news/politics": "rss_section",
        "/atom/news/politics": "atom_section",
        "/sitemap.xml": "sitemap_index",
        "/sitemap-news.xml": "sitemap_news",
        "/sitemap-articles.xml": "sitemap",
        "/robots.txt": "robots_txt",
    }
    RegionFactory(slug="mena", name="MENA")
    for path, name in paths.items():
        match = resolve(path)
        assert (match.namespace, match.url_name) == ("public", name), path
        assert client.get(path).status_code == 200, path
    assert en.get_absolute_url() == f"/news/politics/{en.slug}"
    assert section("news/politics").get_absolute_url() == "/news/politics"


def test_other_editions_live_under_their_prefix(stories):
    assert stories["ar"].get_absolute_url().startswith("/ar/")
    assert stories["es"].get_absolute_url() == f"/es/noticias/politica/{stories['es'].slug}"
    assert resolve(stories["ar"].get_absolute_url()).namespace == "public-ar"


# --- right to left on every Arabic page type -------------------------------------------


def test_every_arabic_page_type_is_right_to_left(client, stories):
    ar = stories["ar"]
    Correction.objects.create(
        article=ar, kind="correction", text="تصحيح الاسم.", status="published", published_at=timezone.now()
    )
    BreakingItemFactory(edition="ar", text="عاجل: انفجار في الميناء")
    tag = ar.tags.first()
    pages = [
        "/ar/",
        "/ar/أخبار",
        "/ar/أخبار/سياسة",
        ar.get_absolute_url(),
        stories["region"].get_absolute_url(),
        f"/ar/tag/{tag.slug}",
        f"/ar/author/{stories['author'].slug}",
        "/ar/authors",
        "/ar/search?q=القاهرة",
        "/ar/breaking",
        "/ar/corrections",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        root = html_root(response)
        assert (root.get("lang"), root.get("dir")) == ("ar", "rtl"), path
        assert response["Content-Language"] == "ar"
    missing = client.get("/ar/no-such-page")
    assert missing.status_code == 404
    assert (html_root(missing).get("lang"), html_root(missing).get("dir")) == ("ar", "rtl")


def test_english_and_spanish_pages_are_left_to_right(client, stories):
    for path, lang in (
        ("/", "en"),
        (stories["en"].get_absolute_url(), "en"),
        ("/es/", "es"),
        (stories["es"].get_absolute_url(), "es"),
    ):
        root = html_root(client.get(path))
        assert (root.get("lang"), root.get("dir")) == (lang, "ltr"), path


# --- each edition its own content ---------------------------------------------------


def test_each_home_shows_its_own_editions_stories_menu_and_ticker(client, stories):
    BreakingItemFactory(text="Explosion reported at the port")
    BreakingItemFactory(edition="ar", text="عاجل: انفجار في الميناء")
    english = client.get("/").content.decode()
    arabic = client.get("/ar/").content.decode()  # after "/": the fragment cache is per edition
    spanish = client.get("/es/").content.decode()
    assert stories["en"].headline in english and stories["ar"].headline not in english
    assert stories["ar"].headline in arabic and stories["alone"].headline in arabic
    assert stories["en"].headline not in arabic and stories["es"].headline not in arabic
    assert stories["es"].headline in spanish and stories["en"].headline not in spanish
    assert "Explosion reported at the port" in english and "Explosion reported" not in arabic
    assert "عاجل: انفجار في الميناء" in arabic and "عاجل" not in english
    menu = parse_html(client.get("/ar/")).xpath('//nav[@id="main-nav"]//a/text()')
    assert "أخبار" in menu and "News" not in menu
    assert "News" in parse_html(client.get("/")).xpath('//nav[@id="main-nav"]//a/text()')


def test_search_searches_the_editions_stories(client, stories):
    spanish = client.get("/es/search", {"q": "Cairo"}).content.decode()
    assert stories["es"].headline in spanish and stories["en"].headline not in spanish
    english = client.get("/search", {"q": "Cairo"}).content.decode()
    assert stories["en"].headline in english and stories["es"].headline not in english


def test_a_page_of_another_editions_story_is_not_found(client, stories):
    ar = stories["ar"]
    assert client.get(f"/news/politics/{stories['en'].slug}").status_code == 200
    assert client.get(ar.get_absolute_url().removeprefix("/ar")).status_code == 404


# --- feeds and sitemaps ----------------------------------------------------------


def test_feeds_per_edition(client, stories):
    for path, edition, language in (("/ar/rss", "ar", "ar"), ("/es/rss", "es", "es"), ("/rss", "en", "en")):
        doc = lxml.etree.fromstring(client.get(path).content)
        assert doc.findtext("channel/language") == language
        links = doc.xpath("//item/link/text()")
        expected = [stories[k] for k in ("en", "ar", "es", "alone") if stories[k].edition == edition]
        assert sorted(links) == sorted(
            f"http://testserver{a.get_absolute_url()}".replace("testserver", links[0].split("/")[2]) for a in expected
        )
    ar_atom = lxml.etree.fromstring(client.get("/ar/atom").content)
    assert ar_atom.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
    assert "الميادين" in client.get("/ar/rss").content.decode()


NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}


def test_news_sitemap_per_edition_names_its_language(client, stories):
    doc = lxml.etree.fromstring(client.get("/ar/sitemap-news.xml").content)
    assert set(doc.xpath("//news:language/text()", namespaces=NS)) == {"ar"}
    assert set(doc.xpath("//news:name/text()", namespaces=NS)) == {"الميادين"}
    locs = doc.xpath("//s:loc/text()", namespaces=NS)
    assert len(locs) == 2 and all("/ar/" in loc for loc in locs)
    spanish = lxml.etree.fromstring(client.get("/es/sitemap-news.xml").content)
    assert spanish.xpath("//news:language/text()", namespaces=NS) == ["es"]
    english = lxml.etree.fromstring(client.get("/sitemap-news.xml").content)
    assert english.xpath("//news:language/text()", namespaces=NS) == ["en"]


def test_sitemap_index_and_files_per_edition(client, stories):
    index = lxml.etree.fromstring(client.get("/es/sitemap.xml").content)
    files = index.xpath("//s:loc/text()", namespaces=NS)
    assert files and all("/es/sitemap-" in f for f in files)
    articles = lxml.etree.fromstring(client.get("/es/sitemap-articles.xml").content)
    assert [loc.split("/es/", 1)[1] for loc in articles.xpath("//s:loc/text()", namespaces=NS)] == [
        f"noticias/politica/{stories['es'].slug}"
    ]
    sections = lxml.etree.fromstring(client.get("/ar/sitemap-sections.xml").content)
    assert all("/ar/" in loc for loc in sections.xpath("//s:loc/text()", namespaces=NS))


def test_robots_names_every_editions_sitemaps(client):
    text = client.get("/robots.txt").content.decode()
    for path in ("/sitemap.xml", "/ar/sitemap.xml", "/es/sitemap-news.xml"):
        assert f"{path}\n" in text
    assert "Disallow: /ar/search" in text


# --- hreflang and the edition links ---------------------------------------------------


def alternates(response):
    return {
        link.get("hreflang"): link.get("href")
        for link in parse_html(response).xpath('//link[@rel="alternate"][@hreflang]')
    }


def test_hreflang_pairs_are_reciprocal_between_real_translations(client, stories):
    pages = {code: client.get(stories[code].get_absolute_url()) for code in ("en", "ar", "es")}
    sets = {code: alternates(response) for code, response in pages.items()}
    assert sets["en"] == sets["ar"] == sets["es"]
    assert set(sets["en"]) == {"en", "ar", "es", "x-default"}
    assert sets["en"]["x-default"] == sets["en"]["en"]
    for code in ("en", "ar", "es"):
        assert sets["en"][code].endswith(stories[code].get_absolute_url().split("/", 3)[-1]) or sets["en"][
            code
        ].endswith(stories[code].get_absolute_url())
    # A story without a translation, and every listing, has none.
    assert alternates(client.get(stories["alone"].get_absolute_url())) == {}
    assert alternates(client.get("/ar/")) == {}


def test_an_unpublished_translation_is_no_alternate(client, stories):
    stories["es"].status = "draft"
    stories["es"].save()
    assert set(alternates(client.get(stories["en"].get_absolute_url()))) == {"en", "ar", "x-default"}


def test_the_header_links_go_to_the_translation_or_the_other_home(client, stories):
    links = parse_html(client.get(stories["en"].get_absolute_url())).xpath('//ul[@class="editions"]//a/@href')
    assert links == [stories["ar"].get_absolute_url(), stories["es"].get_absolute_url()]
    links = parse_html(client.get(stories["alone"].get_absolute_url())).xpath('//ul[@class="editions"]//a/@href')
    assert links == ["/", "/es/"]
    links = parse_html(client.get("/es/")).xpath('//ul[@class="editions"]//a')
    assert [(a.get("href"), a.get("lang")) for a in links] == [("/", "en"), ("/ar/", "ar")]


# --- structured data ---------------------------------------------------------------


def test_structured_data_and_open_graph_of_the_edition(client, stories):
    response = client.get(stories["ar"].get_absolute_url())
    news = jsonld(response)["NewsArticle"]
    assert news["inLanguage"] == "ar"
    assert news["publisher"]["name"] == "الميادين"
    assert news["publisher"]["url"].endswith("/ar/")
    assert news["publisher"]["logo"]["url"].endswith(".png")
    doc = parse_html(response)
    assert doc.xpath('//meta[@property="og:locale"]/@content') == ["ar_AR"]
    assert sorted(doc.xpath('//meta[@property="og:locale:alternate"]/@content')) == ["en_US", "es_LA"]
    assert doc.xpath('//meta[@property="og:site_name"]/@content') == ["الميادين"]
    alone = parse_html(client.get(stories["alone"].get_absolute_url()))
    assert alone.xpath('//meta[@property="og:locale:alternate"]') == []
    home = jsonld(client.get("/es/"))["WebSite"]
    assert home["inLanguage"] == "es" and home["name"] == "Al Mayadeen Español"


def test_scheduled_translation_is_hidden(client, stories):
    stories["ar"].published_at = timezone.now() + timedelta(hours=2)
    stories["ar"].save()
    assert "ar" not in alternates(client.get(stories["en"].get_absolute_url()))


def test_static_pages_per_edition_with_the_default_editions_as_fallback(client):
    page = FlatPage.objects.create(url="/es/about-us/", title="Quiénes somos", content="<p>Somos Al Mayadeen.</p>")
    page.sites.add(Site.objects.get_current())
    assert "Quiénes somos" in client.get("/es/about-us").content.decode()
    # The Arabic edition has none of its own yet: its footer link still answers.
    arabic = client.get("/ar/about-us")
    assert arabic.status_code == 200 and "About Us" in arabic.content.decode()
    assert "Quiénes somos" not in client.get("/about-us").content.decode()


def test_each_edition_shows_its_own_wordmark_in_header_and_footer(client, stories):
    """The logo is the edition's name in its script; the footer's is drawn for a dark
    background (a CSS filter once turned it into a white square)."""
    for url, header, footer in (
        ("/", "img/logo.", "img/logo-light."),
        ("/ar/", "img/logo-ar.", "img/logo-ar-light."),
        ("/es/", "img/logo-es.", "img/logo-es-light."),
    ):
        doc = parse_html(client.get(url))
        assert header in doc.xpath('//header//a[@class="logo"]/img/@src')[0], url
        assert footer in doc.xpath('//img[contains(@class, "footer-logo")]/@src')[0], url


def test_the_ticker_label_and_the_live_link_stay_in_the_edition(client, stories):
    """The ticker's label (rendered apart from the page, filled into its hole) links to
    the edition's /breaking; the header's LIVE link is there only when the edition has
    a live section, and leads to it."""
    BreakingItemFactory(edition="ar", text="عاجل: انفجار في الميناء")
    BreakingItemFactory(text="Explosion reported at the port")
    section("live")
    for url, breaking in (("/ar/", "/ar/breaking"), ("/", "/breaking")):
        doc = parse_html(client.get(url))
        assert doc.xpath('//a[@class="ticker-label"]/@href') == [breaking], url
    assert parse_html(client.get("/")).xpath('//li[contains(@class, "live-link")]/a/@href') == ["/live"]
    assert parse_html(client.get("/ar/")).xpath('//li[contains(@class, "live-link")]') == []
    section("مباشر", edition="ar")  # a live section by another name is not "live"
    ArticleFactory(section=section("live", edition="ar"), headline="بث مباشر")
    assert parse_html(client.get("/ar/")).xpath('//li[contains(@class, "live-link")]/a/@href') == ["/ar/live"]


@pytest.mark.parametrize("prefix", ["ar", "es"])
def test_an_editions_prefix_without_its_slash_redirects_to_its_home(client, prefix):
    section("news")  # the English catch-all section pattern is there to claim "/ar"
    response = client.get(f"/{prefix}")
    assert response.status_code == 301
    assert response["Location"] == f"/{prefix}/"
    assert client.get(f"/{prefix}?utm_source=x")["Location"] == f"/{prefix}/?utm_source=x"


def test_a_cache_hit_is_the_editions_page_and_a_new_ticker_line_is_in_its_language(client, stories):
    """A page-cache hit is answered before the edition's middleware: it still says its
    language, and a ticker block rendered then (the ticker changed) is the edition's:
    its label in Arabic, its link under /ar/."""
    BreakingItemFactory(text="Explosion reported at the port")
    english_label = parse_html(client.get("/")).xpath('//a[@class="ticker-label"]/text()')
    url = stories["ar"].get_absolute_url()
    client.get(url)  # stored
    BreakingItemFactory(edition="ar", text="عاجل: انفجار في الميناء")
    hit = client.get(url)
    assert hit["Content-Language"] == "ar"
    ticker = parse_html(hit).xpath('//section[@class="ticker"]')[0]
    assert "انفجار" in ticker.xpath("string()")
    label = ticker.xpath('.//a[@class="ticker-label"]')[0]
    assert label.get("href").startswith("/ar/")
    assert label.text not in english_label
