"""Import files built to hurt the importer: each bad item fails alone with its reason,
nothing is read outside what the operator named, and parsing stays linear in size."""

import contextlib
import html
import io
import signal
import time
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from ingest.formats import html as html_format
from ingest.formats import jsonl, page_text, wordpress_content, wxr
from ingest.records import ArticleRecord, ImportFailure
from tests.factories import image_bytes
from tests.ingest.test_import_bad_input import SEED_TEXT, good, html_page

pytestmark = pytest.mark.django_db


def run(*paths, fails=True):
    out, err = StringIO(), StringIO()
    if fails:
        with pytest.raises(CommandError, match=r"failed"):
            call_command("import_articles", *map(str, paths), stdout=out, stderr=err)
    else:
        try:
            call_command("import_articles", *map(str, paths), stdout=out, stderr=err)
        except CommandError:
            pytest.fail(err.getvalue())
    return out.getvalue(), err.getvalue()


def six_good_lines_around(bad):
    rows = [good(url=f"/news/politics/good-{n}", headline=f"Good {n}") for n in range(6)]
    return "\n".join(rows[:3] + [bad] + rows[3:]) + "\n"


# --- JSON: nesting and duplicate keys ---------------------------------------------


@pytest.mark.parametrize("levels", [65, 100_000])
def test_a_deeply_nested_line_fails_alone(tmp_path, levels):
    path = tmp_path / "deep.jsonl"
    deep = '{"headline": "Deep", "extra": ' + "[" * levels + "]" * levels + "}"
    path.write_text(six_good_lines_around(deep))
    out, err = run(path)
    assert err.strip().splitlines() == [f"{path}:4: JSON nested deeper than 64 levels"]
    assert Article.objects.count() == 6
    assert "6 created, 0 updated, 0 unchanged, 1 failed" in out


def test_a_deeply_nested_first_line_is_still_json_lines(tmp_path):
    path = tmp_path / "deep-first.txt"
    path.write_text('{"x": ' + "[" * 100_000 + "]" * 100_000 + "}\n" + good() + "\n")
    out, err = run(path)
    assert f"{path}:1: JSON nested deeper than 64 levels" in err
    assert "1 created, 0 updated, 0 unchanged, 1 failed" in out


def test_duplicate_keys_are_an_error(tmp_path):
    path = tmp_path / "dupkey.jsonl"
    line = good(status="draft")[:-1] + ', "status": "published"}'
    path.write_text(six_good_lines_around(line))
    out, err = run(path)
    assert err.strip().splitlines() == [f"{path}:4: duplicate key 'status' in a JSON object"]
    assert Article.objects.count() == 6
    assert not Article.objects.filter(status="draft").exists()


def test_duplicate_keys_in_a_nested_object_are_an_error(tmp_path):
    path = tmp_path / "dupkey.jsonl"
    path.write_text(good(hero_image={"file": "a.jpg", "alt": "x"}).replace('"alt": "x"', '"alt": "x", "alt": "y"'))
    _, err = run(path)
    assert f"{path}:1: duplicate key 'alt' in a JSON object" in err


def ld_page(ld):
    head = (
        f'<script type="application/ld+json">{ld}</script>'
        '<meta property="article:published_time" content="2024-01-02T10:00:00Z">'
    )
    return html_page(head, "<article><h1>A headline here</h1><p>Body text of the story.</p></article>")


@pytest.mark.parametrize(
    ("ld", "reason"),
    [
        ('{"@type": "NewsArticle", "headline": "A", "headline": "B"}', "JSON-LD: duplicate key 'headline'"),
        # Not JSON (single quotes): read by the JSON5 parser, which has the same rules.
        ("{'@type': 'NewsArticle', 'author': 'A', 'author': 'B'}", "JSON-LD: duplicate key 'author'"),
        ('{"@type": "NewsArticle", "x": ' + "[" * 5000 + "]" * 5000 + "}", "JSON-LD: JSON nested deeper than 64"),
        ("{'@type': 'NewsArticle', 'x': " + "[" * 3000 + "]" * 3000 + "}", "JSON-LD: JSON nested deeper than 64"),
        ('{"@type": "NewsArticle", "x": ' + "[" * 200 + "]" * 200 + "}", "JSON-LD: JSON nested deeper than 64"),
    ],
    ids=["json-dup", "json5-dup", "json-deep", "json5-deep", "json-200"],
)
def test_json_ld_with_duplicate_keys_or_deep_nesting_fails_the_page(tmp_path, ld, reason):
    path = tmp_path / "page.html"
    path.write_text(ld_page(ld))
    out, err = run(path)
    assert f"{path}: {reason}" in err
    assert "Traceback" not in err
    assert not Article.objects.exists()


