"""export_articles: JSON Lines plus media, and the lossless round trip through import_articles."""

import json
import shutil
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from PIL import ExifTags
from taggit.models import Tag

from articles.models import (
    Article,
    Author,
    BreakingItem,
    Correction,
    GalleryItem,
    Image,
    LiveUpdate,
    Redirect,
    Region,
    RelatedArticle,
    Section,
)
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BreakingItemFactory,
    ImageFactory,
    RegionFactory,
    SectionFactory,
    house_author,
    image_upload,
    section,
)
from tests.image_files import CREDIT, opened, phone_photo, upload

pytestmark = pytest.mark.django_db
ARTICLE_KEYS = {
    "url", "slug", "section", "headline", "standfirst", "body_html", "format", "status", "published_at",
    "updated_at", "authors", "source", "tags", "regions", "hero_image", "hero_caption", "related", "gallery",
    "video_url", "language", "word_count", "reading_time",
}  # fmt: skip


def export(out, *args):
    stdout = StringIO()
    call_command("export_articles", str(out), *args, stdout=stdout)
    return stdout.getvalue()


def lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def build_newsroom():
    """A little of everything the export must carry."""
    news = section("news")
    gulf = SectionFactory(name="Gulf", slug="gulf", parent=news, position=9, description="The Gulf states.")
    region = RegionFactory(name="Horn of Africa", slug="horn-of-africa")
    mena = RegionFactory(slug="mena", name="MENA")
    writer = AuthorFactory(name="Zainab Haidar", role="Correspondent", x_handle="zhaidar")
    writer.photo = ImageFactory(file=image_upload("zainab.png", fmt="PNG", width=300, height=300), alt_text="Zainab")
    writer.save()
    house = house_author()
    hero = ImageFactory(file=image_upload("kremlin.jpg", color=(10, 20, 200)), credit="Reuters", focal_x=0.25)
    target = ArticleFactory(headline="Sanctions widen", slug="Sanctions_Widen.2021", section=gulf, authors=[house])
    lead = ArticleFactory(
        headline="Assad meets Putin in Moscow",
        body='<p>They met. <a href="https://example.org/x">Source</a></p><h3>Later</h3><p>More — “quoted”.</p>',
        hero_image=hero,
        hero_caption="At the Kremlin.",
        authors=[writer, house],
        revised_at=timezone.now() - timedelta(minutes=5),
        home_position=1,
        kicker="Exclusive",
        seo_title="Assad and Putin meet in Moscow",
        seo_description="The two presidents met at the Kremlin on Tuesday.",
        social_image=ImageFactory(file=image_upload("card.jpg", color=(30, 160, 30)), alt_text="The card"),
    )
    lead.tags.set(["Syria", "Russia"])
    lead.regions.set([mena, region])
    RelatedArticle.objects.create(from_article=lead, to_article=target, position=0)
    gallery = ArticleFactory(headline="Ships in Latakia", format=Article.Format.GALLERY, section=gulf)
    for n, color in enumerate([(0, 200, 0), (200, 200, 0)]):
        image = ImageFactory(file=image_upload(f"ship{n}.jpg", color=color), caption=f"Ship {n}")
        GalleryItem.objects.create(article=gallery, image=image, caption=f"Item {n}" if n else "", position=n)
    live = ArticleFactory(headline="Live: the summit", format=Article.Format.LIVE, status=Article.Status.DRAFT)
    LiveUpdate.objects.create(article=live, title="Arrival", body="<p>The plane landed.</p>")
    LiveUpdate.objects.create(
        article=live,
        title="Handshake",
        body="<p>They shook hands.</p>",
        key_event=True,
        pinned=True,
        embed_url="https://www.youtube.com/watch?v=live1",
        image=ImageFactory(file=image_upload("handshake.jpg", color=(90, 10, 10)), alt_text="Handshake"),
        posted_at=timezone.now() - timedelta(minutes=3),
    )
    Correction.objects.create(
        article=lead,
        kind=Correction.Kind.CORRECTION,
        text="An earlier version misspelt the minister's name.",
        status=Correction.Status.PUBLISHED,
        created_at=timezone.now() - timedelta(minutes=4),
        published_at=timezone.now() - timedelta(minutes=2),
    )
    Correction.objects.create(
        article=lead, kind=Correction.Kind.CLARIFICATION, text="The meeting was in the Kremlin, not the Duma."
    )
    ArticleFactory(
        headline="Scheduled explainer",
        format=Article.Format.VIDEO,
        video_url="https://www.youtube.com/watch?v=abc",
        published_at=timezone.now() + timedelta(days=2),
    )
    Tag.objects.create(name="Unused tag", slug="unused-tag")
    BreakingItemFactory(text="Talks in Moscow", article=lead, position=1)
    BreakingItemFactory(text="Quake felt in Beirut", url="https://example.org/quake", attribution="Agencies")
    BreakingItemFactory(text="Ended item", ends_at=timezone.now() + timedelta(hours=1))
    gallery.slug = "ships-in-latakia-port"  # a published article moved: its old URL answers 301
    gallery.save()
    Redirect.objects.create(site_id=settings.SITE_ID, old_path="/news/retired-page", new_path="")  # 410
    return lead


