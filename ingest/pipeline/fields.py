"""Rules every record field follows, whatever the kind of record: one-line text within
its column's length, name lists without case duplicates, http(s) addresses. Each raises
``ImportFailure`` with the reason the operator sees, naming the field.

Record fields are text: each format's reader decoded what its source encodes (HTML
entities in a page or its JSON-LD) exactly once, so nothing here decodes again."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from articles.text_policy import name_key, plain_text
from ingest.records import ImportFailure


def one_line(value, label, max_length, *, required=False):
    """``value`` as plain one-line text (``text_policy.plain_text``); ImportFailure when
    required and empty, or longer than ``max_length`` characters (the column's size; 0
    for no limit)."""
    value = plain_text(value)
    if required and not value:
        raise ImportFailure(f"missing {label}")
    if max_length and len(value) > max_length:
        raise ImportFailure(f"{label} is {len(value)} characters long; at most {max_length} fit")
    return value


def dedupe(names, label, max_length):
    """``names`` as one-line text, empty ones and repeats ignoring case (the database's
    ``text_policy.name_key``) left out, in order."""
    seen, out = set(), []
    for name in names:
        name = one_line(name, label, max_length)
        if name and name_key(name) not in seen:
            seen.add(name_key(name))
            out.append(name)
    return out


def http_url(value, label):
    """An http(s) address that fits a URLField (200 characters), or ""."""
    value = (value or "").strip()
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise ImportFailure(f"{label} {value[:80]!r} is not an http(s) address") from None
        if len(value) > 200:
            raise ImportFailure(f"{label} is {len(value)} characters long; at most 200 fit")
    return value
