"""The stages between a parsed record and the database, in the order the loader runs them.

1. ``prepare``: an ``ArticleRecord`` becomes a ``PreparedArticle`` (validated, normalised,
   with the change hash); nothing is written.
2. ``vocabulary``: the names it uses (section, regions, authors, tags) become ids,
   cached for the run; missing authors and tags are created.
3. ``media``: its images are validated and stored as ``Image`` rows.
4. ``write``: the one write path puts the article and its relations in the database.

``ingest.loader.Loader`` runs the stages, one savepoint per article. Beside them:
``links`` (related links, also forward ones), ``breaking`` (breaking items), ``fields``
(rules every record field follows) and ``text`` (where the importer calls the text policy).
"""
