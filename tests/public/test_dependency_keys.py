"""Targeted invalidation: every cached page records the keys of what it shows, a change
touches only its own keys, and the keys go to CDNs in headers and to ``public.cdn`` in the
``keys_invalidated`` signal (issue 13, parts 2 and 3)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, BreakingItem, RelatedArticle
from public import caching
from public.fragments import RELATED_SIZE
from tests.factories import ArticleFactory, AuthorFactory, parse_html, section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def invalidated():
    """Every ``keys_invalidated`` sent during the test, in order."""
    sent = []

    def listen(sender, keys, **kwargs):
        sent.append(keys)

    caching.keys_invalidated.connect(listen, dispatch_uid="test-dependency-keys")
    yield sent
    caching.keys_invalidated.disconnect(dispatch_uid="test-dependency-keys")


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response


def test_pages_carry_their_keys_for_cdns_on_a_miss_and_a_hit(client):
    author = AuthorFactory()
    for i in range(RELATED_SIZE + 1):  # enough stories sharing its tag to fill Related
        ArticleFactory(section=section("articles/opinion"), headline=f"Neighbour {i}").tags.add("Elections")
    article = ArticleFactory(authors=[author])
    article.tags.add("Elections")
    tag = article.tags.get()
    article.refresh_from_db()
    assert len(article.suggested_related) == RELATED_SIZE + 1  # stored when its tags were set
    miss = client.get(article.get_absolute_url())
    keys = set(miss["Surrogate-Key"].split(" "))
    news, politics = section("news"), section("news/politics")
    assert {
        f"article:{article.pk}",
        f"section:{news.pk}",  # its top section: the Read Next box filled into this copy
        "most-read",  # the Most Read box filled into this copy
        f"author-name:{author.pk}",  # its byline names the author
        f"tag-name:{tag.pk}",  # its tag list names the tag
        f"related:{article.pk}",  # its stored Related suggestions (forgotten on a publish)
        *(f"article:{pk}" for pk in article.suggested_related),  # the stories suggested
        "edition:en",
        "ticker",  # the ticker is filled into this copy
    } <= keys
    # Nothing on it lists its own section's stories (a publish there changes Read Next,
    # which the top section's key covers), nor the tag's (its Related is stored).
    assert f"section:{politics.pk}" not in keys and f"tag:{tag.pk}" not in keys
    assert miss["xkey"] == miss["Surrogate-Key"]
    assert miss["Cache-Tag"] == ",".join(sorted(keys))
    hit = client.get(article.get_absolute_url())
    assert hit["Surrogate-Key"] == miss["Surrogate-Key"]
    listing = client.get("/news/politics")
    assert f"section:{politics.pk}" in listing["Surrogate-Key"].split(" ")
    assert f"article:{article.pk}" in listing["Surrogate-Key"].split(" ")
    assert "feeds" in client.get("/rss")["Surrogate-Key"].split(" ")
    assert "sitemap" in client.get("/sitemap.xml")["Surrogate-Key"].split(" ")


def test_publishing_one_story_leaves_unrelated_article_pages_and_other_sections_cached(client, invalidated):
    opinion = section("articles/opinion")
    unrelated = ArticleFactory(section=opinion, headline="An unrelated column", authors=[AuthorFactory()])
    other_politics = ArticleFactory(headline="Older politics story")
    draft = ArticleFactory(headline="Fresh scoop", status=Article.Status.DRAFT, authors=[AuthorFactory()])
    for url in (unrelated.get_absolute_url(), "/articles/opinion", "/articles", "/", "/news/politics", "/rss"):
        client.get(url)
    invalidated.clear()

    draft.status = Article.Status.PUBLISHED
    draft.save()

    [keys] = invalidated
    assert f"article:{unrelated.pk}" not in keys and f"section:{opinion.pk}" not in keys
    for url in (unrelated.get_absolute_url(), "/articles/opinion", "/articles"):
        count, response = _queries(client, url)
        assert count == 0, url  # still served from the page cache
        assert b"Fresh scoop" not in response.content
    # What shows it is rendered again at once.
    for url in ("/", "/news/politics", "/news", "/rss", draft.get_absolute_url()):
        assert b"Fresh scoop" in client.get(url).content, url
    # The other politics story's page: Read Next lists the newest of its section.
    assert b"Fresh scoop" in client.get(other_politics.get_absolute_url()).content


def test_a_publish_by_the_same_author_with_the_same_tag_leaves_an_article_page_cached(client, invalidated):
    """A page naming an author or a tag (bylines, the tag list) does not list their
    stories: a publish touches the author's and tag's listings, not their names."""
    author = AuthorFactory(name="Zeinab Daher")
    page = ArticleFactory(section=section("articles/opinion"), authors=[author], headline="The page")
    page.tags.add("Syria")
    # Its Related box is its editors' list (computed Related lists stories sharing tags).
    linked = ArticleFactory(section=section("articles/opinion"))
    RelatedArticle.objects.create(from_article=page, to_article=linked, position=0)
    draft = ArticleFactory(headline="Fresh scoop", status=Article.Status.DRAFT, authors=[author])
    draft.tags.add("Syria")
    client.get(page.get_absolute_url())
    client.get(f"/author/{author.slug}")
    invalidated.clear()

    draft.status = Article.Status.PUBLISHED
    draft.save()

    [keys] = invalidated
    tag = page.tags.get()
    assert {f"author:{author.pk}", f"tag:{tag.pk}"} <= keys  # their listings
    assert not {f"author-name:{author.pk}", f"tag-name:{tag.pk}"} & keys
    count, response = _queries(client, page.get_absolute_url())
    assert count == 0  # still served from the page cache
    assert b"Zeinab Daher" in response.content and b"Syria" in response.content
    assert b"Fresh scoop" in client.get(f"/author/{author.slug}").content  # the listing is new


def test_renaming_an_author_or_a_tag_reaches_the_pages_naming_them(client):
    author = AuthorFactory(name="Old Name")
    page = ArticleFactory(authors=[author])
    page.tags.add("Old tag")
    client.get(page.get_absolute_url())
    author.name = "New Name"
    author.save()
    tag = page.tags.get()
    tag.name = "New tag"
    tag.save()
    html = client.get(page.get_absolute_url()).content
    assert b"New Name" in html and b"New tag" in html


def test_a_draft_saved_touches_no_public_key_but_its_own(invalidated):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    invalidated.clear()
    draft.headline = "Still a draft"
    draft.save()
    assert invalidated == [frozenset({f"article:{draft.pk}", "content"})]


def test_a_ticker_change_touches_no_page_key_and_shows_on_cached_pages(client, invalidated):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    client.get("/")
    invalidated.clear()
    BreakingItem.objects.create(text="Ticker moves on")
    assert invalidated == [frozenset({"ticker", "content"})]
    for url in (article.get_absolute_url(), "/"):
        count, response = _queries(client, url)
        assert b"Ticker moves on" in response.content
        assert count <= 2  # the ticker's items and clock; the page itself from the cache


def test_a_cdn_doing_esi_gets_the_ticker_as_an_include(client):
    article = ArticleFactory()
    BreakingItem.objects.create(text="Only in the block")
    esi = {"Surrogate-Capability": 'varnish="ESI/1.0"'}
    for _ in range(2):  # a miss, then a hit
        page = client.get(article.get_absolute_url(), headers=esi)
        assert b'<esi:include src="/breaking/ticker"/>' in page.content
        assert b"Only in the block" not in page.content
        assert "ticker" not in page["Surrogate-Key"].split(" ")
        assert page["Surrogate-Control"] == 'content="ESI/1.0"'
    block = client.get("/breaking/ticker")
    assert b"Only in the block" in block.content
    assert block["Surrogate-Key"] == "ticker"
    assert "public" in block["Cache-Control"]
    # Readers without a CDN get the ticker in place.
    assert b"Only in the block" in client.get(article.get_absolute_url()).content


def test_a_renamed_story_leaves_its_old_address(client):
    article = ArticleFactory(headline="First title")
    old = article.get_absolute_url()
    assert client.get(old).status_code == 200
    article.slug = "second-title"
    article.headline = "Second title"
    article.save()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"].endswith(article.get_absolute_url())


def test_an_error_page_shows_the_ticker_in_place(client):
    BreakingItem.objects.create(text="Seen on a 404")
    response = client.get("/news/politics/no-such-story")
    assert response.status_code == 404
    assert b"Seen on a 404" in response.content
    assert caching.TICKER_HOLE.encode() not in response.content


def test_a_ticker_line_starts_and_ends_on_cached_pages_by_the_clock(client, time_machine):
    """No save happens when a breaking line's window opens or closes: the ticker block
    lives until the next start or end, and cached pages show whatever it holds."""
    article = ArticleFactory()
    now = timezone.now()
    BreakingItem.objects.create(
        text="Window line", starts_at=now + timedelta(seconds=30), ends_at=now + timedelta(seconds=90)
    )
    assert b"Window line" not in client.get(article.get_absolute_url()).content
    time_machine.move_to(now + timedelta(seconds=31))
    count, response = _queries(client, article.get_absolute_url())
    assert b"Window line" in response.content
    assert count <= 2  # the ticker again; the page itself stayed cached
    time_machine.move_to(now + timedelta(seconds=91))
    assert b"Window line" not in client.get(article.get_absolute_url()).content


def test_a_new_byline_on_a_published_story_reaches_the_authors_index(client):
    """The authors index lists who has published work, with counts: a byline added to a
    story already published changes it, as a publish does."""
    from articles.models import Byline

    story = ArticleFactory(authors=[AuthorFactory(name="Rania Khalil")])
    newcomer = AuthorFactory(name="Omar Haddad")  # no published work yet: not listed
    page = client.get("/authors").content  # stored
    assert b"Rania Khalil" in page and b"Omar Haddad" not in page
    Byline.objects.create(article=story, author=newcomer, position=1)
    assert b"Omar Haddad" in client.get("/authors").content


def test_an_edit_that_leaves_a_story_in_place_touches_its_own_key_not_its_listings(client, invalidated):
    """Every page showing a story's card or page records ``article:<id>``: an edit that
    does not move it (headline, standfirst, body) reaches them, and leaves the pages of
    its section, tag and author that do not show it cached."""
    now = timezone.now()
    author = AuthorFactory()
    edited = ArticleFactory(headline="Before the edit", authors=[author], published_at=now - timedelta(hours=9))
    edited.tags.add("Ports")
    for i in range(20):  # the first page of each listing: 20 newer stories
        ArticleFactory(headline=f"Newer {i}", authors=[author], published_at=now - timedelta(minutes=i + 1)).tags.add(
            "Ports"
        )
    tag = edited.tags.get()
    listings = ("/news/politics", f"/tag/{tag.slug}", f"/author/{author.slug}")
    for url in listings:
        assert b"Before the edit" not in client.get(url).content, url
        assert b"Before the edit" in client.get(f"{url}?page=2").content, url
    invalidated.clear()

    edited = Article.objects.get(pk=edited.pk)  # as the editor's form loads it
    edited.headline = "After the edit"
    edited.save()

    [keys] = invalidated
    assert keys == frozenset({f"article:{edited.pk}", "feeds", "sitemap", "search", "content"})
    for url in listings:
        count, response = _queries(client, url)
        assert count == 0, url  # it does not show the story: still served from the page cache
        assert b"Newer 0" in response.content
        assert b"After the edit" in client.get(f"{url}?page=2").content, url
    assert b"After the edit" in client.get(edited.get_absolute_url()).content
    # Moving it changes its listings: both sections are told, and home.
    edited.section = section("articles/opinion")
    edited.save()
    assert {f"section:{section('news/politics').pk}", f"section:{section('articles/opinion').pk}", "home"} <= set(
        invalidated[-1]
    )


def test_the_corrections_page_shows_a_corrected_story_s_new_headline(client):
    from articles.models import Correction

    article = ArticleFactory(headline="Port reopens")
    Correction.objects.create(
        article=article,
        text="Wrong port named.",
        status=Correction.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(minutes=5),
    )
    assert b"Port reopens" in client.get("/corrections").content
    article.headline = "Port reopens after a week"
    article.save()
    assert b"Port reopens after a week" in client.get("/corrections").content


def test_related_topped_up_by_its_section_shows_a_new_story_there(client):
    """Too few stories share its tags: its section's newest fill Related, so a publish in
    the section reaches the page."""
    page = ArticleFactory(headline="A lone story")
    page.tags.add("Rare tag")
    assert b"Fresh in politics" not in client.get(page.get_absolute_url()).content
    assert f"section:{section('news/politics').pk}" in client.get(page.get_absolute_url())["Surrogate-Key"]
    ArticleFactory(headline="Fresh in politics")
    related = parse_html(client.get(page.get_absolute_url())).xpath("//*[contains(@class, 'related')]//a/text()")
    assert any("Fresh in politics" in text for text in related), related


def test_a_publish_sharing_a_tag_reaches_the_related_box_of_the_stories_it_ranks_in(client, invalidated):
    neighbours = [ArticleFactory(section=section("articles/opinion"), headline=f"Older {i}") for i in range(6)]
    for article in neighbours:
        article.tags.add("Harbour")
    page = neighbours[0]
    other = ArticleFactory(section=section("articles/opinion"), headline="Another tag")
    other.tags.add("Elsewhere")
    # Each tagging forgot its neighbours' lists: stored again as manage.py refresh_related does.
    Article.objects.all().refresh_suggested_related()
    for article in (page, other):
        keys = client.get(article.get_absolute_url())["Surrogate-Key"].split(" ")
        assert f"related:{article.pk}" in keys and not any(k.startswith("tag:") for k in keys)
    draft = ArticleFactory(headline="New on the harbour", status=Article.Status.DRAFT)
    draft.tags.add("Harbour")
    invalidated.clear()

    draft.status = Article.Status.PUBLISHED
    draft.save()

    keys = set().union(*invalidated)
    assert {f"related:{a.pk}" for a in neighbours} <= keys
    assert f"related:{other.pk}" not in keys and f"article:{page.pk}" not in keys
    related = parse_html(client.get(page.get_absolute_url())).xpath("//*[contains(@class, 'related')]//a/text()")
    assert any("New on the harbour" in text for text in related), related
    count, _response = _queries(client, other.get_absolute_url())
    assert count == 0  # shares no tag: still served from the page cache


def _related(client, article):
    return parse_html(client.get(article.get_absolute_url())).xpath("//*[contains(@class, 'related')]//a/text()")


def test_suggestions_topped_up_because_some_were_unpublished_follow_the_section(client):
    """More suggestions stored than the box shows, but too few still published: the
    section's newest fill it, and a publish there reaches it."""
    opinion = section("articles/opinion")
    ArticleFactory(section=opinion, headline="Filler old", published_at=timezone.now() - timedelta(days=3))
    neighbours = [
        ArticleFactory(section=opinion, headline=f"Older {i}", published_at=timezone.now() - timedelta(hours=i + 1))
        for i in range(RELATED_SIZE + 2)
    ]
    for article in neighbours:
        article.tags.add("Harbour")
    Article.objects.all().refresh_suggested_related()
    page = Article.objects.get(pk=neighbours[0].pk)
    assert len(page.suggested_related) == RELATED_SIZE + 1
    for pk in page.suggested_related[:2]:
        unpublished = Article.objects.get(pk=pk)
        unpublished.status = Article.Status.DRAFT
        unpublished.save()
    assert "Filler old" in _related(client, page)
    ArticleFactory(section=opinion, headline="Brand new in opinion")
    assert "Brand new in opinion" in _related(client, page)


