"""The editor's day: the dashboard that is the admin's home page.

A dashboard is a list of panels. A panel is a callable ``panel(request) -> Panel | None``
registered here with an ``order``; None hides it (nothing to show this user, or not her
business). Other rooms add theirs after merging, without touching this module:

    from articles.admin import dashboard

    @dashboard.register(order=dashboard.CORRECTIONS)
    def corrections_pending(request):
        return dashboard.Panel("Corrections pending", rows=[...], empty="No correction waiting.")

The orders of the panels being built elsewhere are reserved below (``CORRECTIONS``,
``INCOMING_WIRES``), so they land in their place on the page. ``NewsroomAdminSite`` (the
site every ``admin.register`` uses: ``articles.apps.NewsroomAdminConfig``) renders the
panels on its index page, with the list of every admin section under them. The registry
and the site live in ``articles.admin_site`` (imported before any admin module); this
module re-exports them.
"""

from datetime import datetime, time, timedelta

from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from articles import editions, workflow
from articles.admin_site import NewsroomAdminSite, Panel, Row, panels_for, register, unregister
from articles.models import Article, Correction, DailyReadCount
from articles.models.article import owned_q

__all__ = ["NewsroomAdminSite", "Panel", "Row", "panels_for", "register", "unregister"]

# Panel orders: the page reads top to bottom, left to right in this order.
MY_DRAFTS, IN_REVIEW, SCHEDULED, PUBLISHED_TODAY = 10, 20, 30, 40
CORRECTIONS = 50  # corrections pending: writers' proposals waiting for an editor
LIVE_BLOGS = 60
INCOMING_WIRES = 70  # incoming wires: registered by ingest/admin.py
READS_CHART, MOST_READ_TODAY = 80, 90
FRONT_PAGE = 45  # the lead and top stories now: articles/admin/frontpage.py

ROWS_PER_PANEL = 8
READS_DAYS = 7


# --- the newsroom's own panels ------------------------------------------------------


def _changelist(**query):
    url = reverse("admin:articles_article_changelist")
    return f"{url}?{urlencode(query)}" if query else url


def _when(moment):
    return date_format(timezone.localtime(moment), "d M H:i")


def _rows(articles, detail=lambda a: ""):
    return [Row(a.headline, reverse("admin:articles_article_change", args=[a.pk]), detail(a)) for a in articles]


def _may_read_articles(request):
    return request.user.has_perm("articles.view_article") or request.user.has_perm("articles.change_article")


def _in_her_editions(request, queryset, via=""):
    """``queryset`` narrowed to the editions the user works in
    (``articles.editions.user_editions``; ``via`` the path to the article, "article__"):
    an Arabic desk's editor sees the Arabic desk's work. No query of its own (her
    permissions are loaded by the panel's own check)."""
    codes = editions.user_editions(request.user)
    if len(codes) == len(editions.editions()):
        return queryset
    return queryset.filter(**{f"{via}edition__in": codes})


def _mine(user):
    """Articles that are hers (``owned_q``: she created them or signs them) or she last saved."""
    return owned_q(user) | Q(last_edited_by=user)


@register(order=MY_DRAFTS)
def my_drafts(request):
    if not _may_read_articles(request):
        return None
    drafts = (
        _in_her_editions(request, Article.objects)
        .filter(_mine(request.user), status__in=[Article.Status.DRAFT, Article.Status.UNPUBLISHED])
        .order_by("-last_saved_at")[:ROWS_PER_PANEL]
    )
    return Panel(
        "My drafts",
        _rows(drafts, lambda a: f"saved {_when(a.last_saved_at)}"),
        empty="No draft of yours.",
        more_url=_changelist(status="draft"),
    )


@register(order=IN_REVIEW)
def waiting_for_review(request):
    if not _may_read_articles(request):
        return None
    waiting = _in_her_editions(request, Article.objects).filter(status=Article.Status.IN_REVIEW)
    if not workflow.can_publish(request.user):
        waiting = waiting.filter(_mine(request.user))  # a writer follows her own
    return Panel(
        "Waiting for review",
        _rows(waiting.order_by("last_saved_at")[:ROWS_PER_PANEL], lambda a: f"sent {_when(a.last_saved_at)}"),
        empty="Nothing waiting for review.",
        more_url=_changelist(status="in_review"),
    )


@register(order=SCHEDULED)
def scheduled(request):
    if not _may_read_articles(request):
        return None
    upcoming = _in_her_editions(request, Article.objects.scheduled()).order_by("published_at", "pk")[:ROWS_PER_PANEL]
    return Panel(
        "Scheduled",
        _rows(upcoming, lambda a: _when(a.published_at)),
        empty="Nothing scheduled.",
        more_url=_changelist(status="scheduled"),
    )


def _start_of_today():
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


@register(order=PUBLISHED_TODAY)
def published_today(request):
    if not _may_read_articles(request):
        return None
    today = _in_her_editions(request, Article.objects.published()).filter(published_at__gte=_start_of_today())
    today = today.newest_first()
    return Panel(
        "Published today",
        _rows(today[:ROWS_PER_PANEL], lambda a: date_format(timezone.localtime(a.published_at), "H:i")),
        empty="Nothing published yet today.",
        more_url=_changelist(status="published"),
    )


