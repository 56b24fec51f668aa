"""Every query a public page runs reaches articles through an index, never a full table scan.

The statements checked are the ones the pages really run: each page is requested and
every SQL statement it sends (the ``public.selectors`` functions and the
``ArticleQuerySet`` methods as the views, feeds and sitemaps compose them, with the
paginator's slices and counts) is recorded with its parameters and EXPLAINed as sent.
On SQLite, ``EXPLAIN QUERY PLAN`` must not show a bare ``SCAN`` of the article table;
on PostgreSQL (with sequential scans disabled, since tiny test tables make any plan
look cheap) no ``Seq Scan`` of it may be needed (see ``full_scans``). This is what
keeps page render time flat from 2 000 to 100 000 articles (bench/scale measures it).
"""

import json
import re
import traceback
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Article, RelatedArticle
from tests.factories import ArticleFactory, AuthorFactory, BreakingItemFactory, RegionFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Where a statement comes from, for the failure message: frames of the product code.
PRODUCT = tuple(str(ROOT / room) + "/" for room in ("public", "articles", "newsroom"))
ARTICLE_TABLE = re.compile(r'"articles_article"')


def statements_run_by(action):
    """Run ``action()`` and return the SQL statements it sent that read the article
    table, as ``(sql, params, origin)``: the text and parameters exactly as executed
    and the product functions that issued it ("public/selectors.py:most_read > …")."""
    seen = []

    def record(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("SELECT", "WITH")) and ARTICLE_TABLE.search(sql):
            # The innermost few: the middleware chain above the view says nothing.
            frames = [f for f in traceback.extract_stack() if f.filename.startswith(PRODUCT)][-3:]
            origin = " > ".join(f"{Path(f.filename).relative_to(ROOT)}:{f.name}" for f in frames)
            seen.append((sql, params, origin or "(test code)"))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        action()
    return seen


