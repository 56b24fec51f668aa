"""Importing articles: parsers per format (``ingest.formats``) produce plain records,
``loader`` runs them through the pipeline (``ingest.pipeline``: prepare, vocabulary,
media, write); ``import_paths`` ties the two together for the ``import_articles``
command and for tests.
"""

from zoneinfo import ZoneInfo

from django.conf import settings

from ingest.loader import ImportOptions, ImportResult, Loader
from ingest.records import ImportFailure
from ingest.sources import iter_records

__all__ = ["ImportFailure", "ImportOptions", "ImportResult", "import_paths"]


def import_paths(paths, *, fmt="auto", options=None, stdin=None, report=None):
    """Import every file, folder or "-" (``stdin``, binary) in ``paths``; return an ImportResult.

    ``report(kind, action, origin, label, reason)`` is called for each item as it is done
    (progress, verbose listings). Raises ImportFailure only for a bad option.
    """
    options = options or ImportOptions()
    options.tz = options.tz or ZoneInfo(settings.TIME_ZONE)
    loader = Loader(options, report=report)
    skipped = []
    loader.load(iter_records(paths, fmt=fmt, tz=options.tz, stdin=stdin, skipped=skipped))
    result = loader.finish()
    result.notes.extend(f"{path}: skipped (not an article file)" for path in skipped)
    return result
