"""The editorial workflow in the admin: who may publish, revisions, edit conflicts, preview."""

import datetime
from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.forms import CheckboxInput, FileInput, SplitDateTimeWidget
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version
from taggit.models import Tag

from articles import workflow
from articles.models import Article, Byline
from tests.factories import ArticleFactory, AuthorFactory, role, section

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def form_data(response):
    """The POST a browser would send back for the admin form in ``response``, unchanged.

    Extra (blank) inline rows are left out, as a browser leaves them empty.
    """
    data = {}

    def put(form, name, field):
        key = form.add_prefix(name)
        value = form[name].value()
        widget = getattr(field.widget, "widget", field.widget)  # unwrap the admin's related-field wrapper
        if isinstance(widget, FileInput):
            return
        if isinstance(widget, CheckboxInput):
            if value:
                data[key] = "on"
            return
        if isinstance(widget, SplitDateTimeWidget):
            value = timezone.localtime(value) if isinstance(value, datetime.datetime) else None
            data[f"{key}_0"] = value.strftime("%Y-%m-%d") if value else ""
            data[f"{key}_1"] = value.strftime("%H:%M:%S") if value else ""
            return
        if getattr(widget, "allow_multiple_selected", False) and value is None:
            value = []
        if isinstance(value, list | tuple):
            data[key] = [str(getattr(v, "pk", v)) for v in value]
            return
        data[key] = "" if value is None else str(getattr(value, "pk", value))

    form = response.context["adminform"].form
    for name, field in form.fields.items():
        put(form, name, field)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        initial = formset.initial_form_count()
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(initial)
        data[f"{formset.prefix}-INITIAL_FORMS"] = str(initial)
        data[f"{formset.prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{formset.prefix}-MAX_NUM_FORMS"] = "1000"
        for sub in formset.forms[:initial]:
            for name, field in sub.fields.items():
                put(sub, name, field)
    return data


def edit(client, article, **changes):
    """Open the change form of ``article``, change some fields, save."""
    data = form_data(client.get(change_url(article)))
    data.update(changes)
    return client.post(change_url(article), data)


def add(client, **fields):
    data = form_data(client.get(ADD))
    data.update({"headline": "Talks resume in Moscow", "section": str(_politics().pk), "status": "draft"})
    data.update(fields)
    return client.post(ADD, data)


def _politics():
    return section("news/politics")


def form_errors(response):
    form = response.context["adminform"].form
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def action(client, name, *articles):
    return client.post(
        CHANGELIST, {"action": name, "_selected_action": [str(a.pk) for a in articles], "index": 0}, follow=True
    )


def future(hours=5):
    return timezone.localtime(timezone.now() + timedelta(hours=hours))


def draft(**kwargs):
    """A draft; a writer works on hers only: pass ``created_by`` (workflow.owns)."""
    return ArticleFactory(status=Article.Status.DRAFT, published_at=None, **kwargs)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


# --- writers -------------------------------------------------------------------------


def test_writer_can_create_a_draft(writer_client, writer):
    response = add(writer_client, body="<p>First paragraph.</p><script>alert(1)</script>")
    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert article.last_edited_by == writer
    assert article.body == "<p>First paragraph.</p>"  # sanitised on save, whatever the editor sent


def test_writer_can_submit_a_draft_for_review_in_the_form(writer_client, writer):
    article = draft(created_by=writer)
    response = edit(writer_client, article, status="in_review")
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


def test_writer_can_submit_drafts_for_review_in_bulk(writer_client, writer):
    first, second = draft(created_by=writer), draft(created_by=writer)
    action(writer_client, "submit_selected_for_review", first, second)
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.IN_REVIEW}


def test_writer_cannot_publish_by_form_post(writer_client, writer):
    article = draft(created_by=writer)
    response = edit(writer_client, article, status="published")
    assert response.status_code == 200
    assert "Select a valid choice" in form_errors(response)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().exists()


