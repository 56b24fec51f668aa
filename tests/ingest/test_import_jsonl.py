"""The jsonl format: one article per line, the shape export_articles writes."""

import json
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from taggit.models import Tag

from articles.models import Article, Author
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def line(**fields):
    row = {
        "url": "/news/politics/Talks-Resume_2021",
        "headline": "Talks resume in Vienna",
        "standfirst": "Negotiators return.",
        "body_html": "<p>The talks resumed on Monday.</p>",
        "published_at": "2021-09-14T09:39:00+03:00",
        "authors": ["Zainab Haidar", "al mayadeen english"],
        "source": "Agencies",
        "tags": ["syria", "Vienna"],
    }
    row.update(fields)
    return json.dumps(row, ensure_ascii=False)


def run(tmp_path, *rows, args=(), name="batch.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue() + str(exc)
    return out.getvalue(), err.getvalue()


def test_a_line_becomes_an_article_at_its_original_url(tmp_path):
    Tag.objects.create(name="Syria", slug="syria")
    out, err = run(tmp_path, line())
    assert err == ""
    article = Article.objects.get()
    assert article.get_absolute_url() == "/news/politics/Talks-Resume_2021"
    assert article.external_id == "/news/politics/Talks-Resume_2021"
    assert article.published_at == datetime(2021, 9, 14, 9, 39, tzinfo=ZoneInfo("Asia/Beirut"))
    # Authors and tags are matched case-insensitively before anything is created.
    assert [a.name for a in article.byline_authors] == ["Zainab Haidar", "Al Mayadeen English"]
    assert Author.objects.count() == 2
    assert sorted(article.tags.names()) == ["Syria", "Vienna"]
    assert Tag.objects.count() == 2
    assert "1 created, 0 updated, 0 unchanged, 0 failed" in out


def test_changed_content_updates_the_same_article(tmp_path):
    run(tmp_path, line())
    first = Article.objects.get()
    out, err = run(tmp_path, line(headline="Talks resume in Vienna, again", tags=["Vienna"]))
    article = Article.objects.get()
    assert (article.pk, article.get_absolute_url()) == (first.pk, first.get_absolute_url())
    assert article.headline == "Talks resume in Vienna, again"
    assert list(article.tags.names()) == ["Vienna"]
    assert "0 created, 1 updated, 0 unchanged" in out


def test_naive_dates_are_read_in_the_tz_option(tmp_path):
    run(tmp_path, line(published_at="2021-09-14T09:39:00"), args=["--tz", "Europe/Madrid"])
    assert Article.objects.get().published_at == datetime(2021, 9, 14, 9, 39, tzinfo=ZoneInfo("Europe/Madrid"))


def test_unknown_section_is_an_error_unless_section_gives_a_default(tmp_path):
    row = line(url="", section="news/nowhere")
    out, err = run(tmp_path, row)
    assert "batch.jsonl:1: unknown section 'news/nowhere'" in err
    assert not Article.objects.exists()
    run(tmp_path, row, args=["--section", "news/economy"])
    assert Article.objects.get().section.path == "news/economy"


def test_section_is_matched_by_name_case_insensitively(tmp_path):
    run(tmp_path, line(url="", slug="vienna", section="ECONOMY"))
    assert Article.objects.get().get_absolute_url() == "/news/economy/vienna"


def test_status_and_source_options(tmp_path):
    run(tmp_path, line(status="published", source=""), args=["--status", "draft", "--source", "Reuters"])
    article = Article.objects.get()
    assert (article.status, article.source) == ("draft", "Reuters")


def test_without_url_the_identity_is_section_headline_and_time(tmp_path):
    row = line(url="", section="news/politics")
    run(tmp_path, row)
    article = Article.objects.get()
    assert article.external_id == "key:news/politics:2021-09-14T06:39Z:talks-resume-in-vienna"
    assert article.slug == "talks-resume-in-vienna"
    out, _ = run(tmp_path, row)
    assert Article.objects.count() == 1 and "1 unchanged" in out


def test_related_links_by_url_resolve_forward_within_a_batch(tmp_path):
    first = line(url="/news/politics/a", headline="A", related=[{"headline": "B", "url": "/news/politics/b"}])
    second = line(url="/news/politics/b", headline="B")
    run(tmp_path, first, second)
    a = Article.objects.get(slug="a")
    assert [r.to_article.slug for r in a.related_links.all()] == ["b"]


def test_slug_given_is_kept_even_when_another_article_has_the_headline(tmp_path):
    ArticleFactory(headline="Talks resume in Vienna")
    run(tmp_path, line())
    assert Article.objects.filter(slug="Talks-Resume_2021").exists()


def _moved_story():
    """A published story at /news/politics/old-slug, moved since to new-slug (301)."""
    article = ArticleFactory(headline="Old slug", slug="old-slug")
    article.slug = "new-slug"
    article.save()
    return article


@pytest.mark.parametrize("batch", [False, True], ids=["one article", "a batch"])
def test_an_import_cannot_take_the_address_of_a_moved_story(tmp_path, client, batch):
    moved = _moved_story()
    rows = [line(url="/news/politics/old-slug", headline="Imported over the redirect")]
    if batch:  # new articles with given slugs are written in one statement
        rows.append(line(url="/news/politics/another-one", headline="Imported elsewhere"))
    out, err = run(tmp_path, *rows)
    assert "/news/politics/old-slug is the old address of a story that moved to /news/politics/new-slug" in err
    assert not Article.objects.filter(headline="Imported over the redirect").exists()
    assert Article.objects.filter(headline="Imported elsewhere").exists() == batch
    response = client.get("/news/politics/old-slug")
    assert (response.status_code, response["Location"]) == (301, moved.get_absolute_url())


def test_an_imported_story_moved_on_the_desk_may_be_imported_at_its_old_address_again(tmp_path, client):
    run(tmp_path, line())
    article = Article.objects.get()
    article.slug = "renamed-on-the-desk"
    article.save()
    out, err = run(tmp_path, line(headline="Talks resume in Vienna, updated"))
    assert err == ""
    article.refresh_from_db()
    assert article.get_absolute_url() == "/news/politics/Talks-Resume_2021"
    assert client.get("/news/politics/renamed-on-the-desk")["Location"] == "/news/politics/Talks-Resume_2021"


@pytest.mark.parametrize(
    ("corrections", "reason"),
    [
        ([{"kind": "retraction", "text": "x"}], "unknown correction kind 'retraction'"),
        ([{"status": "approved", "text": "x"}], "unknown correction status 'approved'"),
        ([{"kind": "correction", "text": "   "}], "a correction needs its text"),
        ([{"text": "x", "published_at": "yesterday"}], "unparseable date"),
        (["An earlier version erred."], "field 'corrections' must be a list of objects"),
        ({"text": "x"}, "field 'corrections' must be a list"),
    ],
)
def test_a_bad_notice_fails_its_line_alone_with_the_reason(tmp_path, corrections, reason):
    good = line(url="/news/politics/good-one", corrections=[{"kind": "clarification", "text": "Clearer now."}])
    out, err = run(tmp_path, good, line(corrections=corrections))
    assert "1 created, 0 updated, 0 unchanged, 1 failed" in out
    assert reason in err
    (article,) = Article.objects.all()
    (notice,) = article.corrections.all()
    # No publication time given: a published notice dates from the article's last revision
    # or publication, so dateModified never moves to the import's own time.
    assert (notice.kind, notice.status, notice.published_at) == ("clarification", "published", article.published_at)


def test_a_notice_or_live_update_field_change_updates_the_article(tmp_path):
    run(tmp_path, line(format="live", live_updates=[{"posted_at": "2021-09-14T10:00:00Z", "body": "<p>a</p>"}]))
    out, _ = run(
        tmp_path,
        line(
            format="live",
            live_updates=[{"posted_at": "2021-09-14T10:00:00Z", "body": "<p>a</p>", "key_event": True}],
        ),
    )
    assert "0 created, 1 updated" in out
    assert Article.objects.get().live_updates.get().key_event is True
    out, _ = run(
        tmp_path,
        line(
            format="live",
            live_updates=[{"posted_at": "2021-09-14T10:00:00Z", "body": "<p>a</p>", "key_event": True}],
            corrections=[{"kind": "update", "text": "Talks moved to Geneva.", "status": "proposed"}],
        ),
    )
    assert "0 created, 1 updated" in out
    assert Article.objects.get().corrections.get().status == "proposed"
