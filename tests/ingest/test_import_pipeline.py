"""The import pipeline's own guarantees: the change hash earlier versions stored still
matches, a bulk-inserted batch announces itself once, a parsed photo credit is kept."""

import io
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from PIL import ExifTags

from articles.models import Article, Image
from articles.signals import content_changed
from ingest.formats import page_text
from ingest.importer import import_paths
from ingest.loader import ImportOptions, Loader
from ingest.pipeline.prepare import prepare_article
from ingest.pipeline.vocabulary import Vocabulary
from ingest.records import ArticleRecord, GalleryRecord, ImageRecord, LinkRecord, LiveUpdateRecord
from public import caching
from tests.factories import image_bytes
from tests.image_files import CREDIT, opened, phone_photo

pytestmark = pytest.mark.django_db


def prepare(record):
    return prepare_article(record, ImportOptions(), Vocabulary())


def test_the_change_hash_is_the_one_earlier_versions_stored(tmp_path):
    """Article.import_hash values written before the pipeline must still match: a new hash
    shape would report every article imported before as "updated" and rewrite it."""
    picture = tmp_path / "hero.jpg"
    picture.write_bytes(b"fixed bytes standing in for a picture")
    text_only = ArticleRecord(
        origin="x.jsonl:1",
        headline=" Talks  resume in Vienna ",
        standfirst="Both sides <b>return</b>.",
        body_html="<p>Negotiators met on Monday.</p>",
        url="https://example.com/news/politics/talks-resume",
        section="news/politics",
        published_at=datetime(2024, 5, 1, 8, 0, tzinfo=UTC),
        authors=["Jane Roe", "jane roe", "John Doe"],
        source="Agencies",
        tags=["Vienna", "Talks"],
        hero_caption="Delegates at the table.",
        related=[LinkRecord(headline="Earlier talks", url="/news/politics/earlier")],
        live_updates=[
            LiveUpdateRecord(posted_at=datetime(2024, 5, 1, 9, 0, tzinfo=UTC), title="Start", body="<p>Go</p>")
        ],
    )
    keyed_draft = ArticleRecord(
        origin="p.txt",
        headline="Old story",
        body_html="<p>x</p>",
        fallback_section="news/politics",
        published_at=datetime(2019, 2, 3, 6, 5, tzinfo=UTC),
        status="draft",
    )
    with_images = ArticleRecord(
        origin="x.jsonl:2",
        headline="Gallery day",
        body_html="<p>x</p>",
        url="/news/politics/gallery-day",
        published_at=datetime(2024, 5, 1, 8, 0, tzinfo=UTC),
        format="gallery",
        hero_image=ImageRecord(
            path=picture, name="media/images/hero.jpg", alt="A", caption="C", credit="Reuters", focal_x=0.25
        ),
        gallery=[GalleryRecord(image=ImageRecord(path=picture, alt=""), caption="One")],
    )
    # Computed by the loader before the pipeline split (ingest/loader.py at 3512dbc).
    assert [(p.external_id, p.import_hash) for p in map(prepare, (text_only, keyed_draft, with_images))] == [
        (
            "https://example.com/news/politics/talks-resume",
            "5c5c8c1053206ff79d89cead4eb583b3887eaa78d87972ffd2f72c888bbdeb79",
        ),
        (
            "key:news/politics:2019-02-03T06:05Z:old-story",
            "8705f2f951508fd8766dcc1a227fb214eabd6d10c859e2742c703a767ef39657",
        ),
        ("/news/politics/gallery-day", "72730350fe45d9e4107bb24bc8477ee53c239fd11d915c251f7d98ce6d33dce0"),
    ]


def jsonl(path, n):
    rows = [
        f'{{"url": "/news/economy/item-{i}", "headline": "Item {i}", "body_html": "<p>Text {i}.</p>", '
        f'"published_at": "2024-05-01T08:00:00+03:00", "authors": ["Writer"], "tags": ["Common"]}}'
        for i in range(n)
    ]
    path.write_text("\n".join(rows) + "\n")
    return path


