"""import_articles as an operator uses it: idempotence, dry runs, stdin, folders, failures, output."""

import io
import json
import shutil
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, OutputWrapper
from taggit.models import Tag

from articles.models import Article, Author, BreakingItem, Byline, RelatedArticle, TaggedArticle
from ingest import loader as loader_module
from ingest.progress import Reporter
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[2] / "demo" / "data" / "al-mayadeen-article-page.txt"


def call(*args, stdin=None):
    out, err = StringIO(), StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def jsonl_batch(path, n):
    rows = [
        f'{{"url": "/news/economy/item-{i}", "headline": "Item {i}", "body_html": "<p>Text {i}.</p>", '
        f'"published_at": "2024-05-0{1 + i % 9}T08:00:00+03:00", "authors": ["Writer {i % 2}"], '
        f'"tags": ["Tag {i % 3}", "Common"]}}'
        for i in range(n)
    ]
    path.write_text("\n".join(rows) + "\n")
    return path


def test_importing_twice_creates_nothing_the_second_time():
    out, _ = call(SEED)
    assert "11 created, 0 updated, 0 unchanged, 0 failed" in out
    counts = (Article.objects.count(), BreakingItem.objects.count(), Author.objects.count(), Tag.objects.count())
    modified = Article.objects.get().last_saved_at
    out, _ = call(SEED, "-v", "2")
    assert "0 created, 0 updated, 11 unchanged, 0 failed" in out
    listed = [line for line in out.splitlines() if line.startswith("unchanged")]
    assert len(listed) == 11
    assert (Article.objects.count(), BreakingItem.objects.count(), Author.objects.count(), Tag.objects.count()) == (
        counts
    )
    assert Article.objects.get().last_saved_at == modified


def test_dry_run_writes_nothing():
    out, _ = call(SEED, "--dry-run")
    assert out.startswith("Dry run, nothing written: 11 created")
    assert not Article.objects.exists() and not BreakingItem.objects.exists()
    assert not Author.objects.filter(name="Al Mayadeen").exists()


def test_standard_input(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SEED.read_bytes())))
    out, _ = call("-")
    assert "11 created" in out
    assert Article.objects.get().headline == "Putin: Joint Efforts Defeated Extremism in Syria"


def test_a_folder_is_walked_and_format_comes_from_content(tmp_path):
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    shutil.copy(SEED, nested / "page.html")  # a text page with the wrong name
    jsonl_batch(tmp_path / "a" / "batch.txt", 3)  # JSON Lines with the wrong name
    (tmp_path / "a" / "logo.png").write_bytes(b"\x89PNG not an article")
    out, err = call(tmp_path, "-v", "2")
    assert err == ""
    assert Article.objects.count() == 4
    assert f"{tmp_path / 'a' / 'logo.png'}: skipped (not an article file)" in out


def test_forced_format_is_used(tmp_path):
    path = jsonl_batch(tmp_path / "batch.jsonl", 1)
    with pytest.raises(CommandError):
        call(path, "--format", "page-text")
    assert not Article.objects.exists()


def test_one_bad_file_does_not_stop_the_run(tmp_path):
    shutil.copy(SEED, tmp_path / "1-good.txt")
    (tmp_path / "2-bad.txt").write_bytes(b"")
    jsonl_batch(tmp_path / "3-more.jsonl", 2)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 item"):
        call_command("import_articles", str(tmp_path), stdout=out, stderr=err)
    assert err.getvalue().strip() == f"{tmp_path / '2-bad.txt'}: empty file"
    assert Article.objects.count() == 3
    assert "13 created, 0 updated, 0 unchanged, 1 failed" in out.getvalue()


def test_verbosity_zero_prints_no_summary(tmp_path):
    out, err = call(jsonl_batch(tmp_path / "b.jsonl", 2), "-v", "0")
    assert (out, err) == ("", "")
    assert Article.objects.count() == 2


def test_bad_options_are_command_errors():
    with pytest.raises(CommandError, match="not a time zone"):
        call(SEED, "--tz", "Mars/Olympus")
    with pytest.raises(CommandError, match="not a section path"):
        call(SEED, "--section", "nowhere")


def test_a_future_date_is_imported_as_scheduled(tmp_path):
    path = tmp_path / "future.jsonl"
    path.write_text('{"url": "/news/politics/soon", "headline": "Soon", "published_at": "2999-01-01T08:00:00Z"}\n')
    out, _ = call(path, "-v", "2")
    article = Article.objects.get()
    assert article.is_scheduled and not Article.objects.published().exists()
    assert f"{path}:1: scheduled for 2999-01-01 10:00" in out