def wipe():
    """An empty database: the seed migration's content only (and no media files)."""
    Article.objects.all().delete()
    BreakingItem.objects.all().delete()
    Redirect.objects.all().delete()
    Author.objects.all().delete()
    Image.objects.all().delete()
    Tag.objects.all().delete()
    Section.objects.filter(path="news/gulf").delete()
    Region.objects.filter(slug="horn-of-africa").delete()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def test_export_import_export_gives_the_same_files(tmp_path):
    build_newsroom()
    first, second = tmp_path / "first", tmp_path / "second"
    export(first)
    wipe()
    out = StringIO()
    call_command("import_articles", str(first), stdout=out)
    assert "0 failed" in out.getvalue()
    export(second)
    for name in ["articles", "authors", "sections", "regions", "tags", "breaking", "redirects"]:
        assert (second / f"{name}.jsonl").read_text() == (first / f"{name}.jsonl").read_text(), name
    media_first = sorted(p.relative_to(first) for p in (first / "media").rglob("*") if p.is_file())
    media_second = sorted(p.relative_to(second) for p in (second / "media").rglob("*") if p.is_file())
    assert media_first == media_second
    assert len(media_first) == 6
    for rel in media_first:
        assert (first / rel).read_bytes() == (second / rel).read_bytes()
    # And the database really has it all back.
    assert Article.objects.count() == 5
    assert RelatedArticle.objects.get().to_article.slug == "Sanctions_Widen.2021"
    assert sorted(Redirect.objects.values_list("old_path", "new_path")) == [
        ("/news/gulf/ships-in-latakia", "/news/gulf/ships-in-latakia-port"),
        ("/news/retired-page", ""),
    ]
    assert Image.objects.count() == 6
    lead = Article.objects.get(headline="Assad meets Putin in Moscow")
    assert (lead.kicker, lead.seo_title) == ("Exclusive", "Assad and Putin meet in Moscow")
    assert lead.seo_description == "The two presidents met at the Kremlin on Tuesday."
    assert lead.social_image.alt_text == "The card"
    # The live desk's fields and the notices come back as they were.
    update = LiveUpdate.objects.get(title="Handshake")
    assert (update.key_event, update.pinned, update.embed_url) == (True, True, "https://www.youtube.com/watch?v=live1")
    assert update.image.alt_text == "Handshake"
    assert LiveUpdate.objects.get(title="Arrival").key_event is False
    notices = {c.kind: c for c in Correction.objects.filter(article__headline="Assad meets Putin in Moscow")}
    assert notices["correction"].status == "published" and notices["correction"].published_at
    assert notices["correction"].text == "An earlier version misspelt the minister's name."
    assert notices["clarification"].status == "proposed" and notices["clarification"].published_at is None