def test_a_bulk_inserted_batch_announces_the_change_once(tmp_path):
    """bulk_create sends no post_save: the write path says so itself, once per batch,
    naming the articles, and the public cache drops what shows them (not everything)."""
    heard, invalidated = [], set()

    def listen(sender, **kwargs):
        heard.append((sender, kwargs.get("instance")))

    content_changed.connect(listen, dispatch_uid="test-bulk-batch")
    caching.keys_invalidated.connect(
        lambda keys, **kw: invalidated.update(keys), weak=False, dispatch_uid="test-bulk-keys"
    )
    try:
        result = import_paths([str(jsonl(tmp_path / "batch.jsonl", 5))])
    finally:
        content_changed.disconnect(dispatch_uid="test-bulk-batch")
        caching.keys_invalidated.disconnect(dispatch_uid="test-bulk-keys")
    assert result.created == 5 and Article.objects.count() == 5
    assert heard.count((Article, None)) == 1  # the batch's own announcement (rows name theirs)
    assert {f"article:{pk}" for pk in Article.objects.values_list("pk", flat=True)} | {"home", "feeds"} <= invalidated
    assert caching.EDITION not in invalidated  # pages showing none of them stay cached


CAPTIONED_PAGE = (
    "Old story about the harbour\n\n  • 3 Feb 2019 08:05\n  • Ships in the harbour\n"
    "    Ships wait in the harbour. (Social media)\n  • By Jane Roe\n  • Source: Agencies\n\n"
    "The harbour reopened after a week.\n\nTrade resumed slowly on Sunday.\n\n  • Ports\n"
)


def captioned_record():
    return next(r for r in page_text.parse(CAPTIONED_PAGE, "page.txt", tz=UTC) if isinstance(r, ArticleRecord))


def load(*records):
    loader = Loader()
    loader.load(records)
    return loader.finish()


def test_a_credit_parsed_with_the_caption_is_the_articles_hero_credit(tmp_path):
    """The page-text parser splits "Caption. (Credit)"; the credit is the article's
    (Article.hero_credit, shown in the figure), never dropped, and never written into
    the image's own credit (an image is shared by the stories that use it)."""
    record = captioned_record()
    assert (record.hero_caption, record.hero_credit) == ("Ships wait in the harbour.", "Social media")
    picture = tmp_path / "harbour.jpg"
    picture.write_bytes(image_bytes(40, 30))
    record.hero_image = ImageRecord(path=picture, alt="Ships in the harbour")
    assert load(record).created == 1
    article = Article.objects.select_related("hero_image").get()
    assert (article.caption, article.credit) == ("Ships wait in the harbour.", "Social media")
    assert article.hero_image.credit == ""
    assert load(record).unchanged == 1


def test_the_articles_caption_credit_is_shown_over_the_images_own(tmp_path):
    picture = tmp_path / "harbour.jpg"
    picture.write_bytes(image_bytes(40, 30))
    record = captioned_record()
    record.hero_image = ImageRecord(path=picture, alt="Ships in the harbour", credit="Reuters")
    load(record)
    article = Article.objects.get()
    assert (article.credit, article.hero_image.credit) == ("Social media", "Reuters")


def test_without_an_image_the_caption_and_its_credit_are_kept(tmp_path):
    """The seed page's layout: a text dump has a caption "(Social media)" but no image.
    Before Article.hero_credit the loader dropped the credit."""
    record = captioned_record()
    assert load(record).created == 1
    article = Article.objects.get()
    assert (article.hero_caption, article.hero_credit, article.hero_image) == (
        "Ships wait in the harbour.",
        "Social media",
        None,
    )


def test_a_hero_credit_survives_export_and_import(tmp_path):
    load(captioned_record())
    call_command("export_articles", str(tmp_path / "out"), stdout=io.StringIO())
    Article.objects.all().delete()
    # The site has no ticker: the export's breaking.jsonl is empty, which is no error.
    call_command("import_articles", str(tmp_path / "out"), stdout=io.StringIO(), stderr=io.StringIO())
    assert Article.objects.get().hero_credit == "Social media"


def test_an_imported_phone_photo_is_stored_without_its_position_or_device(tmp_path):
    """The importer stores what the admin would: the phone's GPS, make and model go, the
    pixels turn upright, the credit stays; a second run finds the stored file unchanged."""
    picture = tmp_path / "IMG_4032.jpg"
    picture.write_bytes(phone_photo())
    record = captioned_record()
    record.hero_image = ImageRecord(path=picture, alt="Ships in the harbour")
    assert load(record).created == 1
    image = Article.objects.select_related("hero_image").get().hero_image
    with image.file.open("rb") as fh:
        original = opened(fh.read())
    assert dict(original.getexif().get_ifd(ExifTags.IFD.GPSInfo)) == {}
    assert dict(original.getexif()) == CREDIT
    assert (image.width, image.height) == original.size == (1200, 1600)
    assert load(record).unchanged == 1
    assert Image.objects.count() == 1
    assert len(image.file.storage.listdir("images/imported")[1]) == 1
