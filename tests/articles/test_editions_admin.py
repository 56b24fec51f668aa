"""Editions in the admin: the edition column and filter, an editor limited to one
edition by its permission, and "create translation"."""

import pytest
import reversion
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles import editions
from articles.admin.editions import create_translation
from articles.models import Article, BreakingItem, Correction, LiveUpdate, Redirect, Region, Section
from articles.redirects import leave_redirect
from tests.articles.test_admin_workflow import edit
from tests.factories import ArticleFactory, AuthorFactory, BreakingItemFactory, RegionFactory, parse_html, section

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


def arabic_story(**kwargs):
    return ArticleFactory(headline="محادثات في القاهرة", section=section("أخبار/سياسة", edition="ar"), **kwargs)


def limit_to(user, code):
    user.user_permissions.add(Permission.objects.get(codename=editions.permission_codename(code)))


def test_every_edition_has_its_permission():
    codes = set(Permission.objects.filter(codename__startswith="edition_").values_list("codename", flat=True))
    assert codes == {"edition_en", "edition_ar", "edition_es"}


def test_the_article_list_has_an_edition_column_and_filter(editor_client):
    english, arabic = ArticleFactory(headline="Talks in Cairo"), arabic_story()
    doc = parse_html(editor_client.get(CHANGELIST))
    assert "Edition" in doc.xpath("//thead//th//text()")
    assert {"Ar", "En"} <= set(doc.xpath('//td[contains(@class, "field-edition_label")]/text()'))
    filtered = editor_client.get(CHANGELIST, {"edition": "ar"}).content.decode()
    assert arabic.headline in filtered and english.headline not in filtered


@pytest.mark.parametrize(
    "path", ["/admin/articles/section/", "/admin/articles/region/", "/admin/articles/breakingitem/"]
)
def test_other_lists_have_the_edition_filter(admin_client, path):
    section("noticias", edition="es")
    BreakingItemFactory(edition="es")
    RegionFactory(edition="es", slug="europa", name="Europa")
    response = admin_client.get(path, {"edition": "es"})
    assert response.status_code == 200
    assert "Edition" in parse_html(response).xpath("//thead//th//text()")


def test_an_editor_limited_to_arabic_sees_and_changes_arabic_content_only(editor, client):
    limit_to(editor, "ar")
    client.force_login(editor)
    english, arabic = ArticleFactory(headline="Talks in Cairo"), arabic_story()
    listing = client.get(CHANGELIST).content.decode()
    assert arabic.headline in listing and english.headline not in listing
    assert client.get(f"{CHANGELIST}{english.pk}/change/").status_code in (302, 403, 404)
    assert client.get(f"{CHANGELIST}{arabic.pk}/change/").status_code == 200
    # Her section choices are the Arabic tree only.
    form = parse_html(client.get(f"{CHANGELIST}add/"))
    options = form.xpath('//select[@name="section"]/option/@value')
    sections = Section.objects.filter(pk__in=[o for o in options if o])
    assert sections and {s.edition for s in sections} == {"ar"}
    # The ticker: Arabic lines only, and a line for another edition is refused.
    BreakingItemFactory(text="English line")
    assert "English line" not in client.get("/admin/articles/breakingitem/").content.decode()
    choices = parse_html(client.get("/admin/articles/breakingitem/add/")).xpath(
        '//select[@name="edition"]/option/@value'
    )
    assert choices == ["ar"]


def test_without_edition_permissions_an_editor_works_in_every_edition(editor):
    assert editions.user_editions(editor) == ["en", "ar", "es"]
    limit_to(editor, "es")
    del editor._perm_cache, editor._user_perm_cache
    assert editions.user_editions(editor) == ["es"]


def test_create_translation_copies_into_a_linked_draft():
    section("noticias", edition="es")
    original = ArticleFactory(
        headline="Talks resume in Cairo", hero_caption="Delegates arrive.", authors=[AuthorFactory()]
    )
    original.tags.add("Gaza", "Egypt")
    draft = create_translation(original, editions.get("es"))
    original.refresh_from_db()
    assert draft.edition == "es" and draft.language == "es" and draft.status == Article.Status.DRAFT
    assert draft.translation_group == original.translation_group is not None
    assert draft.section.edition == "es"
    assert (draft.headline, draft.hero_caption, draft.body) == (original.headline, original.hero_caption, original.body)
    assert sorted(t.name for t in draft.tags.all()) == ["Egypt", "Gaza"]
    assert [a.pk for a in draft.byline_authors] == [a.pk for a in original.byline_authors]
    with pytest.raises(ValueError, match="already"):
        create_translation(original, editions.get("es"))
    with pytest.raises(ValueError):
        create_translation(original, editions.get("en"))


def test_create_translation_from_the_list(editor_client):
    section("أخبار", edition="ar")
    original = ArticleFactory(headline="Talks resume in Cairo")
    response = editor_client.post(
        CHANGELIST, {"action": "translate_to_ar", "_selected_action": [original.pk]}, follow=True
    )
    assert response.status_code == 200
    draft = Article.objects.get(edition="ar", translation_group__isnull=False)
    assert draft.status == Article.Status.DRAFT
    assert "Translation of" in response.content.decode()
    assert not BreakingItem.objects.exists()


