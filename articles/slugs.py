"""What a slug may be: one segment of a URL path.

Slugs are put into URLs by ``reverse()`` (``/region/<slug>``, ``/<section path>/<slug>``).
A slug holding "/" cannot be reversed (``NoReverseMatch``: a region called
``evil/region`` made every page answer 500 through the region bar), and "." or ".."
are removed from a path by every browser. Imported slugs are kept as the source had
them ("syrian-army:-russia"), so the rule is no wider than that: any text but those.

Enforced by ``validate_url_segment`` on the model fields (forms, ``full_clean``), by a
named ``CheckConstraint`` built with ``one_segment_q`` on every slugged model (taggit's
tag table gets the same check from migration 0010), and by the importer.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q

DOT_SEGMENTS = (".", "..")
MESSAGE = "A slug is one part of a web address: it cannot contain “/”, be empty, or be “.” or “..”."


def is_url_segment(value):
    """True when ``value`` (a str) can be a slug: not empty, no "/", not "." or ".."."""
    return bool(value) and "/" not in value and value not in DOT_SEGMENTS


def validate_url_segment(value):
    """Model-field validator: ValidationError (code ``slug_segment``) unless ``is_url_segment``."""
    if not is_url_segment(value):
        raise ValidationError(MESSAGE, code="slug_segment", params={"value": value})


def one_segment_q(field="slug"):
    """The rule as a ``Q`` for a CheckConstraint on ``field``."""
    return ~Q(**{f"{field}__contains": "/"}) & ~Q(**{f"{field}__in": DOT_SEGMENTS}) & ~Q(**{field: ""})
