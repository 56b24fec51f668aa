"""Queries kept compiled per process (``public.statements``, issue 13: the home
page's first request after a change spent more building and compiling its query than
running it). A kept query must pick what the ORM picks, now and as the clock moves."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone

from articles.models import Article, HomePin
from articles.models.frontpage import LEAD, TOP
from public import selectors, statements
from tests.factories import ArticleFactory, section
from tests.public.test_query_plans import plan, statements_run_by

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_kept_statements():
    """Each test starts as a new process would: nothing kept."""
    statements.forget()
    yield
    statements.forget()


def home_statements():
    return [key for key in statements.kept() if key[0] == "home"]


def picked(slots):
    """``{slot key: [(article id, pin position or None), ...]}``."""
    return {key: [(i.article.pk, i.pin and i.pin.position) for i in slot.items] for key, slot in slots.items()}


def by_id(ids, bylines=False):
    """A ``load`` for ``home_boxes`` answering with the ORM's cards."""
    return selectors.load_cards(ids, bylines)


def a_front_page():
    older = timezone.now() - timedelta(hours=3)
    for i, path in enumerate(("news/politics", "articles/opinion", "videos/tv", "infographs") * 4):
        ArticleFactory(section=section(path), published_at=older - timedelta(minutes=i))
    pinned = ArticleFactory(section=section("videos/tv"), published_at=older - timedelta(days=3))
    HomePin.objects.create(edition="en", slot=TOP, position=2, article=pinned)
    expired = ArticleFactory(section=section("news/politics"), published_at=older - timedelta(days=4))
    HomePin.objects.create(
        edition="en", slot=TOP, position=3, article=expired, expires_at=timezone.now() - timedelta(minutes=1)
    )
    gone = ArticleFactory(section=section("news/politics"), published_at=older - timedelta(days=5))
    HomePin.objects.create(edition="en", slot=TOP, position=4, article=gone)
    Article.objects.filter(pk=gone.pk).update(status=Article.Status.UNPUBLISHED)
    return pinned, expired, gone


def test_the_kept_home_query_picks_what_the_orm_picks(django_assert_num_queries):
    pinned, expired, gone = a_front_page()
    orm = picked(selectors.home_boxes())
    assert (pinned.pk, 2) in orm[TOP]
    assert expired.pk not in [pk for pk, _ in orm[TOP]] and gone.pk not in [pk for pk, _ in orm[TOP]]
    assert picked(selectors.home_boxes(load=by_id)) == orm  # prepared now
    assert len(home_statements()) == 1
    # Kept: one query for the rows; the cards; the column's cards and their bylines.
    with django_assert_num_queries(4):
        again = selectors.home_boxes(load=by_id)
    assert picked(again) == orm


def test_a_kept_home_query_follows_the_clock(time_machine):
    """A scheduled story reaches the lead at its time and a pin ends at its expiry, with
    the query kept from before either (no save in between: only the clock moves)."""
    a_front_page()
    time_machine.move_to(timezone.now(), tick=False)
    due = timezone.now() + timedelta(minutes=30)
    scheduled = ArticleFactory(section=section("infographs"), published_at=due)
    ending = ArticleFactory(section=section("infographs"), published_at=timezone.now() - timedelta(days=9))
    HomePin.objects.create(edition="en", slot=TOP, position=5, article=ending, expires_at=due)
    before = picked(selectors.home_boxes(load=by_id))
    assert before[LEAD][0][0] != scheduled.pk and (ending.pk, 5) in before[TOP]
    time_machine.move_to(due + timedelta(seconds=1), tick=False)
    after = picked(selectors.home_boxes(load=by_id))
    assert len(home_statements()) == 1  # the same kept query
    assert after[LEAD] == [(scheduled.pk, None)]
    assert ending.pk not in [pk for pk, _ in after[TOP]]
    assert after == picked(selectors.home_boxes())  # the ORM agrees


def test_a_new_section_layout_is_a_new_query():
    a_front_page()
    first = picked(selectors.home_boxes(load=by_id))
    section("sport")  # a new main section: the home page gains its block
    story = ArticleFactory(section=section("sport"))
    second = picked(selectors.home_boxes(load=by_id))
    assert len(home_statements()) == 2
    assert second == picked(selectors.home_boxes()) and second != first
    assert story.pk in [pk for items in second.values() for pk, _ in items]


def test_a_query_that_changes_with_more_than_the_time_is_not_kept(caplog):
    first, second = ArticleFactory(headline="First"), ArticleFactory(headline="Second")
    # Built twice by the first call (the check), once by the second.
    headlines = iter(["First", "Other", "Second"])

    def build(now):
        return Article.objects.published(now).filter(headline=next(headlines)).values("pk")

    assert statements.rows("test", build, timezone.now()) == [{"pk": first.pk}]
    assert "not kept" in caplog.text
    assert statements.rows("test", build, timezone.now()) == [{"pk": second.pk}]


