"""Least privilege in the admin: staff do what their role allows, on what is theirs.

Every test drives the admin through the test client as a real Writer, Editor or
Administrator (groups as the migrations make them). The rules: ``articles.workflow``.
"""

import pytest
from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.test import Client
from django.urls import reverse
from reversion.models import Version
from taggit.models import Tag

from articles.models import Article, Image
from articles.roles import author_for
from tests.articles.test_admin_workflow import add, change_url, edit, form_data, form_errors
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, image_upload, role

pytestmark = pytest.mark.django_db


def staff(django_user_model, username, group):
    user = django_user_model.objects.create_user(username=username, password="pw-for-tests-only", is_staff=True)
    user.groups.add(role(group))
    return user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def other_writer(django_user_model):
    """A second writer, whose stories are not the first one's."""
    return staff(django_user_model, "walid-writer", "Writer")


def drafted_by(user, headline="Talks resume in Moscow"):
    """A draft written in the admin by ``user``, as she would write it."""
    response = add(logged_in(user), headline=headline)
    assert response.status_code == 302, form_errors(response)
    return Article.objects.get(headline=headline)


def preview_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


# --- images ------------------------------------------------------------------------


def image_change(client, image, **changes):
    """POST the image's change form with new text fields (the file stays as it is)."""
    data = {
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "focal_x": str(image.focal_x),
        "focal_y": str(image.focal_y),
    }
    data.update(changes)
    return client.post(reverse("admin:articles_image_change", args=[image.pk]), data)


def test_writer_cannot_change_the_hero_image_of_a_published_article(writer_client, client):
    image = ImageFactory(alt_text="Leaders at the Kremlin", caption="Leaders meet.", credit="AP")
    article = ArticleFactory(hero_image=image)
    response = image_change(
        writer_client, image, alt_text="Forged alt text", caption="Forged caption", credit="Forged credit"
    )
    assert response.status_code == 403
    image.refresh_from_db()
    assert (image.alt_text, image.caption, image.credit) == ("Leaders at the Kremlin", "Leaders meet.", "AP")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Forged" not in page
    # The form is shown read-only: no inputs to send.
    form_page = writer_client.get(reverse("admin:articles_image_change", args=[image.pk])).content.decode()
    assert 'name="alt_text"' not in form_page


def test_writer_cannot_replace_the_file_of_a_published_article_s_image(writer_client):
    image = ImageFactory()
    ArticleFactory(hero_image=image)
    stored = image.file.name
    response = writer_client.post(
        reverse("admin:articles_image_change", args=[image.pk]),
        {
            "file": image_upload("other.png", fmt="PNG", color=(0, 0, 0)),
            "alt_text": "A",
            "focal_x": 0.5,
            "focal_y": 0.5,
        },
    )
    assert response.status_code == 403
    image.refresh_from_db()
    assert image.file.name == stored


def test_writer_cannot_change_an_image_of_a_published_gallery(writer_client):
    image = ImageFactory(alt_text="Crowds in the square")
    article = ArticleFactory(format=Article.Format.GALLERY)
    article.gallery_items.create(image=image, position=0)
    assert image_change(writer_client, image, alt_text="Forged alt text").status_code == 403
    image.refresh_from_db()
    assert image.alt_text == "Crowds in the square"


def test_writer_cannot_change_an_image_of_a_scheduled_article(writer_client):
    from django.utils import timezone

    image = ImageFactory(alt_text="Embargoed picture")
    ArticleFactory(hero_image=image, published_at=timezone.now() + timezone.timedelta(hours=3))
    assert image_change(writer_client, image, alt_text="Forged alt text").status_code == 403


def test_writer_cannot_change_an_author_photo(writer_client):
    image = ImageFactory(alt_text="Portrait")
    AuthorFactory(photo=image)
    assert image_change(writer_client, image, alt_text="Forged alt text").status_code == 403


