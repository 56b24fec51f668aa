"""JSON Lines: our own export format (one object per line), read lazily line by line.

A line's kind comes from its ``type`` key or else from the file name (``authors.jsonl``,
``sections.jsonl``, ``regions.jsonl``, ``tags.jsonl``, ``breaking.jsonl``,
``redirects.jsonl``); anything else is an article. Image files are looked up next to the file, in ``media/``.
"""

import codecs
import io
from datetime import datetime
from pathlib import Path, PurePosixPath

from articles.text_policy import has_control_characters
from ingest.formats import json_input
from ingest.formats.detect import MAX_LINE_BYTES, check_text, split_bom
from ingest.records import (
    ArticleRecord,
    AuthorRecord,
    BreakingRecord,
    CorrectionRecord,
    Failure,
    GalleryRecord,
    ImageRecord,
    ImportFailure,
    LinkRecord,
    LiveUpdateRecord,
    RedirectRecord,
    RegionRecord,
    SectionRecord,
    TagRecord,
)
from ingest.times import instant

KINDS = {
    "authors": "author",
    "sections": "section",
    "regions": "region",
    "tags": "tag",
    "breaking": "breaking",
    "redirects": "redirect",
}


def kind_from_name(name):
    return KINDS.get(Path(name).stem.lower(), "article")


def iter_lines(stream):
    """(line number, bytes) for each line of a binary stream, a line at most MAX_LINE_BYTES;
    an over-long line is yielded as None (and skipped to its end, never held in memory)."""
    n = 0
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        n += 1
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield n, None
            continue
        yield n, line


def parse_stream(stream, origin, *, base_dir, tz, kind=None):
    """Records (and Failures) for each line of the binary ``stream``."""
    kind = kind or kind_from_name(origin)
    head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
    encoding, _ = split_bom(head)
    if encoding and encoding != "utf-8":
        # UTF-16/32 with a byte-order mark: decode as a text stream (rare; JSON Lines is UTF-8).
        text_stream = io.TextIOWrapper(stream, encoding=encoding.split("-le")[0].split("-be")[0], newline="")
        lines = ((n, line.encode()) for n, line in enumerate(text_stream, start=1))
    else:
        lines = iter_lines(stream)
    for n, raw in lines:
        where = f"{origin}:{n}"
        if raw is None:
            yield Failure(where, f"line longer than {MAX_LINE_BYTES // (1024 * 1024)} MB", kind)
            continue
        if n == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        if not raw.strip():
            continue
        try:
            text = check_text(raw.decode("utf-8").rstrip("\r\n"))
        except UnicodeDecodeError:
            yield Failure(where, "not UTF-8 text (JSON Lines files must be UTF-8)", kind)
            continue
        except ImportFailure as exc:
            yield Failure(where, str(exc), kind)
            continue
        try:
            obj = json_input.loads(text)  # duplicate keys and deep nesting fail this line alone
        except ImportFailure as exc:
            yield Failure(where, str(exc), kind)
            continue
        if not isinstance(obj, dict):
            yield Failure(where, f"expected a JSON object, found {type(obj).__name__}", kind)
            continue
        line_kind = obj.get("type") or kind
        try:
            yield BUILDERS[line_kind](obj, where, base_dir, tz)
        except KeyError:
            yield Failure(where, f"unknown record type {line_kind!r}", kind)
        except ImportFailure as exc:
            yield Failure(where, str(exc), line_kind)


# --- typed field readers: a wrong type is a clear failure, never a traceback -----------

_TYPE_NAMES = {str: "a string", int: "a whole number", bool: "true or false", list: "a list", dict: "an object"}


def _get(obj, key, typ, default):
    value = obj.get(key, default)
    if value is None:
        return default
    if typ is int and isinstance(value, bool) or not isinstance(value, typ):
        raise ImportFailure(f"field {key!r} must be {_TYPE_NAMES[typ]}, not {type(value).__name__}")
    return value


def _str(obj, key):
    value = _get(obj, key, str, "")
    # JSON may spell them as escapes (\u0000) that the line check cannot see.
    if has_control_characters(value):
        raise ImportFailure(f"field {key!r} contains control characters (e.g. NUL)")
    return value


def _str_list(obj, key):
    values = _get(obj, key, list, [])
    for value in values:
        if not isinstance(value, str):
            raise ImportFailure(f"field {key!r} must be a list of strings (found {type(value).__name__} in it)")
    return values


def _datetime(obj, key, tz):
    value = _str(obj, key)
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ImportFailure(f"field {key!r}: unparseable date {value[:40]!r} (use ISO 8601)") from None
    return instant(parsed, tz, f"field {key!r}")


def _image(value, key, base_dir):
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ImportFailure(f"field {key!r} must be an object with 'file', 'alt', 'caption', 'credit'")
    name = _str(value, "file")
    pure = PurePosixPath(name)
    if not name or pure.is_absolute() or ".." in pure.parts or "\\" in name:
        raise ImportFailure(f"field {key!r}: image file {name[:80]!r} must be a relative path inside media/")
    path = base_dir / "media" / pure
    if not path.is_file():
        path = base_dir / pure
    # A symbolic link in the bundle must not reach out of it (a "photo" that is ~/.ssh/id_rsa).
    if not path.resolve().is_relative_to(base_dir.resolve()):
        raise ImportFailure(f"field {key!r}: image file {name[:80]!r} is a link to a file outside the bundle's folder")
    focal = [value.get("focal_x", 0.5), value.get("focal_y", 0.5)]
    if not all(isinstance(f, int | float) and not isinstance(f, bool) and 0 <= f <= 1 for f in focal):
        raise ImportFailure(f"field {key!r}: focal_x and focal_y must be numbers from 0 to 1")
    return ImageRecord(
        path=path,
        name=name,
        alt=_str(value, "alt"),
        caption=_str(value, "caption"),
        credit=_str(value, "credit"),
        focal_x=focal[0],
        focal_y=focal[1],
    )