def test_a_phone_photo_goes_out_and_comes_back_scrubbed_and_byte_exact(tmp_path):
    hero = ImageFactory(file=upload(phone_photo()), credit="Reuters", focal_x=0.7)
    article = ArticleFactory(headline="Rescue in Dahiyeh", hero_image=hero)
    article.tags.set(["Lebanon"])  # an empty tags.jsonl or breaking.jsonl is reported as failed
    BreakingItemFactory(text="Rescue under way", article=article)
    first, second = tmp_path / "first", tmp_path / "second"
    export(first)
    wipe()
    call_command("import_articles", str(first), stdout=StringIO())
    export(second)
    (rel,) = [p.relative_to(first) for p in (first / "media").rglob("*") if p.is_file()]
    assert (first / rel).read_bytes() == (second / rel).read_bytes()
    exported = opened((first / rel).read_bytes())
    assert dict(exported.getexif().get_ifd(ExifTags.IFD.GPSInfo)) == {} and dict(exported.getexif()) == CREDIT
    image = Image.objects.get()
    assert (image.file.name, image.width, image.height) == (str(rel.relative_to("media")), 1200, 1600)


def test_article_line_carries_every_field(tmp_path):
    lead = build_newsroom()
    export(tmp_path)
    rows = {row["headline"]: row for row in lines(tmp_path / "articles.jsonl")}
    row = rows["Assad meets Putin in Moscow"]
    assert set(row) >= ARTICLE_KEYS
    assert row["url"] == lead.get_absolute_url()
    assert row["section"] == "news/politics"
    assert row["authors"] == ["Zainab Haidar", "Al Mayadeen English"]
    assert row["tags"] == ["Russia", "Syria"]
    assert row["regions"] == ["Horn of Africa", "MENA"]
    assert row["published_at"] == timezone.localtime(lead.published_at).isoformat()
    assert row["published_at"][-6:] in {"+02:00", "+03:00"}
    assert row["hero_image"]["file"].startswith("images/") and row["hero_image"]["credit"] == "Reuters"
    assert (tmp_path / "media" / row["hero_image"]["file"]).is_file()
    assert row["related"] == [{"headline": "Sanctions widen", "url": "/news/gulf/Sanctions_Widen.2021"}]
    assert rows["Sanctions widen"]["hero_image"] is None
    assert [g["item_caption"] for g in rows["Ships in Latakia"]["gallery"]] == ["", "Item 1"]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert (manifest["format"], manifest["version"]) == ("newsroom-export", 1)
    assert manifest["counts"]["articles"] == 5 and manifest["counts"]["breaking"] == 3
    assert manifest["counts"]["redirects"] == 2
    assert manifest["counts"]["media"] == 6


def test_section_and_since_filters(tmp_path):
    build_newsroom()
    old = ArticleFactory(headline="Old politics story")
    Article.objects.filter(pk=old.pk).update(published_at=timezone.now() - timedelta(days=400))
    export(tmp_path / "gulf", "--section", "news/gulf")
    assert sorted(r["headline"] for r in lines(tmp_path / "gulf" / "articles.jsonl")) == [
        "Sanctions widen",
        "Ships in Latakia",
    ]
    since = (timezone.localdate() - timedelta(days=30)).isoformat()
    export(tmp_path / "recent", "--since", since)
    headlines = {r["headline"] for r in lines(tmp_path / "recent" / "articles.jsonl")}
    assert "Old politics story" not in headlines and len(headlines) == 5


def test_bad_filters_are_refused(tmp_path):
    with pytest.raises(CommandError, match="not a section path"):
        export(tmp_path, "--section", "nowhere")
    with pytest.raises(CommandError, match="not a date"):
        export(tmp_path, "--since", "last tuesday")
    assert not Path(tmp_path / "articles.jsonl").exists()


