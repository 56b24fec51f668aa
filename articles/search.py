"""Full-text search over articles on PostgreSQL and SQLite, with the same query grammar.

The one entry is ``ArticleQuerySet.search(query)`` (``Article.objects.published()
.search(...)``): the public search page and the admin changelist filter their queryset
first and search it last; neither knows which engine answers.

Readers type words, "quoted phrases" and -minus words. Matching is case- and
accent-insensitive; headline matches rank above standfirst, author and tag matches,
which rank above body ones. Authors and tags are searched through
``Article.search_extra`` (their names, kept current by ``articles.signals``).

- PostgreSQL: ``Article.search_vector`` (weights A/B/C) kept current by a trigger,
  a GIN index, and ``websearch_to_tsquery`` in the configuration of the article's
  language (``articles.search_languages``: Spanish stemming for Spanish, English
  stemming otherwise; unaccent). Created by migration 0003, widened by 0009 and 0017.
- SQLite: an external-content FTS5 table ``articles_article_fts`` over headline,
  standfirst, body_text and search_extra, kept in sync by triggers, ranked with bm25.
  Created by migration 0003, recreated with search_extra by 0009.

Arabic is folded on both sides (``articles.textfold``): the indexes hold
``newsroom_fold(text)`` and ``parse`` folds the query alike, so a name typed without
vowel marks or hamza finds its marked form and the reverse (migration 0017).

The SQL of both lives in ``articles.fulltext_sql``, shared with the migration.
"""

import json
import re
import unicodedata

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, CharField, F, FloatField, Func, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat

from articles import fulltext_sql
from articles.migrations import _fulltext_sql as fulltext_sql_0003
from articles.migrations import _fulltext_sql_0009 as fulltext_sql_0009
from articles.search_languages import CONFIG_BY_LANGUAGE, DEFAULT_CONFIG
from articles.textfold import fold_for_search

