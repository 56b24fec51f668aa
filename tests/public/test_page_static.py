"""Flatpages, error pages, robots.txt."""

import pytest
from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.staticfiles import finders
from django.db import connection
from django.templatetags.static import static
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from public.views import server_error
from tests.factories import ArticleFactory, AuthorFactory, RegionFactory, parse_html

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
    article.regions.add(RegionFactory(slug="mena", name="MENA"))
    joiner = "&" if "?" in url else "?"
    assert client.get(url + joiner + query).status_code in (200, 404)


HOSTILE_PAGE = (
    '<p>Who we are.</p><script>alert("about")</script><img src="x" onerror="alert(1)">'
    '<a href="javascript:alert(2)">more</a><p onclick="alert(3)">Contact</p>'
)


def _assert_harmless(html):
    assert "<script>alert" not in html and "alert(" not in html
    assert "onerror" not in html and "onclick" not in html and "javascript:" not in html


def test_a_flatpage_saved_in_the_admin_with_a_script_serves_none_of_it(administrator, client):
    # Administrators change flatpages (editors may not since migration 0012); what they
    # save is served on the site's (and the admin's) origin.
    page = FlatPage.objects.get(url="/about-us/")
    change_url = reverse("admin:flatpages_flatpage_change", args=[page.pk])
    admin_client = Client()
    admin_client.force_login(administrator)
    response = admin_client.post(
        change_url, {"url": page.url, "title": page.title, "content": HOSTILE_PAGE, "sites": [settings.SITE_ID]}
    )
    assert response.status_code == 302
    page.refresh_from_db()
    _assert_harmless(page.content)  # stored clean
    assert "Who we are." in page.content and "Contact" in page.content
    served = client.get("/about-us").content.decode()
    _assert_harmless(served)
    assert "Who we are." in served


def test_flatpage_content_stored_before_the_rule_is_served_clean(client):
    # Content that never passed the save hook (older rows, a bulk update): rendered through the policy.
    FlatPage.objects.filter(url="/about-us/").update(content=HOSTILE_PAGE)
    served = client.get("/about-us").content.decode()
    _assert_harmless(served)
    assert "<p>Who we are.</p>" in served


def test_favicon_ico_answers_with_the_site_icon(client):
    # Browsers ask for /favicon.ico on pages that link none (the admin's login did: a
    # 404 in its console), as feed readers and crawlers do.
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("img/favicon.ico")
    with open(finders.find("img/favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file


def test_pages_link_the_icon(client, admin_client):
    page = client.get("/").content.decode()
    assert 'rel="icon"' in page and "apple-touch-icon" in page
    assert 'rel="icon"' in admin_client.get("/admin/").content.decode()
