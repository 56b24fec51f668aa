"""Moved stories keep their old URLs: long Arabic slugs, query strings, trailing slashes.

Run on PostgreSQL too: the old contrib table's 200-character columns refused the
percent-encoded URL of an Arabic slug there (SQLite does not enforce the length).
"""

from urllib.parse import quote

import pytest
from django.contrib.sites.models import Site
from django.urls import reverse

from articles.models import Article, Redirect
from tests.articles.test_admin_workflow import edit, form_errors
from tests.factories import ArticleFactory, SectionFactory, section

pytestmark = pytest.mark.django_db

# 61 Arabic letters (and the hyphens between words): over 330 characters percent-encoded.
WORDS = ["مفاوضات", "الدوحة", "تستأنف", "بعد", "توقف", "طويل", "بين", "الوفود", "المشاركة", "في", "القمة", "الطارئة"]
ARABIC_SLUG = "-".join(WORDS)
assert sum(c != "-" for c in ARABIC_SLUG) == 61


def arabic_story(**kwargs):
    article = ArticleFactory(slug=ARABIC_SLUG, **kwargs)
    assert len(article.get_absolute_url()) > 330
    return article


def test_reslugging_an_arabic_story_keeps_its_old_url(client):
    article = arabic_story()
    old_url = article.get_absolute_url()
    article.slug = ARABIC_SLUG[:-5] + "-محدث"
    article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_reslugging_an_arabic_story_in_the_admin_saves(editor_client, client):
    article = arabic_story()
    old_url = article.get_absolute_url()
    response = edit(editor_client, article, slug=ARABIC_SLUG + "-2")
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.slug == ARABIC_SLUG + "-2"
    assert client.get(old_url)["Location"] == article.get_absolute_url()


def test_moving_an_arabic_story_and_renaming_its_arabic_section(client):
    gulf = SectionFactory(name="الخليج", slug="الخليج-العربي-والجزيرة-العربية", parent=section("news"))
    article = arabic_story(section=gulf)
    first = article.get_absolute_url()
    article.section = section("news/economy")
    article.save()
    second = article.get_absolute_url()
    article.section = gulf
    article.save()
    gulf.slug = "الخليج-والجزيرة-العربية-بعد-التعديل"
    gulf.save()
    article.refresh_from_db()
    final = article.get_absolute_url()
    for old in (first, second):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == final  # chains collapsed: one hop
    assert client.get(final).status_code == 200


def test_the_longest_urls_our_slugs_make_fit(client):
    """A section path of 255 characters and a slug of 255, in a 4-byte-per-letter script
    as far as slugify keeps one: the redirect row holds the decoded path."""
    parent = section("news")
    chain = parent
    for n in range(4):
        chain = SectionFactory(name=f"ق{n}", slug=("ق" * 55) + f"-{n}", parent=chain)
    article = ArticleFactory(section=chain, slug="م" * 255)
    old_url = article.get_absolute_url()
    article.slug = "ن" * 255
    article.save()
    assert client.get(old_url)["Location"] == article.get_absolute_url()


@pytest.mark.parametrize(
    "query", ["utm_source=newsletter&utm_medium=email", "fbclid=IwAR0abc", "utm_source=x&q=%D9%82%D9%85%D8%A9"]
)
def test_a_moved_story_redirects_with_its_query_string(client, query):
    article = ArticleFactory(slug="old-slug")
    old_url = article.get_absolute_url()
    article.slug = "new-slug"
    article.save()
    response = client.get(f"{old_url}?{query}")
    assert response.status_code == 301
    assert response["Location"] == f"{article.get_absolute_url()}?{query}"


@pytest.mark.parametrize("query", ["", "?utm_source=x"])
def test_a_moved_story_redirects_from_its_old_url_with_a_trailing_slash(client, query):
    article = arabic_story()
    old_url = article.get_absolute_url()
    article.slug = "moved"
    article.save()
    response = client.get(f"{old_url}/{query}")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url() + query


@pytest.mark.parametrize("query", ["", "?utm_source=x"])
def test_a_live_story_or_section_with_a_trailing_slash_redirects_to_its_url(client, query):
    article = ArticleFactory(status=Article.Status.PUBLISHED)
    for url in (article.get_absolute_url(), article.section.get_absolute_url()):
        response = client.get(f"{url}/{query}")
        assert response.status_code == 301, url
        assert response["Location"] == url + query
        assert client.get(response["Location"]).status_code == 200


def test_an_unknown_path_with_a_trailing_slash_stays_404(client):
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/news/politics/no-such-story/extra/").status_code == 404


def test_a_staff_url_keeps_its_own_slash_rule(admin_client):
    assert admin_client.get("/admin/articles/article/abc/preview/").status_code == 404


def test_an_old_path_stored_with_a_slash_answers_without_one(client):
    site = Site.objects.get_current()
    Redirect.objects.create(site=site, old_path="/old-page/", new_path="/news/politics")
    assert client.get("/old-page?x=1")["Location"] == "/news/politics?x=1"


def test_a_redirect_to_a_url_with_a_query_keeps_both(client):
    Redirect.objects.create(site=Site.objects.get_current(), old_path="/promo", new_path="/search?q=gaza")
    assert client.get("/promo?utm_source=x")["Location"] == "/search?q=gaza&utm_source=x"


def test_a_removed_page_answers_410(client):
    Redirect.objects.create(site=Site.objects.get_current(), old_path="/news/politics/withdrawn", new_path="")
    assert client.get("/news/politics/withdrawn").status_code == 410


def test_redirects_are_stored_decoded_whatever_form_they_come_in():
    site = Site.objects.get_current()
    encoded = reverse("public:article", kwargs={"section_path": "news/politics", "slug": "قمة-موسكو"})
    assert "%D9" in encoded
    Redirect.objects.create(site=site, old_path=encoded, new_path=encoded + "-2")
    stored = Redirect.objects.get()
    assert (stored.old_path, stored.new_path) == ("/news/politics/قمة-موسكو", "/news/politics/قمة-موسكو-2")


def test_a_live_page_is_not_redirected(client):
    article = ArticleFactory(slug="here")
    Redirect.objects.create(site=Site.objects.get_current(), old_path=article.get_absolute_url(), new_path="/")
    assert client.get(article.get_absolute_url()).status_code == 200


def test_an_editor_adds_a_redirect_in_the_admin(editor_client, client):
    url = reverse("admin:articles_redirect_add")
    data = {"site": Site.objects.get_current().pk, "old_path": "/" + quote("حملة-قديمة"), "new_path": "/news/politics"}
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Redirect.objects.get().old_path == "/حملة-قديمة"
    assert client.get("/" + quote("حملة-قديمة"))["Location"] == "/news/politics"
    response = editor_client.post(url, {**data, "old_path": "/حملة-قديمة"})
    assert response.status_code == 200  # the same old path twice is refused by the form
    assert Redirect.objects.count() == 1


def test_unpublished_moves_leave_no_redirect():
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, slug="draft")
    article.slug = "draft-2"
    article.save()
    assert not Redirect.objects.exists()