def test_writer_cannot_change_an_image_another_writer_s_draft_uses(writer_client, other_writer):
    image = ImageFactory(alt_text="Their picture")
    theirs = drafted_by(other_writer)
    Article.objects.filter(pk=theirs.pk).update(hero_image=image)
    assert image_change(writer_client, image, alt_text="Forged alt text").status_code == 403


def test_writer_uploads_an_image_and_edits_it_while_only_her_draft_uses_it(writer, writer_client, editor):
    response = writer_client.post(
        reverse("admin:articles_image_add"),
        {"file": image_upload(), "alt_text": "Smoke over the port", "focal_x": 0.5, "focal_y": 0.5},
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert image_change(writer_client, image, caption="Smoke rises over the port.").status_code == 302
    mine = drafted_by(writer)
    data = form_data(writer_client.get(change_url(mine)))
    data["hero_image"] = str(image.pk)
    assert writer_client.post(change_url(mine), data).status_code == 302
    assert image_change(writer_client, image, caption="Still her draft.").status_code == 302
    # Published by an editor: the picture is on the site, changing it is an editor's act.
    assert edit(logged_in(editor), mine, status="published", publish_anyway="on").status_code == 302
    assert image_change(writer_client, image, caption="Too late.").status_code == 403
    assert image_change(logged_in(editor), image, caption="An editor's correction.").status_code == 302
    image.refresh_from_db()
    assert image.caption == "An editor's correction."


def test_writer_cannot_change_an_unused_image_someone_else_uploaded(writer_client, editor):
    logged_in(editor).post(
        reverse("admin:articles_image_add"),
        {"file": image_upload(), "alt_text": "Picture desk upload", "focal_x": 0.5, "focal_y": 0.5},
    )
    image = Image.objects.get()
    assert image_change(writer_client, image, alt_text="Forged alt text").status_code == 403


# --- tags --------------------------------------------------------------------------


def test_a_tag_a_writer_creates_has_no_public_page_until_an_editor_publishes_a_story_with_it(
    writer, writer_client, editor, client
):
    name = "BREAKING: Capital falls"
    response = writer_client.post(reverse("admin:taggit_tag_add"), {"name": name, "slug": "breaking-capital-falls"})
    assert response.status_code == 302
    tag_page = reverse("public:tag", kwargs={"slug": "breaking-capital-falls"})
    response = client.get(tag_page)
    assert response.status_code == 404
    assert name not in response.content.decode()
    # On her draft too: still no page.
    mine = drafted_by(writer)
    data = form_data(writer_client.get(change_url(mine)))
    data["tags"] = [str(Tag.objects.get(name=name).pk)]
    assert writer_client.post(change_url(mine), data).status_code == 302
    assert client.get(tag_page).status_code == 404
    assert client.get(reverse("public:rss_tag", kwargs={"slug": "breaking-capital-falls"})).status_code == 404
    assert "breaking-capital-falls" not in client.get("/sitemap-tags.xml").content.decode()
    searched = client.get(reverse("public:search"), {"tag": "breaking-capital-falls"}).content.decode()
    assert "Capital falls" not in searched
    # An editor publishes the story: the tag is now public.
    assert edit(logged_in(editor), mine, status="published", publish_anyway="on").status_code == 302
    assert client.get(tag_page).status_code == 200


def _select_tags_for_merge(client, *tags):
    session = client.session
    session["selected_tag_ids"] = ",".join(str(t.pk) for t in tags)
    session.save()


@pytest.mark.parametrize("who", ["no permissions", "writer"])
def test_tag_merge_cannot_create_tags_without_the_tag_permissions(django_user_model, who):
    user = (
        django_user_model.objects.create_user("clerk", password="pw-for-tests-only", is_staff=True)
        if who == "no permissions"
        else staff(django_user_model, "wendy", "Writer")
    )
    client = logged_in(user)
    syria = Tag.objects.create(name="Syria", slug="syria")
    _select_tags_for_merge(client, syria)
    merge = reverse("admin:taggit_tag_merge_tags")
    assert client.get(merge).status_code == 403
    assert client.post(merge, {"new_tag_name": "BREAKING: Capital falls"}).status_code == 403
    assert list(Tag.objects.values_list("name", flat=True)) == ["Syria"]


# --- flatpages ---------------------------------------------------------------------


def test_editor_cannot_change_flatpages(editor_client, client):
    page = FlatPage.objects.get(url="/about-us/")
    response = editor_client.post(
        reverse("admin:flatpages_flatpage_change", args=[page.pk]),
        {
            "url": page.url,
            "title": page.title,
            "content": "<p>About</p><script>fetch('/admin/auth/user/add/')</script>",
            "sites": [settings.SITE_ID],
        },
    )
    assert response.status_code == 403
    assert editor_client.get(reverse("admin:flatpages_flatpage_add")).status_code == 403
    assert "<script>fetch" not in client.get("/about-us").content.decode()


def test_administrator_changes_flatpages_through_the_text_policy(administrator, client):
    page = FlatPage.objects.get(url="/about-us/")
    response = logged_in(administrator).post(
        reverse("admin:flatpages_flatpage_change", args=[page.pk]),
        {
            "url": page.url,
            "title": page.title,
            "content": '<p onclick="steal()">Who we are.</p><script>fetch("/admin/auth/user/add/")</script>',
            "sites": [settings.SITE_ID],
        },
    )
    assert response.status_code == 302
    served = client.get("/about-us").content.decode()
    assert "Who we are." in served
    assert "<script>fetch" not in served and "steal()" not in served


# --- ownership -----------------------------------------------------------------------


def test_writer_cannot_edit_another_writer_s_draft(writer_client, other_writer):
    theirs = drafted_by(other_writer, headline="Their scoop")
    assert writer_client.get(change_url(theirs)).status_code == 302  # "does not exist", as Django says
    response = writer_client.post(change_url(theirs), {"headline": "Hijacked", "status": "in_review"})
    assert response.status_code in (302, 403)
    theirs.refresh_from_db()
    assert (theirs.headline, theirs.status) == ("Their scoop", Article.Status.DRAFT)


def test_writer_does_not_see_another_writer_s_draft_in_the_list_nor_act_on_it(writer_client, other_writer):
    theirs = drafted_by(other_writer, headline="Their scoop")
    changelist = writer_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Their scoop" not in changelist
    writer_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "submit_selected_for_review", "_selected_action": [str(theirs.pk)], "index": 0},
    )
    theirs.refresh_from_db()
    assert theirs.status == Article.Status.DRAFT