@register(order=CORRECTIONS)
def corrections_pending(request):
    """Proposed notices (a writer's), oldest first, for the editors who publish them."""
    if not request.user.has_perm("articles.change_correction"):
        return None
    pending = (
        _in_her_editions(request, Correction.objects, via="article__")
        .filter(status=Correction.Status.PROPOSED)
        .select_related("article")
        .order_by("created_at", "pk")[:ROWS_PER_PANEL]
    )
    rows = [
        Row(
            c.article.headline,
            reverse("admin:articles_correction_change", args=[c.pk]),
            f"proposed {_when(c.created_at)}",
        )
        for c in pending
    ]
    more = reverse("admin:articles_correction_changelist")
    return Panel("Corrections pending", rows, empty="No correction waiting.", more_url=f"{more}?status__exact=proposed")


@register(order=LIVE_BLOGS)
def live_blogs_running(request):
    """Live-format articles on the site whose coverage has not ended (the live desk's
    "End coverage" sets ``coverage_ended_at``)."""
    if not _may_read_articles(request):
        return None
    running = _in_her_editions(request, Article.objects.published())
    running = running.filter(format=Article.Format.LIVE, coverage_ended_at__isnull=True)
    running = running.newest_first()[:ROWS_PER_PANEL]
    return Panel(
        "Live blogs running",
        _rows(running, lambda a: f"since {_when(a.published_at)}"),
        empty="No live blog running.",
        more_url=_changelist(format__exact=Article.Format.LIVE),
    )


def daily_reads(days=READS_DAYS, today=None, counts=None):
    """Reads of all articles (of ``counts``, a ``DailyReadCount`` queryset: every
    edition's by default) per day for the ``days`` days up to ``today`` (site time
    zone), oldest first: [(date, reads)], a day without reads counted 0. One query."""
    today = today or timezone.localdate()
    first = today - timedelta(days=days - 1)
    counts = DailyReadCount.objects.all() if counts is None else counts
    counted = dict(
        counts.filter(day__gte=first, day__lte=today)
        .values("day")
        .annotate(total=Sum("reads"))
        .values_list("day", "total")
    )
    return [(first + timedelta(days=n), counted.get(first + timedelta(days=n), 0)) for n in range(days)]


# The chart's box in SVG user units; the stylesheet scales it to the panel's width.
CHART_WIDTH, CHART_HEIGHT, CHART_LABELS = 320, 120, 18


def reads_chart(series):
    """A bar chart of ``series`` ([(date, reads)]) as inline SVG (safe HTML): one bar a
    day, labelled with the weekday under it and the count in its ``<title>``, with a
    text alternative for screen readers. No script, no inline style (the admin's CSP)."""
    peak = max((reads for _, reads in series), default=0) or 1
    slot = CHART_WIDTH / max(len(series), 1)
    plot = CHART_HEIGHT - CHART_LABELS
    bars = []
    for n, (day, reads) in enumerate(series):
        height = round(plot * reads / peak, 1)
        x = round(n * slot + slot * 0.15, 1)
        bars.append(
            (
                x,
                round(plot - height, 1),
                round(slot * 0.7, 1),
                height,
                f"{date_format(day, 'D j M')}: {reads} reads",
                round(n * slot + slot / 2, 1),
                CHART_HEIGHT - 4,
                date_format(day, "D"),
            )
        )
    summary = ", ".join(f"{date_format(day, 'D j M')} {reads}" for day, reads in series)
    return format_html(
        '<svg class="reads-chart" viewBox="0 0 {} {}" role="img" aria-label="{}">{}</svg>',
        CHART_WIDTH,
        CHART_HEIGHT,
        f"Reads per day, last {len(series)} days: {summary}",
        format_html_join(
            "",
            '<rect class="bar" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>'
            '<text class="day" x="{}" y="{}" text-anchor="middle">{}</text>',
            bars,
        ),
    )


@register(order=READS_CHART)
def reads_last_7_days(request):
    if not _may_read_articles(request):
        return None
    series = daily_reads(counts=_in_her_editions(request, DailyReadCount.objects, via="article__"))
    total = sum(reads for _, reads in series)
    return Panel(
        f"Reads, last {READS_DAYS} days",
        [Row("Total", detail=f"{total:,}"), Row("Today", detail=f"{series[-1][1]:,}")],
        figure=reads_chart(series),
    )


@register(order=MOST_READ_TODAY)
def most_read_today(request):
    if not _may_read_articles(request):
        return None
    top = (
        _in_her_editions(request, Article.objects.published())
        .filter(daily_reads__day=timezone.localdate())
        .annotate(today_reads=Sum("daily_reads__reads"))
        .order_by("-today_reads", "-pk")[:5]
    )
    return Panel(
        "Most read today",
        _rows(top, lambda a: f"{a.today_reads:,} reads"),
        empty="No reads counted yet today.",
    )
