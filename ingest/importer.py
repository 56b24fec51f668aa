"""Importing articles: parsers per format (``ingest.formats``) produce plain records,
``loader`` runs them through the pipeline (``ingest.pipeline``: prepare, vocabulary,
media, write); ``import_paths`` ties the two together for the ``import_articles``
command and for tests.
"""

import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings

from ingest.formats.wxr import WXROptions
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
    # Downloaded media must outlive the records that point at them: the loader reads the
    # files when it writes a chunk, which can be after the reader has finished.
    with tempfile.TemporaryDirectory(prefix="import-media-") as fetch_dir:
        wxr_options = WXROptions(
            category_map=dict(options.category_map),
            page_map=dict(options.page_map),
            media_dir=Path(options.media_dir) if options.media_dir else None,
            fetch_media=options.fetch_media,
            fetch_dir=Path(fetch_dir),
            default_section=options.default_section,
        )
        records = iter_records(paths, fmt=fmt, tz=options.tz, stdin=stdin, skipped=skipped, wxr_options=wxr_options)
        result = loader.run(records)
    result.notes.extend(f"{path}: skipped (not an article file)" for path in skipped)
    return result
