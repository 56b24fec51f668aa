"""The wxr format on the official WordPress importer's test files (../shared/corpus/wxr):
every well-formed file imports with the counts its content gives, every malformed one
is refused with its reason and nothing written, and a re-import is all "unchanged".

The counts were read off each file (items counted by wp:post_type and wp:status):
posts become articles (published ones published, drafts, scheduled and private ones
drafts), pages only where they fit a flatpage, attachments only as featured images.
"""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from taggit.models import Tag

from articles.models import Article, Author

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "wxr"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not (CORPUS / "README.md").is_file(), reason=f"corpus not found at {CORPUS}"),
]

# file -> {kind: created} of the first import (failed items separately, in FAILED);
# "page": 0 marks a file whose "about" page updates the About Us flatpage.
IMPORTED = {
    "authors-multiline.xml": {"article": 1, "author": 3},  # logins with trailing newlines
    "backslashes.xml": {"article": 1},
    "cdata-edge.xml": {"article": 1},
    "large-authors.xml": {"author": 300},
    "missing-tags.xml": {"article": 1},  # no date, no author: a draft
    # 6 items: 5 posts; one item's "wp:" is another namespace (no post type: refused);
    # 2 authors in the WXR namespaces (1.2, and 1.1 under another prefix), 2 impostors.
    "namespace-edge-cases.xml": {"article": 5, "author": 2},
    "post-content-blank-lines.xml": {"article": 1, "author": 1},
    "slashes.xml": {"article": 1, "author": 1, "tag": 1},
    # 5 published posts + 1 private; 5 pages fit no flatpage; 3 authors, 3 tags.
    "small-export.xml": {"article": 6, "author": 3, "tag": 3},
    "term-formats.xml": {"tag": 3},  # wp:tag x3; categories, a custom taxonomy and a menu are no tags
    # 56 published posts + 1 scheduled + 1 draft; 21 pages (one, "about", mapped onto
    # About Us); 37 attachments, 70 menu items; 2 authors; 110 tags.
    "theme-unit-test-data.xml": {"article": 58, "author": 2, "tag": 110, "page": 0},
    # 3 posts, 3 pages ("about" mapped onto About Us); no wp:author in WXR 1.0
    "valid-wxr-1.0.xml": {"article": 3, "tag": 4, "page": 0},
    "valid-wxr-1.1.xml": {"article": 1, "author": 1, "tag": 1, "page": 0},
    "wxr-flat-attachment-different-site.xml": {"article": 1, "author": 1},
    "wxr-flat-attachment-same-site.xml": {"article": 1, "author": 1},
    "wxr-simple.xml": {"article": 1, "author": 1},
    "wxr-utf-8-challenges.xml": {"article": 1, "author": 1},
}
FAILED = {"namespace-edge-cases.xml": 1}
# file -> the reason it is refused
REFUSED = {
    # WordPress reads it only with its regex fallback parser: "]]>" in text is not XML.
    "crazy-cdata.xml": "not well-formed XML: Sequence ']]>' not allowed in content (line 18, column 70)",
    "invalid-version-tag.xml": "invalid version 'abc' in <wp:wxr_version>",
    "malformed-simple.xml": "not well-formed XML: Premature end of data in tag item line 9 (line 14, column 1)",
    "malformed.xml": "not well-formed XML: Opening and ending tag mismatch: notachanneltag line 27 and channel",
    "missing-version-tag.xml": "no <wp:wxr_version> in the WordPress namespace",
}
ARGS = ("--section", "news/politics", "--map-page", "about=/about-us/")


def run(name):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", str(CORPUS / name), *ARGS, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue() + str(exc)
    return out.getvalue(), err.getvalue()


def test_every_file_of_the_corpus_is_covered():
    assert sorted(p.name for p in CORPUS.glob("*.xml")) == sorted(IMPORTED | REFUSED)


@pytest.mark.parametrize("name", sorted(IMPORTED))
def test_a_well_formed_export_imports_with_its_counts_and_again_unchanged(name):
    out, err = run(name)
    counts = IMPORTED[name]
    total = sum(counts.values())
    failed = FAILED.get(name, 0)
    for kind, created in counts.items():
        if kind != "page":
            assert f"{kind}: {created}/0/0/" in out, out + err
    assert f"{total} created, {1 if 'page' in counts else 0} updated, 0 unchanged, {failed} failed" in out, out + err
    assert Article.objects.count() == counts.get("article", 0)
    out, err = run(name)
    unchanged = total + (1 if "page" in counts else 0)
    assert f"0 created, 0 updated, {unchanged} unchanged, {failed} failed" in out, out + err


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_malformed_export_is_refused_with_its_reason_and_nothing_written(name):
    authors, tags = Author.objects.count(), Tag.objects.count()
    out, err = run(name)
    assert REFUSED[name] in err
    assert "file: 0/0/0/1" in out
    assert Article.objects.count() == 0
    assert (Author.objects.count(), Tag.objects.count()) == (authors, tags)


def test_the_theme_unit_test_site_reads_as_wordpress_shows_it():
    run("theme-unit-test-data.xml")
    # 56 published in WordPress, one of them password-protected (a draft here).
    assert Article.objects.published().count() == 55
    scheduled = Article.objects.get(slug="scheduled")
    assert scheduled.status == "draft" and scheduled.published_at.year == 2030
    assert Article.objects.get(slug="template-password-protected").status == "draft"
    untitled = Article.objects.get(slug="edge-case-no-title")
    assert untitled.headline  # WordPress allows untitled posts; the first words stand in
    titled = Article.objects.get(slug="markup-title-with-markup")
    assert titled.headline == "Markup: Title With Markup"
    special = Article.objects.get(slug="title-with-special-characters")
    assert special.headline.endswith("~`!@#$%^&*()-_=+{}[]/\\;:'\"?,.>")
    many = Article.objects.get(slug="edge-case-many-tags")
    assert many.tags.count() > 30
    assert Article.objects.get(slug="template-excerpt-defined").standfirst.startswith("This is a user-defined")


def test_utf8_challenges_keep_their_text_and_lose_invisible_controls_in_the_slug():
    run("wxr-utf-8-challenges.xml")
    article = Article.objects.get()
    assert "Frost" in article.headline and "🌲" in article.headline
    assert "\u202e" not in article.slug and "💫" in article.slug
