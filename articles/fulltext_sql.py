# ruff: noqa: E501 -- SQL kept as the migration ran it
"""SQL of full-text search as it stands since migration 0017, shared by that migration
and ``articles.search`` (which recreates dropped SQLite triggers from it).

Indexed: headline (weight A), standfirst and ``search_extra`` (byline and tag names,
weight B), body_text (weight C), each folded by ``newsroom_fold`` (``articles.textfold``:
Arabic marks, tatweel and letter variants) before the engine tokenises it; queries are
folded by the same table in Python. PostgreSQL stems each article in the text search
configuration of its language (``articles.search_languages``: Spanish stemmed as
Spanish, everything else as today). Earlier versions are frozen in
``articles/migrations/_fulltext_sql.py`` (0003) and ``_fulltext_sql_0009.py`` (0009).

SQLite keeps the folded text in the FTS5 table itself (a regular, not an
external-content, table): an external-content table re-reads the article table's
unfolded columns when rebuilt, and a view over folded columns would break SQLite's
table rename in every later migration of ``articles_article``.
"""

from articles.search_languages import pg_config_case
from articles.textfold import pg_function_sql

PG_FORWARD = f"""
{pg_function_sql()};
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'newsroom_search_es') THEN
    CREATE TEXT SEARCH CONFIGURATION newsroom_search_es (COPY = spanish);
    ALTER TEXT SEARCH CONFIGURATION newsroom_search_es
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
  END IF;
END $$;
CREATE OR REPLACE FUNCTION articles_article_search_vector() RETURNS trigger AS $$
DECLARE
  config regconfig := {pg_config_case("NEW.language")};
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector(config, newsroom_fold(coalesce(NEW.headline, ''))), 'A') ||
    setweight(to_tsvector(config, newsroom_fold(coalesce(NEW.standfirst, '') || ' ' || coalesce(NEW.search_extra, ''))), 'B') ||
    setweight(to_tsvector(config, newsroom_fold(coalesce(NEW.body_text, ''))), 'C');
  RETURN NEW;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS articles_article_search_vector_trg ON articles_article;
CREATE TRIGGER articles_article_search_vector_trg
  BEFORE INSERT OR UPDATE OF headline, standfirst, body_text, search_extra, language ON articles_article
  FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector();
UPDATE articles_article SET headline = headline;
"""  # noqa: S608 -- constants only (articles.textfold, articles.search_languages)
# Back to 0009: its trigger function (which no longer calls newsroom_fold), then the fold
# and the Spanish configuration.
PG_BACKWARD_AFTER = (
    "DROP FUNCTION IF EXISTS newsroom_fold(text); DROP TEXT SEARCH CONFIGURATION IF EXISTS newsroom_search_es;"
)

SQLITE_TABLE = """CREATE VIRTUAL TABLE articles_article_fts USING fts5(
        headline, standfirst, body_text, search_extra,
        tokenize='unicode61 remove_diacritics 2')"""
# Triggers keep the FTS5 table in step with every write, whatever code path (ORM, bulk
# update, raw SQL) makes it; the connection's newsroom_fold folds the text.
SQLITE_TRIGGERS = {
    "articles_article_fts_ai": """CREATE TRIGGER IF NOT EXISTS articles_article_fts_ai AFTER INSERT ON articles_article BEGIN
        INSERT INTO articles_article_fts(rowid, headline, standfirst, body_text, search_extra)
        VALUES (new.id, newsroom_fold(new.headline), newsroom_fold(new.standfirst), newsroom_fold(new.body_text), newsroom_fold(new.search_extra));
    END""",
    "articles_article_fts_ad": """CREATE TRIGGER IF NOT EXISTS articles_article_fts_ad AFTER DELETE ON articles_article BEGIN
        DELETE FROM articles_article_fts WHERE rowid = old.id;
    END""",
    "articles_article_fts_au": """CREATE TRIGGER IF NOT EXISTS articles_article_fts_au AFTER UPDATE OF headline, standfirst, body_text, search_extra
        ON articles_article BEGIN
        DELETE FROM articles_article_fts WHERE rowid = old.id;
        INSERT INTO articles_article_fts(rowid, headline, standfirst, body_text, search_extra)
        VALUES (new.id, newsroom_fold(new.headline), newsroom_fold(new.standfirst), newsroom_fold(new.body_text), newsroom_fold(new.search_extra));
    END""",
}
# Refill the whole index from the article table (after the triggers were missing).
SQLITE_FILL = [
    "DELETE FROM articles_article_fts",
    """INSERT INTO articles_article_fts(rowid, headline, standfirst, body_text, search_extra)
        SELECT id, newsroom_fold(headline), newsroom_fold(standfirst), newsroom_fold(body_text), newsroom_fold(search_extra)
        FROM articles_article""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS articles_article_fts_ai",
    "DROP TRIGGER IF EXISTS articles_article_fts_ad",
    "DROP TRIGGER IF EXISTS articles_article_fts_au",
    "DROP TABLE IF EXISTS articles_article_fts",
]
SQLITE_FORWARD = [*SQLITE_DROP, SQLITE_TABLE, *SQLITE_TRIGGERS.values(), *SQLITE_FILL]
