"""Editions in the content model: settings, codes on content, a section tree per
edition, translation groups, and the small API of ``articles.editions``."""

import uuid

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction
from django.test import RequestFactory, override_settings
from django.utils import timezone, translation

from articles import editions
from articles.models import Article, BreakingItem, Region, Section, SectionTree
from demo.editions import seed_structure
from tests.factories import ArticleFactory, BreakingItemFactory, RegionFactory, SectionFactory, section

pytestmark = pytest.mark.django_db


def test_the_three_editions_are_configured():
    assert [e.code for e in editions.all_editions()] == ["en", "ar", "es"]
    en, ar, es = editions.get("en"), editions.get("ar"), editions.get("es")
    assert en.is_default and en.prefix == "" and en.direction == "ltr"
    assert ar.direction == "rtl" and ar.is_rtl and ar.prefix == "ar" and ar.language == "ar"
    assert es.prefix == "es" and es.language == "es" and not es.is_rtl
    assert ar.site_name != en.site_name and es.tagline != en.tagline
    assert editions.default() is en
    with pytest.raises(LookupError):
        editions.get("fr")


def test_only_the_default_edition_has_no_prefix():
    broken = {
        "en": {"name": "English", "language": "en", "prefix": ""},
        "ar": {"name": "ع", "language": "ar", "prefix": ""},
    }
    with override_settings(EDITIONS=broken), pytest.raises(ImproperlyConfigured):
        editions.all_editions()


def test_urls_of_each_edition():
    assert editions.reverse("public:home", edition="en") == "/"
    assert editions.reverse("public:home", edition="ar") == "/ar/"
    assert editions.reverse("public:rss_latest", edition="es") == "/es/rss"
    assert editions.from_path("/ar/news").code == "ar"
    assert editions.from_path("/es").code == "es"
    assert editions.from_path("/arabic-news").code == "en"
    assert editions.from_path("/").code == "en"


def test_override_activates_language_time_zone_and_urls():
    with override_settings(
        EDITIONS={
            **settings.EDITIONS,
            "es": {**settings.EDITIONS["es"], "time_zone": "America/Caracas"},
        }
    ):
        with editions.override("es") as es:
            assert editions.current() is es
            assert translation.get_language() == "es"
            assert str(timezone.get_current_timezone()) == "America/Caracas"
            assert editions.reverse("public:home") == "/es/"
        assert editions.current().code == "en"
        assert editions.reverse("public:home") == "/"


def test_of_request_reads_the_path():
    assert editions.of_request(RequestFactory().get("/ar/search")).code == "ar"


def test_existing_rows_and_new_ones_default_to_english():
    assert ArticleFactory().edition == "en"
    assert BreakingItemFactory().edition == "en"
    assert Section.objects.get(edition="en", path="news").edition == "en"


def test_the_demo_structure_gives_each_edition_its_tree_and_region_bar():
    seed_structure()
    seed_structure()  # idempotent
    ar = SectionTree.load("ar")
    assert [n.name for n in ar.menu][:2] == ["أخبار", "مقالات"]
    assert "أخبار/سياسة" in ar.by_path
    assert "noticias/politica" in SectionTree.load("es").by_path
    assert "news/politics" in SectionTree.load("en").by_path and "news/politics" not in ar.by_path
    assert Region.objects.filter(edition="ar").exists() and Region.objects.filter(edition="es").exists()


def test_a_section_tree_per_edition_and_paths_unique_per_edition():
    SectionFactory(edition="es", slug="news", name="News ES", parent=None)  # same path, other edition: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.create(edition="en", slug="news", name="Other news")


def test_a_sub_section_is_in_its_parents_edition():
    child = Section.objects.create(name="Gulf", slug="gulf", parent=section("أخبار", edition="ar"))
    assert child.edition == "ar" and child.path == "أخبار/gulf"
    assert child.get_absolute_url() == editions.reverse("public:section", kwargs={"path": "أخبار/gulf"}, edition="ar")


def test_an_article_is_in_its_sections_edition_and_language():
    article = ArticleFactory(
        section=section("noticias/politica", edition="es"), headline="Se reanudan las conversaciones"
    )
    assert article.edition == "es" and article.language == "es"
    assert article.get_absolute_url() == f"/es/noticias/politica/{article.slug}"
    english = ArticleFactory()
    assert english.get_absolute_url().startswith("/news/politics/")


def test_region_slugs_are_unique_per_edition():
    RegionFactory(edition="es", slug="mena", name="MENA (es)")
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(edition="es", slug="mena", name="Oriente Medio")


def test_at_most_one_translation_per_edition():
    group = uuid.uuid4()
    ArticleFactory(translation_group=group)
    ArticleFactory(translation_group=group, section=section("أخبار/سياسة", edition="ar"), headline="محادثات")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(translation_group=group, headline="Another English version")


def test_an_edition_code_not_configured_is_refused_by_validation():
    item = BreakingItem(text="Line", edition="fr")
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "edition" in error.value.message_dict


def test_the_ticker_repeat_rule_is_per_edition():
    BreakingItemFactory(text="Strike on the port of Hodeidah")
    BreakingItem(text="Strike on the port of Hodeidah", edition="es").clean()  # another ticker
    with pytest.raises(ValidationError):
        BreakingItem(text="Strike on the port of Hodeidah", edition="en").clean()


def test_article_default_of_the_field_is_the_setting():
    assert Article._meta.get_field("edition").get_default() == "en"


def test_an_existing_section_keeps_its_edition():
    news = section("news")
    child = section("news/politics")
    ArticleFactory(section=child)
    news.edition = "ar"
    with pytest.raises(ValidationError) as caught:
        news.save()
    assert "edition" in caught.value.message_dict
    assert {s.edition for s in Section.objects.all()} == {"en"}
    # Nor does a section move under a parent of another edition.
    child.parent = section("أخبار", edition="ar")
    with pytest.raises(ValidationError):
        child.full_clean()
    with pytest.raises(ValidationError):
        child.save()
