"""API keys (created in the admin, shown once, hashed at rest, revocable, scoped, never
in URLs or logs) and the per-client rate limit."""

import logging
import re

import pytest
from django.db import IntegrityError
from django.utils import timezone

from api.models import ApiKey, hash_key
from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def make_key(scope=ApiKey.Scope.READ, user=None, **fields):
    key = ApiKey(name="Partner", scope=scope, user=user, **fields)
    raw = key.issue()
    key.save()
    return key, raw


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_key_made_in_the_admin_is_shown_once_and_stored_hashed(admin_client):
    response = admin_client.post(
        "/admin/api/apikey/add/", {"name": "Android app", "scope": "read", "user": ""}, follow=True
    )
    shown = re.search(r"nk_[0-9a-f]{8}_[\w-]{43}", response.content.decode()).group(0)
    key = ApiKey.objects.get(name="Android app")
    assert key.key_hash == hash_key(shown) and shown not in str(ApiKey.objects.filter(pk=key.pk).values().first())
    assert shown not in admin_client.get(f"/admin/api/apikey/{key.pk}/change/").content.decode()
    assert admin_client.get("/api/v1/articles", **bearer(shown)).status_code == 200


def test_a_revoked_or_unknown_key_is_refused(client):
    key, raw = make_key()
    assert client.get("/api/v1/articles", **bearer(raw)).status_code == 200
    key.revoked_at = timezone.now()
    key.save()
    for sent in (raw, "nk_00000000_nothing"):
        response = client.get("/api/v1/articles", **bearer(sent))
        assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_key_in_the_url_is_refused_never_used(client):
    _, raw = make_key()
    response = client.get("/api/v1/articles", {"api_key": raw})
    assert response.status_code == 400 and response.json()["type"] == "urn:newsroom:problem:key-in-url"


def test_the_key_never_reaches_the_logs(client, caplog):
    _, raw = make_key()
    with caplog.at_level(logging.DEBUG):
        client.get("/api/v1/articles/999999", **bearer(raw))
        client.get("/api/v1/articles", {"key": raw})
    assert caplog.records and not any(raw in record.getMessage() for record in caplog.records)


def test_scopes_read_preview(client, editor):
    draft = ArticleFactory(status=Article.Status.DRAFT, headline="Embargoed")
    _, read = make_key(ApiKey.Scope.READ)
    _, preview = make_key(ApiKey.Scope.PREVIEW)
    _, write = make_key(ApiKey.Scope.WRITE, user=editor)
    url = f"/api/v1/preview/articles/{draft.pk}"
    assert client.get(url).status_code == 401
    assert client.get(url, **bearer(read)).status_code == 403
    for raw in (preview, write):
        response = client.get(url, **bearer(raw))
        assert response.status_code == 200 and response.json()["headline"] == "Embargoed"
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    # The preview key sees nothing more through the public operations.
    assert client.get(f"/api/v1/articles/{draft.pk}", **bearer(preview)).status_code == 404


def test_anonymous_clients_are_limited_per_address_with_retry_after(client, settings, time_machine):
    settings.API_RATE_ANON, settings.API_RATE_KEY = "3/m", "5/m"
    # The limit counts in fixed windows: the clock stands still, so no window ends
    # between the requests (CI once crossed one, and the fourth was allowed).
    time_machine.move_to(timezone.now(), tick=False)
    for _ in range(3):
        assert client.get("/api/v1/regions").status_code == 200
    response = client.get("/api/v1/regions")
    assert response.status_code == 429 and response["Content-Type"] == "application/problem+json"
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another address has its own allowance; a keyed client counts against its key.
    assert client.get("/api/v1/regions", REMOTE_ADDR="10.1.2.3").status_code == 200
    _, raw = make_key()
    assert [client.get("/api/v1/regions", **bearer(raw)).status_code for _ in range(6)] == [200] * 5 + [429]


def test_the_write_key_needs_a_user():
    with pytest.raises(IntegrityError, match="apikey_write_has_user"):
        make_key(ApiKey.Scope.WRITE, user=None)
