"""The wxr format: WordPress exports (tests/ingest/data/wxr; the whole official test
corpus is in test_import_wxr_corpus.py)."""

import http.server
import io
import shutil
import threading
import unittest.mock
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.flatpages.models import FlatPage
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image as PILImage
from taggit.models import Tag

from articles.models import Article, Author, Redirect
from ingest.formats import wordpress_content, wxr
from ingest.formats.detect import sniff_format

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "wxr"
NEWSROOM = DATA / "newsroom.xml"
MAP = ("--map-category", "news=news/politics")


def run(*args, stdin=None):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err, verbosity=2)
    except CommandError as exc:
        return out.getvalue(), err.getvalue() + str(exc)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def uploads(tmp_path):
    """The old site's wp-content/uploads with the featured image of newsroom.xml."""
    folder = tmp_path / "uploads"
    (folder / "2021" / "09").mkdir(parents=True)
    PILImage.new("RGB", (64, 48), "navy").save(folder / "2021" / "09" / "summit.png")
    return folder


# --- the format ----------------------------------------------------------------------


def test_a_wordpress_export_is_recognised_by_its_content():
    assert sniff_format(NEWSROOM.read_bytes()[:4096], "export.txt") == "wxr"
    assert sniff_format(b"<rss version='2.0'><channel></channel></rss>", "feed.xml") != "wxr"


def test_an_export_becomes_articles_authors_and_tags(uploads):
    out, err = run(NEWSROOM, *MAP, "--media-dir", uploads)
    # 6 posts (the trashed one is left out), 1 author, 1 channel tag; pages and menus are reported.
    assert "article: 6/0/0/0; author: 1/0/0/0; tag: 1/0/0/0" in out, out + err
    assert err == ""
    article = Article.objects.get(slug="talks-resume")
    assert article.section.path == "news/politics"
    assert article.headline == "Talks resume in Vienna"
    assert article.standfirst == "Negotiators return to the table."  # the excerpt, as text
    assert [a.name for a in article.byline_authors] == ["Zainab Haidar"]
    assert Author.objects.get(name="Zainab Haidar").email == "zainab@old.example"
    assert sorted(article.tags.names()) == ["Syria", "Vienna"]
    assert Tag.objects.count() == 2
    assert article.external_id == "wxr:https://old.example:11"
    assert "Binned" not in Article.objects.values_list("headline", flat=True)
    assert "1 item(s) of type 'nav_menu_item' left out" in out
    assert "categories not mapped to a section" in out and "misc (1)" in out


def test_post_date_gmt_wins_over_the_local_date_and_pubdate():
    # post_date 09:39 (the old site's clock), post_date_gmt 06:39: the GMT one is the instant.
    run(NEWSROOM, *MAP, "--tz", "UTC")
    article = Article.objects.get(slug="talks-resume")
    assert article.published_at == datetime(2021, 9, 14, 6, 39, tzinfo=UTC)


def test_a_draft_without_gmt_date_uses_its_local_date_in_the_import_zone():
    run(NEWSROOM, *MAP)
    draft = Article.objects.get(headline="A draft")
    assert draft.published_at == datetime(2021, 10, 31, 2, 30, tzinfo=ZoneInfo("Asia/Beirut"))
    assert draft.slug == "a-draft"  # WordPress drafts have no slug yet: made from the headline


def test_only_published_posts_are_published():
    out, _ = run(NEWSROOM, *MAP)
    statuses = dict(Article.objects.values_list("headline", "status"))
    assert statuses == {
        "Talks resume in Vienna": "published",
        "A draft": "draft",
        "Scheduled story": "draft",  # future: an editor schedules it here; it never goes out by itself
        "Private memo": "draft",  # private: for the old site's logged-in users, never public here
        "Locked story": "draft",  # password-protected: we have no passwords
        "Awaiting review": "in_review",
    }
    assert list(Article.objects.published().values_list("headline", flat=True)) == ["Talks resume in Vienna"]
    scheduled = Article.objects.get(headline="Scheduled story")
    assert scheduled.published_at == datetime(2031, 1, 1, 8, 0, tzinfo=UTC)  # the planned time is kept
    assert "scheduled in WordPress: imported as a draft" in out
    assert "private in WordPress: imported as a draft" in out
    assert "password-protected in WordPress: imported as a draft" in out


