"""Kept for migration 0003, which imports its SQL from here; the SQL lives in
``articles.fulltext_sql`` beside the search code that depends on it."""

from articles.fulltext_sql import PG_BACKWARD, PG_FORWARD, SQLITE_BACKWARD, SQLITE_FORWARD, SQLITE_TRIGGERS

__all__ = ["PG_BACKWARD", "PG_FORWARD", "SQLITE_BACKWARD", "SQLITE_FORWARD", "SQLITE_TRIGGERS"]