def article(obj, origin, base_dir, tz):
    related = []
    for item in _get(obj, "related", list, []):
        if not isinstance(item, dict):
            raise ImportFailure("field 'related' must be a list of {headline, url} objects")
        related.append(LinkRecord(headline=_str(item, "headline"), url=_str(item, "url")))
    gallery = []
    for item in _get(obj, "gallery", list, []):
        if not isinstance(item, dict):
            raise ImportFailure("field 'gallery' must be a list of objects")
        gallery.append(GalleryRecord(image=_image(item, "gallery", base_dir), caption=_str(item, "item_caption")))
    updates = []
    for item in _get(obj, "live_updates", list, []):
        if not isinstance(item, dict):
            raise ImportFailure("field 'live_updates' must be a list of objects")
        updates.append(
            LiveUpdateRecord(
                posted_at=_datetime(item, "posted_at", tz),
                title=_str(item, "title"),
                body=_str(item, "body"),
                key_event=_get(item, "key_event", bool, False),
                pinned=_get(item, "pinned", bool, False),
                embed_url=_str(item, "embed_url"),
                image=_image(item.get("image"), "live update image", base_dir),
            )
        )
    corrections = []
    for item in _get(obj, "corrections", list, []):
        if not isinstance(item, dict):
            raise ImportFailure("field 'corrections' must be a list of objects")
        corrections.append(
            CorrectionRecord(
                text=_str(item, "text"),
                kind=_str(item, "kind") or "correction",
                status=_str(item, "status") or "published",
                created_at=_datetime(item, "created_at", tz),
                published_at=_datetime(item, "published_at", tz),
            )
        )
    return ArticleRecord(
        origin=origin,
        headline=_str(obj, "headline"),
        standfirst=_str(obj, "standfirst"),
        body_html=_str(obj, "body_html"),
        url=_str(obj, "url"),
        external_id=_str(obj, "external_id"),
        slug=_str(obj, "slug"),
        section=_str(obj, "section"),
        format=_str(obj, "format"),
        status=_str(obj, "status"),
        published_at=_datetime(obj, "published_at", tz),
        revised_at=_datetime(obj, "updated_at", tz),
        authors=_str_list(obj, "authors"),
        source=_str(obj, "source"),
        tags=_str_list(obj, "tags"),
        regions=_str_list(obj, "regions"),
        hero_image=_image(obj.get("hero_image"), "hero_image", base_dir),
        hero_caption=_str(obj, "hero_caption"),
        hero_credit=_str(obj, "hero_credit"),
        kicker=_str(obj, "kicker"),
        seo_title=_str(obj, "seo_title"),
        seo_description=_str(obj, "seo_description"),
        social_image=_image(obj.get("social_image"), "social_image", base_dir),
        related=related,
        gallery=gallery,
        live_updates=updates,
        corrections=corrections,
        video_url=_str(obj, "video_url"),
        language=_str(obj, "language"),
        edition=_str(obj, "edition"),
        translation_group=_str(obj, "translation_group"),
        home_position=_get(obj, "home_position", int, None),
    )


def author(obj, origin, base_dir, tz):
    return AuthorRecord(
        origin=origin,
        name=_str(obj, "name"),
        slug=_str(obj, "slug"),
        is_organisation=_get(obj, "is_organisation", bool, False),
        role=_str(obj, "role"),
        bio=_str(obj, "bio"),
        email=_str(obj, "email"),
        x_handle=_str(obj, "x_handle"),
        website=_str(obj, "website"),
        photo=_image(obj.get("photo"), "photo", base_dir),
    )


def section(obj, origin, base_dir, tz):
    return SectionRecord(
        origin=origin,
        path=_str(obj, "path"),
        name=_str(obj, "name"),
        position=_get(obj, "position", int, 0),
        show_in_menu=_get(obj, "show_in_menu", bool, True),
        description=_str(obj, "description"),
        edition=_str(obj, "edition"),
    )


def region(obj, origin, base_dir, tz):
    return RegionRecord(
        origin=origin,
        name=_str(obj, "name"),
        slug=_str(obj, "slug"),
        position=_get(obj, "position", int, 0),
        show_in_menu=_get(obj, "show_in_menu", bool, True),
        edition=_str(obj, "edition"),
    )


def tag(obj, origin, base_dir, tz):
    return TagRecord(origin=origin, name=_str(obj, "name"), slug=_str(obj, "slug"))


def breaking(obj, origin, base_dir, tz):
    return BreakingRecord(
        origin=origin,
        text=_str(obj, "text"),
        url=_str(obj, "url"),
        article_url=_str(obj, "article_url"),
        attribution=_str(obj, "attribution"),
        starts_at=_datetime(obj, "starts_at", tz),
        ends_at=_datetime(obj, "ends_at", tz),
        position=_get(obj, "position", int, 0),
        external_id=_str(obj, "external_id"),
        edition=_str(obj, "edition"),
    )


def redirect(obj, origin, base_dir, tz):
    return RedirectRecord(origin=origin, old_path=_str(obj, "old_path"), new_path=_str(obj, "new_path"))


BUILDERS = {
    "article": article,
    "author": author,
    "section": section,
    "region": region,
    "tag": tag,
    "breaking": breaking,
    "redirect": redirect,
}
