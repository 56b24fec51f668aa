"""The live desk (articles/admin/desk.py): posting, editing, deleting updates and ending
the coverage, each its own small operation with its own revision, never a save of the
article and never refused because another reporter posted."""

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, LiveUpdate
from tests.factories import ArticleFactory, role

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog():
    return ArticleFactory(format=Article.Format.LIVE, headline="Election night, live")


@pytest.fixture
def second_writer(django_user_model):
    user = django_user_model.objects.create_user(
        username="rami-reporter", password="pw-for-tests-only", first_name="Rami", last_name="Saad", is_staff=True
    )
    user.groups.add(role("Writer"))
    return user


def desk_url(article):
    return reverse("admin:articles_article_live_desk", args=[article.pk])


def post_update(client, article, body, **fields):
    data = {"body": body, "title": "", "image": "", "embed_url": "", **fields}
    return client.post(desk_url(article), data)


def test_a_writer_posts_to_a_published_live_blog_without_saving_the_article(writer_client, writer, blog):
    version, saved = blog.version, blog.last_saved_at
    response = post_update(writer_client, blog, "<p>Polls have closed.</p>", title="Polls close", key_event="on")
    assert response.status_code == 302 and response["Location"] == desk_url(blog)
    update = LiveUpdate.objects.get()
    assert (update.title, update.key_event, update.pinned, update.posted_by) == ("Polls close", True, False, writer)
    assert update.body == "<p>Polls have closed.</p>"
    blog.refresh_from_db()
    assert (blog.version, blog.last_saved_at) == (version, saved)
    revision = Version.objects.get_for_object(update).get().revision
    assert (revision.user, revision.comment) == (writer, "Posted on the live desk.")


def test_two_reporters_posting_from_forms_opened_at_the_same_time_are_both_accepted(
    client, writer, second_writer, blog
):
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(writer)
    second.force_login(second_writer)
    assert first.get(desk_url(blog)).status_code == 200
    assert second.get(desk_url(blog)).status_code == 200
    assert post_update(first, blog, "<p>Turnout is high.</p>").status_code == 302
    assert post_update(second, blog, "<p>Queues in the north.</p>").status_code == 302
    assert sorted(LiveUpdate.objects.values_list("posted_by__username", flat=True)) == [
        "rami-reporter",
        "wendy-writer",
    ]


def test_an_empty_update_is_refused_with_a_message(writer_client, blog):
    response = post_update(writer_client, blog, "<p> </p>")
    assert response.status_code == 200
    assert "An update needs some text." in response.content.decode()
    assert not LiveUpdate.objects.exists()


def test_a_hostile_update_is_stored_sanitised(writer_client, blog):
    post_update(writer_client, blog, '<p>Hi<script>alert(1)</script><img src=x onerror="alert(2)"></p>')
    body = LiveUpdate.objects.get().body
    assert "<script" not in body and "onerror" not in body


def test_the_desk_is_only_for_live_articles_and_staff_with_the_permission(client, writer_client, blog):
    standard = ArticleFactory()
    assert writer_client.get(desk_url(standard)).status_code == 404
    assert writer_client.get(reverse("admin:articles_article_live_desk", args=["nope"])).status_code == 404
    client.logout()
    assert client.get(desk_url(blog)).status_code == 302  # to the login page