def test_writer_cannot_create_a_published_article(writer_client):
    response = add(writer_client, status="published")
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_writer_cannot_schedule_by_posting_a_publication_time(writer_client, writer):
    article = draft(created_by=writer)
    when = future()
    response = edit(
        writer_client,
        article,
        status="in_review",
        published_at_0=when.strftime("%Y-%m-%d"),
        published_at_1=when.strftime("%H:%M:%S"),
    )
    assert response.status_code == 200
    assert "Only editors can publish or schedule" in response.content.decode()
    article.refresh_from_db()
    assert article.published_at is None
    assert article.status == Article.Status.DRAFT


def test_writer_form_has_no_publication_time_and_no_publish_choice(writer_client, writer):
    response = writer_client.get(change_url(draft(created_by=writer)))
    form = response.context["adminform"].form
    assert "published_at" not in form.fields
    assert [value for value, _ in form.fields["status"].choices] == ["draft", "in_review"]


def test_writer_cannot_publish_by_bulk_action(writer_client):
    article = draft()
    response = action(writer_client, "publish_selected", article)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert not LogEntry.objects.filter(change_message__icontains="Published").exists()


def test_writer_cannot_unpublish_by_bulk_action(writer_client):
    article = ArticleFactory()
    action(writer_client, "unpublish_selected", article)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_writer_is_not_offered_publish_actions(writer_client):
    response = writer_client.get(CHANGELIST)
    choices = [value for value, _ in response.context["action_form"].fields["action"].choices]
    assert "submit_selected_for_review" in choices
    assert "publish_selected" not in choices
    assert "unpublish_selected" not in choices


def test_writer_sees_a_published_article_read_only_and_cannot_post_changes(writer_client):
    article = ArticleFactory(headline="Live story")
    page = writer_client.get(change_url(article))
    assert page.status_code == 200
    assert b'name="headline"' not in page.content
    assert b"<p>The talks resumed on Tuesday morning.</p>" in page.content  # the body as readers see it
    response = writer_client.post(change_url(article), {"headline": "Changed by a writer", "status": "draft"})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Live story"


def test_writer_cannot_submit_a_published_article_for_review_in_bulk(writer_client):
    article = ArticleFactory()
    action(writer_client, "submit_selected_for_review", article)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_writer_has_no_access_to_the_breaking_ticker(writer_client):
    assert writer_client.get(reverse("admin:articles_breakingitem_changelist")).status_code == 403
    assert writer_client.get(reverse("admin:articles_breakingitem_add")).status_code == 403


# --- editors -------------------------------------------------------------------------


def test_editor_publishing_without_a_time_publishes_now(editor_client, editor):
    article = draft()
    before = timezone.now()
    response = edit(editor_client, article, status="published", publish_anyway="on")
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert before <= article.published_at <= timezone.now()
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_editor_can_schedule_with_a_future_time(editor_client):
    article = draft()
    when = future(hours=3)
    response = edit(
        editor_client,
        article,
        status="published",
        publish_anyway="on",
        published_at_0=when.strftime("%Y-%m-%d"),
        published_at_1=when.strftime("%H:%M:%S"),
    )
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.display_status == "Scheduled"
    assert abs((article.published_at - when).total_seconds()) < 1
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert Article.objects.scheduled().filter(pk=article.pk).exists()


def test_editor_can_unpublish_in_the_form(editor_client):
    article = ArticleFactory()
    first_published = article.published_at
    response = edit(editor_client, article, status="unpublished")
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.status == Article.Status.UNPUBLISHED
    assert article.published_at == first_published  # untouched in the form: kept to the microsecond


def test_editor_can_publish_and_unpublish_in_bulk(editor_client):
    first, second = draft(), draft()
    action(editor_client, "publish_selected", first, second)
    assert Article.objects.published().count() == 2
    action(editor_client, "unpublish_selected", first)
    first.refresh_from_db()
    assert first.status == Article.Status.UNPUBLISHED
    assert Article.objects.published().count() == 1


def test_bulk_publish_keeps_a_scheduled_time(editor_client):
    article = draft()
    when = timezone.now() + timedelta(days=1)
    Article.objects.filter(pk=article.pk).update(published_at=when)
    action(editor_client, "publish_selected", article)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == when
    assert article.display_status == "Scheduled"