def test_an_address_held_by_a_redirect_is_checked_in_the_sections_edition(editor_client):
    arabic = section("أخبار", edition="ar")
    held = Article.url_for("أخبار", "talks", "ar")
    leave_redirect(held, "/ar/أخبار/talks-moved")
    assert Redirect.objects.exists()
    response = editor_client.post(
        f"{CHANGELIST}add/",
        {
            "headline": "محادثات",
            "section": arabic.pk,
            "slug": "talks",
            "status": "draft",
            "format": "standard",
            "bylines-TOTAL_FORMS": 0,
            "bylines-INITIAL_FORMS": 0,
            "gallery_items-TOTAL_FORMS": 0,
            "gallery_items-INITIAL_FORMS": 0,
            "related_links-TOTAL_FORMS": 0,
            "related_links-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert "the redirect keeps its links working" in response.content.decode()
    assert not Article.objects.filter(slug="talks").exists()


def test_the_preview_of_an_arabic_draft_is_right_to_left_in_its_edition(editor_client):
    draft = arabic_story(status=Article.Status.DRAFT)
    response = editor_client.get(reverse("admin:articles_article_preview", args=[draft.pk]))
    root = parse_html(response).xpath("/html")[0]
    assert (root.get("lang"), root.get("dir")) == ("ar", "rtl")
    assert parse_html(response).xpath('//a[@class="logo"]/@href') == ["/ar/"]


def test_an_editor_limited_to_one_edition_cannot_preview_another_editions_draft(editor, client):
    limit_to(editor, "es")
    client.force_login(editor)
    draft = arabic_story(status=Article.Status.DRAFT)
    response = client.get(reverse("admin:articles_article_preview", args=[draft.pk]))
    assert response.status_code in (403, 404)
    assert draft.headline not in response.content.decode()


def test_the_view_permission_of_edition_content_respects_the_edition(editor, rf):
    limit_to(editor, "es")
    request = rf.get("/admin/")
    request.user = editor
    model_admin = admin.site._registry[Article]
    assert not model_admin.has_view_permission(request, arabic_story())
    assert model_admin.has_view_permission(request, None)


@pytest.mark.parametrize("model", [LiveUpdate, Correction])
def test_an_editor_limited_to_one_edition_sees_only_its_updates_and_notices(editor, client, model):
    limit_to(editor, "es")
    client.force_login(editor)
    spanish = ArticleFactory(headline="Conversaciones", section=section("noticias", edition="es"))
    arabic = arabic_story()
    text = "text" if model is Correction else "body"
    with reversion.create_revision():
        theirs = model.objects.create(article=arabic, **{text: "<p>Arabic desk only.</p>"})
    ours = model.objects.create(article=spanish, **{text: "<p>Spanish desk.</p>"})
    base = f"/admin/articles/{model._meta.model_name}/"
    listing = client.get(base).content.decode()
    assert spanish.headline in listing and arabic.headline not in listing
    assert client.get(f"{base}{ours.pk}/change/").status_code == 200
    for page in ("change", "history"):
        response = client.get(f"{base}{theirs.pk}/{page}/")
        assert response.status_code in (302, 403, 404), page
        assert arabic.headline not in response.content.decode()
    # A row of the other edition cannot be added through the form either.
    client.post(f"{base}add/", {"article": arabic.pk, text: "<p>Sneaked in.</p>", "kind": "correction"})
    assert not model.objects.filter(**{f"{text}__contains": "Sneaked"}).exists()
    # Nor is its deleted row offered for recovery.
    with reversion.create_revision():
        theirs.save()
    theirs.delete()
    recoverable = client.get(f"{base}recover/")
    assert recoverable.status_code == 200 and str(theirs) not in recoverable.content.decode()


def test_moving_a_story_into_an_edition_holding_its_translation_is_a_form_error(editor_client):
    original = ArticleFactory(headline="Talks in Cairo", status=Article.Status.DRAFT)
    section("أخبار", edition="ar")
    translation = create_translation(original, editions.get("ar"))
    # Moving the English original into an Arabic section would give the story two
    # Arabic articles: refused on the section field, not a 500.
    elsewhere = section("رياضة", edition="ar")
    assert elsewhere != translation.section
    response = edit(editor_client, original, section=str(elsewhere.pk))
    assert response.status_code == 200
    assert "translation in this edition" in response.context["adminform"].form.errors["section"][0]
    original.refresh_from_db()
    assert original.edition == "en"


def test_a_story_moved_into_an_edition_holding_its_translation_fails_model_validation():
    original = ArticleFactory(headline="Talks in Cairo")
    section("أخبار", edition="ar")
    translation = create_translation(original, editions.get("ar"))
    original.section = section("رياضة", edition="ar")
    assert original.section != translation.section
    with pytest.raises(ValidationError) as caught:
        original.full_clean()
    assert "section" in caught.value.message_dict


@pytest.mark.parametrize("model", [Section, Region])
def test_the_edition_of_a_section_or_region_is_chosen_once(admin_client, model):
    url = f"/admin/articles/{model._meta.model_name}/"
    add_form = parse_html(admin_client.get(f"{url}add/"))
    assert add_form.xpath('//select[@name="edition"]')
    row = section("news") if model is Section else RegionFactory(slug="europe", name="Europe")
    change = admin_client.get(f"{url}{row.pk}/change/")
    assert not parse_html(change).xpath('//select[@name="edition"]')  # shown, not editable
    data = {"name": row.name, "slug": row.slug, "position": 0, "show_in_menu": "on", "edition": "ar"}
    admin_client.post(f"{url}{row.pk}/change/", data)
    row.refresh_from_db()
    assert row.edition == "en"


def test_an_editor_limited_to_one_edition_cannot_read_anothers_article_history(editor, client):
    limit_to(editor, "es")
    client.force_login(editor)
    english, arabic = ArticleFactory(headline="Talks in Cairo"), arabic_story()
    for article in (english, arabic):
        assert client.get(f"{CHANGELIST}{article.pk}/history/").status_code == 404
    spanish = ArticleFactory(headline="Conversaciones", section=section("noticias", edition="es"))
    assert client.get(f"{CHANGELIST}{spanish.pk}/history/").status_code == 200
