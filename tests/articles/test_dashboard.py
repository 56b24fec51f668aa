"""The editor's day: the admin's home page is a dashboard of panels (her drafts, review,
scheduled, published today, live blogs, reads of the week, most read today), with the
admin's app list still on it and a registry other rooms plug their panels into."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.admin import dashboard
from articles.models import Article, Correction, DailyReadCount, Section
from articles.roles import author_for
from ingest.models import WireFeed, WireItem
from tests.articles.test_editions_admin import limit_to
from tests.factories import ArticleFactory, section

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def panels(client):
    response = client.get(INDEX)
    assert response.status_code == 200
    return {p.title: p for p in response.context["panels"]}, response.content.decode()


def labels(panel):
    return [row.label for row in panel.rows]


def test_her_drafts_are_the_ones_she_signs_or_last_saved(editor_client, editor, django_user_model):
    mine = ArticleFactory(headline="My signed draft", status="draft", published_at=None, authors=[author_for(editor)])
    saved = ArticleFactory(headline="Draft I saved", status="draft", published_at=None, last_edited_by=editor)
    colleague = django_user_model.objects.create_user(username="colleague")
    ArticleFactory(headline="Someone else's draft", status="draft", published_at=None, last_edited_by=colleague)
    shown, page = panels(editor_client)
    assert set(labels(shown["My drafts"])) == {mine.headline, saved.headline}
    assert reverse("admin:articles_article_change", args=[mine.pk]) in page


def test_review_scheduled_and_published_today_with_their_times(editor_client):
    now = timezone.now()
    ArticleFactory(headline="Waiting piece", status=Article.Status.IN_REVIEW, published_at=None)
    later = now + timedelta(hours=3)
    ArticleFactory(headline="Evening piece", published_at=later)
    ArticleFactory(headline="Morning piece", published_at=now - timedelta(minutes=5))
    ArticleFactory(headline="Last week's piece", published_at=now - timedelta(days=7))
    shown, _ = panels(editor_client)
    assert labels(shown["Waiting for review"]) == ["Waiting piece"]
    assert labels(shown["Scheduled"]) == ["Evening piece"]
    assert shown["Scheduled"].rows[0].detail == timezone.localtime(later).strftime("%d %b %H:%M")
    assert "Last week's piece" not in labels(shown["Published today"])
    assert "Morning piece" in labels(shown["Published today"])


def test_live_blogs_running_are_published_live_articles(editor_client):
    ArticleFactory(headline="Live: the talks", format=Article.Format.LIVE)
    ArticleFactory(headline="Live: not yet", format=Article.Format.LIVE, status="draft", published_at=None)
    ArticleFactory(headline="A standard story")
    ArticleFactory(headline="Live: ended", format=Article.Format.LIVE, coverage_ended_at=timezone.now())
    shown, _ = panels(editor_client)
    assert labels(shown["Live blogs running"]) == ["Live: the talks"]


def test_reads_of_the_last_seven_days_as_a_chart_with_most_read_today(editor_client):
    today = timezone.localdate()
    hot, warm = ArticleFactory(headline="Hot story"), ArticleFactory(headline="Warm story")
    DailyReadCount.objects.create(article=hot, day=today, reads=300)
    DailyReadCount.objects.create(article=warm, day=today, reads=100)
    DailyReadCount.objects.create(article=warm, day=today - timedelta(days=2), reads=200)
    DailyReadCount.objects.create(article=warm, day=today - timedelta(days=9), reads=9999)  # outside the week
    series = dashboard.daily_reads()
    assert [day for day, _ in series] == [today - timedelta(days=n) for n in range(6, -1, -1)]
    assert [reads for _, reads in series] == [0, 0, 0, 0, 200, 0, 400]
    shown, page = panels(editor_client)
    assert labels(shown["Most read today"]) == ["Hot story", "Warm story"]
    chart = re.search(r"<svg class=\"reads-chart\".*?</svg>", page, re.S).group(0)
    bar = r'<rect class="bar" x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)"'
    heights = [float(h) for h in re.findall(bar, chart)]
    assert len(heights) == 7 and heights[-1] == max(heights) and heights[4] == heights[-1] / 2 and heights[0] == 0
    assert 'role="img"' in chart and "400 reads" in chart
    assert "<script" not in chart and "style=" not in chart  # the admin's CSP


def test_a_panel_from_another_room_plugs_in_at_its_order(editor_client):
    @dashboard.register(order=dashboard.INCOMING_WIRES + 1)
    def partner_feed(request):
        return dashboard.Panel("Partner feed", [dashboard.Row("Reuters: talks resume", detail="2 min ago")])

    try:
        shown, _ = panels(editor_client)
        titles = list(shown)
        assert titles.index("Incoming wires") < titles.index("Partner feed") < titles.index("Reads, last 7 days")
        assert labels(shown["Partner feed"]) == ["Reuters: talks resume"]
    finally:
        dashboard.unregister(partner_feed)
    assert "Partner feed" not in panels(editor_client)[0]


def test_corrections_pending_lists_writers_proposals_for_editors(editor_client, writer):
    article = ArticleFactory(headline="Port strike enters its third day")
    Correction.objects.create(article=article, kind="correction", text="The port is in Latakia.")
    Correction.objects.create(
        article=ArticleFactory(headline="Already fixed"),
        kind="correction",
        text="x",
        status="published",
        published_at=timezone.now(),
    )
    shown, _ = panels(editor_client)
    assert labels(shown["Corrections pending"]) == ["Port strike enters its third day"]
    writer_client = Client()
    writer_client.force_login(writer)
    assert "Corrections pending" not in panels(writer_client)[0]  # publishing notices is an editor's act


def test_incoming_wires_lists_wire_stories_nobody_took(editor_client, editor):
    feed = WireFeed.objects.create(
        url="https://wires.example/rss", source_name="Agency", section=Section.objects.get(path="news")
    )
    waiting = ArticleFactory(headline="Agency: talks resume", status="in_review", published_at=None)
    taken = ArticleFactory(headline="Agency: taken", status="in_review", published_at=None)
    WireItem.objects.create(feed=feed, guid="1", article=waiting)
    WireItem.objects.create(feed=feed, guid="2", article=taken, taken_by=editor, taken_at=timezone.now())
    shown, _ = panels(editor_client)
    assert labels(shown["Incoming wires"]) == ["Agency: talks resume"]
    assert shown["Incoming wires"].rows[0].detail == "Agency"


def test_the_app_list_stays_on_the_home_page(editor_client):
    _, page = panels(editor_client)
    assert "Everything in the admin" in page
    assert reverse("admin:articles_article_changelist") in page
    assert reverse("admin:articles_breakingitem_changelist") in page


def test_a_writer_follows_only_her_own_pieces_in_review(writer_client, writer):
    ArticleFactory(headline="Hers", status=Article.Status.IN_REVIEW, published_at=None, authors=[author_for(writer)])
    ArticleFactory(headline="Not hers", status=Article.Status.IN_REVIEW, published_at=None)
    shown, _ = panels(writer_client)
    assert labels(shown["Waiting for review"]) == ["Hers"]


def test_staff_without_article_permissions_see_no_article_panels(client):
    user = User.objects.create_user(username="ops", is_staff=True)
    client.force_login(user)
    shown, _ = panels(client)
    assert shown == {}


def test_the_dashboard_runs_a_constant_number_of_queries(editor_client, editor):
    def count():
        with CaptureQueriesContext(connection) as queries:
            editor_client.get(INDEX)
        return len(queries)

    ArticleFactory(status="draft", published_at=None, last_edited_by=editor)
    # Warm against warm: with targeted invalidation, what the new articles do not touch
    # (the section tree) stays cached and what they do (the home clock) is read again
    # once, so a cold count differs from a warm one whatever the amount of content.
    count()
    few = count()
    for n in range(8):
        article = ArticleFactory(format=Article.Format.LIVE)
        ArticleFactory(status="draft", published_at=None, last_edited_by=editor)
        ArticleFactory(published_at=timezone.now() + timedelta(hours=n + 1))
        DailyReadCount.objects.create(article=article, day=timezone.localdate(), reads=n + 1)
    count()  # the caches the new content invalidated, filled again
    assert count() == few


def test_an_editor_of_one_edition_sees_her_editions_work_only(editor, client):
    """An Arabic desk's editor (``articles.edition_ar`` only): every article panel and
    the reads are the Arabic edition's; an editor of every edition sees both."""
    now = timezone.now()
    arabic = section("أخبار", edition="ar")
    for headline, where in (("English piece", section("news")), ("خبر عربي", arabic)):
        ArticleFactory(
            headline=f"{headline} waiting", status=Article.Status.IN_REVIEW, published_at=None, section=where
        )
        ArticleFactory(headline=f"{headline} tonight", published_at=now + timedelta(hours=3), section=where)
        story = ArticleFactory(headline=f"{headline} today", published_at=now - timedelta(minutes=5), section=where)
        DailyReadCount.objects.create(article=story, day=timezone.localdate(), reads=7)
    client.force_login(editor)
    shown, _ = panels(client)
    assert "English piece today" in labels(shown["Published today"])
    limit_to(editor, "ar")
    shown, _ = panels(client)
    assert labels(shown["Waiting for review"]) == ["خبر عربي waiting"]
    assert labels(shown["Scheduled"]) == ["خبر عربي tonight"]
    assert labels(shown["Published today"]) == ["خبر عربي today"]
    assert labels(shown["Most read today"]) == ["خبر عربي today"]
    assert shown["Reads, last 7 days"].rows[1].detail == "7"