def test_log_records_who_published_what_and_when(editor_client, editor):
    article = draft(headline="Putin meets al-Assad")
    edit(editor_client, article, status="published", publish_anyway="on")
    entry = LogEntry.objects.filter(object_id=str(article.pk), change_message__startswith="Published").get()
    assert entry.user == editor
    assert entry.action_flag == CHANGE
    assert entry.object_repr == "Putin meets al-Assad"
    assert abs((entry.action_time - timezone.now()).total_seconds()) < 60


def test_log_records_bulk_publish_and_unpublish(editor_client, editor):
    article = draft()
    action(editor_client, "publish_selected", article)
    action(editor_client, "unpublish_selected", article)
    messages = list(
        LogEntry.objects.filter(object_id=str(article.pk), user=editor)
        .order_by("action_time", "pk")
        .values_list("change_message", flat=True)
    )
    assert messages[0].startswith("Published")
    assert messages[1].startswith("Unpublished")


def test_log_records_scheduling(editor_client):
    article = draft()
    when = future(hours=2)
    edit(
        editor_client,
        article,
        status="published",
        publish_anyway="on",
        published_at_0=when.strftime("%Y-%m-%d"),
        published_at_1=when.strftime("%H:%M:%S"),
    )
    assert LogEntry.objects.filter(object_id=str(article.pk), change_message__startswith="Scheduled").exists()


def test_substantive_update_sets_updated_at(editor_client):
    article = ArticleFactory()
    assert article.revised_at is None
    edit(editor_client, article, standfirst="New facts.")
    article.refresh_from_db()
    assert article.revised_at is None  # a plain edit is not an "Update"
    edit(editor_client, article, standfirst="A correction.", substantive_update="on")
    article.refresh_from_db()
    assert article.revised_at is not None
    assert abs((timezone.now() - article.revised_at).total_seconds()) < 60


def test_tags_are_picked_by_autocomplete_and_new_ones_created(editor_client):
    syria = Tag.objects.create(name="Syria")
    article = draft()
    response = edit(editor_client, article, tags=[str(syria.pk)], new_tags="Russia, Bashar al-Assad")
    assert response.status_code == 302, form_errors(response)
    assert sorted(article.tags.names()) == ["Bashar al-Assad", "Russia", "Syria"]
    autocomplete = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "syr", "app_label": "articles", "model_name": "article", "field_name": "tags"},
    )
    assert [r["text"] for r in autocomplete.json()["results"]] == ["Syria"]


def test_bylines_keep_their_order(editor_client):
    article = draft()
    first, second = AuthorFactory(name="Zeina Khalil"), AuthorFactory(name="Adam Brown")
    data = form_data(editor_client.get(change_url(article)))
    data.update(
        {
            "bylines-TOTAL_FORMS": "2",
            "bylines-0-author": str(first.pk),
            "bylines-0-position": "0",
            "bylines-1-author": str(second.pk),
            "bylines-1-position": "1",
        }
    )
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302, form_errors(response)
    assert [a.name for a in Article.objects.get(pk=article.pk).byline_authors] == ["Zeina Khalil", "Adam Brown"]


def test_change_form_uses_the_rich_text_editor(editor_client):
    response = editor_client.get(change_url(draft()))
    content = response.content.decode()
    assert "data-django-prose-editor-configurable" in content
    assert "django_prose_editor/editor.js" in content


# --- revisions -----------------------------------------------------------------------


def test_restoring_a_revision_brings_back_the_first_text(editor_client):
    response = add(editor_client, headline="First headline", body="<p>First body.</p>")
    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get()
    edit(editor_client, article, headline="Second headline", body="<p>Second body.</p>")
    edit(editor_client, article, headline="Third headline", body="<p>Third body.</p>")
    article.refresh_from_db()
    assert article.headline == "Third headline"
    versions = list(Version.objects.get_for_object(article).order_by("pk"))
    assert len(versions) == 3
    revision_url = reverse("admin:articles_article_revision", args=[article.pk, versions[0].pk])

    page = editor_client.get(revision_url)
    assert page.status_code == 200
    assert Article.objects.get(pk=article.pk).headline == "Third headline"  # viewing changes nothing
    diff = page.content.decode()
    assert "<del>Third</del> <ins>First</ins> headline" in diff  # what the restore would change
    assert "<del>Third</del> <ins>First</ins> body." in diff
    response = editor_client.post(revision_url, form_data(page))
    assert response.status_code == 302, form_errors(response)

    restored = Article.objects.get(pk=article.pk)
    assert restored.headline == "First headline"
    assert restored.body == "<p>First body.</p>"
    # The version counter keeps counting up, so an editor holding version 3 is still stopped.
    assert restored.version == article.version + 1


