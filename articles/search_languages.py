"""Which PostgreSQL text search configuration reads an article, by its language.

An article is indexed, and searched, in the configuration of its ``language``
(``Article.language``, "es" or a regional "es-MX"): stemming is language-specific, so
"negociaciones" and "negociación" meet only under Spanish rules. Languages without an
entry use ``DEFAULT_CONFIG`` (English stemming; Arabic and other scripts pass through
it unstemmed, folded by ``articles.textfold``). SQLite's FTS5 has no Spanish stemmer:
there, every language is matched word for word, accents and case folded.

Every configuration applies ``unaccent`` before its stemmer, so a reader who types
"sancion" or "Bogota" finds "sanción" and "Bogotá". Measured on Spanish word pairs
(singular/plural, verb forms), stemming the unaccented word joins as many pairs as
stemming the accented one (11 of 13 each: Snowball's Spanish rules leave
"ciudad"/"ciudades" apart either way) and also serves readers who type no accents.
Created by migrations 0003 (``newsroom_search``) and 0017 (``newsroom_search_es``).
"""

DEFAULT_CONFIG = "newsroom_search"
# Primary language subtag -> configuration.
CONFIG_BY_LANGUAGE = {"es": "newsroom_search_es"}


def primary_language(language):
    """ "es" for "es-MX" or "ES_mx"; "" for none."""
    return (language or "").replace("_", "-").split("-")[0].lower()


def pg_config(language):
    """The configuration name for an article or query in ``language`` (a BCP 47 tag)."""
    return CONFIG_BY_LANGUAGE.get(primary_language(language), DEFAULT_CONFIG)


def pg_config_case(column):
    """SQL choosing the configuration from a language ``column`` (an SQL expression,
    e.g. ``NEW.language``), by the rule of ``pg_config``, as a ``regconfig``."""
    primary = f"lower(split_part(replace(coalesce({column}, ''), '_', '-'), '-', 1))"
    branches = " ".join(f"WHEN '{code}' THEN '{config}'::regconfig" for code, config in CONFIG_BY_LANGUAGE.items())
    return f"CASE {primary} {branches} ELSE '{DEFAULT_CONFIG}'::regconfig END"
