# ruff: noqa: E501 -- SQL kept as the migration ran it
"""SQL of full-text search as migration 0009 ran it, frozen here: migration 0017 replaces
it with ``articles.fulltext_sql`` (which folds Arabic through ``newsroom_fold``).
``articles.search`` still recreates these SQLite triggers on a database between the two.

Indexed: headline (weight A), standfirst and ``search_extra`` (byline and tag names,
weight B), body_text (weight C). Migration 0003 ran an earlier version without
``search_extra``, frozen in ``articles/migrations/_fulltext_sql.py``.
"""

PG_FORWARD = """
CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('newsroom_search', coalesce(NEW.headline, '')), 'A') ||
    setweight(to_tsvector('newsroom_search', coalesce(NEW.standfirst, '') || ' ' || coalesce(NEW.search_extra, '')), 'B') ||
    setweight(to_tsvector('newsroom_search', coalesce(NEW.body_text, '')), 'C');
  RETURN NEW;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS articles_article_search_vector_trg ON articles_article;
CREATE TRIGGER articles_article_search_vector_trg
  BEFORE INSERT OR UPDATE OF headline, standfirst, body_text, search_extra ON articles_article
  FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector();
UPDATE articles_article SET headline = headline;
"""
SQLITE_TABLE = """CREATE VIRTUAL TABLE articles_article_fts USING fts5(
        headline, standfirst, body_text, search_extra,
        content='articles_article', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')"""
# Triggers keep the external-content FTS5 table in step with every write, whatever
# code path (ORM, bulk update, raw SQL) makes it. FTS5's 'delete' needs the old
# values exactly as indexed, hence every column in each statement.
SQLITE_TRIGGERS = {
    "articles_article_fts_ai": """CREATE TRIGGER IF NOT EXISTS articles_article_fts_ai AFTER INSERT ON articles_article BEGIN
        INSERT INTO articles_article_fts(rowid, headline, standfirst, body_text, search_extra)
        VALUES (new.id, new.headline, new.standfirst, new.body_text, new.search_extra);
    END""",
    "articles_article_fts_ad": """CREATE TRIGGER IF NOT EXISTS articles_article_fts_ad AFTER DELETE ON articles_article BEGIN
        INSERT INTO articles_article_fts(articles_article_fts, rowid, headline, standfirst, body_text, search_extra)
        VALUES ('delete', old.id, old.headline, old.standfirst, old.body_text, old.search_extra);
    END""",
    "articles_article_fts_au": """CREATE TRIGGER IF NOT EXISTS articles_article_fts_au AFTER UPDATE OF headline, standfirst, body_text, search_extra
        ON articles_article BEGIN
        INSERT INTO articles_article_fts(articles_article_fts, rowid, headline, standfirst, body_text, search_extra)
        VALUES ('delete', old.id, old.headline, old.standfirst, old.body_text, old.search_extra);
        INSERT INTO articles_article_fts(rowid, headline, standfirst, body_text, search_extra)
        VALUES (new.id, new.headline, new.standfirst, new.body_text, new.search_extra);
    END""",
}
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS articles_article_fts_ai",
    "DROP TRIGGER IF EXISTS articles_article_fts_ad",
    "DROP TRIGGER IF EXISTS articles_article_fts_au",
    "DROP TABLE IF EXISTS articles_article_fts",
]
# An external-content FTS5 table cannot gain a column: it is dropped, recreated and
# rebuilt from articles_article.
SQLITE_FORWARD = [
    *SQLITE_DROP,
    SQLITE_TABLE,
    *SQLITE_TRIGGERS.values(),
    "INSERT INTO articles_article_fts(articles_article_fts) VALUES ('rebuild')",
]
