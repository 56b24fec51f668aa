"""The dynamic path (issue 13): what a page costs when no cache helps it, what is derived
on write instead of per request, and Most Read ranked off the request path."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, DailyReadCount, MostRead, RelatedArticle
from articles.models.frontpage import COLUMN, LEAD, TOP
from public import readcount, selectors
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    RegionFactory,
    parse_html,
    section,
)

pytestmark = pytest.mark.django_db


def a_site():
    """A small site: every home box has stories, one article with an editors' related
    list, one whose related articles are computed from tags, a few reads."""
    # Opinion first: older than the top stories, so the column has cards (with bylines).
    for path in ("articles/opinion", "news/politics", "videos/tv", "infographs", "in-pictures", "live"):
        for _ in range(3):
            ArticleFactory(section=section(path), authors=[AuthorFactory()], hero_image=ImageFactory())
    picked = ArticleFactory(authors=[AuthorFactory(), AuthorFactory()], hero_image=ImageFactory())
    picked.tags.add("Syria", "Russia", "Putin")
    picked.regions.add(RegionFactory())
    for position, other in enumerate(Article.objects.exclude(pk=picked.pk)[:3]):
        RelatedArticle.objects.create(from_article=picked, to_article=other, position=position)
    by_tags = ArticleFactory(authors=[AuthorFactory()])
    by_tags.tags.add("Syria", "Russia")
    for other in Article.objects.exclude(pk__in=[picked.pk, by_tags.pk])[:4]:
        other.tags.add("Syria")
        DailyReadCount.objects.create(article=other, day=timezone.localdate(), reads=other.pk)
    MostRead.objects.refresh()  # as the worker's flush or the timer did before this request
    return Article.objects.get(pk=picked.pk), Article.objects.get(pk=by_tags.pk)


@pytest.mark.parametrize("which", ["editors' related list", "related by tags"])
def test_article_page_with_an_empty_cache_runs_at_most_8_queries(client, django_assert_max_num_queries, which):
    picked, by_tags = a_site()
    url = (picked if which == "editors' related list" else by_tags).get_absolute_url()
    cache.clear()
    # Chrome (next clock change 2, sections, regions, ticker), the article with its tags,
    # bylines, and the cards of Related, Read Next and Most Read in one.
    with django_assert_max_num_queries(8):
        response = client.get(url)
    doc = parse_html(response)
    assert len(doc.xpath('//aside[@class="related-news"]//a')) >= 2
    assert len(doc.xpath('//section[contains(@class, "read-next")]//h3/a')) == 4
    assert len(doc.xpath('//section[@class="most-read"]//h3/a')) == 4


def test_home_with_an_empty_cache_runs_at_most_12_queries(client, django_assert_max_num_queries):
    a_site()
    cache.clear()
    # Chrome (5 as above), every card of every box in one query, the column's bylines.
    with django_assert_max_num_queries(12):
        response = client.get("/")
    doc = parse_html(response)
    assert len(doc.xpath('//section[@class="most-read"]//li')) == 5
    assert doc.xpath('//section[@class="opinion-column"]//*[contains(@class, "byline")]')


def test_the_home_boxes_are_those_of_one_query_per_box(client):
    """The one-query home picks exactly what a query per box picked: placements, then the
    newest; the column without what the top shows; each block without anything above."""
    older = timezone.now() - timedelta(days=1)
    for i, path in enumerate(("news/politics", "articles/opinion", "videos/tv") * 6):
        ArticleFactory(section=section(path), published_at=older - timedelta(minutes=i))
    lead = ArticleFactory(section=section("videos/tv"), home_position=1, published_at=older - timedelta(days=9))
    slots = selectors.home_page()
    everything = Article.objects.published().newest_first()
    top = [lead] + [a for a in everything if a != lead][:6]
    assert slots[LEAD].articles + slots[TOP].articles == top
    shown = set(top)
    column = [a for a in everything if a.section.path == "articles/opinion" and a not in shown][:5]
    assert slots[COLUMN].articles == column
    shown |= set(column)
    blocks = {slot.section.path: slot.articles for slot in slots.values() if slot.section is not None}
    assert blocks["news"] == [a for a in everything if a.section.path.startswith("news") and a not in shown][:5]
    assert blocks["videos"] == [a for a in everything if a.section.path.startswith("videos") and a not in shown][:3]


def test_computed_related_articles_need_no_query_of_their_own(client):
    _, by_tags = a_site()
    url = by_tags.get_absolute_url()
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    related = [q["sql"] for q in ctx.captured_queries if "articles_taggedarticle" in q["sql"]]
    # The shared-tag count lives inside the Related cards' query (it loads the cards
    # with their sections); nothing else reads tag rows. (Read Next and Most Read are
    # shared blocks: public.boxes.)
    assert len(related) == 1 and '"articles_section"."path"' in related[0]


def test_tags_on_the_page_come_from_the_row_and_follow_a_rename(client):
    article = ArticleFactory()
    article.tags.add("Syria", "Russia")
    assert [t.name for t in Article.objects.get(pk=article.pk).shown_tags] == ["Syria", "Russia"]
    tag = Tag.objects.get(name="Syria")
    tag.name = "Syrian Arab Republic"
    tag.save()
    article.tags.remove(Tag.objects.get(name="Russia"))
    doc = parse_html(client.get(article.get_absolute_url()))
    assert doc.xpath('//ul[@class="tags"]//a/text()') == ["Syrian Arab Republic"]


def test_an_editors_related_list_is_stored_and_kept_in_order(client):
    article, first, second = ArticleFactory(), ArticleFactory(headline="First"), ArticleFactory(headline="Second")
    assert Article.objects.get(pk=article.pk).related_ids is None  # computed from tags
    link = RelatedArticle.objects.create(from_article=article, to_article=second, position=1)
    RelatedArticle.objects.create(from_article=article, to_article=first, position=0)
    assert Article.objects.get(pk=article.pk).related_ids == [first.pk, second.pk]
    link.delete()
    assert Article.objects.get(pk=article.pk).related_ids == [first.pk]
    doc = parse_html(client.get(article.get_absolute_url()))
    assert doc.xpath('//aside[@class="related-news"]//a/text()') == ["First"]


def old_most_read_ids(limit):
    """Most Read as pages ranked it before issue 13: every published article joined to
    its counters, summed and sorted (162–168 ms with 5 600 counter rows)."""
    since = timezone.localdate() - timedelta(days=6)
    read = list(
        Article.objects.published()
        .filter(daily_reads__day__gte=since)
        .annotate(recent_reads=Sum("daily_reads__reads"))
        .order_by("-recent_reads", "-published_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )
    newest = Article.objects.published().exclude(pk__in=read).newest_first().values_list("pk", flat=True)
    return read + list(newest[: limit - len(read)])


def test_the_stored_ranking_is_the_one_pages_computed_before():
    articles = [ArticleFactory(published_at=timezone.now() - timedelta(hours=i)) for i in range(14)]
    today = timezone.localdate()
    for i, article in enumerate(articles[:9]):
        for day in range(0, 9, 2):  # days 8 and later are outside the window
            DailyReadCount.objects.create(article=article, day=today - timedelta(days=day), reads=(i * 7 + day) % 5)
    articles[3].status = Article.Status.UNPUBLISHED
    articles[3].save()
    assert MostRead.objects.refresh()["en"] == old_most_read_ids(10)


def test_a_page_reads_the_stored_ranking_and_never_the_counters(client):
    popular = ArticleFactory(headline="Popular")
    DailyReadCount.objects.create(article=popular, day=timezone.localdate(), reads=50)
    article = ArticleFactory()
    MostRead.objects.refresh()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(article.get_absolute_url())
    assert not [q for q in ctx.captured_queries if "articles_dailyreadcount" in q["sql"]]
    assert "Popular" in parse_html(response).xpath('string(//section[@class="most-read"])')


def test_a_flush_ranks_again_once_the_ranking_is_older_than_the_setting(client, settings):
    settings.MOST_READ_REFRESH_SECONDS = 300
    popular, quiet = ArticleFactory(headline="Popular"), ArticleFactory(headline="Quiet")  # the newest leads
    MostRead.objects.refresh(now=timezone.now() - timedelta(seconds=100))
    readcount.buffer.add(popular.pk, timezone.localdate())
    readcount.flush_and_rank()
    assert MostRead.objects.first().article_id == quiet.pk  # 100 s old: left as it is
    MostRead.objects.update(computed_at=timezone.now() - timedelta(seconds=301))
    home = client.get("/")  # cached with the old ranking
    assert home.status_code == 200
    readcount.buffer.add(popular.pk, timezone.localdate())
    readcount.flush_and_rank()
    assert MostRead.objects.first().article_id == popular.pk
    # The new ranking reaches the cached home page at once.
    most_read = parse_html(client.get("/")).xpath('//section[@class="most-read"]//li//*[@class="card-title"]')
    assert most_read[0].text_content().strip() == "Popular"


def test_the_command_ranks_most_read(capsys):
    quiet, popular = ArticleFactory(headline="Quiet"), ArticleFactory(headline="Popular")
    MostRead.objects.refresh()
    DailyReadCount.objects.create(article=quiet, day=timezone.localdate(), reads=3)
    call_command("refresh_most_read", "--if-older")
    assert MostRead.objects.first().article_id == popular.pk  # recent enough: unchanged
    call_command("refresh_most_read")
    assert MostRead.objects.first().article_id == quiet.pk
    assert "places stored" in capsys.readouterr().out


def test_an_unpublished_story_leaves_most_read_at_once(client):
    gone = ArticleFactory(headline="Gone soon")
    DailyReadCount.objects.create(article=gone, day=timezone.localdate(), reads=99)
    MostRead.objects.refresh()
    gone.status = Article.Status.UNPUBLISHED
    gone.save()
    cache.clear()
    assert "Gone soon" not in [a.headline for a in selectors.most_read(4)]


def test_listing_rows_are_loaded_by_the_view_not_the_template(client):
    ArticleFactory()
    response = client.get(section("news/politics").get_absolute_url())
    assert isinstance(response.context["page"].object_list, list)


def test_a_worker_keeps_its_database_connection_with_the_sqlite_pragmas(client, settings):
    database = connections["default"]
    assert database.settings_dict["CONN_MAX_AGE"] > 0 and database.settings_dict["CONN_HEALTH_CHECKS"]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == database.settings_dict["OPTIONS"]["timeout"] * 1000


def test_paths_are_reversed_once_per_worker_and_keep_the_script_prefix(monkeypatch):
    from django.urls import set_script_prefix

    from articles import paths

    calls = []
    real = paths.reverse
    monkeypatch.setattr(paths, "reverse", lambda *a, **k: calls.append(a) or real(*a, **k))
    paths._reverse.cache_clear()
    first = Article.url_for("news/politics", "a-story")
    assert Article.url_for("news/politics", "a-story") == first == "/news/politics/a-story"
    assert len(calls) == 1
    try:
        set_script_prefix("/site/")
        assert Article.url_for("news/politics", "a-story") == "/site/news/politics/a-story"
    finally:
        set_script_prefix("/")