def test_revision_diff_shows_the_body_readers_read_not_its_entities():
    article = Article(headline="Shares", body="<h2>Markets</h2><p>AT&amp;T shares rise</p>")
    changes = dict(workflow.revision_changes({"body": "<h2>Markets</h2><p>AT&amp;T shares fall</p>"}, article))
    diff = str(changes["Body"])
    # The characters, escaped once for the page: not "AT&amp;amp;T" (an entity shown as text).
    assert diff == "Markets AT&amp;T shares <del>rise</del> <ins>fall</ins>"


def test_restoring_a_revision_brings_back_bylines(editor_client):
    author = AuthorFactory(name="Zeina Khalil")
    add(editor_client, **{"bylines-TOTAL_FORMS": "1", "bylines-0-author": str(author.pk), "bylines-0-position": "0"})
    article = Article.objects.get()
    data = form_data(editor_client.get(change_url(article)))
    data["bylines-0-DELETE"] = "on"
    editor_client.post(change_url(article), data)
    assert not Byline.objects.exists()
    first = Version.objects.get_for_object(article).order_by("pk").first()
    revision_url = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    response = editor_client.post(revision_url, form_data(editor_client.get(revision_url)))
    assert response.status_code == 302
    assert [a.name for a in Article.objects.get(pk=article.pk).byline_authors] == ["Zeina Khalil"]


def test_history_page_lists_revisions(editor_client):
    add(editor_client, headline="First headline")
    article = Article.objects.get()
    edit(editor_client, article, headline="Second headline")
    response = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert response.status_code == 200
    assert len(response.context["action_list"]) == 2


def test_writer_cannot_unpublish_by_restoring_a_draft_revision(writer, editor_client):
    add(editor_client, headline="Draft headline")
    article = Article.objects.get()
    edit(editor_client, article, status="published", headline="Live headline", publish_anyway="on")
    first = Version.objects.get_for_object(article).order_by("pk").first()
    revision_url = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    writer_client = logged_in(writer)
    assert writer_client.get(revision_url).status_code == 403
    assert writer_client.post(revision_url, {"headline": "Draft headline", "status": "draft"}).status_code == 403
    article.refresh_from_db()
    assert (article.status, article.headline) == (Article.Status.PUBLISHED, "Live headline")


# --- concurrent editing --------------------------------------------------------------


def test_second_of_two_concurrent_saves_is_refused_naming_the_first_editor(editor, django_user_model):
    other = django_user_model.objects.create_user(
        "rania", password="pw-for-tests-only", is_staff=True, first_name="Rania", last_name="Haddad"
    )
    other.groups.add(role("Editor"))
    article = draft(headline="Original headline")
    eddie, rania = logged_in(editor), logged_in(other)
    eddie_form = form_data(eddie.get(change_url(article)))
    rania_form = form_data(rania.get(change_url(article)))

    rania_form["headline"] = "Rania's headline"
    assert rania.post(change_url(article), rania_form).status_code == 302

    eddie_form["headline"] = "Eddie's headline"
    response = eddie.post(change_url(article), eddie_form)
    assert response.status_code == 200
    message = form_errors(response)
    assert "Rania Haddad saved this article" in message
    assert "NOT been saved" in message
    assert "Eddie&#x27;s headline" in response.content.decode()  # Eddie's text is still in his form
    article.refresh_from_db()
    assert article.headline == "Rania's headline"
    assert article.last_edited_by == other


def test_resubmitting_a_stale_form_is_refused_again(editor, writer):
    article = draft(created_by=writer)
    writer_client, editor_client = logged_in(writer), logged_in(editor)
    stale = form_data(editor_client.get(change_url(article)))
    edit(writer_client, article, headline="Writer's version")
    stale["headline"] = "Editor's version"
    assert editor_client.post(change_url(article), stale).status_code == 200
    assert editor_client.post(change_url(article), stale).status_code == 200
    article.refresh_from_db()
    assert article.headline == "Writer's version"


