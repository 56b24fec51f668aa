"""The dynamic path (whole-page cache off, fragments on): home, section and article pages
assembled from versioned fragments (``public.fragments``), issue 13 item 3."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from public.views.article import render_article
from tests.factories import ArticleFactory, AuthorFactory, RegionFactory, section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dynamic_path(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 300


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return ctx.captured_queries


def site():
    """Seven stories in politics by one author (the home page's lead and top stories take
    six), an older opinion piece by them (the home column, which shows bylines) and an
    older story of another top section."""
    author = AuthorFactory(name="Karim Nassar")
    politics = [ArticleFactory(authors=[author]) for _ in range(7)]
    older = timezone.now() - timedelta(days=1)
    opinion = ArticleFactory(
        section=section("articles/opinion"), authors=[author], headline="An opinion", published_at=older
    )
    video = ArticleFactory(section=section("videos/tv"), headline="A video report", published_at=older)
    return author, politics, opinion, video


@pytest.mark.parametrize("page", ["article", "home", "section"])
def test_a_warm_page_runs_no_query(client, page):
    _author, politics, _opinion, _video = site()
    url = {"article": politics[0].get_absolute_url(), "home": "/", "section": "/news/politics"}[page]
    html(client, url)
    first = html(client, url)
    assert len(queries(client, url)) == 0
    assert html(client, url) == first  # the same page, from its fragments


class _Reads:
    """The round trips to the shared cache: a ``get``, or a ``get_many`` whatever the
    backend does inside it."""

    def __init__(self, monkeypatch):
        from django.core.cache import caches

        self.count, self.inside, backend = 0, False, caches["default"]
        get, get_many = backend.get, backend.get_many

        def counted_get(*args, **kwargs):
            self.count += not self.inside
            return get(*args, **kwargs)

        def counted_get_many(*args, **kwargs):
            self.count, self.inside = self.count + 1, True
            try:
                return get_many(*args, **kwargs)
            finally:
                self.inside = False

        monkeypatch.setattr(backend, "get", counted_get)
        monkeypatch.setattr(backend, "get_many", counted_get_many)


@pytest.mark.parametrize("page", ["article", "home", "section"])
def test_a_warm_page_reads_the_shared_cache_once(client, page, monkeypatch):
    """Every version and fragment the page's last render read, in one round trip (its read
    plan); the first render of a URL in a process reads piece by piece."""
    _author, politics, _opinion, _video = site()
    url = {"article": politics[0].get_absolute_url(), "home": "/", "section": "/news/politics"}[page]
    html(client, url)
    reads = _Reads(monkeypatch)
    first = html(client, url)
    assert reads.count == 1
    reads.count = 0
    assert html(client, url) == first
    assert reads.count == 1


def test_a_read_plan_gone_stale_costs_reads_never_a_stale_page(client, monkeypatch):
    _author, politics, _opinion, _video = site()
    html(client, "/news/politics")
    politics[3].headline = "A corrected headline"
    politics[3].save()
    reads = _Reads(monkeypatch)
    assert "A corrected headline" in html(client, "/news/politics")
    assert reads.count > 1  # the changed card's new versions were not in the plan
    reads.count = 0
    assert "A corrected headline" in html(client, "/news/politics")
    assert reads.count == 1


def articles_built(client, url):
    """How many ``Article`` rows rendering ``url`` turned into objects."""
    from django.db.models.signals import post_init

    built = []

    def count(sender, instance, **kwargs):
        built.append(instance.pk)

    post_init.connect(count, sender=Article)
    try:
        html(client, url)
    finally:
        post_init.disconnect(count, sender=Article)
    return built


@pytest.mark.parametrize("url", ["/", "article", "/news/politics", "/news"])
def test_the_first_request_after_a_publish_loads_only_the_new_story_s_card(client, url):
    """Which stories the boxes and the section listings show is picked from a few
    columns; the cards come from the cached ones: a publish (a change of ``home``, of
    its sections up the tree and of Read Next) loads the new story's card, not every
    card again."""
    _author, politics, _opinion, _video = site()
    url = politics[0].get_absolute_url() if url == "article" else url
    html(client, url)
    new = ArticleFactory(section=politics[1].section, headline="Just published")
    built = articles_built(client, url)
    assert "Just published" in html(client, url)
    assert set(built) <= {new.pk, politics[0].pk}


def test_an_edited_headline_shows_at_once_on_every_page_showing_it(client):
    _author, politics, _opinion, video = site()
    edited = politics[1]
    urls = ["/", "/news/politics", politics[0].get_absolute_url(), edited.get_absolute_url()]
    for url in urls:
        html(client, url)
    old = edited.headline
    edited.headline = "A corrected headline"
    edited.save()
    for url in urls:
        page = html(client, url)
        assert "A corrected headline" in page, url
        assert f">{old}<" not in page, url
    # Its own page: the title and the social and JSON-LD metadata too.
    page = html(client, edited.get_absolute_url())
    assert "<title>A corrected headline |" in page
    assert f'content="{old}"' not in page and f'"headline": "{old}"' not in page and f"{old} |" not in page
    # Home: its slots stand (no placement changed); only the edited card is read again.
    assert len(queries(client, "/")) == 0
    # A story elsewhere (another top section, not showing the edited one) kept every
    # fragment: its own, its boxes' ids, its cards.
    assert "A corrected headline" not in html(client, video.get_absolute_url())
    edited.headline = "Edited again"
    edited.save()
    assert len(queries(client, video.get_absolute_url())) == 0


def test_home_reads_only_the_edited_card_again(client):
    _author, _politics, _opinion, video = site()
    html(client, "/")
    html(client, "/")
    video.standfirst = "A new standfirst."
    video.save()
    (card,) = queries(client, "/")  # that card's row: the slots and the other cards stay
    assert f'"articles_article"."id" IN ({video.pk})' in card["sql"]
    assert "A new standfirst." in html(client, "/")


def test_an_authors_new_name_shows_on_cards_and_pages_with_bylines(client):
    author, politics, _opinion, _video = site()
    urls = ["/", "/news/politics", politics[0].get_absolute_url()]
    for url in urls:
        assert "Karim Nassar" in html(client, url)
    author.name = "Karim N. Nassar"
    author.save()
    for url in urls:
        page = html(client, url)
        assert "Karim N. Nassar" in page, url
        assert "Karim Nassar<" not in page and "Karim Nassar " not in page, url


def test_an_unpublished_story_leaves_home_and_its_section_at_once(client):
    site()
    gone = ArticleFactory(headline="Soon withdrawn")
    for url in ("/", "/news/politics"):
        assert "Soon withdrawn" in html(client, url)
    url = gone.get_absolute_url()
    html(client, url)
    gone.status = Article.Status.UNPUBLISHED
    gone.save()
    for page in ("/", "/news/politics"):
        assert "Soon withdrawn" not in html(client, page)
    assert client.get(url).status_code == 404


def test_a_scheduled_story_appears_by_the_clock(client, time_machine):
    site()
    due = timezone.now() + timedelta(seconds=30)
    scheduled = ArticleFactory(headline="Scheduled story", published_at=due)
    for url in ("/", "/news/politics"):
        assert "Scheduled story" not in html(client, url)
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    time_machine.move_to(due + timedelta(seconds=1))
    for url in ("/", "/news/politics"):
        assert "Scheduled story" in html(client, url)
    assert "Scheduled story" in html(client, scheduled.get_absolute_url())


def test_a_preview_neither_reads_nor_writes_fragments(client, rf):
    _author, politics, _opinion, _video = site()
    story = politics[0]
    url = story.get_absolute_url()
    html(client, url)
    # An editor's unsaved change, previewed: the draft text is on the preview only.
    story.body = "<p>Draft text not yet saved.</p>"
    story.headline = "A draft headline"
    preview = render_article(rf.get("/admin/preview"), story, preview=True)
    assert "Draft text not yet saved." in preview.content.decode()
    page = html(client, url)
    assert "Draft text not yet saved." not in page and "A draft headline" not in page


def test_pages_record_the_keys_of_every_card_they_show(client):
    author, politics, opinion, _video = site()
    keys = set(client.get("/")["Surrogate-Key"].split())
    assert {f"article:{a.pk}" for a in politics} <= keys
    # The column's bylines name their author (a rename touches ``author-name``; a
    # publish only the author's listing, ``author:<id>``, which the home page is not).
    assert {"home", "most-read", f"author-name:{author.pk}", f"article:{opinion.pk}"} <= keys
    # Warm, from fragments: the same keys.
    assert set(client.get("/")["Surrogate-Key"].split()) == keys
    section_keys = set(client.get("/news/politics")["Surrogate-Key"].split())
    assert {f"article:{a.pk}" for a in politics} | {f"author-name:{author.pk}"} <= section_keys
    assert set(client.get("/news/politics")["Surrogate-Key"].split()) == section_keys


def test_each_page_of_a_listing_is_its_own_fragment(client):
    for n in range(21):
        ArticleFactory(headline=f"Story number {n:02d}")
    first, second = html(client, "/news/politics"), html(client, "/news/politics?page=2")
    assert "Story number 20" in first and "Story number 00" not in first
    assert "Story number 00" in second and "Story number 20" not in second
    assert html(client, "/news/politics?page=2") == second


def taxonomy_site():
    """The ``site()`` stories, all by one author, tagged Syria and in one region."""
    author, politics, opinion, video = site()
    region = RegionFactory(slug="mena", name="MENA")
    for story in [*politics, opinion]:
        story.tags.add("Syria")
        story.regions.add(region)
    return author, region


def listing_urls(author):
    return {"tag": "/tag/syria", "author": author.get_absolute_url(), "region": "/region/mena", "authors": "/authors"}


@pytest.mark.parametrize("page", ["tag", "author", "region", "authors"])
def test_a_warm_listing_runs_at_most_its_lookup(client, django_assert_max_num_queries, page):
    # Tag, author and region pages look up what they list by slug (1 query); the
    # authors index none. Their ids, counts and cards come from fragments.
    author, _region = taxonomy_site()
    url = listing_urls(author)[page]
    first = html(client, url)
    with django_assert_max_num_queries(0 if page == "authors" else 1):
        assert html(client, url) == first


def test_a_new_story_shows_at_once_on_its_listings_and_in_the_authors_count(client):
    author, region = taxonomy_site()
    urls = listing_urls(author)
    pages = {name: html(client, url) for name, url in urls.items()}
    assert "8 articles" in pages["authors"]
    story = ArticleFactory(headline="A new Syria story", authors=[author])
    story.tags.add("Syria")
    story.regions.add(region)
    for name in ("tag", "author", "region"):
        assert "A new Syria story" in html(client, urls[name]), name
    assert "9 articles" in html(client, urls["authors"])
    # A byline added to a published story counts at once too.
    politics_story = Article.objects.exclude(bylines__author=author).filter(headline="A video report").get()
    politics_story.bylines.create(author=author, position=1)
    assert "10 articles" in html(client, urls["authors"])


def test_a_scheduled_story_appears_on_its_listings_by_the_clock(client, time_machine):
    author, region = taxonomy_site()
    due = timezone.now() + timedelta(seconds=30)
    scheduled = ArticleFactory(headline="Scheduled story", published_at=due, authors=[author])
    scheduled.tags.add("Syria")
    scheduled.regions.add(region)
    urls = listing_urls(author)
    for name in ("tag", "author", "region"):
        assert "Scheduled story" not in html(client, urls[name])
    assert "8 articles" in html(client, urls["authors"])
    time_machine.move_to(due + timedelta(seconds=1))
    for name in ("tag", "author", "region"):
        assert "Scheduled story" in html(client, urls[name])
    assert "9 articles" in html(client, urls["authors"])


def test_a_warm_search_runs_only_its_forms_choices_and_sees_a_new_story_at_once(client, django_assert_max_num_queries):
    site()
    url = "/search?q=opinion"
    first = html(client, url)
    assert "An opinion" in first
    # The form's section and region choices; the ranked ids, count and cards are kept.
    with django_assert_max_num_queries(2):
        assert html(client, url) == first
    ArticleFactory(headline="Another opinion")
    assert "Another opinion" in html(client, url)


def test_with_the_page_cache_on_a_page_made_stale_is_rendered_again_from_its_pieces(client, settings):
    """Writes under load: the pages a publish makes stale are rendered again from their
    cached pieces by a process that rendered them before (its reads planned), loading
    only the new story's card; the first render of a URL in a process stays one query
    per box (no read plan yet)."""
    settings.PAGE_CACHE_SECONDS = 300
    url = "/"
    _author, politics, _opinion, _video = site()
    html(client, url)  # first render here: the one-query form
    ArticleFactory(section=politics[1].section, headline="Warming up")
    html(client, url)  # rendered again, from pieces: the cards are kept
    new = ArticleFactory(section=politics[1].section, headline="Just published")
    built = articles_built(client, url)
    assert "Just published" in html(client, url)
    assert set(built) <= {new.pk}
