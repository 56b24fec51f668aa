# ruff: noqa: E501 -- SQL kept as the migration ran it
"""SQL of full-text search as migration 0003 ran it (headline, standfirst, body_text),
frozen here: migration 0009 replaces it with ``articles.fulltext_sql`` (which adds
``search_extra``), and a fresh install must still run 0003 before that column exists."""

PG_FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'newsroom_search') THEN
    CREATE TEXT SEARCH CONFIGURATION newsroom_search (COPY = english);
    ALTER TEXT SEARCH CONFIGURATION newsroom_search
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
  END IF;
END $$;
CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('newsroom_search', coalesce(NEW.headline, '')), 'A') ||
    setweight(to_tsvector('newsroom_search', coalesce(NEW.standfirst, '')), 'B') ||
    setweight(to_tsvector('newsroom_search', coalesce(NEW.body_text, '')), 'C');
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER articles_article_search_vector_trg
  BEFORE INSERT OR UPDATE OF headline, standfirst, body_text ON articles_article
  FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector();
-- Search: the GIN index answers tsquery matches without scanning articles.
CREATE INDEX IF NOT EXISTS article_search_vector_gin ON articles_article USING gin (search_vector);
UPDATE articles_article SET headline = headline;
"""
PG_BACKWARD = """
DROP INDEX IF EXISTS article_search_vector_gin;
DROP TRIGGER IF EXISTS articles_article_search_vector_trg ON articles_article;
DROP FUNCTION IF EXISTS articles_article_search_vector();
DROP TEXT SEARCH CONFIGURATION IF EXISTS newsroom_search;
"""
SQLITE_TABLE = """CREATE VIRTUAL TABLE articles_article_fts USING fts5(
        headline, standfirst, body_text,
        content='articles_article', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')"""
# Triggers keep the external-content FTS5 table in step with every write, whatever
# code path (ORM, bulk update, raw SQL) makes it.
SQLITE_TRIGGERS = {
    "articles_article_fts_ai": """CREATE TRIGGER IF NOT EXISTS articles_article_fts_ai AFTER INSERT ON articles_article BEGIN
        INSERT INTO articles_article_fts(rowid, headline, standfirst, body_text)
        VALUES (new.id, new.headline, new.standfirst, new.body_text);
    END""",
    "articles_article_fts_ad": """CREATE TRIGGER IF NOT EXISTS articles_article_fts_ad AFTER DELETE ON articles_article BEGIN
        INSERT INTO articles_article_fts(articles_article_fts, rowid, headline, standfirst, body_text)
        VALUES ('delete', old.id, old.headline, old.standfirst, old.body_text);
    END""",
    "articles_article_fts_au": """CREATE TRIGGER IF NOT EXISTS articles_article_fts_au AFTER UPDATE OF headline, standfirst, body_text
        ON articles_article BEGIN
        INSERT INTO articles_article_fts(articles_article_fts, rowid, headline, standfirst, body_text)
        VALUES ('delete', old.id, old.headline, old.standfirst, old.body_text);
        INSERT INTO articles_article_fts(rowid, headline, standfirst, body_text)
        VALUES (new.id, new.headline, new.standfirst, new.body_text);
    END""",
}
SQLITE_FORWARD = [
    SQLITE_TABLE,
    *SQLITE_TRIGGERS.values(),
    "INSERT INTO articles_article_fts(articles_article_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS articles_article_fts_ai",
    "DROP TRIGGER IF EXISTS articles_article_fts_ad",
    "DROP TRIGGER IF EXISTS articles_article_fts_au",
    "DROP TABLE IF EXISTS articles_article_fts",
]
