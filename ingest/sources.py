"""From command-line paths to a lazy stream of records: files, folders (walked), stdin.

Each file is read once (a WordPress export twice, streamed: ``ingest.formats.wxr``); its
format is decided from its content; a document format (page text, HTML) is size-checked
before it is read whole, JSON Lines and WXR are streamed.
Whatever goes wrong with one file becomes a Failure for that file and the walk goes on.
"""

import io
import os
from pathlib import Path

from ingest.formats import html as html_format
from ingest.formats import jsonl, page_text, wxr
from ingest.formats.detect import HEAD_BYTES, MAX_DOCUMENT_BYTES, decode, sniff_format
from ingest.records import ArticleRecord, Failure, ImportFailure

# An export folder is imported in dependency order: what articles refer to comes first.
# Redirects come after the articles: an article saved while importing may leave one of
# its own, and the export's row for the same old path is the one to keep.
BUNDLE_ORDER = [
    "sections.jsonl",
    "regions.jsonl",
    "tags.jsonl",
    "authors.jsonl",
    "articles.jsonl",
    "breaking.jsonl",
    "redirects.jsonl",
]
# Files a folder walk passes over: assets saved next to pages, and our own manifest.
SKIP_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico", ".css", ".js", ".map", ".woff", ".woff2"}


class _Prefixed(io.RawIOBase):
    """A stream that replays ``head`` and then continues from ``rest`` (stdin cannot seek)."""

    def __init__(self, head, rest):
        self.head, self.rest = head, rest

    def readable(self):
        return True

    def readinto(self, buffer):
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n], self.head = self.head[:n], self.head[n:]
            return n
        data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def iter_records(paths, *, fmt="auto", tz, stdin=None, skipped=None, wxr_options=None):
    """Records and Failures for every input named by ``paths`` ("-" is ``stdin``, binary).
    ``wxr_options`` (``wxr.WXROptions``) are for WordPress exports among them."""
    for raw in paths:
        if raw == "-":
            yield from read_stream(
                stdin, "<stdin>", fmt=fmt, tz=tz, size=None, base_dir=Path.cwd(), wxr_options=wxr_options
            )
            continue
        path = Path(raw)
        if path.is_dir():
            yield from walk(path, fmt=fmt, tz=tz, skipped=skipped, wxr_options=wxr_options)
        elif path.is_file():
            yield from read_file(path, fmt=fmt, tz=tz, wxr_options=wxr_options)
        else:
            yield Failure(str(path), "no such file or folder")


def outside(path, folder):
    """The real path ``path`` leads to when that is outside ``folder`` (through a symbolic
    link, its own or a parent's), else None."""
    real = path.resolve()
    return None if real.is_relative_to(folder.resolve()) else real


def walk(folder, *, fmt, tz, skipped=None, wxr_options=None):
    """Every file under ``folder`` in name order; an export folder (with manifest.json) as a bundle.

    Nothing outside ``folder`` is read: a symbolic link that leads out of it is a
    Failure, not followed (a bundle from elsewhere could otherwise make the importer
    read, and publish, any file the operator can read).
    """
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        root = Path(root)
        if "manifest.json" in files:
            dirs[:] = []  # media/ holds the bundle's images, read through the articles
            for name in BUNDLE_ORDER:
                # An empty member is a kind the site has none of (an export of a site
                # without a ticker writes an empty breaking.jsonl): zero records, no error.
                if name in files and (root / name).stat().st_size > 0:
                    yield from read_file(root / name, fmt="jsonl", tz=tz, folder=folder)
            continue
        for name in sorted(files):
            path = root / name
            if name.startswith(".") or path.suffix.lower() in SKIP_SUFFIXES:
                if skipped is not None:
                    skipped.append(str(path))
                continue
            yield from read_file(path, fmt=fmt, tz=tz, wxr_options=wxr_options, folder=folder)


def read_file(path, *, fmt, tz, wxr_options=None, folder=None):
    """Records of the file ``path``; when it was found in ``folder``, only if it lies there."""
    if folder is not None and (real := outside(path, folder)):
        yield Failure(str(path), f"symbolic link to {real}, outside the folder {folder}: not followed")
        return
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            yield from read_stream(
                fh, str(path), fmt=fmt, tz=tz, size=size, base_dir=path.parent, path=path, wxr_options=wxr_options
            )
    except OSError as exc:
        yield Failure(str(path), f"cannot read the file ({exc.strerror or exc})")


def read_stream(fh, origin, *, fmt, tz, size, base_dir, path=None, wxr_options=None):
    """Records of one input: detect the format, then parse (documents whole, JSON Lines and
    WXR lazily). ``path`` is the file's (None for standard input)."""
    head = fh.read(HEAD_BYTES)
    if not head.strip():
        yield Failure(origin, "empty file")
        return
    detected, reason = fmt if fmt != "auto" else None, None
    if detected is None:
        try:
            detected = sniff_format(head, origin)
        except ImportFailure as exc:
            reason = str(exc)
    if detected == "wxr":
        if path is not None:
            yield from wxr.parse_file(path, origin, tz=tz, options=wxr_options)
        else:
            stream = io.BufferedReader(_Prefixed(head, fh), buffer_size=1 << 16)
            yield from wxr.parse_stream(stream, origin, tz=tz, options=wxr_options)
        return
    if size is not None and size > MAX_DOCUMENT_BYTES and detected != "jsonl":
        yield Failure(origin, f"file is {size / 1e6:.1f} MB; a page may be at most {MAX_DOCUMENT_BYTES // 2**20} MB")
        return
    if reason:
        yield Failure(origin, reason)
        return
    if detected == "jsonl":
        stream = io.BufferedReader(_Prefixed(head, fh), buffer_size=1 << 16)
        yield from jsonl.parse_stream(stream, origin, base_dir=base_dir, tz=tz)
        return
    data = head + fh.read(MAX_DOCUMENT_BYTES + 1 - len(head))
    if len(data) > MAX_DOCUMENT_BYTES:
        yield Failure(origin, f"input is over {MAX_DOCUMENT_BYTES // 2**20} MB; a page may be at most that")
        return
    try:
        text, encoding = decode(data, html=detected == "html")
        parser = page_text if detected == "page-text" else html_format
        records = parser.parse(text, origin, tz=tz)
    except ImportFailure as exc:
        yield Failure(origin, str(exc))
        return
    if encoding.startswith("windows-") and detected == "page-text":
        # A guess, not a declaration: the operator hears which one was made.
        for record in records:
            if isinstance(record, ArticleRecord):
                record.notes.append(f"not UTF-8: read as {encoding}")
    yield from records