def test_writer_cannot_preview_another_writer_s_or_an_editor_s_draft(writer_client, other_writer, editor):
    for author in (other_writer, editor):
        theirs = drafted_by(author, headline=f"Embargoed by {author.username}")
        response = writer_client.get(preview_url(theirs))
        assert response.status_code == 403
        assert b"Embargoed" not in response.content


def test_writer_cannot_read_the_history_of_another_writer_s_draft(writer_client, other_writer):
    theirs = drafted_by(other_writer, headline="Their scoop")
    response = writer_client.get(reverse("admin:articles_article_history", args=[theirs.pk]))
    assert b"Their scoop" not in response.content
    version = Version.objects.get_for_object(theirs).first()
    response = writer_client.get(reverse("admin:articles_article_revision", args=[theirs.pk, version.pk]))
    assert response.status_code in (302, 403, 404)
    assert b"Their scoop" not in response.content


def test_writer_works_on_her_own_draft_and_previews_it(writer, writer_client):
    mine = drafted_by(writer, headline="My story")
    assert writer_client.get(preview_url(mine)).status_code == 200
    response = edit(writer_client, mine, headline="My story, rewritten", status="in_review")
    assert response.status_code == 302, form_errors(response)
    mine.refresh_from_db()
    assert (mine.headline, mine.status) == ("My story, rewritten", Article.Status.IN_REVIEW)


