"""The front-page screen: editors pin and order stories into the home page's slots, with
an optional expiry; empty places fill automatically; two editors never overwrite each
other silently; writers may not curate."""

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles import frontpage
from articles.admin.frontpage import expiry_input
from articles.models import Article, FrontPage, HomePin
from public import caching
from tests.articles.test_admin_workflow import edit
from tests.articles.test_editions_admin import limit_to
from tests.factories import ArticleFactory, parse_html, section

pytestmark = pytest.mark.django_db

SCREEN = reverse("admin:articles_frontpage")
SEARCH = reverse("admin:articles_frontpage_search")


def version():
    return FrontPage.objects.get_or_create(edition="en")[0].version


def save(client, pins, loaded=None):
    plan = [{"slot": s, "position": p, "article": a.pk, "expires": e} for s, p, a, e in pins]
    return client.post(SCREEN, {"version": version() if loaded is None else loaded, "plan": json.dumps(plan)})


def home(client):
    doc = parse_html(client.get("/"))
    lead = doc.xpath('//div[@class="lead"]//*[contains(@class, "card-title")]/a/text()')
    top = doc.xpath('//div[@class="top-grid"]//*[contains(@class, "card-title")]/a/text()')
    return lead, top


def stories(n, **kwargs):
    """``n`` published stories, the first the newest."""
    return [
        ArticleFactory(headline=f"Story {i}", published_at=timezone.now() - timedelta(hours=i + 1), **kwargs)
        for i in range(n)
    ]


def test_writers_may_not_curate(writer_client):
    story = ArticleFactory()
    assert writer_client.get(SCREEN).status_code == 403
    assert writer_client.get(SEARCH, {"q": "talks"}).status_code == 403
    assert save(writer_client, [("lead", 1, story, "")]).status_code == 403
    assert not HomePin.objects.exists()
    assert SCREEN not in writer_client.get(reverse("admin:index")).content.decode()


def test_the_screen_shows_every_slot_as_readers_see_it_pinned_or_automatic(editor_client):
    newest, older = stories(2)
    opinion = ArticleFactory(headline="A column", section=section("articles/opinion"))
    pinned = ArticleFactory(headline="Old but chosen", published_at=timezone.now() - timedelta(days=3))
    frontpage.place_in_top(pinned, 1)
    page = editor_client.get(SCREEN)
    assert page.status_code == 200
    doc = parse_html(page)
    slots = {s.get("data-slot"): s for s in doc.xpath('//section[contains(@class, "fp-slot")]')}
    assert list(slots)[:3] == ["lead", "top", "column"] and "section:news" in slots

    def rows(key):
        return [
            (li.xpath('string(.//a[@class="fp-headline"])'), li.xpath('string(.//*[@class="fp-badge"])'))
            for li in slots[key].xpath('.//li[contains(@class, "fp-item")][not(contains(@class, "is-empty"))]')
        ]

    assert rows("lead") == [("Old but chosen", "Pinned")]
    assert rows("top")[:2] == [(opinion.headline, "Automatic"), (newest.headline, "Automatic")]
    assert len(slots["top"].xpath('.//li[contains(@class, "is-empty")]')) == 6 - 3  # three stories left for six
    # Linked from the admin menu and the dashboard.
    index = editor_client.get(reverse("admin:index")).content.decode()
    assert index.count(SCREEN) >= 2
    assert "Old but chosen" in index


def test_an_editor_pins_a_story_into_the_lead_and_orders_the_top(editor_client, client):
    a, b, c = stories(3)
    assert home(client) == (["Story 0"], ["Story 1", "Story 2"])  # the newest, automatically (and cached)

    response = save(editor_client, [("lead", 1, c, ""), ("top", 2, a, "")])

    assert response.status_code == 302
    # The cached home page was invalidated by the save (content_changed: key "home").
    assert home(client) == (["Story 2"], ["Story 1", "Story 0"])
    assert version() == 1
    pin = HomePin.objects.get(slot="lead")
    assert (pin.article, pin.position, pin.edition, pin.expires_at) == (c, 1, "en", None)


