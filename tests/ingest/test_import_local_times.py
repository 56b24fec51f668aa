"""Dates without an offset around Beirut's daylight-saving changes of 2024 and 2025, through
``import_articles``: every format and every dated field reads them by one rule.

A time that happens twice (23:00–23:59 of the Saturday before the last Sunday of
October) is the first, summer-time instant; a time that never happens (00:00–00:59 of
the last Sunday of March) fails its item with the reason, the rest of the run goes on.
"""

import json
from datetime import UTC, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, BreakingItem, LiveUpdate
from tests.factories import ArticleFactory, BreakingItemFactory
from tests.ingest.test_import_page_text import page

pytestmark = pytest.mark.django_db

BEIRUT = ZoneInfo("Asia/Beirut")
FALL_BACK = {2024: (2024, 10, 26), 2025: (2025, 10, 25)}
SPRING_FORWARD = {2024: (2024, 3, 31), 2025: (2025, 3, 30)}
MONTHS = {3: "Mar", 10: "Oct"}


def run(*paths):
    """(exit ok, stdout, stderr) of import_articles on ``paths``."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", *map(str, paths), stdout=out, stderr=err)
    except CommandError as exc:
        return False, out.getvalue(), err.getvalue() + str(exc)
    return True, out.getvalue(), err.getvalue()


def first_2330_utc(year):
    """The first 23:30 of the fall-back night is still summer time, UTC+3."""
    return datetime(*FALL_BACK[year], 20, 30, tzinfo=UTC)


def page_text(headline, day, clock):
    year, month, dom = day
    return page(
        f"{headline}\n\nBy Al Mayadeen English / Source: Agencies / {dom} {MONTHS[month]} {year} {clock} / "
        "3 Min Read / Mediators stay on in Doha. / Listen",
        ["The talks went on through the night."],
    )


def html_page(slug, published):
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": f"Night talks {slug}",
        "datePublished": published,
        "author": {"@type": "Person", "name": "Zainab Haidar"},
    }
    return (
        "<!doctype html><html lang='en'><head><title>x</title>"
        f"<link rel='canonical' href='https://english.almayadeen.net/news/politics/{slug}'>"
        f"<script type='application/ld+json'>{json.dumps(data)}</script></head>"
        "<body><main><h1>Night talks</h1><p>The talks went on through the night.</p></main></body></html>"
    )


def jsonl_article(slug, **fields):
    row = {
        "url": f"/news/politics/{slug}",
        "headline": f"Night talks {slug}",
        "body_html": "<p>The talks went on.</p>",
        "published_at": "2021-09-14T09:39:00+03:00",
    }
    row.update(fields)
    return json.dumps(row)


@pytest.mark.parametrize("year", [2024, 2025])
def test_page_text_date_in_the_repeated_hour_is_the_first_one(tmp_path, year):
    (tmp_path / "night.txt").write_text(page_text("Night talks in Doha", FALL_BACK[year], "23:30"))
    ok, out, err = run(tmp_path / "night.txt")
    assert ok, err
    assert Article.objects.get().published_at == first_2330_utc(year)


@pytest.mark.parametrize("year", [2024, 2025])
def test_page_text_date_in_the_skipped_hour_fails_that_page_with_the_reason(tmp_path, year):
    (tmp_path / "skipped.txt").write_text(page_text("Night talks in Doha", SPRING_FORWARD[year], "00:30"))
    (tmp_path / "fine.txt").write_text(page_text("Morning talks in Doha", SPRING_FORWARD[year], "01:30"))
    ok, out, err = run(tmp_path)
    assert not ok
    dom = SPRING_FORWARD[year][2]
    assert f"skipped.txt: date {year}-03-{dom:02d} 00:30: 00:00–00:59 on {dom} Mar {year} does not exist" in err
    assert "clocks go from 00:00 to 01:00" in err
    assert "Traceback" not in err
    assert list(Article.objects.values_list("headline", flat=True)) == ["Morning talks in Doha"]
    assert Article.objects.get().published_at == datetime(*SPRING_FORWARD[year], 1, 30, tzinfo=BEIRUT)


@pytest.mark.parametrize("year", [2024, 2025])
def test_html_naive_dates_follow_the_same_rule(tmp_path, year):
    y, m, d = FALL_BACK[year]
    (tmp_path / "repeated.html").write_text(html_page("repeated", f"{y}-{m:02d}-{d:02d}T23:30:00"))
    y, m, d = SPRING_FORWARD[year]
    (tmp_path / "skipped.html").write_text(html_page("skipped", f"{y}-{m:02d}-{d:02d}T00:15:00"))
    ok, out, err = run(tmp_path)
    assert not ok
    assert "skipped.html: publication date" in err and "does not exist in Asia/Beirut" in err
    assert Article.objects.get().published_at == first_2330_utc(year)


@pytest.mark.parametrize("year", [2024, 2025])
def test_jsonl_every_dated_field_follows_the_rule_and_a_rerun_is_unchanged(tmp_path, year):
    y, m, d = FALL_BACK[year]
    repeated = f"{y}-{m:02d}-{d:02d}T23:30:00"
    y, m, d = SPRING_FORWARD[year]
    skipped = f"{y}-{m:02d}-{d:02d}T00:30:00"
    rows = [
        jsonl_article("repeated", published_at=repeated, updated_at=repeated),
        jsonl_article("live", format="live", live_updates=[{"posted_at": repeated, "title": "Late", "body": "x"}]),
        jsonl_article("skipped-update", updated_at=skipped),
        jsonl_article("skipped-live", live_updates=[{"posted_at": skipped, "body": "x"}]),
        json.dumps({"type": "breaking", "text": "Talks go on overnight", "starts_at": repeated}),
        json.dumps({"type": "breaking", "text": "Skipped line", "starts_at": skipped}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(rows) + "\n")
    ok, out, err = run(path)
    assert not ok
    assert "batch.jsonl:3: field 'updated_at'" in err and "does not exist in Asia/Beirut" in err
    assert "batch.jsonl:4: field 'posted_at'" in err
    assert "batch.jsonl:6: field 'starts_at'" in err
    article = Article.objects.get(slug="repeated")
    assert (article.published_at, article.revised_at) == (first_2330_utc(year), first_2330_utc(year))
    assert LiveUpdate.objects.get().posted_at == first_2330_utc(year)
    assert BreakingItem.objects.get().starts_at == first_2330_utc(year)
    assert set(Article.objects.values_list("slug", flat=True)) == {"repeated", "live"}
    # Idempotent around the change too: nothing reads as changed on a second run.
    ok, out, err = run(path)
    assert "0 created, 0 updated, 3 unchanged, 3 failed" in out


@pytest.mark.parametrize("year", [2024, 2025])
def test_an_export_keeps_the_second_of_two_identical_times(tmp_path, year):
    y, m, d = FALL_BACK[year]
    second = datetime(y, m, d, 21, 30, tzinfo=UTC)  # 23:30 again, now UTC+2
    ArticleFactory(slug="second-2330", published_at=second).tags.add("Doha")
    BreakingItemFactory(starts_at=second)  # an export without ticker lines cannot be re-imported yet
    call_command("export_articles", str(tmp_path / "out"), stdout=StringIO())
    Article.objects.all().delete()
    BreakingItem.objects.all().delete()
    ok, out, err = run(tmp_path / "out")
    assert ok, err
    assert Article.objects.get(slug="second-2330").published_at == second
    assert BreakingItem.objects.get().starts_at == second