def plan(sql, params):
    """The database's plan for ``sql`` run with ``params``: text for SQLite, the
    JSON plan tree for PostgreSQL."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            document = cursor.fetchone()[0]
            return json.loads(document)[0]["Plan"] if isinstance(document, str) else document[0]["Plan"]
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(row[3] for row in cursor.fetchall())


def full_scans(found_plan, sql=""):
    """The parts of ``found_plan`` (a plan of ``sql``) that read the whole article table.

    SQLite: a bare "SCAN" of it ("SCAN … USING INDEX" walks an index in order up to the
    LIMIT, which is how listings are meant to run). It names an aliased table by its
    alias alone ("SCAN U0" in a subquery), so the aliases ``sql`` gives the article
    table count too. PostgreSQL: a "Seq Scan" of it, anywhere in the plan tree, which
    with sequential scans off means no index can serve the query. An index walked in
    full is not counted there: on a test-sized table the planner picks one whatever
    the query, so it would tell nothing (bench/scale measures plans on 100 000 rows).
    """
    if connection.vendor == "postgresql":
        return _pg_seq_scans(found_plan)
    names = {"articles_article", *re.findall(r'"articles_article" (?:AS )?"?(\w+)"?', sql)}
    table = "|".join(re.escape(name) for name in names)
    return [line for line in found_plan.splitlines() if re.fullmatch(rf"\s*SCAN ({table})( AS \w+)?\s*", line)]


def _pg_seq_scans(node):
    found = []
    if node["Node Type"] == "Seq Scan" and node.get("Relation Name") == "articles_article":
        found.append(f"Seq Scan on articles_article {node.get('Alias', '')} {node.get('Filter', '')}".strip())
    for child in node.get("Plans", []):
        found += _pg_seq_scans(child)
    return found


@pytest.fixture
def content():
    """Five published stories in News > Politics sharing an author, a tag and a region;
    the first links two of the others as related (editors' choice), the last has none
    (computed from shared tags); a breaking item links to one of them."""
    author = AuthorFactory(name="Plan Reporter")
    region = RegionFactory(slug="mena", name="MENA")
    stories = []
    for i in range(5):
        article = ArticleFactory(headline=f"Listing story {i}", authors=[author])
        article.tags.add("Syria")
        article.regions.add(region)
        stories.append(article)
    for position, target in enumerate(stories[1:3]):
        RelatedArticle.objects.create(from_article=stories[0], to_article=target, position=position)
    BreakingItemFactory(text="Plan breaking line", article=stories[1])
    return {"author": author, "region": region, "editors_pick": stories[0], "by_tags": stories[-1]}


# Each page: its URL from the content, and a text it must show (the plans of queries
# that found nothing would prove nothing).
PAGES = {
    "home": (lambda c: reverse("public:home"), "Listing story"),
    "section with sub-sections": (lambda c: reverse("public:section", kwargs={"path": "news"}), "Listing story"),
    "sub-section": (lambda c: reverse("public:section", kwargs={"path": "news/politics"}), "Listing story"),
    "article, related by editors": (lambda c: c["editors_pick"].get_absolute_url(), "Listing story 1"),
    "article, related by tags": (lambda c: c["by_tags"].get_absolute_url(), "Listing story 0"),
    "region": (lambda c: c["region"].get_absolute_url(), "Listing story"),
    "tag": (lambda c: reverse("public:tag", kwargs={"slug": "syria"}), "Listing story"),
    "author": (lambda c: c["author"].get_absolute_url(), "Listing story"),
    "authors index": (lambda c: reverse("public:authors"), "Plan Reporter"),
    "search": (lambda c: reverse("public:search") + "?q=listing+story", "Listing story"),
    "breaking archive": (lambda c: reverse("public:breaking"), "Plan breaking line"),
    "rss": (lambda c: reverse("public:rss_latest"), "Listing story"),
    "atom, section": (lambda c: reverse("public:atom_section", kwargs={"path": "news"}), "Listing story"),
    "rss, tag": (lambda c: reverse("public:rss_tag", kwargs={"slug": "syria"}), "Listing story"),
    "rss, author": (lambda c: reverse("public:rss_author", kwargs={"slug": c["author"].slug}), "Listing story"),
    "sitemap index": (lambda c: reverse("public:sitemap_index"), "sitemap-articles.xml"),
    "sitemap, articles": (lambda c: reverse("public:sitemap", kwargs={"section": "articles"}), "listing-story"),
    "sitemap, tags": (lambda c: reverse("public:sitemap", kwargs={"section": "tags"}), "/tag/syria"),
    "sitemap, authors": (lambda c: reverse("public:sitemap", kwargs={"section": "authors"}), "/author/plan-reporter"),
    "news sitemap": (lambda c: reverse("public:sitemap_news"), "Listing story"),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_every_query_a_page_runs_uses_indexes(client, content, page):
    url, shows = PAGES[page][0](content), PAGES[page][1]
    responses = []
    statements = statements_run_by(lambda: responses.append(client.get(url)))
    body = b"".join(responses[0]) if responses[0].streaming else responses[0].content
    assert responses[0].status_code == 200, url
    assert shows in body.decode(), f"{page} ({url}) does not show {shows!r}: its plans would prove nothing"
    assert statements, f"{page} ({url}) read no article"
    scanning = []
    for sql, params, origin in statements:
        scans = full_scans(plan(sql, params), sql)
        if scans:
            scanning.append("\n".join([origin, sql, str(params), *scans]))
    assert not scanning, f"{page} ({url}) scans articles_article:\n\n" + "\n\n".join(scanning)


def test_the_check_sees_a_full_scan(content):
    # A control through the same recording and EXPLAIN: a substring match on the
    # headline can only scan, and must be caught.
    statements = statements_run_by(lambda: list(Article.objects.filter(headline__contains="story")))
    assert len(statements) == 1
    sql, params, _ = statements[0]
    assert full_scans(plan(sql, params), sql)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's alias naming; PostgreSQL names the table")
def test_the_check_sees_a_full_scan_inside_a_subquery(content):
    # The same scan in a subquery, where SQLite names the table by its alias ("SCAN U0").
    scanning = Article.objects.filter(headline__contains="story").values("pk")
    statements = statements_run_by(lambda: list(Article.objects.filter(pk__in=scanning)))
    sql, params, _ = statements[0]
    assert full_scans(plan(sql, params), sql)
