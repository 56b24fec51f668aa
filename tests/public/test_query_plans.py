"""Every listing query reaches articles through an index, never a full table scan.

Checked with EXPLAIN on both databases: SQLite's ``EXPLAIN QUERY PLAN`` must not
show a bare ``SCAN articles_article``; PostgreSQL (with sequential scans disabled,
since tiny test tables make any plan look cheap) must not need a ``Seq Scan`` on it.
This is what keeps page render time flat from 2 000 to 100 000 articles
(bench/scale measures it).
"""

import re

import pytest
from django.db import connection
from taggit.models import Tag

from articles.models import Article, Author, Region
from public import selectors
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(row[3] for row in cursor.fetchall())


def full_scans(text):
    if connection.vendor == "postgresql":
        return re.findall(r"Seq Scan on articles_article\b(?! ?_)", text)
    return [line for line in text.splitlines() if re.fullmatch(r"\s*SCAN articles_article( AS \w+)?\s*", line)]


@pytest.fixture
def content():
    author = AuthorFactory()
    for i in range(5):
        article = ArticleFactory(headline=f"Listing story {i}", authors=[author])
        article.tags.add("Syria")
        article.regions.add(Region.objects.get(slug="mena"))
    return Article.objects.published().first()


def listing_queries(article):
    tree = selectors.section_tree()
    news = tree.by_path["news"]
    politics = tree.by_path["news/politics"]
    return {
        "home top stories (newest)": Article.objects.published().newest_first()[:7],
        "home section block": Article.objects.published()
        .filter(section_id__in=tree.descendant_ids(news))
        .newest_first()[:5],
        "section page": selectors.section_articles(tree, politics)[:20],
        "region page": selectors.region_articles(Region.objects.get(slug="mena"))[:20],
        "tag page": selectors.tag_articles(Tag.objects.get(name="Syria"))[:20],
        "author page": selectors.author_articles(Author.objects.filter(bylines__isnull=False).first())[:20],
        "feed": Article.objects.published().for_feed().newest_first()[:30],
        "sitemap": Article.objects.published().order_by("-published_at")[:2000],
        "read next": Article.objects.published()
        .filter(section_id__in=tree.descendant_ids(politics))
        .exclude(pk=article.pk)
        .newest_first()[:8],
        "article page": Article.objects.published()
        .for_detail()
        .filter(section__path="news/politics", slug=article.slug),
        "search": Article.objects.published().search("listing story")[:20],
    }


@pytest.mark.parametrize(
    "name",
    [
        "home top stories (newest)",
        "home section block",
        "section page",
        "region page",
        "tag page",
        "author page",
        "feed",
        "sitemap",
        "read next",
        "article page",
        "search",
    ],
)
def test_listing_queries_use_indexes(content, name):
    queryset = listing_queries(content)[name]
    text = plan(queryset)
    assert not full_scans(text), f"{name} scans articles_article:\n{text}"
    assert list(queryset), f"{name} found nothing; the plan was checked on an empty result"


def test_the_check_sees_a_full_scan(content):
    # A control: a substring match on the headline can only scan, and must be caught.
    assert full_scans(plan(Article.objects.filter(headline__contains="story")))
