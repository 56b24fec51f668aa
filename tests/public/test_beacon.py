"""The view beacon must be earned: believable client addresses, the page's signed
token, per-client limits, and database writes in batches (red-team findings)."""

import ipaddress
import time

import pytest
from django.db import DatabaseError
from django.test import RequestFactory
from django.utils import timezone

from articles.models import DailyReadCount
from newsroom.clientip import client_ip
from public import readcount, selectors
from tests.factories import ArticleFactory
from tests.test_settings_and_health import manage

pytestmark = pytest.mark.django_db
AGENT = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"


def post(client, article, *, token="page", ip="203.0.113.5", forwarded=None, agent=AGENT):  # noqa: S107
    data = {}
    if token == "page":
        data[readcount.TOKEN_FIELD] = readcount.make_token(article.pk)
    elif token is not None:
        data[readcount.TOKEN_FIELD] = token
    extra = {"REMOTE_ADDR": ip}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(f"/beacon/view/{article.pk}", data, headers={"User-Agent": agent}, **extra)


def reads(article):
    readcount.buffer.flush()
    return sum(DailyReadCount.objects.filter(article=article).values_list("reads", flat=True))


# --- who the client is -------------------------------------------------------------


def test_spoofed_forwarded_for_is_one_reader(client):
    # Red team: 1 000 beacons, each with a different made-up X-Forwarded-For, counted 1 000 times.
    article = ArticleFactory()
    for i in range(1000):
        assert post(client, article, forwarded=f"198.{i // 250}.{i % 250}.7").status_code == 204
    assert reads(article) == 1


def test_spoofed_entries_before_our_proxy_are_ignored(client, settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]
    article = ArticleFactory()
    # Our proxy (10.0.0.2) appended the real client (203.0.113.9) after whatever the client sent.
    for i in range(50):
        post(client, article, ip="10.0.0.2", forwarded=f"198.51.100.{i}, 203.0.113.9")
    assert reads(article) == 1
    # A second real client behind the same proxy is a second reader.
    post(client, article, ip="10.0.0.2", forwarded="203.0.113.10")
    assert reads(article) == 2


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.5", "1.2.3.4", "203.0.113.5"),  # not from a trusted proxy: header ignored
        ("10.0.0.2", "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # first untrusted from the right
        ("10.0.0.2", "203.0.113.9, 10.0.0.3", "203.0.113.9"),  # two trusted hops
        ("10.0.0.2", "garbage, 203.0.113.9", "203.0.113.9"),
        ("10.0.0.2", "203.0.113.9, garbage", "10.0.0.2"),  # garbage from our side: stop at the proxy
        ("10.0.0.2", "", "10.0.0.2"),
        ("10.0.0.2", "[2001:db8::1]:443", "2001:db8::1"),
        ("10.0.0.2", "203.0.113.9:5555", "203.0.113.9"),
        ("::ffff:203.0.113.5", "", "203.0.113.5"),
    ],
)
def test_client_ip_trusts_only_configured_proxies(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("fd00::/8")]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "10.0.0.2"


def test_an_ipv6_subscriber_is_one_reader_whatever_address_of_its_64_it_uses(client):
    article = ArticleFactory()
    for i in range(20):
        post(client, article, ip=f"2001:db8:1:2::{i + 1:x}")
    post(client, article, ip="2001:db8:1:3::1")  # another /64: another reader
    assert reads(article) == 2


# --- the page's signed token --------------------------------------------------------


def test_the_article_page_embeds_a_token_for_its_article(client):
    article = ArticleFactory()
    html = client.get(article.get_absolute_url()).content.decode()
    token = html.split('data-beacon-token="')[1].split('"')[0]
    assert readcount.token_is_valid(token, article.pk)
    assert not readcount.token_is_valid(token, article.pk + 1)


def test_a_beacon_without_the_page_token_is_not_a_read(client):
    article, other = ArticleFactory(), ArticleFactory()
    post(client, article, token=None)
    post(client, article, token="", ip="203.0.113.6")
    post(client, article, token=readcount.make_token(other.pk), ip="203.0.113.7")  # another article's
    forged = readcount.make_token(article.pk)[:-2] + "xx"
    post(client, article, token=forged, ip="203.0.113.8")
    assert reads(article) == 0


def test_a_token_expires_after_its_window_and_the_next(client):
    article = ArticleFactory()
    window = readcount.settings.BEACON_TOKEN_WINDOW
    now = time.time()
    assert readcount.token_is_valid(readcount.make_token(article.pk, now - window), article.pk)
    old = readcount.make_token(article.pk, now - 2 * window)
    assert not readcount.token_is_valid(old, article.pk)
    post(client, article, token=old)
    assert reads(article) == 0