@pytest.mark.parametrize("page_seconds", [0, 300], ids=["fragments", "page cache"])
def test_forgotten_suggestions_reach_a_page_whose_article_is_cached(client, settings, page_seconds):
    """The page's article is kept as a fragment (an edit of a suggested story re-renders
    the page from it): forgetting its suggestions, which saves no row of its own, still
    reaches it."""
    settings.PAGE_CACHE_SECONDS = page_seconds
    neighbours = [ArticleFactory(section=section("articles/opinion"), headline=f"Older {i}") for i in range(6)]
    for article in neighbours:
        article.tags.add("Harbour")
    Article.objects.all().refresh_suggested_related()
    page = Article.objects.get(pk=neighbours[0].pk)
    for _ in range(2):  # rendered from its kept article at least once
        client.get(page.get_absolute_url())
        suggested = Article.objects.get(pk=page.suggested_related[0])
        suggested.standfirst += " More."
        suggested.save()
        client.get(page.get_absolute_url())
    draft = ArticleFactory(headline="New on the harbour", status=Article.Status.DRAFT)
    draft.tags.add("Harbour")
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert "New on the harbour" in _related(client, page)


def test_a_story_s_notices_leave_and_come_back_to_the_corrections_page_with_it(client):
    from articles.models import Correction

    shown = ArticleFactory(headline="Kept story")
    gone = ArticleFactory(headline="Pulled story")
    for article in (shown, gone):
        Correction.objects.create(
            article=article, text="Fixed.", status=Correction.Status.PUBLISHED, published_at=timezone.now()
        )
    assert b"Pulled story" in client.get("/corrections").content
    gone.status = Article.Status.DRAFT
    gone.save()
    page = client.get("/corrections").content
    assert b"Pulled story" not in page and b"Kept story" in page
    gone.status = Article.Status.PUBLISHED  # the page cached without it learns of it too
    gone.save()
    assert b"Pulled story" in client.get("/corrections").content
