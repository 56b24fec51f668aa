"""Bad input: every case gives a clear message, writes nothing of the bad item, and no traceback."""

import json
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from taggit.models import Tag

from articles.models import Article, Author, BreakingItem, Byline
from tests.factories import ArticleFactory, image_bytes

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[2] / "demo" / "data" / "al-mayadeen-article-page.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
HEADLINE = "Putin: Joint Efforts Defeated Extremism in Syria"


def good(**fields):
    row = {
        "url": "/news/politics/good-one",
        "headline": "A good article",
        "body_html": "<p>Fine.</p>",
        "published_at": "2024-01-02T10:00:00+02:00",
        "authors": ["New Writer"],
        "tags": ["Fresh tag"],
    }
    row.update(fields)
    return json.dumps(row)


def html_page(head="", body="<article><p>Body text.</p></article>"):
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


CASES = {
    "empty": ("empty.txt", b"", "empty file"),
    "blank": ("blank.txt", b"   \n\n\t\n", "empty file"),
    "png": ("photo.txt", image_bytes(20, 20, fmt="PNG"), "binary file (a PNG image), not an article"),
    "nul-bytes": ("data.txt", b"abc\x00\x01\x02def" * 100, "binary file (contains NUL bytes)"),
    "control-chars": ("ctl.txt", b"Headline\x07\x08 here\n\n" * 10, "binary file (contains control characters)"),
    "truncated": ("cut.txt", SEED_TEXT.split(HEADLINE)[0].encode(), "no article in this page"),
    "header-only": (
        "head.txt",
        SEED_TEXT.split("The Syrian President Bashar al-Assad had")[0].encode(),
        "no article body",
    ),
    "no-headline": ("nohead.txt", SEED_TEXT.replace(HEADLINE + "\n", "").encode(), "missing headline"),
    "bad-date": ("date.txt", SEED_TEXT.replace("14 Sep 2021 09:39", "31 Feb 2021 09:39").encode(), "unparseable date"),
    "no-date": ("nodate.txt", SEED_TEXT.replace("  • 14 Sep 2021 09:39\n", "").encode(), "no publication date"),
    "mojibake": (
        "moji.txt",
        SEED_TEXT.replace("'back to normal'", "â€˜back to normalâ€™").encode(),
        "text is already mojibake",
    ),
    "bad-utf16": ("u16.txt", b"\xff\xfeH\x00i\x00\x00\xd8", "invalid UTF-16-LE text after its byte-order mark"),
    "html-no-headline": ("nohead.html", html_page().encode(), "missing headline"),
    "html-bad-date": (
        "date.html",
        html_page(
            '<meta property="og:title" content="T"><meta property="article:published_time" content="soon">'
        ).encode(),
        "unparseable publication date 'soon'",
    ),
    "jsonl-wrong-type-list": ("a.jsonl", good(tags="Syria").encode(), "field 'tags' must be a list, not str"),
    "jsonl-wrong-type-str": ("b.jsonl", good(headline=42).encode(), "field 'headline' must be a string, not int"),
    "jsonl-list-item-type": ("c.jsonl", good(authors=["A", 3]).encode(), "must be a list of strings"),
    "jsonl-bad-date": ("d.jsonl", good(published_at="yesterday").encode(), "unparseable date 'yesterday'"),
    "jsonl-long-headline": ("e.jsonl", good(headline="x" * 10_000).encode(), "headline is 10000 characters long"),
    "jsonl-no-headline": ("f.jsonl", good(headline="").encode(), "missing headline"),
    "jsonl-array": ("g.jsonl", b'{"x": 1}\n[1, 2]\n', "expected a JSON object, found list"),
    "jsonl-status": ("h.jsonl", good(status="live").encode(), "unknown status 'live'"),
    "jsonl-region": ("i.jsonl", good(regions=["Atlantis"]).encode(), "unknown region 'Atlantis'"),
    "jsonl-path-traversal": (
        "j.jsonl",
        good(hero_image={"file": "../../etc/passwd", "alt": "x"}).encode(),
        "must be a relative path inside media/",
    ),
    "jsonl-missing-image": ("k.jsonl", good(hero_image={"file": "nope.jpg", "alt": "x"}).encode(), "is missing"),
    "jsonl-no-date": ("l.jsonl", good(published_at=None).encode(), "a published article needs a publication date"),
    "jsonl-video-url": ("m.jsonl", good(video_url="javascript:alert(1)").encode(), "is not an http(s) address"),
    "jsonl-slug-slash": ("n.jsonl", good(url="", section="news/politics", slug="a/b").encode(), "not usable in a URL"),
    "jsonl-not-utf8": ("o.jsonl", good(headline="café").replace("\\u00e9", "\xe9").encode("latin-1"), "not UTF-8 text"),
    "jsonl-nul-escape": ("q.jsonl", good(slug="a\u0000b").encode(), "field 'slug' contains control characters"),
    "jsonl-long-url": (
        "r.jsonl",
        good(video_url="https://example.org/" + "v" * 300).encode(),
        "video_url is 320 characters long; at most 200 fit",
    ),
    "jsonl-section": ("p.jsonl", good(url="", section="sport/cricket").encode(), "unknown section 'sport/cricket'"),
}


