"""The write API: drafts, edits and live updates under the admin's workflow and its
edit-conflict rule."""

import pytest
import reversion
from django.contrib.admin.models import LogEntry

from api.models import ApiKey
from articles.models import Article, Correction, LiveUpdate
from tests.factories import ArticleFactory, AuthorFactory, RegionFactory, section

pytestmark = pytest.mark.django_db


def key_for(user):
    key = ApiKey(name=f"Tool of {user}", scope=ApiKey.Scope.WRITE, user=user)
    raw = key.issue()
    key.save()
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def create(client, auth, **fields):
    data = {"headline": "Talks resume in Doha", "section": "news/politics", "body_html": "<p>Delegations met.</p>"}
    return client.post("/api/v1/articles", {**data, **fields}, content_type="application/json", **auth)


def patch(client, auth, article_id, version, **fields):
    if_match = {"HTTP_IF_MATCH": f'"v{version}"'} if version else {}
    return client.patch(f"/api/v1/articles/{article_id}", fields, content_type="application/json", **if_match, **auth)


def test_a_writer_key_creates_a_draft_with_bylines_tags_and_regions(client, writer):
    section("news/politics")
    author = AuthorFactory(name="Lina Haddad")
    RegionFactory(slug="mena", name="MENA")
    response = create(
        client,
        key_for(writer),
        authors=[author.slug],
        tags=["Qatar"],
        regions=["mena"],
        body_html="<p>Delegations met.<script>x()</script></p>",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "draft" and response["ETag"] == f'"v{data["version"]}"'
    article = Article.objects.get(pk=data["id"])
    assert article.byline_authors == [author] and [t.name for t in article.tags.all()] == ["Qatar"]
    assert "<script>" not in article.body
    assert reversion.models.Version.objects.get_for_object(article).count() == 1
    assert LogEntry.objects.filter(object_id=str(article.pk), user=writer).exists()


def test_a_writer_key_cannot_publish_or_schedule(client, writer):
    section("news/politics")
    auth = key_for(writer)
    assert create(client, auth, status="published").status_code == 403
    assert create(client, auth, published_at="2030-01-01T00:00:00Z").status_code == 403
    assert Article.objects.count() == 0
    draft = create(client, auth).json()
    response = patch(client, auth, draft["id"], draft["version"], status="published")
    assert response.status_code == 403 and response.json()["type"] == "urn:newsroom:problem:workflow"
    assert Article.objects.get(pk=draft["id"]).status == Article.Status.DRAFT
    assert patch(client, auth, draft["id"], draft["version"], status="in_review").status_code == 200


def test_a_writer_key_cannot_edit_another_writers_draft(client, writer, django_user_model):
    other = ArticleFactory(status=Article.Status.DRAFT, published_at=None)  # not hers: nobody's byline
    response = patch(client, key_for(writer), other.pk, other.version, headline="Changed")
    assert response.status_code == 403


def test_a_writer_key_cannot_touch_a_published_article(client, writer):
    published = ArticleFactory()
    response = patch(client, key_for(writer), published.pk, published.version, headline="Changed")
    assert response.status_code == 403
    assert Article.objects.get(pk=published.pk).headline == published.headline


def test_an_editor_key_publishes(client, editor):
    section("news/politics")
    auth = key_for(editor)
    draft = create(client, auth).json()
    response = patch(client, auth, draft["id"], draft["version"], status="published")
    assert response.status_code == 200, response.content
    assert Article.objects.published().filter(pk=draft["id"]).exists()
    assert client.get(f"/api/v1/articles/{draft['id']}").status_code == 200


def test_an_edit_needs_if_match_and_a_stale_one_is_refused(client, editor):
    article = ArticleFactory()
    auth = key_for(editor)
    assert patch(client, auth, article.pk, None, headline="No If-Match").status_code == 428
    empty = client.patch(
        f"/api/v1/articles/{article.pk}", {}, content_type="application/json", HTTP_IF_MATCH="", **auth
    )
    assert empty.status_code == 428
    first = patch(client, auth, article.pk, article.version, headline="First edit")
    assert first.status_code == 200
    stale = patch(client, auth, article.pk, article.version, headline="Second edit, from an old copy")
    assert stale.status_code == 412 and stale.json()["type"] == "urn:newsroom:problem:edit-conflict"
    assert stale["ETag"] == first["ETag"]
    assert Article.objects.get(pk=article.pk).headline == "First edit"


def test_bad_input_is_a_clear_error_never_a_500_nor_half_an_article(client, editor):
    section("news/politics")
    auth = key_for(editor)
    for fields in (
        {"section": "no/such/section"},
        {"authors": ["nobody-at-all"]},
        {"slug": "a/b"},
        {"headline": ""},
        {"surprise": "field"},
    ):
        response = create(client, auth, **fields)
        assert response.status_code == 400, (fields, response.content)
        assert response["Content-Type"] == "application/problem+json"
    assert Article.objects.count() == 0


def test_live_updates_are_posted_to_live_articles(client, editor):
    live = ArticleFactory(format=Article.Format.LIVE)
    auth = key_for(editor)
    url = f"/api/v1/articles/{live.pk}/live-updates"
    response = client.post(
        url, {"title": "Talks end", "body_html": "<p>Delegates leave.</p>"}, content_type="application/json", **auth
    )
    assert response.status_code == 201, response.content
    assert LiveUpdate.objects.get(article=live).title == "Talks end"
    assert (
        client.post(url, {"body_html": "<script>x</script>"}, content_type="application/json", **auth).status_code
        == 400
    )
    standard = ArticleFactory()
    response = client.post(
        f"/api/v1/articles/{standard.pk}/live-updates",
        {"body_html": "<p>x</p>"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 409


def test_writing_needs_a_write_key(client, editor):
    read_key = ApiKey(name="Reader", scope=ApiKey.Scope.READ)
    raw = read_key.issue()
    read_key.save()
    assert create(client, {}).status_code == 401
    assert create(client, {"HTTP_AUTHORIZATION": f"Bearer {raw}"}).status_code == 403


def post_notice(client, auth, article_id, **fields):
    data = {"kind": "correction", "text": "The talks began on Monday."}
    return client.post(
        f"/api/v1/articles/{article_id}/corrections", {**data, **fields}, content_type="application/json", **auth
    )


def publish_notice(client, auth, article_id, notice_id):
    return client.post(f"/api/v1/articles/{article_id}/corrections/{notice_id}/publish", **auth)


def test_a_writer_key_proposes_notices_and_cannot_publish_them(client, writer):
    article = ArticleFactory()
    auth = key_for(writer)
    response = post_notice(client, auth, article.pk)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "proposed" and data["published_at"] is None
    notice = Correction.objects.get(pk=data["id"])
    assert notice.created_by == writer and notice.status == Correction.Status.PROPOSED
    assert reversion.models.Version.objects.get_for_object(notice).count() == 1
    assert post_notice(client, auth, article.pk, status="published").status_code == 403
    assert publish_notice(client, auth, article.pk, notice.pk).status_code == 403
    assert Correction.objects.get(pk=notice.pk).status == Correction.Status.PROPOSED
    # Readers never see the proposal.
    assert client.get(f"/api/v1/articles/{article.pk}").json()["corrections"] == []


def test_an_editor_key_publishes_at_once_or_proposes_then_publishes(client, editor):
    article = ArticleFactory()
    auth = key_for(editor)
    at_once = post_notice(client, auth, article.pk, kind="clarification")
    assert at_once.status_code == 201 and at_once.json()["status"] == "published"
    kept = post_notice(client, auth, article.pk, status="proposed").json()
    assert kept["status"] == "proposed"
    published = publish_notice(client, auth, article.pk, kept["id"])
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert Correction.objects.get(pk=kept["id"]).published_by == editor
    assert publish_notice(client, auth, article.pk, kept["id"]).status_code == 200  # already: unchanged
    shown = client.get(f"/api/v1/articles/{article.pk}").json()["corrections"]
    assert {n["id"] for n in shown} == {at_once.json()["id"], kept["id"]}


def test_notices_follow_the_admin_rules_for_who_sees_what(client, writer, editor):
    others_draft = ArticleFactory(status=Article.Status.DRAFT, created_by=editor)
    assert post_notice(client, key_for(writer), others_draft.pk).status_code == 403
    assert post_notice(client, key_for(writer), 999999).status_code == 404
    article = ArticleFactory()
    other = ArticleFactory()
    notice = post_notice(client, key_for(editor), other.pk, status="proposed").json()
    # A notice is published on its own article only.
    assert publish_notice(client, key_for(editor), article.pk, notice["id"]).status_code == 404
    for bad in ({"text": "   "}, {"text": ""}, {"kind": "rumour"}, {"surprise": 1}):
        response = post_notice(client, key_for(editor), article.pk, **bad)
        assert response.status_code == 400, (bad, response.content)
    assert not article.corrections.exists()
