"""The OpenAPI contract, tested by schemathesis against the live test server.

Property-based: for every operation of ``/api/v1/openapi.json``, schemathesis
generates requests from the document and checks every answer with its built-in checks
(no 5xx, status codes, content types, headers and bodies as documented, auth enforced
where the document says so). Runs on whichever database the suite runs on.
"""

from datetime import timedelta

import pytest
import schemathesis
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.config._checks import MISSING_REQUIRED_HEADER_EXPECTED_STATUSES as MISSING_HEADER
from schemathesis.config._checks import POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES as ACCEPTED

from api.models import ApiKey
from articles.models import Article, Correction, LiveUpdate, RelatedArticle
from tests.factories import ArticleFactory, AuthorFactory, BreakingItemFactory, ImageFactory, RegionFactory

EXAMPLES = 15


@pytest.fixture
def content(django_db_serialized_rollback, transactional_db, settings, editor):
    """A small site with every kind of thing the API shows, and an editor's write key.

    Transactional (the live server reads what the test wrote) and, like the suite's
    other transactional tests, restoring the migrated rows afterwards."""
    settings.API_RATE_ANON = settings.API_RATE_KEY = "100000/m"
    author = AuthorFactory(name="Lina Haddad", photo=ImageFactory())
    region = RegionFactory(slug="mena", name="MENA")
    lead = ArticleFactory(
        headline="Ceasefire talks in Cairo",
        authors=[author],
        hero_image=ImageFactory(),
        body="<p>One.</p><h2>Two</h2><ul><li>a</li></ul><blockquote><p>q</p></blockquote><p>Three.</p>",
    )
    lead.tags.add("Gaza")
    lead.regions.add(region)
    live = ArticleFactory(headline="Live: the summit", format=Article.Format.LIVE, authors=[author])
    LiveUpdate.objects.create(
        article=live, title="Opening", body="<p>Leaders arrive.</p>", image=ImageFactory(), key_event=True
    )
    notice = Correction(article=lead, text="The talks began on Monday.")
    notice.publish(None)
    notice.save()
    Correction.objects.create(article=lead, text="A proposal")
    RelatedArticle.objects.create(from_article=lead, to_article=live, position=0)
    ArticleFactory(status=Article.Status.DRAFT, headline="A draft")
    ArticleFactory(published_at=timezone.now() + timedelta(days=1), headline="Scheduled")
    BreakingItemFactory(text="Breaking: talks resume", article=lead)
    key = ApiKey(name="Newsroom tool", scope=ApiKey.Scope.WRITE, user=editor)
    raw = key.issue()
    key.save()
    return raw


# A cursor is opaque: the document can say it is a short URL-safe string, not which
# strings we made. A well-formed one we did not make is a 400 (invalid-cursor), which
# these operations may answer to input the document allows.
CONFIG = SchemathesisConfig.from_dict(
    {
        "operations": [
            {
                "include-path-regex": "/(articles|tags|authors|search|corrections|articles/{article_id}/live-updates)$",
                "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "400"]}},
            },
            # An edit carries the version it was made on: any other is an edit conflict
            # (412), none at all a 428 (RFC 6585), whatever else the request holds.
            {
                "include-path-regex": "^/api/v1/articles/{article_id}$",
                "include-method": "PATCH",
                "checks": {
                    "positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "412"]},
                    "missing_required_header": {"expected-statuses": [*MISSING_HEADER, "428"]},
                },
            },
        ]
    }
)


@pytest.fixture
def api_schema(live_server, content):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json", config=CONFIG)
    schema.config.update(headers={"Authorization": f"Bearer {content}"})
    return schema


def test_the_openapi_document_is_valid_openapi_3_1(client, db):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    schemathesis.openapi.from_dict(document).validate()  # against the OpenAPI 3.1 meta-schema
    for name, component in document["components"]["schemas"].items():
        assert component.get("examples"), f"{name} has no example"


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    database=None,  # no example database left in the work tree; every run starts fresh
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_keeps_the_contract(case, content):
    # The key given at the call is one schemathesis knows we set (not one it generated): so
    # its auth check probes each keyed operation without a key and with a wrong one, and
    # expects 401/403, instead of calling a 200 for a real preview key "invalid auth".
    case.call_and_validate(headers={"Authorization": f"Bearer {content}"})