def run(path):
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match=r"failed"):
        call_command("import_articles", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot():
    return (
        Article.objects.count(),
        BreakingItem.objects.count(),
        Author.objects.count(),
        Tag.objects.count(),
        Byline.objects.count(),
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_reported_and_nothing_is_written(case, tmp_path):
    name, content, reason = CASES[case]
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot()
    out, err = run(path)
    lines = [line for line in err.splitlines() if line.strip()]
    assert any(line.startswith(str(path)) and reason in line for line in lines), err
    assert "Traceback" not in err + out
    assert snapshot() == before
    assert "failed" in out


def test_a_hundred_megabyte_file_is_refused_by_size_without_reading_it(tmp_path):
    path = tmp_path / "huge.html"
    with open(path, "wb") as fh:
        fh.write(b"<!doctype html><html><body><article><h1>Big</h1>")
        fh.truncate(100 * 1024 * 1024)  # sparse: no disk space, no time
    started = time.perf_counter()
    _, err = run(path)
    assert time.perf_counter() - started < 2
    assert f"{path}: file is 104.9 MB; a page may be at most 10 MB" in err
    assert not Article.objects.exists()


def test_one_malformed_line_among_good_ones(tmp_path):
    path = tmp_path / "mixed.jsonl"
    rows = [good(url=f"/news/politics/good-{n}", headline=f"Good {n}") for n in range(3)]
    rows.insert(1, '{"headline": "broken", ')
    path.write_text("\n".join(rows) + "\n")
    out, err = run(path)
    assert err.strip().splitlines() == [f"{path}:2: malformed JSON (Expecting property name enclosed in double quotes "
                                        "at column 24)"]  # fmt: skip
    assert sorted(Article.objects.values_list("slug", flat=True)) == ["good-0", "good-1", "good-2"]
    assert "3 created, 0 updated, 0 unchanged, 1 failed" in out


def test_duplicates_within_one_batch(tmp_path):
    path = tmp_path / "dupes.jsonl"
    same = good()
    path.write_text("\n".join([same, same, good(headline="Other content, same URL")]) + "\n")
    out, err = run(path)
    assert Article.objects.get().headline == "A good article"
    assert f"{path}:3: duplicate: the article '/news/politics/good-one' came earlier in this run" in err
    assert "1 created, 0 updated, 1 unchanged, 1 failed" in out


def test_slug_collision_with_another_article_is_refused(tmp_path):
    ArticleFactory(headline="Already here", slug="good-one")
    path = tmp_path / "collide.jsonl"
    path.write_text(good() + "\n")
    _, err = run(path)
    assert "slug collision: /news/politics/good-one already belongs to another article" in err
    assert Article.objects.get().headline == "Already here"
    assert not Author.objects.filter(name="New Writer").exists()
    assert not Tag.objects.filter(name="Fresh tag").exists()


def test_an_image_that_is_not_an_image_is_refused(tmp_path):
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "fake.jpg").write_text("not a jpeg")
    path = tmp_path / "img.jsonl"
    path.write_text(good(hero_image={"file": "fake.jpg", "alt": "x"}) + "\n")
    _, err = run(path)
    assert "image fake.jpg: This file is not a valid image" in err
    assert snapshot() == (0, 0, 1, 0, 0)  # the house author of the seed migration only


def test_a_missing_path_is_reported(tmp_path):
    _, err = run(tmp_path / "nowhere.txt")
    assert f"{tmp_path / 'nowhere.txt'}: no such file or folder" in err