def test_a_reporter_edits_their_update_as_its_own_revision(writer_client, writer, blog):
    post_update(writer_client, blog, "<p>Turnout 50%.</p>")
    update = LiveUpdate.objects.get()
    edit_url = reverse("admin:articles_article_live_update_edit", args=[blog.pk, update.pk])
    form = writer_client.get(edit_url)
    loaded = form.context["form"]["loaded_updated_at"].value()
    response = writer_client.post(
        edit_url,
        {"body": "<p>Turnout 61%.</p>", "title": "", "image": "", "embed_url": "", "loaded_updated_at": loaded},
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.body == "<p>Turnout 61%.</p>"
    comments = [v.revision.comment for v in Version.objects.get_for_object(update).order_by("pk")]
    assert comments == ["Posted on the live desk.", "Edited on the live desk."]


def test_an_edit_over_someone_elses_edit_of_the_same_update_is_refused(writer_client, editor, blog):
    post_update(writer_client, blog, "<p>Turnout 50%.</p>")
    update = LiveUpdate.objects.get()
    edit_url = reverse("admin:articles_article_live_update_edit", args=[blog.pk, update.pk])
    loaded = writer_client.get(edit_url).context["form"]["loaded_updated_at"].value()
    LiveUpdate.objects.filter(pk=update.pk).update(body="<p>Turnout 55%.</p>", updated_at=timezone.now())
    response = writer_client.post(
        edit_url,
        {"body": "<p>Turnout 61%.</p>", "title": "", "image": "", "embed_url": "", "loaded_updated_at": loaded},
    )
    assert response.status_code == 200
    assert "Your changes have NOT been saved" in response.content.decode()
    update.refresh_from_db()
    assert update.body == "<p>Turnout 55%.</p>"


def test_a_writer_may_not_edit_or_delete_another_reporters_update_but_an_editor_may(
    client, writer_client, second_writer, editor, blog
):
    update = LiveUpdate.objects.create(article=blog, body="<p>Rami's update.</p>", posted_by=second_writer)
    edit_url = reverse("admin:articles_article_live_update_edit", args=[blog.pk, update.pk])
    delete_url = reverse("admin:articles_article_live_update_delete", args=[blog.pk, update.pk])
    assert writer_client.get(edit_url).status_code == 403
    assert writer_client.post(delete_url).status_code == 403
    client.force_login(editor)
    assert client.get(edit_url).status_code == 200
    assert client.post(delete_url).status_code == 302


def test_deleting_an_update_hides_it_keeps_its_history_and_moves_the_blogs_version(writer_client, writer, blog):
    post_update(writer_client, blog, "<p>Wrong figure.</p>")
    update = LiveUpdate.objects.get()
    before = update.updated_at
    delete_url = reverse("admin:articles_article_live_update_delete", args=[blog.pk, update.pk])
    assert writer_client.get(delete_url).status_code == 405
    assert writer_client.post(delete_url).status_code == 302
    update.refresh_from_db()
    assert update.deleted_at is not None and update.updated_at > before
    assert not LiveUpdate.objects.visible().exists()
    comments = [v.revision.comment for v in Version.objects.get_for_object(update).order_by("pk")]
    assert comments[-1] == "Deleted on the live desk."
    assert "Wrong figure." not in writer_client.get(blog.get_absolute_url()).content.decode()


def test_only_an_editor_ends_and_resumes_the_coverage_without_touching_the_article_version(
    client, writer_client, editor, blog
):
    coverage_url = reverse("admin:articles_article_live_coverage", args=[blog.pk])
    assert writer_client.post(coverage_url, {"action": "end"}).status_code == 403
    client.force_login(editor)
    version = blog.version
    assert client.post(coverage_url, {"action": "end"}).status_code == 302
    blog.refresh_from_db()
    assert blog.coverage_ended_at is not None and blog.version == version
    assert "Ended" in client.get(blog.get_absolute_url()).content.decode()
    assert client.post(coverage_url, {"action": "resume"}).status_code == 302
    blog.refresh_from_db()
    assert blog.coverage_ended_at is None
    assert client.post(coverage_url, {"action": "explode"}).status_code == 302  # a message, no change


def test_the_article_form_links_the_desk_and_has_no_live_update_inline(editor_client, blog):
    page = editor_client.get(reverse("admin:articles_article_change", args=[blog.pk])).content.decode()
    assert desk_url(blog) in page
    assert "live_updates-TOTAL_FORMS" not in page


def test_ending_the_coverage_reaches_cached_listings(client, editor, blog):
    listing = reverse("public:section", kwargs={"path": "news/politics"})
    assert 'class="card-live"' in client.get(listing).content.decode()  # now in the page cache
    client.force_login(editor)
    client.post(reverse("admin:articles_article_live_coverage", args=[blog.pk]), {"action": "end"})
    client.logout()
    assert 'class="card-live"' not in client.get(listing).content.decode()


def updates_url(article):
    return reverse("admin:articles_article_live_desk_updates", args=[article.pk])


def test_the_desk_list_refreshes_with_what_others_post_and_answers_304_when_unchanged(
    writer_client, second_writer, blog
):
    from django.test import Client

    desk = writer_client.get(desk_url(blog))
    held = desk.context["updates_etag"]
    assert held.replace('"', "&quot;") in desk.content.decode()  # the page holds the list's ETag
    assert f'data-refresh-url="{updates_url(blog)}"' in desk.content.decode()
    unchanged = writer_client.get(updates_url(blog), HTTP_IF_NONE_MATCH=held)
    assert unchanged.status_code == 304
    assert "private" in unchanged["Cache-Control"] and "no-cache" in unchanged["Cache-Control"]

    other = Client()
    other.force_login(second_writer)
    post_update(other, blog, "<p>Turnout is at 41 per cent.</p>", title="Turnout")
    fresh = writer_client.get(updates_url(blog), HTTP_IF_NONE_MATCH=held)
    assert fresh.status_code == 200 and fresh["ETag"] != held
    html = fresh.content.decode()
    assert "Turnout is at 41 per cent." in html and "Rami Saad" in html
    assert "desk-post" not in html  # the list alone: the post form is never replaced
    # The other reporter's update: no Edit or Delete for this writer.
    assert "Edit</a>" not in html
    assert writer_client.get(updates_url(blog), HTTP_IF_NONE_MATCH=fresh["ETag"]).status_code == 304


def test_the_desk_list_is_for_those_who_may_use_the_desk(client, blog, django_user_model):
    assert client.get(updates_url(blog)).status_code == 302  # to the login page
    nobody = django_user_model.objects.create_user(username="nobody", password="x", is_staff=True)
    client.force_login(nobody)
    assert client.get(updates_url(blog)).status_code == 403
    assert client.post(updates_url(blog)).status_code in (403, 405)