def test_form_without_the_loaded_version_is_refused(editor_client):
    article = draft(headline="Original headline")
    data = form_data(editor_client.get(change_url(article)))
    del data["loaded_version"]
    data["headline"] = "Blind overwrite"
    assert editor_client.post(change_url(article), data).status_code == 200
    article.refresh_from_db()
    assert article.headline == "Original headline"


def test_sequential_saves_by_two_people_both_succeed(editor, writer):
    article = draft(created_by=writer)
    assert edit(logged_in(writer), article, headline="One").status_code == 302
    assert edit(logged_in(editor), article, headline="Two").status_code == 302
    article.refresh_from_db()
    assert article.headline == "Two"


# --- preview and view on site --------------------------------------------------------


def test_staff_can_preview_a_draft_never_cached_and_noindex(writer_client, writer):
    article = draft(headline="Embargoed story", created_by=writer)
    response = writer_client.get(reverse("admin:articles_article_preview", args=[article.pk]))
    assert response.status_code == 200
    assert b"Embargoed story" in response.content
    cache_control = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-cache", "no-store", "private"} <= cache_control
    assert response["X-Robots-Tag"] == "noindex"


def test_anonymous_preview_is_refused(client):
    article = draft(headline="Embargoed story")
    response = client.get(reverse("admin:articles_article_preview", args=[article.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert b"Embargoed story" not in response.content


def test_staff_without_article_permissions_cannot_preview(django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="pw-for-tests-only", is_staff=True)
    article = draft(headline="Embargoed story")
    response = logged_in(nobody).get(reverse("admin:articles_article_preview", args=[article.pk]))
    assert response.status_code == 403


def test_change_form_links_to_preview_and_view_on_site_only_when_live(editor_client):
    live, unpublished = ArticleFactory(), draft()
    live_page = editor_client.get(change_url(live)).content.decode()
    assert reverse("admin:articles_article_preview", args=[live.pk]) in live_page
    assert f'href="{live.get_absolute_url()}"' in live_page
    draft_page = editor_client.get(change_url(unpublished)).content.decode()
    assert reverse("admin:articles_article_preview", args=[unpublished.pk]) in draft_page
    assert "viewsitelink" not in draft_page


def test_byline_positions_are_renumbered_in_the_order_given(editor_client):
    article = draft()
    first, second, third = (AuthorFactory(name=n) for n in ("Adam Brown", "Zeina Khalil", "Omar Said"))
    data = form_data(editor_client.get(change_url(article)))
    data.update(
        {
            "bylines-TOTAL_FORMS": "3",
            # Two rows left at 0: screen order decides between them; 5 sorts last.
            "bylines-0-author": str(first.pk),
            "bylines-0-position": "5",
            "bylines-1-author": str(second.pk),
            "bylines-1-position": "0",
            "bylines-2-author": str(third.pk),
            "bylines-2-position": "0",
        }
    )
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302, form_errors(response)
    bylines = Byline.objects.filter(article=article).order_by("position")
    assert [(b.author.name, b.position) for b in bylines] == [("Zeina Khalil", 0), ("Omar Said", 1), ("Adam Brown", 2)]


def test_writer_cannot_place_an_article_on_the_home_page(writer_client, writer):
    article = draft(created_by=writer)
    response = edit(writer_client, article, home_position="1")
    assert response.status_code == 200
    assert "Only editors can place articles on the home page" in response.content.decode()
    article.refresh_from_db()
    assert article.home_position is None


def test_writer_may_rework_an_unpublished_article_and_resubmit_it(writer_client, writer):
    article = ArticleFactory(status=Article.Status.UNPUBLISHED, created_by=writer)
    form = writer_client.get(change_url(article)).context["adminform"].form
    assert [value for value, _ in form.fields["status"].choices] == ["draft", "in_review", "unpublished"]
    assert edit(writer_client, article, status="published").status_code == 200
    response = edit(writer_client, article, status="in_review", headline="Corrected headline")
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert (article.status, article.headline) == (Article.Status.IN_REVIEW, "Corrected headline")


def test_editor_sees_every_status_and_the_publication_time(editor_client):
    form = editor_client.get(change_url(draft())).context["adminform"].form
    assert [value for value, _ in form.fields["status"].choices] == ["draft", "in_review", "published", "unpublished"]
    assert "published_at" in form.fields
    assert "home_position" in form.fields


def test_deleting_a_byline_closes_the_gap_in_positions(editor_client):
    names = ("Adam Brown", "Zeina Khalil", "Omar Said")
    article = draft(authors=[AuthorFactory(name=n) for n in names])
    data = form_data(editor_client.get(change_url(article)))
    data["bylines-0-DELETE"] = "on"
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302, form_errors(response)
    bylines = Byline.objects.filter(article=article).order_by("position")
    assert [(b.author.name, b.position) for b in bylines] == [("Zeina Khalil", 0), ("Omar Said", 1)]


def test_a_stale_form_of_the_same_editor_says_it_was_them(editor_client):
    article = draft()
    first_tab = form_data(editor_client.get(change_url(article)))
    second_tab = dict(first_tab)
    first_tab["headline"] = "From the first tab"
    assert editor_client.post(change_url(article), first_tab).status_code == 302
    second_tab["headline"] = "From the second tab"
    response = editor_client.post(change_url(article), second_tab)
    assert response.status_code == 200
    assert "You (eddie-editor, in another tab" in form_errors(response)
    article.refresh_from_db()
    assert article.headline == "From the first tab"


# --- the admin's parts, used without the change view --------------------------------------


def test_article_form_applies_the_workflow_for_the_user_it_is_given(writer, editor):
    from articles.admin.forms import ArticleAdminForm

    article = draft()
    writer_form = ArticleAdminForm(instance=article, user=writer)
    assert [value for value, _ in writer_form.fields["status"].choices] == ["draft", "in_review"]
    assert writer_form.initial["loaded_version"] == article.version
    editor_form = ArticleAdminForm(instance=article, user=editor)
    assert "published" in [value for value, _ in editor_form.fields["status"].choices]


def test_save_model_records_a_publication_in_the_audit_trail(editor_client, editor, rf):
    from django.contrib import admin

    article = draft(headline="Putin meets al-Assad")
    data = form_data(editor_client.get(change_url(article)))
    data["status"] = "published"
    data["publish_anyway"] = "on"
    request = rf.post(change_url(article), data)
    request.user = editor
    model_admin = admin.site._registry[Article]
    form = model_admin.get_form(request, article, change=True)(data, instance=article)
    assert form.is_valid(), form.errors
    # What a view other than the change form (an autosave, an API) would do: no log_change call.
    model_admin.save_model(request, form.save(commit=False), form, change=True)
    entry = LogEntry.objects.get(object_id=str(article.pk), change_message__startswith="Published")
    assert (entry.user, entry.action_flag, entry.object_repr) == (editor, CHANGE, "Putin meets al-Assad")


def test_restoring_a_revision_keeps_the_live_updates_posted_since(editor_client):
    from articles.models import LiveUpdate

    add(editor_client, headline="Live: talks in Moscow", format="live")
    article = Article.objects.get()
    edit(editor_client, article, headline="Live: talks in Moscow, day two")
    LiveUpdate.objects.create(article=article, title="Delegations arrive", body="<p>Both delegations arrived.</p>")
    first = Version.objects.get_for_object(article).order_by("pk").first()
    revision_url = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    response = editor_client.post(revision_url, form_data(editor_client.get(revision_url)))
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.headline == "Live: talks in Moscow"
    assert [u.title for u in article.live_updates.all()] == ["Delegations arrive"]


def test_the_revision_view_leaves_no_state_on_the_site_wide_admin(editor_client):
    from django.contrib import admin

    add(editor_client, headline="First headline")
    article = Article.objects.get()
    edit(editor_client, article, headline="Second headline")
    first = Version.objects.get_for_object(article).order_by("pk").first()
    revision_url = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    page = editor_client.get(revision_url)
    assert page.status_code == 200
    # One admin object serves every request and thread: the live state belongs to one request.
    assert admin.site._registry[Article].live_state is None
    assert editor_client.post(revision_url, form_data(page)).status_code == 302
    assert admin.site._registry[Article].live_state is None