def test_a_pin_ends_by_the_clock_and_the_place_fills_again(editor_client, client):
    a, b = stories(2)
    soon = timezone.now() + timedelta(minutes=30)
    assert save(editor_client, [("lead", 1, b, expiry_input(soon))]).status_code == 302
    assert home(client)[0] == ["Story 1"]
    pin = HomePin.objects.get()
    assert abs(pin.expires_at - soon) < timedelta(minutes=1)
    # The cached page lives no longer than the pin: its end is a change by the clock.
    assert caching.cache_timeout() <= (pin.expires_at - timezone.now()).total_seconds()
    HomePin.objects.update(expires_at=timezone.now() - timedelta(seconds=1))  # time passes (no save, no job)
    cache.clear()  # the cache entry's lifetime ran out with it
    assert home(client)[0] == ["Story 0"]


def test_a_second_editor_working_on_an_old_screen_is_refused(editor_client, client, django_user_model):
    a, b = stories(2)
    opened = version()
    assert save(editor_client, [("lead", 1, b, "")], loaded=opened).status_code == 302
    other = django_user_model.objects.get(username="eddie-editor")
    response = save(editor_client, [("lead", 1, a, ""), ("top", 1, b, "")], loaded=opened)
    assert response.status_code == 409
    text = response.content.decode()
    assert "saved the front page" in text and "NOT been saved" in text
    assert other.get_username() in text or "You" in text
    assert list(HomePin.objects.values_list("slot", "article")) == [("lead", b.pk)]  # the first save stands


@pytest.mark.parametrize(
    "plan, reason",
    [
        (lambda a, d: [("nowhere", 1, a, "")], "no slot"),
        (lambda a, d: [("top", 7, a, "")], "outside"),
        (lambda a, d: [("lead", 1, a, ""), ("top", 1, a, "")], "pinned twice"),
        (lambda a, d: [("lead", 1, d, "")], "not published"),
        (lambda a, d: [("lead", 1, a, "2020-01-01T10:00")], "already passed"),
        (lambda a, d: [("lead", 1, a, "not a time")], "not a date"),
    ],
)
def test_a_plan_that_cannot_be_a_home_page_is_refused_whole(editor_client, plan, reason):
    a = ArticleFactory()
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    frontpage.place_in_top(a, 3)
    response = save(editor_client, plan(a, draft))
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert list(HomePin.objects.values_list("slot", "position")) == [("top", 2)]  # unchanged


def test_garbage_is_a_clear_error_not_a_500(editor_client):
    for plan in ("{", '{"a": 1}', '[{"slot": "lead"}]', "[1]"):
        response = editor_client.post(SCREEN, {"version": version(), "plan": plan})
        assert response.status_code == 400
        assert "NOT saved" in response.content.decode()
    assert editor_client.post(SCREEN, {"version": "x", "plan": "[]"}).status_code == 409


def test_search_finds_published_stories_only(editor_client):
    ArticleFactory(headline="Ceasefire talks in Cairo")
    ArticleFactory(headline="Ceasefire draft", status=Article.Status.DRAFT, published_at=None)
    found = editor_client.get(SEARCH, {"q": "ceasefire"}).json()["results"]
    assert [r["headline"] for r in found] == ["Ceasefire talks in Cairo"]


def test_a_pinned_story_shows_once_and_blocks_fill_around_it(editor_client, client):
    news = [ArticleFactory(headline=f"News {i}", section=section("news/politics")) for i in range(3)]
    assert save(editor_client, [("section:news", 1, news[2], "")]).status_code == 302
    doc = parse_html(client.get("/"))
    curated = '//section[@class="top-stories"] | //div[@class="home-main"]'  # not Most Read
    titles = doc.xpath(f'({curated})//*[contains(@class, "card-title")]/a/text()')
    assert titles.count("News 2") == 1  # in its block, not also among the top stories
    block = doc.xpath('//section[contains(@class, "block-news")]//*[contains(@class, "card-title")]/a/text()')
    assert block[0] == "News 2"