def test_writer_works_on_a_story_shared_with_her_by_a_byline(writer, writer_client, editor):
    commissioned = drafted_by(editor, headline="Commissioned piece")
    assert writer_client.get(change_url(commissioned)).status_code == 302
    # The editor puts her byline on it: it is hers to work on too.
    data = form_data(logged_in(editor).get(change_url(commissioned)))
    data.update(
        {
            "bylines-TOTAL_FORMS": "1",
            # Her author profile, made when she joined the Writer group (articles.roles).
            "bylines-0-author": str(author_for(writer).pk),
            "bylines-0-position": "0",
        }
    )
    assert logged_in(editor).post(change_url(commissioned), data).status_code == 302
    assert writer_client.get(preview_url(commissioned)).status_code == 200
    response = edit(writer_client, commissioned, headline="Commissioned piece, filed")
    assert response.status_code == 302, form_errors(response)


def test_writer_still_reads_published_articles_read_only(writer_client):
    live = ArticleFactory(headline="On the site")
    assert writer_client.get(change_url(live)).status_code == 200
    assert writer_client.get(preview_url(live)).status_code == 200


def test_writer_cannot_read_deleted_articles_through_recover(writer_client, editor):
    deleted = drafted_by(editor, headline="Spiked story")
    Article.objects.filter(pk=deleted.pk).update(body="<p>Confidential source material.</p>")
    deleted.delete()
    version = Version.objects.get_deleted(Article).get()
    recoverlist = writer_client.get(reverse("admin:articles_article_recoverlist"))
    assert recoverlist.status_code == 403
    recover = writer_client.get(reverse("admin:articles_article_recover", args=[version.pk]))
    assert recover.status_code == 403
    assert b"Spiked story" not in recoverlist.content + recover.content
    assert not Article.objects.exists()
    changelist = writer_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert reverse("admin:articles_article_recoverlist") not in changelist


def test_editor_recovers_deleted_articles(editor_client):
    response = add(editor_client, headline="Spiked story")
    assert response.status_code == 302
    Article.objects.get().delete()
    version = Version.objects.get_deleted(Article).get()
    assert b"Spiked story" in editor_client.get(reverse("admin:articles_article_recoverlist")).content
    assert editor_client.get(reverse("admin:articles_article_recover", args=[version.pk])).status_code == 200
    changelist = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert reverse("admin:articles_article_recoverlist") in changelist


def test_writer_cannot_restore_an_old_publication_time_through_a_revision(writer, editor):
    editor_client = logged_in(editor)
    mine = drafted_by(writer, headline="Planned story")
    when = "2020-01-02"
    assert (
        edit(editor_client, mine, published_at_0=when, published_at_1="10:00:00", home_position="1").status_code == 302
    )
    assert edit(editor_client, mine, published_at_0="", published_at_1="", home_position="").status_code == 302
    mine.refresh_from_db()
    assert (mine.published_at, mine.home_position) == (None, None)
    planned = Version.objects.get_for_object(mine).order_by("pk")[1]
    assert planned.field_dict["published_at"] is not None
    revision_url = reverse("admin:articles_article_revision", args=[mine.pk, planned.pk])
    writer_client = logged_in(writer)
    page = writer_client.get(revision_url)
    assert page.status_code == 200
    response = writer_client.post(revision_url, form_data(page))
    assert response.status_code == 302, form_errors(response)
    mine.refresh_from_db()
    assert (mine.published_at, mine.home_position) == (None, None)


def test_nobody_sets_the_import_identity_in_the_admin(writer_client, editor_client):
    response = add(writer_client, headline="Wire lookalike", external_id="https://wire.example/story-1")
    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get()
    assert article.external_id is None
    assert edit(editor_client, article, external_id="https://wire.example/story-1").status_code == 302
    article.refresh_from_db()
    assert article.external_id is None
    imported = ArticleFactory(external_id="https://wire.example/story-2")
    page = editor_client.get(change_url(imported))
    assert "https://wire.example/story-2" in page.content.decode()  # shown, read-only
    assert "external_id" not in page.context["adminform"].form.fields
    assert edit(editor_client, imported, headline="Edited on the desk").status_code == 302
    imported.refresh_from_db()
    assert imported.external_id == "https://wire.example/story-2"