def test_dry_run_of_an_export_into_an_empty_database_validates_everything(tmp_path):
    build_newsroom()
    export(tmp_path / "export")
    wipe()
    out = StringIO()
    call_command("import_articles", str(tmp_path / "export"), "--dry-run", stdout=out)
    assert out.getvalue().startswith("Dry run, nothing written: ")
    assert ", 0 failed" in out.getvalue()
    assert not Article.objects.exists() and not Section.objects.filter(path="news/gulf").exists()
    assert not Author.objects.exists() and not Image.objects.exists()
    # The images were checked, not stored: a rollback takes no file back.
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_a_filtered_export_keeps_the_redirects_to_its_articles(tmp_path):
    build_newsroom()
    export(tmp_path, "--section", "news/gulf")
    assert lines(tmp_path / "redirects.jsonl") == [
        {"old_path": "/news/gulf/ships-in-latakia", "new_path": "/news/gulf/ships-in-latakia-port"}
    ]


def test_redirect_lines_that_break_the_rules_are_reported_and_the_rest_imported(tmp_path):
    rows = [
        {"old_path": "/news/politics/old-name", "new_path": "/news/politics/new-name"},
        {"old_path": "news/no-leading-slash", "new_path": "/news"},
        {"old_path": "/news/with?query", "new_path": "/news"},
        {"old_path": "/news/scripted", "new_path": "javascript:alert(1)"},
    ]
    path = tmp_path / "redirects.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="3 item"):
        call_command("import_articles", str(path), stdout=out, stderr=err)
    assert "redirect: 1/0/0/3" in out.getvalue()
    assert list(Redirect.objects.values_list("old_path", "new_path")) == [
        ("/news/politics/old-name", "/news/politics/new-name")
    ]


def test_related_entries_waiting_for_their_story_go_out_and_come_back(tmp_path):
    article = ArticleFactory(headline="Assad meets Putin in Moscow")
    article.tags.set(["Syria"])
    BreakingItemFactory(text="Talks in Moscow", article=article)
    RelatedArticle.objects.create(
        from_article=article, position=0, headline="Barrack urges repeal", url="https://example.org/news/barrack"
    )
    RelatedArticle.objects.create(from_article=article, to_article=ArticleFactory(headline="Linked"), position=1)
    first, second = tmp_path / "first", tmp_path / "second"
    export(first)
    (row,) = [r for r in lines(first / "articles.jsonl") if r["headline"] == "Assad meets Putin in Moscow"]
    assert row["related"] == [
        {"headline": "Barrack urges repeal", "url": "https://example.org/news/barrack"},
        {"headline": "Linked", "url": RelatedArticle.objects.get(position=1).to_article.get_absolute_url()},
    ]
    wipe()
    call_command("import_articles", str(first), stdout=StringIO())
    export(second)
    assert (second / "articles.jsonl").read_text() == (first / "articles.jsonl").read_text()
    waiting = RelatedArticle.objects.get(to_article__isnull=True)
    assert (waiting.position, waiting.headline, waiting.url) == (
        0,
        "Barrack urges repeal",
        "https://example.org/news/barrack",
    )


def test_a_deleted_live_update_is_not_exported(tmp_path):
    live = ArticleFactory(headline="Live: the vote", format=Article.Format.LIVE)
    LiveUpdate.objects.create(article=live, title="Kept", body="<p>Counting.</p>")
    LiveUpdate.objects.create(article=live, title="Retracted", body="<p>Wrong.</p>", deleted_at=timezone.now())
    live.tags.set(["Vote"])
    BreakingItemFactory(text="Vote count under way", article=live)
    export(tmp_path)
    (row,) = lines(tmp_path / "articles.jsonl")
    assert [u["title"] for u in row["live_updates"]] == ["Kept"]
