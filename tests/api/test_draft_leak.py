"""The draft-leak sweep over the API: a draft, a scheduled and an unpublished article
share section, tag, author and region with a published one, are the most read, the
related links and on the ticker; every API GET operation of the OpenAPI document is
requested anonymously and only the published article may appear anywhere. A proposed
notice on the published article and a deleted update of it never appear either."""

import re

import pytest
from django.utils import timezone

from api.main import api
from articles.models import Correction, LiveUpdate
from tests.public.test_draft_leak import trio  # noqa: F401 -- the shared four-article fixture

pytestmark = pytest.mark.django_db
HIDDEN = ("draft", "scheduled", "unpublished")
# Text of what readers may never see on the published article itself.
UNSEEN = ("leaktest-proposed-notice", "leaktest-deleted-update")


def _ids(made, author):
    return [str(article.pk) for article in made.values()]


# Every GET operation: the parameters that would show the hidden articles if anything leaked.
SWEEP = {
    "/api/v1/articles": lambda made, author: [
        "",
        "?tag=leaktest",
        "?region=palestine",
        f"?author={author.slug}",
        "?section=news",
        "?updated_since=2000-01-01T00:00:00Z",
        "?format=standard",
    ],
    "/api/v1/articles/by-path": lambda made, author: [f"?path={a.get_absolute_url()}" for a in made.values()],
    "/api/v1/articles/{article_id}": _ids,
    "/api/v1/articles/{article_id}/live-updates": _ids,
    "/api/v1/corrections": lambda made, author: ["", "?limit=100"],
    "/api/v1/sections": lambda made, author: [""],
    "/api/v1/menus": lambda made, author: [""],
    "/api/v1/regions": lambda made, author: [""],
    "/api/v1/tags": lambda made, author: [""],
    "/api/v1/authors": lambda made, author: [""],
    "/api/v1/authors/{slug}": lambda made, author: [author.slug],
    "/api/v1/breaking": lambda made, author: [""],
    "/api/v1/most-read": lambda made, author: ["?limit=10"],
    "/api/v1/search": lambda made, author: ["?q=leaktest", "?q=headline", "?tag=leaktest", f"?author={author.slug}"],
    "/api/v1/preview/articles/{article_id}": _ids,
}


def urls(made, author):
    for template, variants in SWEEP.items():
        for variant in variants(made, author):
            yield re.sub(r"\{[^}]+\}", variant, template) if "{" in template else template + variant


def test_every_get_operation_is_swept():
    """A new GET operation must be added to the sweep."""
    document = api.get_openapi_schema()
    assert {path for path, item in document["paths"].items() if "get" in item} == set(SWEEP)


def test_only_the_published_article_appears_in_any_api_answer(client, trio):  # noqa: F811
    made, author = trio
    for name in HIDDEN:
        LiveUpdate.objects.create(article=made[name], title=f"Update of leaktest-{name}", body="<p>x</p>")
        # A published notice on a hidden article: hidden with it.
        notice = Correction(article=made[name], text=f"Notice on leaktest-{name}")
        notice.publish(None)
        notice.save()
    published = made["published"]
    Correction.objects.create(article=published, text="Notice leaktest-proposed-notice")  # proposed
    visible = Correction(article=published, text="Published notice on the published one")
    visible.publish(None)
    visible.save()
    LiveUpdate.objects.create(
        article=published, title="leaktest-deleted-update", body="<p>x</p>", deleted_at=timezone.now()
    )
    seen_published = seen_notice = False
    for url in urls(made, author):
        response = client.get(url)
        assert response.status_code in (200, 401, 404), (url, response.status_code)
        body = response.content.decode()
        for hidden in HIDDEN:
            assert f"Leaktest {hidden} headline" not in body, (hidden, url)
            assert f"leaktest-{hidden}" not in body, (hidden, url)
        for unseen in UNSEEN:
            assert unseen not in body, (unseen, url)
        seen_published |= "Leaktest published headline" in body
        seen_notice |= "Published notice on the published one" in body
    assert seen_published and seen_notice


def test_hidden_articles_answer_404_by_id_and_by_path(client, trio):  # noqa: F811
    made, _ = trio
    for name in HIDDEN:
        article = made[name]
        for url in (f"/api/v1/articles/{article.pk}", f"/api/v1/articles/{article.pk}/live-updates"):
            assert client.get(url).status_code == 404, url
        assert client.get("/api/v1/articles/by-path", {"path": article.get_absolute_url()}).status_code == 404
    # Anonymous previews are refused, not served.
    assert client.get(f"/api/v1/preview/articles/{made['draft'].pk}").status_code == 401