def test_a_token_is_the_same_for_every_render_in_a_window():
    # Cached copies on several servers (and their ETags) agree.
    now = (time.time() // 3600) * 3600 + 10
    assert readcount.make_token(7, now) == readcount.make_token(7, now + 3000)


# --- limits ---------------------------------------------------------------------------


def test_one_client_cannot_put_an_article_at_the_top_of_most_read(client):
    # Red team: ~670 beacons in 15 s from one machine put an article at #1.
    pushed, read = ArticleFactory(headline="Pushed"), ArticleFactory(headline="Really read")
    for _ in range(670):
        post(client, pushed)
    for i in range(3):
        post(client, read, ip=f"198.51.100.{i}")
    readcount.buffer.flush()
    assert [a.headline for a in selectors.most_read(2)] == ["Really read", "Pushed"]


def test_a_client_over_its_rate_limit_counts_no_more_reads(client, settings):
    settings.BEACON_RATE_LIMIT = 5
    articles = [ArticleFactory() for _ in range(8)]
    for article in articles:
        post(client, article)
    assert [reads(a) for a in articles] == [1] * 5 + [0] * 3


def test_the_rate_limit_is_shared_by_workers_through_the_cache(client, settings, monkeypatch):
    settings.BEACON_RATE_LIMIT = 4
    articles = [ArticleFactory() for _ in range(6)]
    for article in articles[:3]:
        post(client, article)
    monkeypatch.setattr(readcount, "_gate", readcount._LocalGate())  # another worker: its own memory
    for article in articles[3:]:
        post(client, article)
    assert [reads(a) for a in articles] == [1, 1, 1, 1, 0, 0]


def test_a_refused_client_is_answered_before_django_runs(client, settings):
    """The WSGI guard: a flood costs no request object, middleware or cache round trip."""
    settings.BEACON_RATE_LIMIT = 2
    article = ArticleFactory()
    for _ in range(3):
        post(client, article)
    started = []

    def app(environ, start_response):
        started.append(environ["PATH_INFO"])
        raise AssertionError("Django should not run")

    def start_response(status, headers):
        started.append(status)

    guard = readcount.BeaconFloodGuard(app)
    environ = RequestFactory().post(article.get_absolute_url()).environ
    environ.update(PATH_INFO=f"/beacon/view/{article.pk}", REMOTE_ADDR="203.0.113.5")
    assert guard(environ, start_response) == []
    assert started == ["204 No Content"]
    environ["REMOTE_ADDR"] = "203.0.113.99"  # anyone else still reaches Django
    with pytest.raises(AssertionError):
        guard(environ, start_response)


def test_beacons_skip_the_rest_of_the_middleware(client):
    article = ArticleFactory()
    response = post(client, article)
    assert response.status_code == 204
    assert "Content-Security-Policy" not in response  # CSP middleware never ran
    assert "no-store" in response["Cache-Control"]


# --- writes in batches ------------------------------------------------------------------


def test_a_read_costs_no_database_query_until_the_flush(client, settings, django_assert_num_queries):
    settings.BEACON_FLUSH_SECONDS = 60
    article = ArticleFactory()
    post(client, article, ip="198.51.100.1")  # first flush of this worker's buffer happens later
    with django_assert_num_queries(0):
        for i in range(20):
            post(client, article, ip=f"203.0.113.{i}")
    assert DailyReadCount.objects.filter(article=article).count() == 0
    assert readcount.buffer.flush() == 21
    assert reads(article) == 21


def test_a_flush_writes_one_row_per_article_and_day(client, settings, django_assert_max_num_queries):
    settings.BEACON_FLUSH_SECONDS = 60
    articles = [ArticleFactory() for _ in range(3)]
    for i in range(30):
        post(client, articles[i % 3], ip=f"203.0.113.{i}")
    # A transaction, one published() check, and per article an UPDATE plus the first INSERT.
    with django_assert_max_num_queries(1 + 3 * 4 + 2):
        assert readcount.buffer.flush() == 30
    assert [reads(a) for a in articles] == [10, 10, 10]
    today = timezone.localdate()
    assert DailyReadCount.objects.filter(day=today).count() == 3


def test_due_reads_are_written_by_the_next_request_of_the_worker(client, settings):
    settings.BEACON_FLUSH_SECONDS = 0
    article = ArticleFactory()
    post(client, article)
    assert DailyReadCount.objects.get(article=article).reads == 1


def test_reads_survive_a_failed_flush(client, settings, monkeypatch):
    settings.BEACON_FLUSH_SECONDS = 60
    article = ArticleFactory()
    post(client, article)

    def broken(*args, **kwargs):
        raise DatabaseError("database is down")

    with monkeypatch.context() as patched:
        patched.setattr(readcount, "record_reads", broken)
        assert readcount.buffer.flush() == 0
    assert readcount.buffer.flush() == 1


def test_the_reader_identity_does_not_hold_the_address():
    reader = readcount.reader_id({"REMOTE_ADDR": "203.0.113.5"})
    assert "203" not in reader
    assert reader == readcount.reader_id({"REMOTE_ADDR": "203.0.113.5"})
    assert reader != readcount.reader_id({"REMOTE_ADDR": "203.0.113.6"})


def test_a_garbage_trusted_proxy_setting_is_refused_at_start():
    result = manage("check", TRUSTED_PROXIES="10.0.0.0/8, the-load-balancer")
    assert result.returncode != 0
    assert "TRUSTED_PROXIES" in result.stderr
