"""Exact query budgets of the API's list and detail operations, constant in page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Correction, LiveUpdate
from tests.factories import ArticleFactory, AuthorFactory, ImageFactory, RegionFactory, warm_site_chrome

pytestmark = pytest.mark.django_db

# Articles, bylines, tags, regions.
LIST_QUERIES = 4
# Article, bylines, tags, regions; the related box in one query (the editors' list is
# stored on the article; computed ones are a subquery of the cards' query).
DETAIL_QUERIES = 5
# The same, plus its published notices (asked only when the article has any).
DETAIL_WITH_NOTICES_QUERIES = 6
# Notices with their articles and sections.
CORRECTIONS_QUERIES = 1
# The article; its updates with their pictures and posters.
LIVE_UPDATES_QUERIES = 2


def queries(client, url):
    warm_site_chrome()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured)


@pytest.fixture
def hero(db):
    return ImageFactory()  # one image for every article: renditions take a while to make


def rich_article(tags, hero):
    article = ArticleFactory(authors=[AuthorFactory(), AuthorFactory()], hero_image=hero)
    article.tags.add(*[f"tag {n}" for n in range(tags)])
    article.regions.add(RegionFactory())
    return article


@pytest.mark.parametrize("count", [1, 30])
def test_article_list_costs_the_same_for_1_or_30_articles(client, count, hero):
    for _ in range(count):
        rich_article(tags=3, hero=hero)
    assert queries(client, f"/api/v1/articles?limit={count}") == LIST_QUERIES


@pytest.mark.parametrize("tags", [1, 10])
def test_article_detail_costs_the_same_for_1_or_10_tags(client, tags, hero):
    article = rich_article(tags=tags, hero=hero)
    assert queries(client, f"/api/v1/articles/{article.pk}") == DETAIL_QUERIES


@pytest.mark.parametrize("count", [1, 30])
def test_sync_list_costs_the_same_for_1_or_30_articles(client, count, hero):
    for _ in range(count):
        rich_article(tags=2, hero=hero)
    assert queries(client, f"/api/v1/articles?limit={count}&updated_since=2000-01-01T00:00:00Z") == LIST_QUERIES


def published_notice(article):
    notice = Correction(article=article, text="The talks began on Monday.")
    notice.publish(None)
    notice.save()


@pytest.mark.parametrize("notices", [1, 5])
def test_article_detail_with_notices_costs_the_same_for_1_or_5(client, notices, hero):
    article = rich_article(tags=2, hero=hero)
    for _ in range(notices):
        published_notice(article)
    assert queries(client, f"/api/v1/articles/{article.pk}") == DETAIL_WITH_NOTICES_QUERIES


@pytest.mark.parametrize("count", [1, 30])
def test_corrections_list_costs_the_same_for_1_or_30_notices(client, count, hero):
    for _ in range(count):
        published_notice(rich_article(tags=1, hero=hero))
    assert queries(client, f"/api/v1/corrections?limit={count}") == CORRECTIONS_QUERIES


@pytest.mark.parametrize("count", [1, 30])
def test_live_updates_cost_the_same_for_1_or_30_updates(client, count, hero, django_user_model):
    article = ArticleFactory(format=Article.Format.LIVE)
    reporter = django_user_model.objects.create_user("reporter", first_name="Zeinab", last_name="Ahmad")
    for _ in range(count):
        LiveUpdate.objects.create(article=article, body="<p>x</p>", image=hero, posted_by=reporter, key_event=True)
    assert queries(client, f"/api/v1/articles/{article.pk}/live-updates?limit={count}") == LIVE_UPDATES_QUERIES
