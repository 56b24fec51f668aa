"""Flatpages, error pages, robots.txt."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Region
from public.views import server_error
from tests.factories import ArticleFactory, AuthorFactory, parse_html

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "title"), [("/about-us", "About Us"), ("/privacy-policy", "Privacy Policy"), ("/contact-us", "Contact Us")]
)
def test_flatpages_with_and_without_slash_in_the_layout(client, url, title):
    for variant in (url, url + "/"):
        response = client.get(variant)
        assert response.status_code == 200
        doc = parse_html(response)
        assert doc.xpath("//h1/text()") == [title]
        assert doc.xpath('//nav[@aria-label="Main"]')  # the site layout
        assert doc.xpath('//link[@rel="canonical"]/@href') == ["http://127.0.0.1:8000" + url]


def test_footer_links_answer(client):
    doc = parse_html(client.get("/about-us"))
    for href in doc.xpath('//nav[@aria-label="Footer"]//a/@href'):
        assert client.get(href).status_code == 200, href


def test_404_page_in_site_layout(client):
    response = client.get("/this/does/not/exist")
    assert response.status_code == 404
    doc = parse_html(response)
    assert doc.xpath("//h1/text()") == ["Page not found"]
    assert doc.xpath('//nav[@aria-label="Main"]')
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_500_page_renders_without_request_context_or_database(rf):
    with CaptureQueriesContext(connection) as queries:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert len(queries) == 0
    doc = parse_html(response)
    assert doc.xpath("//h1/text()") == ["Something went wrong"]
    assert "Al Mayadeen English" in response.content.decode()


def test_robots_names_sitemaps_and_disallows_admin_and_search(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text and "Disallow: /search" in text
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text
    assert "Sitemap: http://127.0.0.1:8000/sitemap-news.xml" in text


def test_reserved_routes_are_not_shadowed_by_sections(client):
    for url in ("/authors", "/breaking", "/search", "/rss", "/atom", "/sitemap.xml"):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "url",
    [
        "/news",
        "/news/politics",
        "/region/mena",
        "/tag/syria",
        "/author/writer",
        "/breaking",
        "/search?q=syria",
        "/authors",
        "/",
    ],
)
@pytest.mark.parametrize("query", ["page=abc", "page=99999", "page=", "page=%00", "page=1e5", "q=" + "x" * 10_000])
def test_bad_query_strings_never_500(client, url, query):
    article = ArticleFactory(authors=[AuthorFactory(name="Writer")])
    article.tags.add("Syria")
    article.regions.add(Region.objects.get(slug="mena"))
    joiner = "&" if "?" in url else "?"
    assert client.get(url + joiner + query).status_code in (200, 404)