def test_a_failing_article_leaves_nothing_behind(tmp_path, monkeypatch):
    real = loader_module.Loader._tag_id

    def fail_on_item_1(self, name, pending, slug=""):
        if name == "Tag 1":
            raise loader_module.ImportFailure("tag store unavailable")
        return real(self, name, pending, slug)

    monkeypatch.setattr(loader_module.Loader, "_tag_id", fail_on_item_1)
    path = jsonl_batch(tmp_path / "b.jsonl", 3)
    with pytest.raises(CommandError):
        call(path)
    assert sorted(Article.objects.values_list("slug", flat=True)) == ["item-0", "item-2"]
    assert not Author.objects.filter(name="Writer 1").exists()  # created for item 1 only, rolled back with it
    assert not Tag.objects.filter(name="Tag 1").exists()


def test_an_interrupted_run_leaves_no_half_article_and_a_rerun_completes(tmp_path, monkeypatch):
    path = jsonl_batch(tmp_path / "b.jsonl", 5)
    real = TaggedArticle.objects.bulk_create
    calls = {"n": 0}

    def interrupt(objs, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise KeyboardInterrupt
        return real(objs, *args, **kwargs)

    monkeypatch.setattr(TaggedArticle.objects, "bulk_create", interrupt)
    with pytest.raises(KeyboardInterrupt):
        call(path)
    # The open chunk (all five here) is rolled back whole: never an article without its tags.
    assert calls["n"] == 1
    assert Article.objects.count() == 0 and Byline.objects.count() == 0
    monkeypatch.setattr(TaggedArticle.objects, "bulk_create", real)
    out, _ = call(path)
    assert Article.objects.count() == 5
    assert Byline.objects.count() == 5 and TaggedArticle.objects.count() == 10
    assert "0 failed" in out


def test_progress_is_a_redrawn_line_on_a_terminal_and_plain_lines_otherwise():
    tty, plain = StringIO(), StringIO()
    on_terminal = Reporter(OutputWrapper(StringIO()), OutputWrapper(tty), tty=True)
    elsewhere = Reporter(OutputWrapper(StringIO()), OutputWrapper(plain), tty=False, every=2)
    for reporter in (on_terminal, elsewhere):
        for n in range(4):
            reporter("article", "created", f"f.jsonl:{n}", "x")
        reporter.close()
    assert tty.getvalue().startswith("\r") and "4 items: 4 new, 0 updated, 0 unchanged, 0 failed" in tty.getvalue()
    lines = plain.getvalue().splitlines()
    assert [line.split(" (")[0] for line in lines] == ["... 2 items", "... 4 items"]
    assert "\r" not in plain.getvalue()


DATA = Path(__file__).resolve().parent / "data"
FARMERS_PAGE = DATA / "news-2024-blank-hero-caption.txt"


def report(*args):
    """Every line the command prints about the items (verbosity 2), and its summary without
    the dry-run prefix and the time taken: what a dry run must predict."""
    out = StringIO()
    try:
        call_command("import_articles", *map(str, args), "--verbosity", "2", stdout=out, stderr=out)
    except CommandError as exc:
        out.write(f"{exc}\n")
    text = out.getvalue().replace("Dry run, nothing written: ", "")
    return [line.split(" in ")[0] if " failed (" in line else line for line in text.splitlines()]


def test_a_dry_run_reports_the_slug_collision_the_real_run_meets():
    taken = ArticleFactory(headline="Another story", slug="south-lebanon-s-farmers-count-the-cost-of-a-year-of-strikes")
    dry = report(FARMERS_PAGE, "--dry-run")
    assert Article.objects.get() == taken and not BreakingItem.objects.exists()
    assert dry == report(FARMERS_PAGE)
    assert any("slug collision" in line for line in dry)
    assert "1 item(s) failed; see the messages above" in dry


def test_a_dry_run_reports_the_duplicate_the_real_run_meets(tmp_path):
    row = {"url": "/news/politics/talks", "headline": "Talks", "published_at": "2024-05-01T08:00:00+03:00"}
    rows = [{**row, "body_html": "<p>One.</p>"}, {**row, "body_html": "<p>Two.</p>"}]
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    dry = report(path, "--dry-run")
    assert not Article.objects.exists()
    assert dry == report(path)


def test_a_dry_run_reports_the_related_links_the_real_run_makes():
    call(SEED)
    ArticleFactory(headline="Tom Barrack urges full repeal of Caesar Act to 'give Syria a chance'")
    dry = report(SEED, "--dry-run")
    assert not RelatedArticle.objects.filter(to_article__isnull=False).exists()
    assert dry == report(SEED)
    assert any(line.startswith("0 created, 1 updated") for line in dry)
    assert RelatedArticle.objects.filter(to_article__isnull=False).count() == 1


def test_a_dry_run_of_a_page_fixture_predicts_the_real_run():
    for page in sorted(DATA.glob("*.txt")):
        dry = report(page, "--dry-run")
        assert not Article.objects.exists(), page
        assert dry == report(page), page
        Article.objects.all().delete()
        BreakingItem.objects.all().delete()