def test_status_published_does_not_publish_what_wordpress_kept_private():
    run(NEWSROOM, *MAP, "--status", "published")
    assert list(Article.objects.published().values_list("headline", flat=True)) == ["Talks resume in Vienna"]


def test_entities_are_not_resolved_external_files_never_read(tmp_path):
    path = tmp_path / "xxe.xml"
    text = NEWSROOM.read_text().replace(
        '<?xml version="1.0" encoding="UTF-8" ?>',
        '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    )
    path.write_text(text.replace("<title>Talks resume in Vienna</title>", "<title>Talks &secret; &b;</title>"))
    run(path, *MAP)
    assert Article.objects.get(slug="talks-resume").headline == "Talks"


def test_content_is_paragraphed_and_shortcodes_and_block_comments_are_mapped():
    run(NEWSROOM, *MAP)
    body = Article.objects.get(slug="talks-resume").body
    assert "wp:paragraph" not in body and "[caption" not in body and "[gallery" not in body
    assert "<p>The talks resumed on Monday.<br>" in body or "<p>The talks resumed on Monday.<br/>" in body
    assert "<figure><img" in body and "<figcaption>Leaders at the summit.</figcaption></figure>" in body
    assert '<blockquote class="twitter-tweet">' in body and "https://twitter.com/someone/status/1234567890" in body
    assert 'href="https://www.youtube.com/watch?v=abc123"' in body
    assert "<p>More talks are planned.</p>" in body


def test_the_old_permalink_redirects_to_the_published_article(client):
    run(NEWSROOM, *MAP)
    article = Article.objects.get(slug="talks-resume")
    response = client.get("/2021/09/14/talks-resume/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    # Drafts leave no redirect (nothing to send readers to), "?p=" links are no paths.
    assert Redirect.objects.count() == 1


def test_an_old_permalink_a_redirect_sends_elsewhere_is_not_repointed(client):
    # The desk's redirect of another story's old address: the import must not take it over.
    Redirect.objects.create(site_id=1, old_path="/2021/09/14/talks-resume/", new_path="/news/politics/another-story")
    out, err = run(NEWSROOM, *MAP)
    assert "/2021/09/14/talks-resume/ is the old address of a story that moved to /news/politics/another-story" in err
    assert not Article.objects.filter(slug="talks-resume").exists()
    response = client.get("/2021/09/14/talks-resume/")
    assert (response.status_code, response["Location"]) == (301, "/news/politics/another-story")


def test_posts_in_no_mapped_category_fail_with_the_reason_unless_a_section_is_given():
    out, err = run(NEWSROOM)
    assert "no section: its categories (misc, news) are not mapped" in err
    assert Article.objects.count() == 0
    out, err = run(NEWSROOM, "--section", "news/politics")
    assert Article.objects.count() == 6


def test_a_category_map_must_name_a_section():
    _, err = run(NEWSROOM, "--map-category", "news=no/such/section")
    assert "'no/such/section' is not a section path" in err
    _, err = run(NEWSROOM, "--map-category", "news")
    assert "expected NAME=TARGET" in err


def test_the_featured_image_comes_from_the_media_folder(uploads):
    run(NEWSROOM, *MAP, "--media-dir", uploads)
    image = Article.objects.get(slug="talks-resume").hero_image
    assert image is not None
    assert image.alt_text == "Two leaders shake hands"
    assert image.caption == "Leaders at the summit."
    assert (image.width, image.height) == (64, 48)


def test_images_in_the_text_are_stored_and_the_body_points_at_them(uploads):
    out, err = run(NEWSROOM, *MAP, "--media-dir", uploads)
    article = Article.objects.get(slug="talks-resume")
    assert f'<figure><img src="{article.hero_image.file.url}" alt="Two leaders"' in article.body
    assert "wp-content" not in article.body


def test_images_in_the_text_that_are_not_found_are_reported():
    out, err = run(NEWSROOM, *MAP)
    assert "1 image(s) in the text not found under the media folder (give --media-dir or --fetch-media)" in out


def test_fetch_media_never_fetches_from_hosts_that_are_not_the_old_sites(tmp_path, media_server):
    export = tmp_path / "elsewhere" / "export.xml"
    export.parent.mkdir()
    text = NEWSROOM.read_text().replace('src="/wp-content/uploads/2021/09/summit.png"', f'src="{media_server}/x.png"')
    export.write_text(text)
    requests = []

    def urlopen(url, **kwargs):
        requests.append(url)
        raise OSError("offline")

    with unittest.mock.patch("urllib.request.urlopen", side_effect=urlopen):
        run(export, *MAP, "--fetch-media")
    # Only the featured image's attachment URL (old.example, a host of the export) was asked for.
    assert requests == ["https://old.example/wp-content/uploads/2021/09/summit.png"]


def test_an_uploads_folder_beside_the_export_is_found_without_options(tmp_path, uploads):
    shutil.copy(NEWSROOM, tmp_path / "export.xml")  # uploads/ is tmp_path/uploads
    run(tmp_path / "export.xml", *MAP)
    assert Article.objects.get(slug="talks-resume").hero_image is not None


def test_a_missing_featured_image_is_reported_and_the_post_imported():
    out, err = run(NEWSROOM, *MAP)
    assert Article.objects.get(slug="talks-resume").hero_image is None
    assert "featured image https://old.example/wp-content/uploads/2021/09/summit.png not found" in out


@pytest.fixture
def media_server(uploads):
    """The old site's uploads served over HTTP on the loopback interface (no internet)."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(uploads.parent), **kwargs)

        def translate_path(self, path):
            # https://old.example/wp-content/uploads/2021/09/x -> <uploads>/2021/09/x
            return super().translate_path(path.replace("/wp-content/uploads/", "/uploads/", 1))

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetch_media_downloads_featured_images(tmp_path, media_server):
    export = tmp_path / "elsewhere" / "export.xml"
    export.parent.mkdir()
    export.write_text(NEWSROOM.read_text().replace("https://old.example", media_server))
    out, err = run(export, *MAP, "--fetch-media")
    article = Article.objects.get(slug="talks-resume")
    image = article.hero_image
    assert image is not None and (image.width, image.height) == (64, 48)
    assert f'<img src="{image.file.url}"' in article.body  # the body's copy of the same file
    out, _ = run(export, *MAP, "--fetch-media")
    assert "0 created, 0 updated, 8 unchanged, 0 failed" in out  # the same bytes: unchanged


def test_fetch_media_reports_a_download_that_fails(tmp_path, media_server):
    export = tmp_path / "elsewhere" / "export.xml"  # not beside uploads/
    export.parent.mkdir()
    export.write_text(
        NEWSROOM.read_text().replace(
            "https://old.example/wp-content/uploads/2021/09/summit.png", f"{media_server}/x.png"
        )
    )
    out, err = run(export, *MAP, "--fetch-media")
    assert "could not be downloaded" in out
    assert Article.objects.get(slug="talks-resume").hero_image is None


def test_a_page_fits_an_existing_flatpage_and_the_others_are_reported():
    out, err = run(NEWSROOM, *MAP, "--map-page", "about=/about-us/")
    page = FlatPage.objects.get(url="/about-us/")
    assert page.title == "About us"
    assert page.content == "<p>We report.</p>\n<p>Every day.</p>"
    assert "page: 0/1/0/0" in out
    assert "page 'Team' left out: the site has no page at /about/team/" in out
    out, _ = run(NEWSROOM, *MAP, "--map-page", "about=/about-us/")
    assert "page: 0/0/1/0" in out


def test_re_importing_the_same_file_changes_nothing(uploads):
    run(NEWSROOM, *MAP, "--media-dir", uploads)
    before = list(Article.objects.order_by("pk").values_list("pk", "version", "import_hash"))
    out, err = run(NEWSROOM, *MAP, "--media-dir", uploads)
    assert "0 created, 0 updated, 8 unchanged, 0 failed" in out
    assert list(Article.objects.order_by("pk").values_list("pk", "version", "import_hash")) == before


def test_small_export_from_the_wordpress_importer_tests():
    out, err = run(DATA / "small-export.xml", "--section", "news/politics")
    # 5 published posts + 1 private (a draft here); 5 pages fit no flatpage; 3 authors, 3 tags.
    assert "12 created, 0 updated, 0 unchanged, 0 failed (article: 6/0/0/0; author: 3/0/0/0; tag: 3/0/0/0)" in out
    assert Article.objects.published().count() == 5
    out, err = run(DATA / "small-export.xml", "--section", "news/politics")
    assert "0 created, 0 updated, 12 unchanged, 0 failed" in out


def test_a_malformed_file_is_refused_and_nothing_is_written():
    out, err = run(DATA / "malformed-simple.xml", "--section", "news/politics")
    assert "not well-formed XML: Premature end of data in tag item" in err
    assert "(line 14, column 1)" in err
    assert Article.objects.count() == 0


def test_a_file_broken_after_its_first_items_writes_none_of_them(tmp_path):
    # Well-formed up to the last item: a reader that wrote as it went would leave 6 posts.
    text = NEWSROOM.read_text()
    broken = tmp_path / "broken.xml"
    broken.write_text(text[: text.rindex("</item>")])
    out, err = run(broken, *MAP)
    assert "not well-formed XML" in err
    assert Article.objects.count() == Tag.objects.count() == 0
    assert not Author.objects.filter(name="Zainab Haidar").exists()


def test_an_export_without_its_version_is_refused(tmp_path):
    path = tmp_path / "old.xml"
    path.write_text(NEWSROOM.read_text().replace("<wp:wxr_version>1.2</wp:wxr_version>", ""))
    _, err = run(path, *MAP)
    assert "no <wp:wxr_version>" in err
    assert Article.objects.count() == 0


def test_an_export_read_from_standard_input(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(NEWSROOM.read_bytes())))
    out, err = run("-", *MAP)
    assert "article: 6/0/0/0" in out, err


def test_a_dry_run_writes_nothing():
    out, _ = run(NEWSROOM, *MAP, "--dry-run")
    assert "Dry run, nothing written" in out and "article: 6/0/0/0" in out
    assert Article.objects.count() == 0
    assert not Author.objects.filter(name="Zainab Haidar").exists()


# --- the reader and the content rules ---------------------------------------------------


def test_the_reader_streams_records_without_the_database(tmp_path):
    records = list(wxr.parse_file(NEWSROOM, "x", tz=UTC, options=wxr.WXROptions(category_map={"news": "news"})))
    kinds = [r.kind for r in records]
    assert kinds.count("article") == 6 and kinds.count("page") == 2 and kinds[:2] == ["author", "tag"]


def test_namespaces_are_resolved_by_uri_not_by_prefix(tmp_path):
    text = NEWSROOM.read_text()
    # Another prefix for WXR 1.1, and an item whose "wp:" is somebody else's namespace.
    text = text.replace('xmlns:wp="http://wordpress.org/export/1.2/"', 'xmlns:w="http://wordpress.org/export/1.1/"')
    text = text.replace("<wp:", "<w:").replace("</wp:", "</w:")
    text = text.replace(
        "<item>\n\t\t<title>Binned</title>", '<item xmlns:w="http://evil.example/">\n\t\t<title>Binned</title>'
    )
    path = tmp_path / "prefixes.xml"
    path.write_text(text)
    records = list(wxr.parse_file(path, "x", tz=UTC, options=wxr.WXROptions(default_section="news")))
    assert [r.kind for r in records].count("article") == 6
    failures = [r for r in records if r.kind == "item"]
    assert len(failures) == 1 and "without a <wp:post_type>" in failures[0].reason


@pytest.mark.parametrize(
    "content, html",
    [
        ("One\n\nTwo", "<p>One</p>\n<p>Two</p>"),
        ("Line one\nline two", "<p>Line one<br />\nline two</p>"),
        ("<ul>\n<li>a</li>\n</ul>\n\nAfter", "<ul>\n<li>a</li>\n</ul>\n<p>After</p>"),
        ("<pre>keep\n\nthis</pre>", "<pre>keep\n\nthis</pre>"),
        ("<p>Already</p>\n\nplain", "<p>Already</p>\n<p>plain</p>"),
        ("<!-- wp:heading --><h2>Title</h2><!-- /wp:heading -->", "<h2>Title</h2>"),
        (
            '[caption caption="Old style"]<img src="/a.jpg" />[/caption]',
            '<figure><img src="/a.jpg" /><figcaption>Old style</figcaption></figure>',
        ),
        ("See https://example.com/page here.", "<p>See https://example.com/page here.</p>"),
        ("[unknown]kept[/unknown]", "<p>[unknown]kept[/unknown]</p>"),
    ],
)
def test_wordpress_content_as_html(content, html):
    assert wordpress_content.to_html(content) == html