# Longer queries are cut: the search form's input says the same (maxlength).
MAX_QUERY_LENGTH = 200
FTS_TABLE = "articles_article_fts"
# bm25 column weights: headline, standfirst, body, search_extra (byline and tag names,
# ranked as the standfirst is: PostgreSQL weight B).
SQLITE_WEIGHTS = (10.0, 4.0, 1.0, 4.0)
_TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)([^\s"]+)')
_WORD = re.compile(r"\w+", re.UNICODE)


def clean_query(query):
    """The reader's query as searched and shown: NFC, single spaces, at most
    ``MAX_QUERY_LENGTH`` characters ("" for None)."""
    return " ".join(unicodedata.normalize("NFC", query or "").split())[:MAX_QUERY_LENGTH]


def parse(query):
    """Split a reader's query into (positive, negative) lists of phrases (word tuples),
    lower-cased and folded as the index is (``articles.textfold``): Arabic marks would
    otherwise split a word, as they are not word characters."""
    positive, negative = [], []
    for m in _TOKEN.finditer(clean_query(query)):
        minus, text = (m.group(1), m.group(2)) if m.group(2) is not None else (m.group(3), m.group(4))
        words = tuple(_WORD.findall(fold_for_search(text).lower()))
        if not words:
            continue
        (negative if minus else positive).append(words)
    return positive, negative


def _fts5_expression(positive, negative):
    def phrase(words):
        return '"' + " ".join(words) + '"'

    expr = " AND ".join(phrase(p) for p in positive)
    for words in negative:
        expr += f" NOT {phrase(words)}"
    return expr


def _pg_query_text(positive, negative):
    parts = [f'"{" ".join(p)}"' if len(p) > 1 else p[0] for p in positive]
    parts += [f'-"{" ".join(n)}"' if len(n) > 1 else f"-{n[0]}" for n in negative]
    return " ".join(parts)


def _pg_match(text):
    """(filter, rank) for the websearch query ``text`` on PostgreSQL: each article is
    matched and ranked by the query read in its own language's configuration
    (``articles.search_languages``), as its search vector was made; reading a Spanish
    story's vector with English stems would miss its words, and an -excluded word
    stemmed in another language would exclude nothing."""
    match, languages, whens = Q(), Q(), []
    for code, config in CONFIG_BY_LANGUAGE.items():
        in_language = Q(language__iexact=code) | Q(language__istartswith=f"{code}-")
        in_language |= Q(language__istartswith=f"{code}_")
        query = SearchQuery(text, search_type="websearch", config=config)
        match |= in_language & Q(search_vector=query)
        whens.append(When(in_language, then=SearchRank(F("search_vector"), query)))
        languages |= in_language
    default = SearchQuery(text, search_type="websearch", config=DEFAULT_CONFIG)
    match |= ~languages & Q(search_vector=default)
    return match, Case(*whens, default=SearchRank(F("search_vector"), default), output_field=FloatField())


def ranked_matches(queryset, query, window=None):
    """``queryset`` narrowed to its articles matching ``query``, annotated ``rank``
    (higher is better), best first; nothing when ``query`` names no word to look for.

    Called through ``ArticleQuerySet.search``. Relevance is computed over the
    ``window`` most recent (highest id) matches *within ``queryset``* (setting
    ``SEARCH_WINDOW``, default 500): scoring every match of a word found in most of a
    100 000-article archive costs hundreds of milliseconds, and a newsroom's readers
    want the relevant recent stories. Because the window is taken after the caller's
    filters (visibility, section, dates...), an old story a date range selects is
    found however many newer stories share its words. When fewer articles match,
    ranking is exact.
    """
    positive, negative = parse(query)
    if not positive:
        # Nothing to look for (empty, or only minus words): no results, never everything.
        return queryset.none()
    window = window or settings.SEARCH_WINDOW
    if connections[queryset.db].vendor == "postgresql":
        match, rank = _pg_match(_pg_query_text(positive, negative))
        recent = queryset.filter(match).order_by("-pk").values("pk")[:window]
        return queryset.filter(pk__in=recent).annotate(rank=rank).order_by("-rank", "-published_at", "-pk")
    scores = _sqlite_scores(queryset, _fts5_expression(positive, negative), window)
    if not scores:
        return queryset.none()
    # One JSON parameter carries every score: a 500-branch CASE costs more to build
    # and run than the search itself. json_extract(scores, '$."<id>"').
    path = Concat(Value('$."'), Cast("pk", CharField()), Value('"'), output_field=CharField())
    rank = Func(
        Value(json.dumps({str(pk): score for pk, score in scores.items()})),
        path,
        function="json_extract",
        output_field=FloatField(),
    )
    return queryset.filter(pk__in=list(scores)).annotate(rank=rank).order_by("-rank", "-published_at", "-pk")


def _sqlite_scores(queryset, expression, window):
    """{article id: bm25 score} of the ``window`` newest FTS5 matches among ``queryset``'s
    articles.

    bm25 exists only inside the FTS5 query, so the queryset's own SQL (every filter the
    caller applied) goes into it, as a check of each match by primary key. Walking the
    matches newest first and stopping at ``window`` costs at most one key lookup per
    match; ``rowid IN (every article the filters allow)`` instead made SQLite probe the
    index once per published article (12 s at 50 000 articles).
    """
    this_match = RawSQL(f"{FTS_TABLE}.rowid", ())  # noqa: S611 -- a constant column name
    try:
        allowed, params = (
            queryset.filter(pk=this_match).order_by().values("pk").query.get_compiler(queryset.db).as_sql()
        )
    except EmptyResultSet:  # e.g. ``pk__in=[]``: nothing can match
        return {}
    weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, -bm25({FTS_TABLE}, {weights}) FROM {FTS_TABLE} "  # noqa: S608 -- constants and ORM SQL
            f"WHERE {FTS_TABLE} MATCH %s AND EXISTS ({allowed}) ORDER BY rowid DESC LIMIT %s",
            [expression, *params, window],
        )
        return dict(cursor.fetchall())


def ensure_sqlite_index(using="default", **kwargs):
    """Recreate the FTS5 triggers if a table rebuild dropped them, and refill the index
    (SQLite only).

    SQLite migrations that alter ``articles_article`` copy it into a new table, which
    drops its triggers; this runs after every ``migrate`` so search never goes stale.
    The SQL is that of the index the database has: 0003's (no ``search_extra``),
    0009's (external content) or today's (folded text, ``articles.fulltext_sql``).
    """
    conn = connections[using]
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE name LIKE 'articles_article_fts%'")
        present = dict(cursor.fetchall())
        if FTS_TABLE not in present:
            return  # migration 0003 not applied yet
        columns = {c.name for c in conn.introspection.get_table_description(cursor, "articles_article")}
        if "search_extra" not in columns:  # between 0003 and 0009 (or migrated back)
            version, refill = fulltext_sql_0003, None
        elif "content='articles_article'" in present[FTS_TABLE]:  # between 0009 and 0017
            version, refill = fulltext_sql_0009, None
        else:
            version, refill = fulltext_sql, fulltext_sql.SQLITE_FILL
        missing = [t for t in version.SQLITE_TRIGGERS if t not in present]
        for name in missing:
            cursor.execute(version.SQLITE_TRIGGERS[name])
        if missing:
            for statement in refill or [f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"]:  # noqa: S608
                cursor.execute(statement)
