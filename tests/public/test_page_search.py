"""Search: ranking, filters, validation, noindex."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.search import MAX_QUERY_LENGTH
from tests.factories import ArticleFactory, AuthorFactory, RegionFactory, parse_html, politics, section

pytestmark = pytest.mark.django_db


def results(response):
    return parse_html(response).xpath('//div[@class="listing-grid"]//*[contains(@class, "card-title")]/a/text()')


def test_headline_matches_rank_above_body_matches(client):
    ArticleFactory(headline="Markets calm", body="<p>Sanctions were discussed.</p>")
    ArticleFactory(headline="Sanctions on Syria condemned")
    ArticleFactory(headline="Unrelated")
    response = client.get("/search?q=sanctions")
    assert response.status_code == 200
    assert results(response) == ["Sanctions on Syria condemned", "Markets calm"]
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_the_queryset_method_is_the_seam(client):
    ArticleFactory(headline="Oil prices rise")
    ArticleFactory(headline="Gas prices fall")
    assert [a.headline for a in Article.objects.published().search("oil")] == ["Oil prices rise"]
    # No text on the page: no narrowing, the filters alone decide.
    assert sorted(results(client.get("/search?q=+++&format=standard"))) == ["Gas prices fall", "Oil prices rise"]
    # One maximum query length, the engine's: every search box announces it.
    for response in (client.get("/search"), client.get("/no-such-page")):
        assert set(parse_html(response).xpath('//input[@name="q"]/@maxlength')) == {str(MAX_QUERY_LENGTH)}


def test_filters_narrow_results(client):
    mena = RegionFactory(slug="mena", name="MENA")
    author = AuthorFactory(name="Omar Khalil")
    hit = ArticleFactory(headline="Gaza talks", section=section("news/economy"), authors=[author])
    hit.regions.add(mena)
    hit.tags.add("Diplomacy")
    ArticleFactory(headline="Gaza talks elsewhere")
    ArticleFactory(headline="Gaza talks long ago", published_at=timezone.now() - timedelta(days=400))
    news = section("news")
    for query in (
        f"q=gaza&section={news.pk}&region=mena",
        "q=gaza&author=" + author.slug,
        "q=gaza&tag=diplomacy",
        "region=mena&format=standard",
    ):
        assert results(client.get("/search?" + query)) == ["Gaza talks"], query
    date_from = (timezone.localdate() - timedelta(days=30)).isoformat()
    assert "Gaza talks long ago" not in results(client.get(f"/search?q=gaza&date_from={date_from}"))
    assert results(client.get("/search?q=gaza&format=video")) == []


@pytest.mark.parametrize(
    "query",
    [
        "date_from=notadate",
        "section=999999",
        "section=" + "9" * 30,
        "section=abc",
        "region=atlantis",
        "author=nobody",
        "tag=%00",
        "format=hologram",
        "date_to=2021-02-30",
        "page=abc&q=gaza",
        "q=" + "gaza " * 2000,
        "q=%22unclosed",
        "q=-",
        "q=*",
        "q=NEAR(",
    ],
)
def test_bad_input_never_500(client, query):
    ArticleFactory(headline="Gaza")
    response = client.get("/search?" + query)
    assert response.status_code in (200, 404)
    if response.status_code == 200 and ("date" in query or "section" in query or "format" in query):
        assert parse_html(response).xpath('//span[@class="error"]')


def test_drafts_are_never_found(client):
    ArticleFactory(headline="Secret plan", status=Article.Status.DRAFT)
    ArticleFactory(headline="Secret plan scheduled", published_at=timezone.now() + timedelta(hours=1))
    assert results(client.get("/search?q=secret")) == []


def test_results_are_paginated(client):
    for i in range(25):
        ArticleFactory(headline=f"Ceasefire update {i}")
    assert len(results(client.get("/search?q=ceasefire"))) == 20
    assert len(results(client.get("/search?q=ceasefire&page=2"))) == 5


def add_matches(count, word, **fields):
    """``count`` newer articles whose headline holds ``word``: more than SEARCH_WINDOW.
    Written in bulk (the database's own triggers index them), a test needs hundreds."""
    section = politics()
    Article.objects.bulk_create(
        ArticleFactory.build(headline=f"{word} round {i}", slug=f"{word}-round-{i}", section=section, **fields)
        for i in range(count)
    )


def test_filters_apply_before_the_relevance_window(client, settings):
    # The archive story is older (lower id) than 600 matches of a common word: the
    # newest-500 window alone never reaches it, the date range says it is the one.
    ArticleFactory(headline="Ceasefire talks in 2015", published_at=datetime(2015, 6, 1, 9, tzinfo=UTC))
    add_matches(600, "ceasefire")
    assert settings.SEARCH_WINDOW < 600
    response = client.get("/search?q=ceasefire&date_from=2015-05-01&date_to=2015-06-30")
    assert results(response) == ["Ceasefire talks in 2015"]


def test_a_search_that_finds_nothing_says_so_and_suggests_what_to_do(client):
    ArticleFactory(headline="Gaza talks")
    doc = parse_html(client.get("/search?q=kremlin"))
    assert results_of(doc) == []
    empty = " ".join(doc.xpath('//section[@class="empty-state"]//text()'))
    assert "No articles match “kremlin”" in empty
    assert "Check the spelling" in empty and "fewer words" in empty
    assert doc.xpath('//section[@class="empty-state"]//a[@href="/"]')  # latest news
    assert doc.xpath('//section[@class="empty-state"]//a[@href="/news"]')  # a section
    # Filters alone that match nothing: the same empty state, suggesting to remove one.
    empty = " ".join(parse_html(client.get("/search?format=video")).xpath('//section[@class="empty-state"]//text()'))
    assert "Remove a filter" in empty
    # No search yet: no empty state.
    assert not parse_html(client.get("/search")).xpath('//section[@class="empty-state"]')


def results_of(doc):
    return doc.xpath('//div[@class="listing-grid"]//h3/a/text()')


def test_tags_and_author_names_are_searched(client):
    haddad = AuthorFactory(name="Leila Haddad")
    for i in range(3):
        ArticleFactory(headline=f"Ports report {i}", authors=[haddad])
    for i in range(4):
        ArticleFactory(headline=f"Talks round {i}").tags.add("Syria")
    assert len(results(client.get("/search?q=haddad"))) == 3
    assert len(results(client.get("/search?q=syria"))) == 4


def test_author_and_tag_filters_take_names_in_any_case(client):
    author = AuthorFactory(name="Leila Haddad")
    hit = ArticleFactory(headline="Gaza talks", authors=[author])
    hit.tags.add("Bashar al-Assad")
    ArticleFactory(headline="Gaza talks elsewhere")
    for query in ("author=Leila+Haddad", "author=leila++HADDAD", "tag=bashar+al-assad", "tag=Bashar+al-Assad"):
        assert results(client.get("/search?q=gaza&" + query)) == ["Gaza talks"], query
    inputs = parse_html(client.get("/search"))
    assert inputs.xpath('//input[@name="author"]/@list') == ["author-names"]
    assert inputs.xpath('//datalist[@id="author-names"]') and inputs.xpath('//datalist[@id="tag-names"]')


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("q=gaza&author=Nobody+Known", "No author named “Nobody Known”."),
        ("author=Nobody", "No author named “Nobody”."),
        ("q=gaza&tag=atlantis", "No tag named “atlantis”."),
        ("q=gaza&region=atlantis", None),
        ("q=gaza&date_from=notadate", None),
    ],
)
def test_an_unknown_filter_value_shows_an_error_and_no_results(client, query, error):
    ArticleFactory(headline="Gaza talks")
    doc = parse_html(client.get("/search?" + query))
    errors = doc.xpath('//span[@class="error"]/text()')
    assert errors
    if error:
        assert errors == [error]
    assert results_of(doc) == []  # never the unfiltered results
    assert doc.xpath('//section[@class="empty-state"]')


def test_suggestions_name_only_authors_and_tags_readers_can_see(client):
    ArticleFactory(headline="Seen", authors=[AuthorFactory(name="Leila Haddad")]).tags.add("Syria", "Sanctions")
    ArticleFactory(
        headline="Unseen", status=Article.Status.DRAFT, authors=[AuthorFactory(name="Hana Secret")]
    ).tags.add("Embargoed summit")
    AuthorFactory(name="Adam Haddadin")

    def names(kind, q):
        response = client.get("/search/suggest", {"kind": kind, "q": q})
        assert response.status_code == 200
        return response.json()["names"]

    assert names("author", "hadd") == ["Leila Haddad"]
    assert names("author", "secret") == []
    assert names("tag", "s") == ["Sanctions", "Syria"]
    assert names("tag", "embargo") == []
    assert names("tag", "") == [] and names("nonsense", "s") == [] and names("tag", "\x00") == []
