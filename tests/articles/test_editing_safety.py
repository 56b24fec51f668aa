"""Autosave, presence and duplicate in the article admin (articles/editing.py,
articles/admin/editing.py): an autosave never touches the article, a restored one is
still checked by the edit-conflict rule, presence comes and goes, a copy is a new draft."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import editing
from articles.models import Article, Autosave, Byline, EditingSession
from articles.models.editing import PRESENCE_TTL
from tests.articles.test_admin_workflow import change_url, edit, form_data
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory

pytestmark = pytest.mark.django_db


def autosave_url(article):
    return reverse("admin:articles_article_autosave", args=[article.pk])


def presence_url(article):
    return reverse("admin:articles_article_presence", args=[article.pk])


@pytest.fixture
def leila(django_user_model):
    from tests.factories import role

    user = django_user_model.objects.create_user(
        username="leila", password="pw-for-tests-only", first_name="Leila", last_name="Haddad", is_staff=True
    )
    user.groups.add(role("Editor"))
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


# --- autosave ---------------------------------------------------------------------------


def test_autosave_of_a_published_story_is_kept_aside_and_readers_see_the_published_text(editor_client, client):
    article = ArticleFactory(headline="Port reopens", body="<p>The port reopened.</p>")
    version, saved_at = article.version, article.last_saved_at
    response = editor_client.post(
        autosave_url(article),
        {
            "headline": "Port reopens after storm",
            "body": "<p>Draft text <script>x()</script></p>",
            "loaded_version": version,
        },
    )
    assert response.status_code == 200
    assert response.json()["conflict"] is None
    article.refresh_from_db()
    assert (article.headline, article.body, article.version, article.last_saved_at) == (
        "Port reopens",
        "<p>The port reopened.</p>",
        version,
        saved_at,
    )
    autosave = Autosave.objects.get()
    assert autosave.data["headline"] == "Port reopens after storm"
    assert "<script>" not in autosave.data["body"]  # sanitised as a saved body is
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "Draft text" not in page and "The port reopened." in page


def test_a_second_autosave_replaces_the_first(editor_client):
    article = ArticleFactory()
    editor_client.post(autosave_url(article), {"headline": "One"})
    editor_client.post(autosave_url(article), {"headline": "Two"})
    assert list(Autosave.objects.values_list("data", flat=True)) == [{"headline": "Two"}]


def test_autosave_tells_of_a_save_made_since_the_form_was_opened(editor_client, leila):
    article = ArticleFactory()
    opened_on = article.version
    article.headline, article.last_edited_by = "Leila's headline", leila
    article.save()
    response = editor_client.post(autosave_url(article), {"headline": "Mine", "loaded_version": opened_on})
    assert "Leila Haddad saved this article" in response.json()["conflict"]
    assert Autosave.objects.get().base_version == opened_on


def test_a_writer_cannot_autosave_a_published_story_nor_another_writers_draft(writer_client, writer, django_user_model):
    published = ArticleFactory()
    assert writer_client.post(autosave_url(published), {"headline": "x"}).status_code == 403
    other = django_user_model.objects.create_user(username="other-writer")
    theirs = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=other)
    assert writer_client.post(autosave_url(theirs), {"headline": "x"}).status_code == 404
    mine = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=writer)
    assert writer_client.post(autosave_url(mine), {"headline": "x"}).status_code == 200
    assert writer_client.get(autosave_url(mine)).status_code == 405
    assert Autosave.objects.count() == 1


def test_an_oversized_autosave_is_refused_with_a_reason(editor_client, monkeypatch):
    monkeypatch.setattr(editing, "AUTOSAVE_MAX_CHARS", 10)
    response = editor_client.post(autosave_url(ArticleFactory()), {"headline": "x" * 11})
    assert response.status_code == 400
    assert "too large" in response.json()["error"]
    assert not Autosave.objects.exists()


def test_the_form_offers_the_autosave_restores_it_and_saving_drops_it(editor_client):
    article = ArticleFactory(headline="Port reopens", status=Article.Status.DRAFT, published_at=None)
    editor_client.post(
        autosave_url(article), {"headline": "Port reopens after storm", "loaded_version": article.version}
    )
    page = editor_client.get(change_url(article)).content.decode()
    assert "An autosaved version from" in page and "exists" in page
    restored = editor_client.get(change_url(article) + "?autosave=restore")
    assert restored.context["adminform"].form["headline"].value() == "Port reopens after storm"
    assert "is in the form below" in restored.content.decode()
    data = form_data(restored)
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.headline == "Port reopens after storm"
    assert not Autosave.objects.exists()
    assert "An autosaved version" not in editor_client.get(change_url(article)).content.decode()


def test_restoring_an_autosave_older_than_someone_elses_save_is_refused_as_an_edit_conflict(editor_client, leila):
    article = ArticleFactory(headline="Port reopens", status=Article.Status.DRAFT, published_at=None)
    editor_client.post(autosave_url(article), {"headline": "My headline", "loaded_version": article.version})
    assert edit(client_for(leila), article, headline="Leila's headline").status_code == 302
    restored = editor_client.get(change_url(article) + "?autosave=restore")
    assert "saving will be refused" in restored.content.decode()
    response = editor_client.post(change_url(article), form_data(restored))
    assert response.status_code == 200
    assert "Leila Haddad saved this article" in str(response.context["adminform"].form.non_field_errors())
    article.refresh_from_db()
    assert article.headline == "Leila's headline"
    assert Autosave.objects.filter(data__headline="My headline").exists()  # nothing lost


def test_discarding_drops_the_autosave(editor_client):
    article = ArticleFactory()
    editor_client.post(autosave_url(article), {"headline": "x"})
    discard = reverse("admin:articles_article_autosave_discard", args=[article.pk])
    assert editor_client.get(discard).status_code == 405
    assert editor_client.post(discard).status_code == 302
    assert not Autosave.objects.exists()


def test_each_user_has_her_own_autosave(editor_client, leila):
    article = ArticleFactory()
    editor_client.post(autosave_url(article), {"headline": "Eddie's"})
    assert "An autosaved version" not in client_for(leila).get(change_url(article)).content.decode()
    restored = client_for(leila).get(change_url(article) + "?autosave=restore")
    assert restored.context["adminform"].form["headline"].value() == article.headline


# --- presence ---------------------------------------------------------------------------


def test_someone_else_on_the_form_is_named_with_the_time_she_came(editor_client, leila):
    article = ArticleFactory()
    client_for(leila).get(change_url(article))
    since = timezone.localtime(EditingSession.objects.get(user=leila).since).strftime("%H:%M")
    page = editor_client.get(change_url(article)).content.decode()
    assert f"Leila Haddad has been editing this since {since}" in page
    others = editor_client.post(presence_url(article)).json()["others"]
    assert [o["label"] for o in others] == [f"Leila Haddad has been editing this since {since}"]
    changelist = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert f"Leila Haddad editing since {since}" in changelist


def test_one_is_not_told_about_oneself(editor_client, editor):
    article = ArticleFactory()
    editor_client.get(change_url(article))
    assert EditingSession.objects.filter(user=editor).exists()
    assert editor_client.post(presence_url(article)).json()["others"] == []
    assert "editing since" not in editor_client.get(reverse("admin:articles_article_changelist")).content.decode()


def test_presence_ends_when_she_leaves_or_her_heartbeat_expires(editor_client, leila):
    article = ArticleFactory()
    leila_client = client_for(leila)
    leila_client.get(change_url(article))
    assert editor_client.post(presence_url(article)).json()["others"]
    leave = reverse("admin:articles_article_presence_leave", args=[article.pk])
    assert leila_client.post(leave).status_code == 204
    assert editor_client.post(presence_url(article)).json()["others"] == []
    leila_client.post(presence_url(article))
    EditingSession.objects.filter(user=leila).update(seen_at=timezone.now() - PRESENCE_TTL - timedelta(seconds=1))
    assert editor_client.post(presence_url(article)).json()["others"] == []
    assert "has been editing" not in editor_client.get(change_url(article)).content.decode()


def test_a_heartbeat_after_expiry_starts_a_new_session(leila):
    article = ArticleFactory()
    start = timezone.now() - timedelta(minutes=10)
    editing.heartbeat(article, leila, now=start)
    editing.heartbeat(article, leila, now=start + timedelta(seconds=30))
    assert EditingSession.objects.get().since == start  # still the same visit
    later = start + timedelta(seconds=30) + PRESENCE_TTL + timedelta(seconds=1)
    assert editing.heartbeat(article, leila, now=later).since == later


def test_a_reader_of_the_form_who_cannot_change_it_is_not_shown_as_editing(writer_client, writer):
    article = ArticleFactory()  # published: a writer only views it
    assert writer_client.get(change_url(article)).status_code == 200
    assert writer_client.post(presence_url(article)).status_code == 200
    assert not EditingSession.objects.exists()


def test_presence_refuses_nothing_the_edit_conflict_rule_still_does(editor_client, leila):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    opened = form_data(editor_client.get(change_url(article)))
    assert edit(client_for(leila), article, headline="Hers").status_code == 302
    response = editor_client.post(change_url(article), {**opened, "headline": "His"})
    assert response.status_code == 200
    assert "Leila Haddad saved this article" in str(response.context["adminform"].form.non_field_errors())


# --- duplicate --------------------------------------------------------------------------


def test_duplicate_makes_a_new_draft_of_the_users_with_bylines_tags_and_section(writer_client, writer, editor):
    authors = [AuthorFactory(name="Ana Ruiz"), AuthorFactory(name="Sami Nasr")]
    image = ImageFactory()
    original = ArticleFactory(
        headline="Port reopens",
        kicker="Exclusive",
        seo_title="Port reopens | Beirut",
        hero_image=image,
        authors=authors,
        home_position=1,
        revised_at=timezone.now(),
        external_id="wire:123",
        created_by=editor,
    )
    original.tags.add("Beirut", "Shipping")
    duplicate = reverse("admin:articles_article_duplicate", args=[original.pk])
    assert writer_client.get(duplicate).status_code == 405
    response = writer_client.post(duplicate)
    copy = Article.objects.exclude(pk=original.pk).get()
    assert response["Location"] == change_url(copy)
    assert (copy.headline, copy.kicker, copy.seo_title, copy.section, copy.hero_image) == (
        "Port reopens",
        "Exclusive",
        "Port reopens | Beirut",
        original.section,
        image,
    )
    assert copy.slug != original.slug
    assert (copy.status, copy.published_at, copy.revised_at, copy.home_position, copy.external_id) == (
        Article.Status.DRAFT,
        None,
        None,
        None,
        None,
    )
    assert (copy.created_by, copy.last_edited_by) == (writer, writer)
    assert [b.author.name for b in Byline.objects.filter(article=copy).order_by("position")] == [
        "Ana Ruiz",
        "Sami Nasr",
    ]
    assert sorted(t.name for t in copy.tags.all()) == ["Beirut", "Shipping"]
    versions = Version.objects.get_for_object(copy)
    assert [v.revision.comment for v in versions] == [f"Duplicated from “Port reopens” (#{original.pk})."]
    # The copy is hers: she may edit it although the original is an editor's published story.
    assert writer_client.get(change_url(copy)).context["has_change_permission"]


def test_duplicate_as_a_bulk_action(editor_client):
    articles = [ArticleFactory(), ArticleFactory()]
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "duplicate_selected", "_selected_action": [a.pk for a in articles]},
    )
    assert response.status_code == 302
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 2


def test_one_cannot_duplicate_what_one_cannot_see(writer_client, django_user_model):
    other = django_user_model.objects.create_user(username="other-writer")
    theirs = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=other)
    assert writer_client.post(reverse("admin:articles_article_duplicate", args=[theirs.pk])).status_code == 404
    assert Article.objects.count() == 1


# --- the form's counters ----------------------------------------------------------------


def test_the_form_shows_the_saved_word_count_and_the_search_and_social_preview(editor_client):
    article = ArticleFactory(
        headline="Port reopens", standfirst="Ships queue.", body="<p>" + "word " * 450 + "</p>", seo_title="SEO one"
    )
    page = editor_client.get(change_url(article)).content.decode()
    assert "<span data-word-count>450</span> words · <span data-reading-time>3</span> min read" in page
    assert "data-seo-title>SEO one</p>" in page
    assert "data-seo-description>Ships queue.</p>" in page
    assert 'data-count-to="60"' in page and 'data-count-to="160"' in page
