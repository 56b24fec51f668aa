"""Folding of text for search: the forms a reader types and the forms a story prints
meet on one key.

Arabic is printed with optional marks and typed without them, and its keyboards and
writers vary in how they write hamza, alef maqsura and ta marbuta. A word is therefore
indexed and searched in one folded form (the usual light normalisation of Arabic
information retrieval, e.g. Larkey, Ballesteros & Connell 2002):

- removed: the harakat (fathatan … sukun, U+064B–U+0652), the further Arabic marks
  U+0653–U+065F, superscript alef U+0670, Quranic annotation marks U+06D6–U+06ED, and
  tatweel (kashida) U+0640, which only stretches a word;
- alef forms أ إ آ ٱ → ا; alef maqsura ى and yeh with hamza ئ → ي; waw with hamza ؤ → و;
  ta marbuta ة → ه; the Persian keyboard's yeh ی and keheh ک → ي and ك.

Other scripts are left as they are: Latin accents are folded by each engine's own
accent rules (FTS5 ``remove_diacritics``, PostgreSQL ``unaccent``).

The same table drives the query side (``fold_for_search``, Python) and the index side:
PostgreSQL's ``newsroom_fold(text)`` (one ``translate()``; SQL from ``pg_function_sql``)
and the SQLite function of the same name registered on every connection
(``register_sqlite_function``), so both sides always fold alike.
"""

REMOVED = (
    "".join(chr(c) for c in range(0x064B, 0x0660))  # harakat and further Arabic marks
    + "\u0670"  # superscript (dagger) alef
    + "".join(chr(c) for c in range(0x06D6, 0x06EE))  # Quranic annotation marks
    + "\u0640"  # tatweel
)
REPLACED = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ئ": "ي",
    "ؤ": "و",
    "ة": "ه",
    "ی": "ي",
    "ک": "ك",
}
_TABLE = str.maketrans({**REPLACED, **dict.fromkeys(REMOVED)})
SQL_FUNCTION = "newsroom_fold"


def fold_for_search(text):
    """``text`` (str, or None for "") in its folded search form; same length or shorter,
    every other character unchanged."""
    return (text or "").translate(_TABLE)


def pg_function_sql():
    """``CREATE FUNCTION newsroom_fold(text)`` for PostgreSQL: ``translate()`` maps each
    character of its second argument to the one at the same place in its third and
    deletes those past its end, which is ``REPLACED`` then ``REMOVED``. IMMUTABLE, so
    it may be used in indexes and triggers."""
    source = "".join(REPLACED) + REMOVED
    target = "".join(REPLACED.values())
    return (
        f"CREATE OR REPLACE FUNCTION {SQL_FUNCTION}(t text) RETURNS text "
        f"LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT translate(t, '{source}', '{target}') $$"
    )


def register_sqlite_function(sender=None, connection=None, **kwargs):
    """``connection_created`` receiver: gives each SQLite connection ``newsroom_fold``,
    which the FTS5 triggers call (``articles.fulltext_sql``). Deterministic, so SQLite
    may use it in triggers and indexes."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_function(SQL_FUNCTION, 1, fold_for_search, deterministic=True)
