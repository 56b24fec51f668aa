"""Importers and the export across editions: ``--edition`` on every format, an
article's edition read from its URL's prefix, editions and translation groups carried
by the export, and the round trip exact."""

import json
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, BreakingItem, Region, Section
from tests.factories import ArticleFactory, BreakingItemFactory, RegionFactory, section

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "demo" / "data" / "al-mayadeen-article-page.txt"
WXR = Path(__file__).parent / "data" / "wxr" / "small-export.xml"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def export(path):
    call_command("export_articles", str(path), stdout=StringIO())


def rows(path, name="articles"):
    return [json.loads(line) for line in (path / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]


def three_editions():
    group = uuid.uuid4()
    ar_section = section("أخبار/سياسة", edition="ar")
    es_section = section("noticias", edition="es")
    region = RegionFactory(edition="ar", slug="فلسطين", name="فلسطين")
    en = ArticleFactory(headline="Talks resume in Cairo", translation_group=group)
    ar = ArticleFactory(headline="استئناف المحادثات في القاهرة", section=ar_section, translation_group=group)
    ar.regions.add(region)
    ar.tags.add("غزة")
    es = ArticleFactory(headline="Se reanudan las conversaciones", section=es_section, translation_group=group)
    BreakingItemFactory(edition="ar", text="عاجل: وصول الوفود", article=ar)
    return en, ar, es


def wipe():
    Article.objects.all().delete()
    BreakingItem.objects.all().delete()
    Region.objects.exclude(edition="en").delete()
    Section.objects.exclude(edition="en").filter(parent__isnull=False).delete()
    Section.objects.exclude(edition="en").delete()


def test_the_export_carries_editions_and_translation_groups(tmp_path):
    en, ar, es = three_editions()
    export(tmp_path)
    by_headline = {row["headline"]: row for row in rows(tmp_path)}
    assert by_headline[ar.headline]["edition"] == "ar"
    assert by_headline[ar.headline]["url"] == ar.get_absolute_url()
    assert by_headline[ar.headline]["url"].startswith("/ar/")
    assert {by_headline[a.headline]["translation_group"] for a in (en, ar, es)} == {str(en.translation_group)}
    assert {row["edition"] for row in rows(tmp_path, "sections")} == {"en", "ar", "es"}
    assert [row["edition"] for row in rows(tmp_path, "regions") if row["slug"] == "فلسطين"] == ["ar"]
    assert [row["edition"] for row in rows(tmp_path, "breaking")] == ["ar"]


def test_export_import_export_is_exact_across_editions(tmp_path):
    en, ar, es = three_editions()
    first, second = tmp_path / "first", tmp_path / "second"
    export(first)
    wipe()
    out, _ = run(first)
    assert "0 failed" in out
    export(second)
    for name in ["articles", "sections", "regions", "tags", "breaking"]:
        assert (second / f"{name}.jsonl").read_text() == (first / f"{name}.jsonl").read_text(), name
    back = {a.edition: a for a in Article.objects.all()}
    assert set(back) == {"en", "ar", "es"}
    assert {a.translation_group for a in back.values()} == {en.translation_group}
    assert back["ar"].get_absolute_url() == ar.get_absolute_url()
    assert back["ar"].regions.get().edition == "ar"
    assert BreakingItem.objects.get().edition == "ar"
    # Re-running changes nothing.
    out, _ = run(first)
    assert "0 created" in out and "0 updated" in out


def test_page_text_with_edition(tmp_path):
    section("أخبار", edition="ar")
    out, err = run(SEED, "--edition", "ar", "--section", "أخبار")
    assert "0 failed" in out, err
    article = Article.objects.get()
    assert (article.edition, article.language) == ("ar", "ar")
    assert article.get_absolute_url().startswith("/ar/")
    assert set(BreakingItem.objects.values_list("edition", flat=True)) == {"ar"}


def test_jsonl_records_without_an_edition_take_the_option(tmp_path):
    section("noticias", edition="es")
    path = tmp_path / "one.jsonl"
    record = {"type": "article", "headline": "Cumbre en Caracas", "section": "noticias", "status": "draft"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    out, err = run(path, "--edition", "es")
    assert "0 failed" in out, err
    assert Article.objects.get().edition == "es"


def test_a_record_names_its_own_edition_and_group(tmp_path):
    section("noticias", edition="es")
    group = uuid.uuid4()
    path = tmp_path / "one.jsonl"
    record = {
        "type": "article",
        "headline": "Cumbre en Caracas",
        "section": "noticias",
        "status": "draft",
        "edition": "es",
        "translation_group": str(group),
    }
    bad = {**record, "headline": "Otra", "translation_group": "not-a-uuid"}
    path.write_text(json.dumps(record) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="1 item"):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)
    article = Article.objects.get()
    assert (article.edition, article.translation_group) == ("es", group)
    assert "not a UUID" in err.getvalue()


def test_wxr_with_edition(tmp_path):
    section("noticias", edition="es")
    out, err = run(WXR, "--edition", "es", "--section", "noticias")
    assert Article.objects.exists(), out + err
    assert set(Article.objects.values_list("edition", flat=True)) == {"es"}


def test_html_of_our_own_arabic_page_comes_back_in_its_edition(client, tmp_path):
    ar = ArticleFactory(headline="استئناف المحادثات في القاهرة", section=section("أخبار/سياسة", edition="ar"))
    page = tmp_path / "page.html"
    page.write_bytes(client.get(ar.get_absolute_url()).content)
    url, slug = ar.get_absolute_url(), ar.slug
    Article.objects.all().delete()
    out, err = run(page)
    assert "0 failed" in out, err
    back = Article.objects.get()
    assert back.edition == "ar" and back.slug == slug and back.get_absolute_url() == url


def test_an_unknown_edition_is_refused():
    with pytest.raises(CommandError, match="edition"):
        run(SEED, "--edition", "fr")
