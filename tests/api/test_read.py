"""The read API: shapes, filters, cursors, conditional GET, problem details."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Correction, LiveUpdate, RelatedArticle
from tests.factories import ArticleFactory, AuthorFactory, BreakingItemFactory, ImageFactory, RegionFactory, section

pytestmark = pytest.mark.django_db
API = "/api/v1"


def get(client, url, **extra):
    response = client.get(url, **extra)
    return response, (response.json() if response.content else None)


def test_article_detail_has_body_blocks_images_and_absolute_urls(client, settings):
    settings.SITE_URL = "https://news.example"
    author = AuthorFactory(name="Lina Haddad")
    image = ImageFactory()
    body = (
        "<p>One.</p><h2>Two</h2><p>Three <a href='https://example.org/x'>link</a>.</p><p>Four.</p>"
        "<ul><li>a</li><li>b</li></ul>"
        '<blockquote class="twitter-tweet"><p>Tweet</p>— MFA (@mfa) <a href="https://twitter.com/mfa/status/1">Sep</a></blockquote>'
    )
    article = ArticleFactory(body=body, authors=[author], hero_image=image)
    other = ArticleFactory(headline="The other story")
    RelatedArticle.objects.create(from_article=article, to_article=other, position=0)
    response, data = get(client, f"{API}/articles/{article.pk}")
    assert response.status_code == 200
    assert data["url"] == f"https://news.example{article.get_absolute_url()}"
    assert data["authors"][0]["name"] == "Lina Haddad"
    assert data["published_at"].endswith("Z") or data["published_at"].endswith("+00:00")
    kinds = [b["type"] for b in data["blocks"]]
    assert kinds == ["paragraph", "heading", "paragraph", "paragraph", "related", "list", "embed"]
    assert data["blocks"][4]["articles"][0]["headline"] == "The other story"
    assert data["blocks"][6]["url"] == "https://twitter.com/mfa/status/1"
    renditions = data["hero_image"]["renditions"]
    assert {r["ratio"] for r in renditions} >= {"16x9", "4x3", "1x1", "full"}
    assert all(r["url"].startswith("https://news.example/") and r["width"] and r["height"] for r in renditions)


def test_article_by_path_accepts_a_path_or_a_url(client):
    article = ArticleFactory()
    for given in (article.get_absolute_url(), f"https://elsewhere.example{article.get_absolute_url()}?utm=1"):
        response, data = get(client, f"{API}/articles/by-path", data={"path": given})
        assert response.status_code == 200, given
        assert data["id"] == article.pk
    response, data = get(client, f"{API}/articles/by-path", data={"path": "/news/politics/nothing-here"})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert data["status"] == 404 and data["title"] == "Not Found"


def test_list_filters_by_section_tree_region_tag_author_and_format(client):
    region = RegionFactory(slug="mena", name="MENA")
    author = AuthorFactory()
    politics = ArticleFactory(authors=[author])
    politics.regions.add(region)
    politics.tags.add("Syria")
    economy = ArticleFactory(section=section("news/economy"), format=Article.Format.VIDEO)
    opinion = ArticleFactory(section=section("articles/opinion"))

    def ids(**params):
        response, data = get(client, f"{API}/articles", data=params)
        assert response.status_code == 200, (params, data)
        return {item["id"] for item in data["items"]}

    assert ids() == {politics.pk, economy.pk, opinion.pk}
    assert ids(section="news") == {politics.pk, economy.pk}
    assert ids(section="news/politics") == {politics.pk}
    assert ids(region="mena") == {politics.pk}
    assert ids(tag="syria") == {politics.pk}
    assert ids(author=author.slug) == {politics.pk}
    assert ids(format="video") == {economy.pk}
    for params in ({"section": "nowhere"}, {"tag": "nothing"}, {"author": "nobody"}, {"region": "mars"}):
        assert client.get(f"{API}/articles", data=params).status_code == 404, params


def test_date_range_is_in_the_site_time_zone(client):
    # 23:30 UTC on 1 March is 1:30 on 2 March in Beirut.
    late = ArticleFactory(published_at=datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    _, data = get(client, f"{API}/articles", data={"date_from": "2026-03-02", "date_to": "2026-03-02"})
    assert [item["id"] for item in data["items"]] == [late.pk]


def test_cursor_pages_are_stable_while_articles_are_added(client):
    now = timezone.now()
    made = [ArticleFactory(published_at=now - timedelta(hours=i + 1)) for i in range(5)]
    response, first = get(client, f"{API}/articles", data={"limit": 2})
    assert [i["id"] for i in first["items"]] == [made[0].pk, made[1].pk]
    assert first["next"].startswith("http") and f'<{first["next"]}>; rel="next"' in response["Link"]
    ArticleFactory(published_at=now)  # a new story on top does not shift the pages
    _, second = get(client, first["next"])
    assert [i["id"] for i in second["items"]] == [made[2].pk, made[3].pk]
    _, third = get(client, second["next"])
    assert [i["id"] for i in third["items"]] == [made[4].pk] and third["next"] is None


def test_a_cursor_we_did_not_make_is_a_problem(client):
    for cursor in ("garbage", "W10", "WyJ4IiwxXQ"):
        response = client.get(f"{API}/articles", data={"cursor": cursor})
        assert response.status_code == 400, cursor
        assert response.json()["type"] == "urn:newsroom:problem:invalid-cursor"


def test_invalid_parameters_are_problem_details(client):
    response = client.get(f"{API}/articles", data={"limit": "0"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["parameter"].endswith("limit")


def test_every_get_has_an_etag_and_answers_304(client):
    ArticleFactory()
    response = client.get(f"{API}/articles")
    assert response["ETag"] and "public" in response["Cache-Control"]
    again = client.get(f"{API}/articles", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert client.get(f"{API}/articles", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_live_updates_since_a_cursor_arrive_once(client):
    article = ArticleFactory(format=Article.Format.LIVE)
    first = LiveUpdate.objects.create(article=article, title="First", body="<p>one</p>")
    response, data = get(client, f"{API}/articles/{article.pk}/live-updates")
    assert [u["id"] for u in data["items"]] == [first.pk]
    _, empty = get(client, data["next"])
    assert empty["items"] == [] and empty["next"] == data["next"]
    second = LiveUpdate.objects.create(article=article, title="Second", body="<p>two</p>")
    _, newer = get(client, data["next"])
    assert [u["id"] for u in newer["items"]] == [second.pk]
    assert newer["items"][0]["blocks"] == [{"type": "paragraph", "html": "two", "text": "two"}]
    # An update the live desk deleted is gone from the API too.
    LiveUpdate.objects.filter(pk=second.pk).update(deleted_at=timezone.now())
    _, again = get(client, f"{API}/articles/{article.pk}/live-updates")
    assert [u["id"] for u in again["items"]] == [first.pk]


def test_breaking_lists_live_items_and_links_only_published_stories(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    BreakingItemFactory(text="Live line", article=draft)
    BreakingItemFactory(text="Ended line", ends_at=timezone.now() - timedelta(minutes=1))
    _, data = get(client, f"{API}/breaking")
    assert [b["text"] for b in data] == ["Live line"]
    assert data[0]["link"] is None and data[0]["article_id"] is None


def test_sections_menus_regions_tags_and_authors(client):
    author = AuthorFactory(name="Zed Writer")
    ArticleFactory(authors=[author]).tags.add("Gaza")
    _, tree = get(client, f"{API}/sections")
    assert "news" in [n["path"] for n in tree]
    _, menus = get(client, f"{API}/menus")
    assert menus["main"] and all(e["url"].startswith("http") for e in menus["main"])
    _, regions = get(client, f"{API}/regions")
    assert all({"id", "name", "slug", "url"} <= set(r) for r in regions)
    _, tags = get(client, f"{API}/tags")
    assert [t["name"] for t in tags["items"]] == ["Gaza"]
    _, authors = get(client, f"{API}/authors")
    assert [a["name"] for a in authors["items"]] == ["Zed Writer"]
    assert client.get(f"{API}/authors/{author.slug}").status_code == 200


def test_search_has_the_semantics_of_the_search_page(client):
    ArticleFactory(headline="Ceasefire talks in Cairo")
    ArticleFactory(headline="Harvest season begins")
    _, data = get(client, f"{API}/search", data={"q": "ceasefire"})
    assert [i["headline"] for i in data["items"]] == ["Ceasefire talks in Cairo"]
    _, nothing = get(client, f"{API}/search")
    assert nothing == {"items": [], "next": None}
    response = client.get(f"{API}/search", data={"q": "ceasefire", "author": "Nobody Known"})
    assert response.status_code == 404 and response.json()["errors"][0]["parameter"] == "author"


def test_most_read(client):
    ArticleFactory(headline="Only story")
    _, data = get(client, f"{API}/most-read")
    assert [i["headline"] for i in data["items"]] == ["Only story"]


def test_answers_are_cached_on_the_server_until_content_changes(client, django_assert_num_queries):
    article = ArticleFactory(headline="First headline")
    url = f"{API}/articles/{article.pk}"
    assert client.get(url).json()["headline"] == "First headline"
    with django_assert_num_queries(0):  # kept: the same answer costs no query
        assert client.get(url).json()["headline"] == "First headline"
    article.headline = "Corrected headline"
    article.save()
    assert client.get(url).json()["headline"] == "Corrected headline"


def test_updated_since_far_in_the_past_with_an_odd_offset_is_answered(client):
    """Found by schemathesis on PostgreSQL: a 500 for a year-992 time at -20:09."""
    ArticleFactory()
    response = client.get(
        f"{API}/articles", {"updated_since": "0992-03-24T15:34:21.113502-20:09", "format": "video", "limit": 33}
    )
    assert response.status_code == 200, response.content[:500]
    before_year_one = client.get(f"{API}/articles", {"updated_since": "0001-01-01T00:00:00+01:00"})
    assert before_year_one.status_code == 400


def _notice(article, text, *, published=True, when=None):
    notice = Correction(article=article, text=text)
    if published:
        notice.publish(None, now=when)
    notice.save()
    return notice


def test_corrections_list_published_notices_of_published_articles_newest_first(client, settings):
    settings.SITE_URL = "https://news.example"
    article = ArticleFactory(headline="Talks resume")
    now = timezone.now()
    older = _notice(article, "Older", when=now - timedelta(hours=2))
    newer = _notice(article, "Newer", when=now - timedelta(hours=1))
    _notice(article, "Still a proposal", published=False)
    _notice(ArticleFactory(status=Article.Status.DRAFT), "On a draft")
    response, data = get(client, f"{API}/corrections?limit=1")
    assert response.status_code == 200
    assert [n["id"] for n in data["items"]] == [newer.pk]
    first = data["items"][0]
    assert first["article"] == {
        "id": article.pk,
        "headline": "Talks resume",
        "url": f"https://news.example{article.get_absolute_url()}",
        "api_url": f"https://news.example/api/v1/articles/{article.pk}",
    }
    assert first["url"] == f"https://news.example{article.get_absolute_url()}#correction-{newer.pk}"
    assert first["kind"] == "correction" and first["text"] == "Newer"
    _, rest = get(client, data["next"])
    assert [n["id"] for n in rest["items"]] == [older.pk] and rest["next"] is None


def test_article_detail_lists_its_published_notices_only(client):
    article = ArticleFactory()
    _, before = get(client, f"{API}/articles/{article.pk}")
    assert before["corrections"] == []
    published = _notice(article, "The talks began on Monday.")
    _notice(article, "A proposal", published=False)
    _, data = get(client, f"{API}/articles/{article.pk}")
    assert [(n["id"], n["text"]) for n in data["corrections"]] == [(published.pk, "The talks began on Monday.")]


def test_live_updates_carry_what_the_live_page_shows(client, django_user_model):
    article = ArticleFactory(format=Article.Format.LIVE)
    reporter = django_user_model.objects.create_user("reporter", first_name="Zeinab", last_name="Ahmad")
    nameless = django_user_model.objects.create_user("nameless")
    image = ImageFactory()
    rich = LiveUpdate.objects.create(
        article=article,
        body="<p>one</p>",
        key_event=True,
        pinned=True,
        image=image,
        embed_url="https://www.youtube.com/watch?v=abc",
        posted_by=reporter,
    )
    plain = LiveUpdate.objects.create(article=article, body="<p>two</p>", posted_by=nameless)
    _, data = get(client, f"{API}/articles/{article.pk}/live-updates")
    by_id = {u["id"]: u for u in data["items"]}
    assert by_id[rich.pk]["key_event"] is True and by_id[rich.pk]["pinned"] is True
    assert by_id[rich.pk]["embed_url"] == "https://www.youtube.com/watch?v=abc"
    assert by_id[rich.pk]["posted_by"] == "Zeinab Ahmad"
    assert {r["ratio"] for r in by_id[rich.pk]["image"]["renditions"]} >= {"16x9", "full"}
    # The page shows no name for a user without one (nor the username): neither does the API.
    assert by_id[plain.pk]["posted_by"] is None and by_id[plain.pk]["image"] is None
    assert by_id[plain.pk]["embed_url"] is None and by_id[plain.pk]["key_event"] is False