def test_json_ld_that_is_fine_still_imports(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        ld_page(
            "{'@type': 'NewsArticle', 'headline': 'A headline here', 'author': 'Jane Roe', "
            "'articleSection': 'Politics',}"
        )
    )
    out, err = run(path, fails=False)
    assert err == ""
    assert Article.objects.get().headline == "A headline here"


# --- parsing time: linear in the input, a 10 MB line well under a second ------------

LINE_CHARS = 10_000_000  # a page may be 10 MiB: the line and the rest of the page fit
TZ = ZoneInfo("Asia/Beirut")
BODY_START = "The Syrian President Bashar al-Assad had"


@contextmanager
def deadline(seconds):
    """Interrupt the block after ``seconds`` of wall time: a quadratic parse would run for
    hours (the regular expression engine checks for signals as it goes)."""

    def expire(signum, frame):
        raise TimeoutError(f"still parsing after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def parse_cpu_seconds(parse):
    """CPU seconds (not wall: the machine is shared) that ``parse()`` takes; a refusal
    (ImportFailure) is an answer too."""
    with deadline(30):
        started = time.process_time()
        with contextlib.suppress(ImportFailure):
            parse()
        return time.process_time() - started


def with_line(line, before=BODY_START):
    return SEED_TEXT.replace(before, line + "\n\n" + before, 1)


PAGE_TEXT_LINES = {
    # A dash line is tried as a tweet's attribution: "(@handle)" then a year.
    "tweet-handles": lambda n: with_line("— " + "(@a)" * (n // 4) + "z"),
    "url-then-spaces": lambda n: with_line("URL" + " " * n + "x"),
    "byline-spaces": lambda n: SEED_TEXT.replace("By Al Mayadeen", "By Al" + " " * n + "Mayadeen", 1),
    "headline-spaces": lambda n: SEED_TEXT.replace("Putin: Joint", "Putin:" + " " * n + "Joint", 1),
    "one-word": lambda n: with_line("w" * n),
}


@pytest.mark.parametrize("shape", sorted(PAGE_TEXT_LINES))
def test_a_ten_megabyte_page_text_line_parses_in_under_a_second(shape):
    text = PAGE_TEXT_LINES[shape](LINE_CHARS)
    page_text.parse(PAGE_TEXT_LINES[shape](1000), "warm-up", tz=TZ)
    assert parse_cpu_seconds(lambda: page_text.parse(text, "big.txt", tz=TZ)) < 1


def page_around(head="", body=""):
    return (
        f"<!doctype html><html><head><title>A headline here | Site</title>{head}"
        '<meta property="article:published_time" content="2024-01-02T10:00:00Z"></head>'
        f"<body><article><h1>A headline here</h1><p>Body text of the story.</p>{body}</article></body></html>"
    )


HTML_LINES = {
    "inline-script": lambda n: page_around(head="<script>var s = 'a<b " + "a<b " * (n // 4) + "';</script>"),
    "json-ld": lambda n: page_around(
        head='<script type="application/ld+json">{"@type": "NewsArticle", "x": "' + "a" * n + '"}</script>'
    ),
    "broken-json-ld": lambda n: page_around(
        head="<script type='application/ld+json'>{'@type': 'NewsArticle', 'x': '" + "a" * n + "'}</script>"
    ),
    "attribute": lambda n: page_around(body="<p title='" + "a " * (n // 2) + "'>x</p>"),
    "comment": lambda n: page_around(body="<!--" + "a- " * (n // 3) + "-->"),
    "meta-author": lambda n: page_around(head="<meta name='author' content='" + "Ab " * (n // 3) + "'>"),
    "line-breaks": lambda n: page_around(body="<br>" * (n // 4)),
    "paragraphs": lambda n: page_around(body="<p>Some words here.</p>" * (n // 22)),
    "text": lambda n: page_around(body="<p>" + "word " * (n // 5) + "</p>"),
}


@pytest.mark.parametrize("shape", sorted(HTML_LINES))
def test_a_ten_megabyte_html_line_parses_or_is_refused_in_under_a_second(shape):
    text = HTML_LINES[shape](LINE_CHARS)
    html_format.parse(HTML_LINES[shape](1000), "warm-up", tz=TZ)
    assert parse_cpu_seconds(lambda: html_format.parse(text, "big.html", tz=TZ)) < 1


def test_a_page_of_two_million_elements_is_refused_with_its_size(tmp_path):
    path = tmp_path / "soup.html"
    path.write_text(HTML_LINES["line-breaks"](LINE_CHARS))
    _, err = run(path)
    assert f"{path}: page has 2,500,016 tags; an article page may have at most 25,000 elements" in err


def test_a_long_byline_word_costs_no_square(tmp_path):
    # "\S+@\S+" tried from each character of a 100 KB word without "@": 26 s before.
    text = page_around(body='<p class="byline">By ' + "w" * 100_000 + "</p>")
    assert parse_cpu_seconds(lambda: html_format.parse(text, "byline.html", tz=TZ)) < 1


JSONL_LINES = {
    "long-body": lambda n: good(body_html="<p>" + "a<b&c " * (n // 6) + "</p>"),
    "deep": lambda n: '{"headline": "x", "extra": ' + "[" * (n // 2) + "]" * (n // 2) + "}",
}


@pytest.mark.parametrize("shape", sorted(JSONL_LINES))
def test_a_ten_megabyte_json_line_parses_in_under_a_second(shape):
    line = JSONL_LINES[shape](LINE_CHARS).encode()

    def parse():
        return list(jsonl.parse_stream(io.BufferedReader(io.BytesIO(line)), "big.jsonl", base_dir=Path("."), tz=TZ))

    assert parse_cpu_seconds(parse) < 1


# --- files: nothing outside the folder, no silent mojibake ---------------------------


def test_a_symbolic_link_out_of_a_folder_is_not_followed(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.write_text(SEED_TEXT)
    folder = tmp_path / "bundle"
    folder.mkdir()
    (folder / "story.txt").symlink_to(secret)
    (folder / "inside.txt").symlink_to(folder / "story.txt")  # leads out too, through the first link
    _, err = run(folder)
    assert f"{folder / 'story.txt'}: symbolic link to {secret}, outside the folder {folder}: not followed" in err
    assert f"{folder / 'inside.txt'}: symbolic link to {secret}" in err
    assert not Article.objects.exists()


def test_a_symbolic_link_inside_the_folder_is_read(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "real.txt").write_text(SEED_TEXT)
    (folder / "alias.txt").symlink_to(folder / "real.txt")
    out, _ = run(folder, fails=False)
    assert "(article: 1/0/1/0;" in out


def export_bundle(folder, row):
    folder.mkdir()
    (folder / "manifest.json").write_text("{}")
    (folder / "media").mkdir()
    (folder / "articles.jsonl").write_text(row + "\n")


def test_a_bundle_member_that_links_out_is_not_followed(tmp_path):
    outside = tmp_path / "other.jsonl"
    outside.write_text(good() + "\n")
    folder = tmp_path / "export"
    export_bundle(folder, good())
    (folder / "articles.jsonl").unlink()
    (folder / "articles.jsonl").symlink_to(outside)
    _, err = run(folder)
    assert f"{folder / 'articles.jsonl'}: symbolic link to {outside}" in err
    assert not Article.objects.exists()


def test_a_bundle_image_that_links_out_is_refused(tmp_path):
    picture = tmp_path / "private.png"
    picture.write_bytes(image_bytes(40, 30, fmt="PNG"))
    folder = tmp_path / "export"
    export_bundle(folder, good(hero_image={"file": "photo.png", "alt": "x"}))
    (folder / "media" / "photo.png").symlink_to(picture)
    _, err = run(folder)
    assert "field 'hero_image': image file 'photo.png' is a link to a file outside the bundle's folder" in err
    assert not Article.objects.exists()


def test_damaged_utf8_is_refused_not_read_as_windows_1252(tmp_path):
    text = SEED_TEXT.encode("ascii", "replace").replace(b"?", b"'")
    damaged = text.replace(b"Bashar al-Assad had", "Bashar al-Assad – caf\u00e9 had".encode(), 1)
    damaged = damaged.replace(b"inhumane", b"in\xe2\x80humane", 1)  # a cut three-byte sequence
    path = tmp_path / "damaged.txt"
    path.write_bytes(damaged)
    _, err = run(path)
    offset = damaged.index(b"\xe2\x80h")
    assert f"{path}: invalid UTF-8 at byte {offset}" in err
    assert not Article.objects.exists()


def test_windows_1252_is_read_with_a_note(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(
        SEED_TEXT.replace("Bashar al-Assad had", "Bashar al-Assad caf\u00e9 had", 1).encode("cp1252", "replace")
    )
    out, err = StringIO(), StringIO()
    call_command("import_articles", str(path), verbosity=2, stdout=out, stderr=err)
    assert f"{path}: not UTF-8: read as windows-1252" in out.getvalue()
    assert "café" in Article.objects.get().body


def test_a_body_of_unclosed_script_tags_is_sanitised_in_linear_time(tmp_path):
    # The sanitiser's "<script ... </script>" pattern searched to the end from each of
    # them: 10,000 took 6 s, 40,000 over two minutes.
    path = tmp_path / "scripts.jsonl"
    path.write_text(good(body_html="<p>Fine.</p>" + "<script>" * 40_000 + "<iframe>" * 40_000) + "\n")
    with deadline(60):
        started = time.process_time()
        run(path, fails=False)
        assert time.process_time() - started < 5
    assert Article.objects.get().body == "<p>Fine.</p>"


# --- WordPress exports: post content with thousands of unclosed tags -------------------


def wxr_export(path, content):
    """A WordPress export of one published post whose ``post_content`` is ``content``."""
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Site</title>'
        "<link>https://old.example/</link><wp:wxr_version>1.2</wp:wxr_version>"
        "<item><title>A headline here</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type>"
        "<wp:status>publish</wp:status><wp:post_date_gmt>2024-01-02 10:00:00</wp:post_date_gmt>"
        f"<content:encoded>{html.escape(content, quote=False)}</content:encoded></item></channel></rss>",
        encoding="utf-8",
    )
    return path


def wxr_records(path):
    return list(wxr.parse_file(path, "big.xml", tz=TZ, options=wxr.WXROptions(default_section="news")))


WXR_SHAPES = {
    # Each opening was searched for its closing up to the end of the text: 1-3 s for
    # 50 KB before, hours for a megabyte.
    "block-comments": "<!-- wp:paragraph ",
    "pre": "<pre>",
    "captions": "[caption]",
    "caption-without-bracket": "[caption ",
    "wp-captions": "[wp_caption id=a]",
    "embeds": "[embed]",
    "media-shortcodes": "[video]",
    "dropped-shortcodes": "[gallery]",
    # wpautop's clean-up: every "<div" tried up to the one ">" of its paragraph.
    "block-tags-in-a-tag": "<divx",
    "paragraphs-ending-in-a-block-tag": "x<divx>\n\n",
}
WXR_SHAPE_CHARS = 1_000_000


@pytest.mark.parametrize("shape", sorted(WXR_SHAPES))
def test_a_megabyte_of_unclosed_wordpress_tags_parses_in_linear_time(shape, tmp_path):
    tag = WXR_SHAPES[shape]
    path = wxr_export(tmp_path / "export.xml", tag * (WXR_SHAPE_CHARS // len(tag)))
    wxr_records(wxr_export(tmp_path / "small.xml", tag * 10))  # warm-up: compiled patterns
    with deadline(15):
        started = time.process_time()
        records = wxr_records(path)
        assert time.process_time() - started < 3  # about 0.7 s for the slowest
    assert [type(r).__name__ for r in records] == ["ArticleRecord"]


def test_a_ten_megabyte_wordpress_post_of_unclosed_tags_and_a_word_parses_in_linear_time(tmp_path):
    paragraph = "Words of a paragraph. " + "".join(WXR_SHAPES.values()) + "\n\n"
    # A 1 MB word in a shortcode: its attribute names were tried from each letter (36 s for 50 KB).
    content = "[caption " + "w" * (LINE_CHARS // 10) + "]x[/caption]"
    # Just under 10 MB: libxml2 refuses a longer text node (the file is then refused as a whole).
    content += paragraph * ((LINE_CHARS - len(content) - 1000) // len(paragraph))
    path = wxr_export(tmp_path / "export.xml", content)
    with deadline(30):
        started = time.process_time()
        records = wxr_records(path)
        assert time.process_time() - started < 10  # about 2 s
    assert records[0].body_html.startswith("<figure><figcaption>x</figcaption></figure>")


def test_the_images_of_a_body_are_found_in_linear_time(tmp_path):
    # "<img\\b[^>]*>" searched to the end from each "<img" with no ">" after it (8 s for
    # 200 KB). wpautop's output ends with a tag, so this is the reader's own scan.
    reader = wxr._Reader(tmp_path / "export.xml", "export.xml", TZ, wxr.WXROptions(), wxr._Index())
    record = ArticleRecord(origin="export.xml")
    body = '<p><img src="/a.jpg" alt="A"></p>' + "<img " * 200_000
    with deadline(15):
        started = time.process_time()
        found = reader.body_images(body, record)
        assert time.process_time() - started < 1
    assert found == {}
    assert record.notes == [
        "1 image(s) in the text not found under the media folder (give --media-dir or --fetch-media); "
        "the text policy keeps only images of our own or allowed hosts"
    ]


def test_a_post_cannot_forge_the_stand_ins_of_its_own_shortcodes():
    # "<div wp-held-N>" stood for the Nth finished block: a post that wrote one took the
    # importer down (IndexError) or got another block's HTML.
    text = wordpress_content.to_html(
        "a <div wp-held-0></div> <div wp-held-9></div>\n\n[embed]https://x.com/a/status/1[/embed]"
    )
    assert text.count("twitter-tweet") == 1
    assert "<div wp-held-9></div>" in text
