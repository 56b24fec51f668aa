"""Most Read: the view beacon and the 7-day ranking."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, DailyReadCount
from public import readcount, selectors
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}


def beacon(client, article, ip="203.0.113.5", agent=BROWSER["User-Agent"]):
    """One beacon as the article page sends it (with the page's token); buffered
    reads are then written, as a worker does every few seconds."""
    data = {readcount.TOKEN_FIELD: readcount.make_token(article.pk)}
    response = client.post(f"/beacon/view/{article.pk}", data, headers={"User-Agent": agent}, REMOTE_ADDR=ip)
    readcount.buffer.flush()
    return response


def views(article):
    return sum(DailyReadCount.objects.filter(article=article).values_list("reads", flat=True))


def test_beacon_counts_a_read_per_day(client):
    article = ArticleFactory()
    assert beacon(client, article).status_code == 204
    row = DailyReadCount.objects.get(article=article)
    assert (row.day, row.reads) == (timezone.localdate(), 1)
    beacon(client, article, ip="203.0.113.6")
    assert views(article) == 2


def test_repeated_reads_from_one_reader_count_once(client):
    article = ArticleFactory()
    for _ in range(3):
        beacon(client, article)
    assert views(article) == 1


def test_bots_are_ignored(client):
    article = ArticleFactory()
    for agent in ("Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.0", "", "python-requests/2.31"):
        beacon(client, article, agent=agent, ip=f"198.51.100.{len(agent)}")
    assert views(article) == 0


def test_drafts_and_unknown_articles_are_not_counted(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    beacon(client, draft)
    assert views(draft) == 0
    assert client.post("/beacon/view/999999", headers=BROWSER).status_code == 204
    assert client.post("/beacon/view/" + "9" * 30, headers=BROWSER).status_code == 204
    unknown = {readcount.TOKEN_FIELD: readcount.make_token(999999)}
    assert client.post("/beacon/view/999999", unknown, headers=BROWSER).status_code == 204
    assert readcount.buffer.flush() == 0


def test_beacon_only_accepts_post(client):
    article = ArticleFactory()
    assert client.get(f"/beacon/view/{article.pk}").status_code == 405


def test_most_read_ranks_last_seven_days(client):
    popular, quiet, stale = ArticleFactory(headline="Popular"), ArticleFactory(headline="Quiet"), ArticleFactory()
    today = timezone.localdate()
    DailyReadCount.objects.create(article=popular, day=today, reads=50)
    DailyReadCount.objects.create(article=popular, day=today - timedelta(days=6), reads=10)
    DailyReadCount.objects.create(article=quiet, day=today, reads=5)
    DailyReadCount.objects.create(article=stale, day=today - timedelta(days=8), reads=1000)
    ranked = [a.headline for a in selectors.most_read(4)]
    # Read this week first; the article read only 8 days ago comes last, as newest-first filler.
    assert ranked == ["Popular", "Quiet", stale.headline]


def test_most_read_falls_back_to_newest(client):
    older = ArticleFactory(headline="Older", published_at=timezone.now() - timedelta(days=1))
    newer = ArticleFactory(headline="Newer")
    assert [a.pk for a in selectors.most_read(4)] == [newer.pk, older.pk]


def test_most_read_never_shows_unpublished_articles():
    gone = ArticleFactory(headline="Unpublished later")
    DailyReadCount.objects.create(article=gone, day=timezone.localdate(), reads=99)
    gone.status = Article.Status.UNPUBLISHED
    gone.save()
    assert "Unpublished later" not in [a.headline for a in selectors.most_read(4)]


def test_most_read_box_on_home_comes_from_reads(client):
    ArticleFactory(headline="Read a lot", published_at=timezone.now() - timedelta(days=2))
    for _ in range(8):
        ArticleFactory()
    popular = Article.objects.get(headline="Read a lot")
    for i in range(3):
        beacon(client, popular, ip=f"203.0.113.{i}")
    from public.caching import invalidate_keys

    invalidate_keys({"most-read"})  # Most Read may lag a cache lifetime; skip the wait
    html = client.get("/").content.decode()
    box = html.split('id="most-read-title"')[1]
    assert "Read a lot" in box.split("</ol>")[0]