def test_the_article_list_filters_what_is_on_the_front_page(editor_client):
    a, b = stories(2)
    frontpage.place_in_top(b, 1)
    changelist = reverse("admin:articles_article_changelist")
    lead = editor_client.get(changelist, {"front_page": "lead"}).content.decode()
    assert "Story 1" in lead and "Story 0" not in lead
    pinned = editor_client.get(changelist, {"front_page": "pinned"}).content.decode()
    assert "Story 1" in pinned and "Story 0" not in pinned
    now = editor_client.get(changelist, {"front_page": "now"}).content.decode()
    assert "Story 1" in now and "Story 0" in now


def test_the_article_form_still_places_a_story_for_good(editor_client):
    story = ArticleFactory()
    assert edit(editor_client, story, home_position="3").status_code == 302
    pin = HomePin.objects.get()
    assert (pin.slot, pin.position, pin.expires_at) == ("top", 2, None)
    assert story.home_position == 3


def test_each_edition_has_its_own_front_page_and_an_editor_curates_only_hers(editor, client):
    """The screen curates the edition asked for (``?edition=ar``): its stories, its
    slots, its version; a pin there moves the Arabic home page and leaves the English one.
    An editor limited to Spanish gets the Spanish page whatever she asks for."""
    english = stories(2)
    arabic = [
        ArticleFactory(
            headline=f"خبر {i}",
            section=section("أخبار/سياسة", edition="ar"),
            published_at=timezone.now() - timedelta(hours=i + 1),
        )
        for i in range(3)
    ]
    client.force_login(editor)
    screen = parse_html(client.get(f"{SCREEN}?edition=ar"))
    shown = screen.xpath("//form[@id='fp-form']//a/text()")
    assert "خبر 0" in shown and "Story 0" not in shown
    plan = [{"slot": "lead", "position": 1, "article": arabic[2].pk, "expires": ""}]
    response = client.post(f"{SCREEN}?edition=ar", {"version": 0, "plan": json.dumps(plan)})
    assert response.status_code == 302
    assert HomePin.objects.get().edition == "ar" and FrontPage.objects.get(edition="ar").version == 1
    lead = parse_html(client.get("/ar/")).xpath('//div[@class="lead"]//*[contains(@class, "card-title")]/a/text()')
    assert lead == ["خبر 2"]
    assert home(client)[0] == [english[0].headline]  # the English lead is still the newest
    found = client.get(f"{SEARCH}?edition=ar&q=").json()["results"]
    assert {r["headline"] for r in found} == {a.headline for a in arabic}

    limit_to(editor, "es")
    page = parse_html(client.get(f"{SCREEN}?edition=ar"))
    assert "Español" in page.xpath("//h1/text()")[0]


def test_the_front_page_filter_covers_every_home_page_she_works_on(editor_client):
    english = stories(1)[0]
    arabic = ArticleFactory(headline="خبر الصفحة الأولى", section=section("أخبار", edition="ar"))
    changelist = reverse("admin:articles_article_changelist")
    lead = editor_client.get(changelist, {"front_page": "lead"}).content.decode()
    assert english.headline in lead and arabic.headline in lead  # each edition's lead


def test_a_plan_pinning_a_story_of_another_edition_is_refused_whole(editor_client):
    english = stories(1)[0]
    arabic = ArticleFactory(headline="خبر", section=section("أخبار/سياسة", edition="ar"))
    plan = [
        {"slot": "lead", "position": 1, "article": arabic.pk, "expires": ""},
        {"slot": "top", "position": 1, "article": english.pk, "expires": ""},
    ]
    response = editor_client.post(f"{SCREEN}?edition=ar", {"version": 0, "plan": json.dumps(plan)})
    assert response.status_code == 400
    assert "not in the" in response.content.decode()
    assert not HomePin.objects.exists()
    assert not FrontPage.objects.filter(edition="ar", version__gt=0).exists()
