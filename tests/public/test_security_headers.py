"""The site's own defences: Content-Security-Policy and the security headers on every
page, page-cache hits included; public pages answer GET and HEAD only."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory
from tests.test_settings_and_health import manage

pytestmark = pytest.mark.django_db
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def public_urls(article):
    return [
        "/",
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        reverse("public:search") + "?q=story",
        reverse("public:authors"),
        reverse("public:breaking"),
        reverse("public:rss_latest"),
        reverse("public:sitemap_index"),
        reverse("public:robots_txt"),
        "/no/such/page",
    ]


def test_every_public_page_has_the_security_headers_on_a_miss_and_on_a_cache_hit(client, django_assert_num_queries):
    article = ArticleFactory(headline="Headers story")
    for url in public_urls(article):
        first = client.get(url)
        second = client.get(url)
        for header in SECURITY_HEADERS:
            assert header in first, (url, header)
            assert second.get(header) == first[header], (url, header, "cache hit")
    with django_assert_num_queries(0):  # the article page really is a page-cache hit
        hit = client.get(article.get_absolute_url())
    assert hit["X-Frame-Options"] == "DENY"


def test_the_policy_allows_no_inline_script_and_no_framing(client):
    response = client.get("/")
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert "nonce-" not in response["Content-Security-Policy"]  # cached pages could not honour one


def test_admin_pages_have_the_policy(client, editor_client):
    assert directives(client.get(reverse("admin:login")))["script-src"] == ["'self'"]
    response = editor_client.get(reverse("admin:articles_article_add"))
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    # The body editor's import map is the one inline script: it carries this request's nonce.
    self_source, nonce_source = directives(response)["script-src"]
    assert self_source == "'self'"
    nonce = nonce_source.removeprefix("'nonce-").removesuffix("'")
    assert f'<script type="importmap" nonce="{nonce}">' in response.content.decode()
    again = editor_client.get(reverse("admin:articles_article_add"))
    assert nonce not in again["Content-Security-Policy"]  # a new one per request


def test_img_src_is_our_own_by_default(client):
    assert directives(client.get("/"))["img-src"] == ["'self'"]


def test_img_src_follows_the_body_image_hosts_and_the_media_host():
    code = "from django.conf import settings; print(*settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    result = manage(
        "shell", "-v", "0", "-c", code, BODY_IMAGE_HOSTS="images.example.org", MEDIA_URL="https://media.example.com/m/"
    )
    assert result.stdout.split() == ["'self'", "https://media.example.com", "images.example.org"], result.stderr


def test_csp_can_be_switched_off(settings, client):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "newsroom.csp.CSPMiddleware"]
    assert "Content-Security-Policy" not in client.get("/")


@pytest.mark.parametrize("method", ["trace", "options", "put", "delete", "patch"])
def test_public_pages_answer_only_get_and_head(client, method):
    # Red team: TRACE and OPTIONS returned the full page.
    article = ArticleFactory(headline="Method story")
    for url in (article.get_absolute_url(), "/", reverse("public:search") + "?q=x", reverse("public:rss_latest")):
        client.get(url)  # in the page cache too
        response = getattr(client, method)(url)
        assert response.status_code == 405, (method, url)
        assert response.content == b""
        assert response["Allow"] == "GET, HEAD"


def test_head_still_works(client):
    article = ArticleFactory()
    assert client.head(article.get_absolute_url()).status_code == 200
