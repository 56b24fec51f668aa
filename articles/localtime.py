"""Wall-clock times typed or imported in the site's zone, where daylight saving makes
some of them ambiguous and others impossible.

Beirut (the site's ``TIME_ZONE``) puts its clocks forward at midnight on the last
Sunday of March (00:00–00:59 that night do not exist) and back at midnight on the last
Sunday of October (23:00–23:59 of the Saturday happen twice). Every place that turns a
local date and time into an instant — the admin's date/time fields
(``articles.admin.localtime``) and the importers (``ingest``) — follows one rule:

- an ambiguous time is the **earlier** instant (``fold=0``: the one still on summer
  time), and the person is told which one was taken;
- a time that does not exist is refused with ``NonexistentTime``, whose message says
  which times are missing and where the clocks jump (never shifted silently).
"""

from datetime import UTC, timedelta

from django.utils import timezone


class NonexistentTime(ValueError):
    """A local time skipped when the clocks went forward. ``str()`` is the message for
    people: "00:00–00:59 on 31 Mar 2024 does not exist in Asia/Beirut; clocks go from
    00:00 to 01:00." ``gap`` is the (first missing, first valid) pair of naive local times."""

    def __init__(self, message, gap):
        super().__init__(message)
        self.gap = gap


def _zone(tz):
    return tz or timezone.get_current_timezone()


def _offsets(naive, tz):
    """The UTC offsets of ``naive`` read before (fold=0) and after (fold=1) a transition."""
    return naive.replace(tzinfo=tz, fold=0).utcoffset(), naive.replace(tzinfo=tz, fold=1).utcoffset()


def is_nonexistent(naive, tz=None):
    """True when ``naive`` (a datetime without tzinfo) never shows on a clock in ``tz``."""
    tz = _zone(tz)
    aware = naive.replace(tzinfo=tz, fold=0)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive.replace(fold=0)


def is_ambiguous(naive, tz=None):
    """True when ``naive`` shows twice on the clocks of ``tz`` (clocks going back)."""
    tz = _zone(tz)
    before, after = _offsets(naive, tz)
    return before != after and not is_nonexistent(naive, tz)


def _transition(naive, tz):
    """The UTC instant of the offset change next to ``naive`` (to the second), and the
    offsets before and after it. Offsets change on whole seconds: 12 halvings of an hour."""
    before, after = _offsets(naive, tz)
    low, high = naive - max(before, after), naive - min(before, after)  # naive UTC bounds
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.replace(tzinfo=UTC).astimezone(tz).utcoffset() == before:
            low = middle
        else:
            high = middle
    return high.replace(microsecond=0), before, after


def _day(value):
    return f"{value.day} {value:%b %Y}"


def gap_message(naive, tz=None):
    """(message, (first missing, first valid)) for a ``naive`` time that does not exist."""
    tz = _zone(tz)
    instant, before, after = _transition(naive, tz)
    first_missing, first_valid = instant + before, instant + after
    last_missing = first_valid - timedelta(minutes=1)
    message = (
        f"{first_missing:%H:%M}–{last_missing:%H:%M} on {_day(first_missing)} does not exist in {tz}; "
        f"clocks go from {first_missing:%H:%M} to {first_valid:%H:%M}. "
        f"Choose a time before {first_missing:%H:%M} or from {first_valid:%H:%M} on."
    )
    return message, (first_missing, first_valid)


def ambiguity_note(naive, tz=None):
    """What was made of an ambiguous ``naive`` time, for the person who typed or imported it."""
    tz = _zone(tz)
    instant, first, second = _transition(naive, tz)
    repeated_from, repeated_to = instant + second, instant + first - timedelta(minutes=1)
    chosen = naive.replace(tzinfo=tz, fold=0)
    return (
        f"{naive:%H:%M} on {_day(naive)} happens twice in {tz} (clocks go back from "
        f"{instant + first:%H:%M} to {instant + second:%H:%M}, so {repeated_from:%H:%M}–{repeated_to:%H:%M} "
        f"repeat): the first one was taken, {chosen.isoformat(timespec='minutes')}."
    )


def resolve(naive, tz=None):
    """The aware datetime for the local ``naive`` time in ``tz`` (default: the current zone).

    Ambiguous: the earlier instant (fold=0). Nonexistent: raises ``NonexistentTime``.
    An aware ``naive`` is returned as it is. The result is in UTC: Python never finds an
    ambiguous wall-clock datetime equal to any datetime of another zone (PEP 495), so
    one left in ``tz`` would look changed to every later comparison.
    """
    if timezone.is_aware(naive):
        return naive
    tz = _zone(tz)
    if is_nonexistent(naive, tz):
        message, gap = gap_message(naive, tz)
        raise NonexistentTime(message, gap)
    return naive.replace(tzinfo=tz, fold=0).astimezone(UTC)


def local_wall_time(instant, tz=None):
    """``instant`` as the naive local time a clock in ``tz`` shows (what a form displays)."""
    return timezone.localtime(instant, _zone(tz)).replace(tzinfo=None, fold=0)
