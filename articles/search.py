"""Text matching for the search page: the one seam between the page and the engine.

``search(queryset, q)`` narrows any article queryset to matches of ``q``, best first
(headline matches above standfirst and body matches). Its internals delegate to
``ArticleQuerySet.search`` — SQLite FTS5 or PostgreSQL full-text search
(``articles.fulltext``) — so the page, filters and tests never know which engine
answers.
"""

MAX_QUERY_LENGTH = 200


def clean_query(q):
    """The reader's query, trimmed to a length worth searching for."""
    return " ".join((q or "").split())[:MAX_QUERY_LENGTH]


def search(queryset, q):
    """``queryset`` narrowed to articles matching ``q``, ranked, best first."""
    q = clean_query(q)
    if not q:
        return queryset
    return queryset.search(q)
