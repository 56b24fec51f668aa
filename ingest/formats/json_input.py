"""Reading JSON from import files: every JSON parse of the importer goes through here.

Two things the ``json`` module lets through are errors for an importer:

- **Duplicate keys.** JSON leaves their meaning open and Python keeps the last one, so
  ``{"status": "draft", "status": "published"}`` would publish what its first reader
  (a person, a diff, another tool) saw as a draft. Refused, naming the key.
- **Deep nesting.** No record of ours nests more than a few levels, and a structure
  a thousand levels deep hits Python's recursion limit (in the parser, or in any code
  that walks the value later). Anything deeper than MAX_DEPTH is refused.

Both are ImportFailures with the reason, so the item they are in fails alone.
Costs are linear in the input's size: the C parser, then one walk over the value.
JSON5 (JSON-LD as real pages write it) goes through the pure-Python ``json5`` package,
about 25 µs a character: callers give it only small inputs (``JSON5_MAX_CHARS``).
"""

import json
import re
from itertools import accumulate

import json5

from ingest.records import ImportFailure

# Our export nests 4 levels (article > gallery > item > image); schema.org JSON-LD
# rarely more than 6. Far from Python's recursion limit (1000) either way.
MAX_DEPTH = 64
# What one page may hand to the JSON5 parser in all (about 0.4 s of work).
JSON5_MAX_CHARS = 16 * 1024


class MalformedJSON(ImportFailure):
    """The text is not JSON (or JSON5) at all: a caller with another reading to try may go on."""


class _DuplicateKey(Exception):
    """Raised from inside the parsers; not a ValueError, so no caller takes it for a syntax error."""

    def __init__(self, key):
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs):
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')  # a JSON string (unrolled: no per-character alternation)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def too_deep(text):
    """Whether the valid JSON ``text`` nests deeper than MAX_DEPTH.

    Read from the brackets outside strings, as a running sum (+1 opening, -1 closing)
    computed by C iterators: no walk over millions of parsed Python objects.
    """
    # Fewer brackets than the limit cannot nest past it: most inputs stop here.
    if text.count("{") + text.count("[") <= MAX_DEPTH:
        return False
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0) > MAX_DEPTH


def _checked(value, text):
    if too_deep(text):
        raise ImportFailure(f"JSON nested deeper than {MAX_DEPTH} levels")
    return value


def loads(text, *, strict=True):
    """Parse ``text`` (str) as JSON; the value, or ImportFailure with the reason.

    ``strict=False`` allows control characters inside strings (``json.loads``' flag).
    Reasons: "malformed JSON (<what> at column N)", "duplicate key 'k' in a JSON
    object", "JSON nested deeper than 64 levels".
    """
    try:
        value = json.loads(text, object_pairs_hook=_unique_pairs, strict=strict)
    except _DuplicateKey as exc:
        raise ImportFailure(f"duplicate key {exc.key!r} in a JSON object") from None
    except RecursionError:
        raise ImportFailure(f"JSON nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:
        where = f" at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise MalformedJSON(f"malformed JSON ({getattr(exc, 'msg', exc)}{where})") from None
    return _checked(value, text)


def loads5(text):
    """Parse ``text`` as JSON5 (single quotes, trailing commas, comments) with the same
    rules as ``loads``. Slow: callers keep inputs under JSON5_MAX_CHARS."""
    try:
        value = json5.loads(text, object_pairs_hook=_unique_pairs)
    except _DuplicateKey as exc:
        raise ImportFailure(f"duplicate key {exc.key!r} in a JSON object") from None
    except RecursionError:
        raise ImportFailure(f"JSON nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:
        raise MalformedJSON(f"malformed JSON5 ({exc})") from None
    return _checked(value, text)
