"""Dates of the sources as instants: the one rule every format and pipeline stage uses.

A date without an offset is a wall-clock time in the import's zone (``--tz``, the
site's ``TIME_ZONE`` by default), read by ``articles.localtime`` as the admin reads
typed times: a time that happens twice when clocks go back is the first (summer-time)
instant; a time skipped when clocks go forward fails its item with the reason.
"""

from datetime import UTC, datetime

from django.utils import timezone

from articles import localtime
from ingest.records import ImportFailure


def instant(value, tz, label="date"):
    """``value`` (a datetime, or None) as an aware datetime in UTC, or None.

    Naive values are local times in ``tz`` (None: the current zone). Raises
    ImportFailure naming ``label`` for a value that is not a datetime or a local time
    that does not exist.
    """
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise ImportFailure(f"{label} must be a date and time, not {type(value).__name__}")
    if timezone.is_aware(value):
        # UTC, not the source's zone: Python finds an ambiguous wall-clock datetime equal
        # to nothing in another zone (PEP 495), and re-imports compare with stored values.
        return value.astimezone(UTC)
    try:
        return localtime.resolve(value, tz)
    except localtime.NonexistentTime as error:
        raise ImportFailure(f"{label} {value:%Y-%m-%d %H:%M}: {error}") from None