def test_rows_come_converted_as_the_orm_converts_them():
    story = ArticleFactory()

    def build(now):
        return Article.objects.published(now).filter(pk=story.pk).values("pk", "published_at", "section_id")

    statements.rows("converted", build, timezone.now())
    kept = statements.rows("converted", build, timezone.now())
    assert kept == list(build(timezone.now()))
    assert kept[0]["published_at"] == story.published_at and kept[0]["published_at"].tzinfo is not None


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner, which has no statistics")
def test_the_home_query_reads_its_stories_by_id_not_by_walking_every_published_one(client):
    """On SQLite the home query walked the visibility index over every published story
    and tested each against the boxes' id slices (2 000 rows at bench size); it must
    read the slices' rows by id, and a one-section slice must walk that section's index."""
    a_front_page()
    run = statements_run_by(lambda: client.get("/"))
    sql, params, _ = max(run, key=lambda statement: len(statement[0]))
    found = plan(sql, params)
    assert "MULTI-INDEX OR" in found
    outer = [line.strip() for line in found.splitlines() if line.strip().startswith("SEARCH articles_article ")]
    assert outer and all("USING INTEGER PRIMARY KEY" in line for line in outer), found
    one = selectors.newest_slice([section("videos/tv").pk], 5)
    assert "article_section_visible_idx" in plan(*one.query.sql_with_params())


def test_more_live_pins_than_the_slices_leave_room_for_read_the_rows_again(monkeypatch):
    """The slices leave room for ``HOME_PINS_ROOM`` pins; ten pinned news stories in
    other boxes push the news block past that room. The rows are read again with room
    for every pin: the news block still shows its five, as with room for all."""
    from articles.models.frontpage import section_slot

    now = timezone.now()
    news = [
        ArticleFactory(section=section("news/politics"), published_at=now - timedelta(minutes=i)) for i in range(30)
    ]
    for i, path in enumerate(("videos/tv", "infographs", "in-pictures", "live", "articles/opinion") * 2):
        ArticleFactory(section=section(path), published_at=now - timedelta(days=1, minutes=i))
    boxes = ("videos", "infographs", "in-pictures", "live")
    places = [(section_slot(path), position) for path in boxes for position in (1, 2, 3)][:10]
    for story, (slot, position) in zip(news[7:17], places, strict=True):
        HomePin.objects.create(edition="en", slot=slot, position=position, article=story)
    monkeypatch.setattr(selectors, "HOME_PINS_ROOM", 1000)
    roomy = picked(selectors.home_boxes(load=by_id))
    monkeypatch.setattr(selectors, "HOME_PINS_ROOM", 1)
    tight = picked(selectors.home_boxes(load=by_id))
    assert tight == roomy
    assert [pk for pk, _ in tight[section_slot("news")]] == [a.pk for a in news[17:22]]


# Found by a fresh-eyes review of the first version of ``public.statements``.


def test_rows_name_the_columns_in_the_order_values_asked_for_them():
    story = ArticleFactory(section=section("news/politics"))

    def build(now):
        return (
            Article.objects.published(now)
            .filter(pk=story.pk)
            .annotate(where=F("section_id"))
            .values("where", "headline")
        )

    orm = list(build(timezone.now()))
    assert orm == [{"where": story.section_id, "headline": story.headline}]
    assert statements.rows("values-order", build, timezone.now()) == orm  # prepared now
    assert statements.rows("values-order", build, timezone.now()) == orm  # kept


def test_equal_values_still_reach_their_own_parameters():
    """/live/live: the section path and the slug are the same string."""
    live = section("live")
    odd = ArticleFactory(section=live, slug="live")
    other = ArticleFactory(section=live, slug="another-story")
    assert selectors.article_for_page("live", "live").pk == odd.pk
    assert selectors.article_for_page("live", "another-story").pk == other.pk
    assert isinstance(statements.kept()[("article-at", "en")], statements.Statement)


def test_a_date_the_query_derives_from_the_time_is_not_frozen():
    old = ArticleFactory(published_at=timezone.now() - timedelta(days=3))
    ArticleFactory(published_at=timezone.now() - timedelta(hours=1))
    day = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)

    def build(now):
        return (
            Article.objects.published(now).filter(published_at__date__gte=now.date() - timedelta(days=1)).values("pk")
        )

    first = statements.rows("frozen", build, day - timedelta(days=2))
    assert {row["pk"] for row in first} == {old.pk}
    later = timezone.now()
    assert statements.rows("frozen", build, later) == list(build(later))


def test_an_id_given_as_a_string_is_answered_as_the_orm_answers_it():
    story = ArticleFactory()

    def build(pk):
        return Article.objects.filter(pk=pk).values("pk")

    assert statements.rows("string-id", build, str(story.pk)) == [{"pk": story.pk}]
    assert statements.rows("string-id", build, story.pk) == [{"pk": story.pk}]  # an int is kept
    assert isinstance(statements.kept()["string-id"], statements.Statement)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_statement_kept_by_one_thread_serves_the_others():
    """A server with a thread (and so a connection) per request (``runserver``) keeps
    what the first request compiled: later threads build nothing (a statement holds no
    connection; each run uses its thread's)."""
    import threading

    from django.db import connections

    story = ArticleFactory()
    built, answers = [], []

    def build(now):
        built.append(now)
        return Article.objects.published(now).filter(pk=story.pk).values("pk", "published_at")

    def request():
        try:
            answers.append(statements.rows("per-thread", build, timezone.now()))
        finally:
            connections.close_all()

    for _ in range(3):
        thread = threading.Thread(target=request)
        thread.start()
        thread.join()
    assert len(built) == 2  # the first request's check, then nothing
    assert answers == [[{"pk": story.pk, "published_at": story.published_at}]] * 3
