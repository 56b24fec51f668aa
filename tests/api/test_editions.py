"""The read API per edition (issue 15's ``edition`` filter): lists, menus, the ticker,
rankings and search are one edition's, as that edition's pages show them; an article
carries its edition; a path under an edition's prefix finds that edition's story."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from api.models import ApiKey
from articles import editions
from articles.models import DailyReadCount, MostRead
from tests.api.test_keys import bearer, make_key
from tests.factories import ArticleFactory, AuthorFactory, BreakingItemFactory, RegionFactory, section

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def stories():
    group = uuid.uuid4()
    en = ArticleFactory(headline="Ceasefire talks resume in Cairo", translation_group=group)
    en.tags.add("Gaza")
    ar = ArticleFactory(
        headline="استئناف محادثات وقف إطلاق النار في القاهرة",
        section=section("أخبار/سياسة", edition="ar"),
        translation_group=group,
        body="<p>عادت الوفود إلى القاهرة صباح الثلاثاء لاستئناف المحادثات.</p>",
    )
    ar.tags.add("غزة")
    ar.regions.add(RegionFactory(edition="ar", slug="لبنان", name="لبنان"))
    es = ArticleFactory(
        headline="Se reanudan en El Cairo las conversaciones",
        section=section("noticias/politica", edition="es"),
        translation_group=group,
    )
    return {"en": en, "ar": ar, "es": es}


def items(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    data = response.json()
    return data["items"] if isinstance(data, dict) and "items" in data else data


def test_article_lists_are_one_editions_and_cards_say_which(client, stories):
    assert [a["headline"] for a in items(client, f"{API}/articles")] == [stories["en"].headline]
    arabic = items(client, f"{API}/articles?edition=ar")
    assert [a["headline"] for a in arabic] == [stories["ar"].headline]
    assert arabic[0]["edition"] == "ar" and arabic[0]["language"] == "ar"
    assert arabic[0]["url"].endswith(stories["ar"].get_absolute_url()) and "/ar/" in arabic[0]["url"]
    assert [a["edition"] for a in items(client, f"{API}/articles?edition=es")] == ["es"]
    # Filters name the edition's own sections and regions.
    assert items(client, f"{API}/articles?edition=ar&section=أخبار") == arabic
    assert items(client, f"{API}/articles?edition=ar&region=لبنان") == arabic
    assert client.get(f"{API}/articles?section=أخبار").status_code == 404  # not an English section


def test_an_unknown_edition_is_a_problem_naming_the_parameter(client, stories):
    response = client.get(f"{API}/articles?edition=fr")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert "edition" in response.content.decode()


def test_menus_sections_regions_and_ticker_are_the_editions(client, stories):
    BreakingItemFactory(text="Explosion reported at the port")
    BreakingItemFactory(edition="ar", text="عاجل: انفجار في الميناء")
    assert [n["name"] for n in items(client, f"{API}/sections?edition=ar")] == ["أخبار"]
    assert "أخبار" not in [n["name"] for n in items(client, f"{API}/sections")]
    menus = client.get(f"{API}/menus?edition=es").json()
    assert [m["name"] for m in menus["main"]] == ["Noticias"] or "noticias" in menus["main"][0]["url"]
    assert [r["slug"] for r in items(client, f"{API}/regions?edition=ar")] == ["لبنان"]
    assert [b["text"] for b in items(client, f"{API}/breaking?edition=ar")] == ["عاجل: انفجار في الميناء"]
    assert [b["text"] for b in items(client, f"{API}/breaking")] == ["Explosion reported at the port"]


def test_tags_search_and_most_read_are_the_editions(client, stories):
    assert [t["name"] for t in items(client, f"{API}/tags?edition=ar")] == ["غزة"]
    assert "غزة" not in [t["name"] for t in items(client, f"{API}/tags")]
    found = items(client, f"{API}/search?edition=ar&q=القاهرة")
    assert [a["id"] for a in found] == [stories["ar"].pk]
    assert items(client, f"{API}/search?q=القاهرة") == []
    today = timezone.localdate()
    DailyReadCount.objects.create(article=stories["en"], day=today, reads=50)
    DailyReadCount.objects.create(article=stories["ar"], day=today - timedelta(days=1), reads=5)
    MostRead.objects.refresh()
    assert [a["id"] for a in items(client, f"{API}/most-read?edition=ar")] == [stories["ar"].pk]
    assert [a["id"] for a in items(client, f"{API}/most-read")] == [stories["en"].pk]


def test_by_path_finds_the_story_of_the_paths_edition(client, stories):
    for key in ("en", "ar", "es"):
        path = stories[key].get_absolute_url()
        response = client.get(f"{API}/articles/by-path", {"path": path})
        assert response.status_code == 200, path
        assert response.json()["id"] == stories[key].pk
    # The Arabic section path without the prefix is no English article.
    bare = stories["ar"].get_absolute_url().removeprefix("/ar")
    assert client.get(f"{API}/articles/by-path", {"path": bare}).status_code == 404


def test_the_contract_lists_the_edition_parameter_with_its_codes(client):
    spec = client.get(f"{API}/openapi.json").json()
    params = {p["name"]: p for p in spec["paths"]["/api/v1/articles"]["get"]["parameters"]}
    schema = params["edition"]["schema"]
    codes = schema.get("enum") or [c for alt in schema.get("anyOf", []) for c in alt.get("enum", [])]
    assert sorted(codes) == ["ar", "en", "es"]


def test_tag_urls_point_into_the_edition_asked_for(client, stories):
    (gaza,) = items(client, f"{API}/tags?edition=ar")
    assert gaza["url"].endswith(editions.reverse("public:tag", kwargs={"slug": gaza["slug"]}, edition="ar"))
    assert "/ar/" in gaza["url"]


def test_every_url_of_an_article_is_its_editions(client, stories):
    arabic = stories["ar"]
    arabic.bylines.create(author=AuthorFactory(name="Zeina Khodr"), position=1)
    _, key = make_key(ApiKey.Scope.PREVIEW)
    for url, headers in (
        (f"{API}/articles/{arabic.pk}", {}),
        (f"{API}/articles/by-path?path={arabic.get_absolute_url()}", {}),
        (f"{API}/preview/articles/{arabic.pk}", bearer(key)),
    ):
        data = client.get(url, **headers).json()
        assert data["tags"] and data["authors"], url
        for ref in data["tags"] + data["authors"] + [data["section"]]:
            assert "/ar/" in ref["url"], (url, ref)
