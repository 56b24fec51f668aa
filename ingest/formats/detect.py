"""Which format a file is in, and which text encoding, decided from its bytes.

The name of a file is only a hint: a page saved as ``.txt`` may be HTML and an
export renamed ``.json`` is still JSON Lines. Text is decoded strictly: a file is
either read as what it really is or rejected with a reason, never imported as mojibake.
"""

import codecs
import re
import unicodedata

from articles.text_policy import has_control_characters
from ingest.formats import json_input
from ingest.records import ImportFailure

FORMATS = ("page-text", "html", "jsonl", "wxr")
# A page or HTML document is read whole; nothing real comes near this. JSON Lines
# files are streamed line by line and may be any size (only a line is capped).
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_LINE_BYTES = 20 * 1024 * 1024
HEAD_BYTES = 64 * 1024

_MAGIC = [
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF (WebP/WAV/AVI) file"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3", "an SQLite database"),
]
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# UTF-8 that was once decoded as Windows-1252 and saved again: "â€™", "Ã©", "Ø§Ù„".
_MOJIBAKE = re.compile(
    r"â€[™œ\u009d“”˜¦\u0093\u0094]|Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf]|[ØÙ][\u0080-\u00bf\u0152-\u2122]"
)
# A well-formed UTF-8 sequence of two to four bytes. Windows-1252 text almost never holds
# one ("Ã©" is one), so a file that has one and still fails to decode is damaged UTF-8.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_HTML_START = re.compile(rb"^\s*<(?:!doctype\s+html|html|head|body|meta|article|!--|title|div|p\b|main)", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


def split_bom(data):
    """(encoding named by the byte-order mark or None, bytes after the mark)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, data[len(bom) :]
    return None, data


def refuse_binary(head):
    """Raise when ``head`` (the first bytes, after any BOM) is not text."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise ImportFailure(f"binary file ({what}), not an article")
    if b"\x00" in head:
        raise ImportFailure("binary file (contains NUL bytes), not text")


def sniff_format(head, name=""):
    """'jsonl', 'wxr', 'html' or 'page-text' for a file starting with ``head`` (bytes)."""
    encoding, body = split_bom(head)
    # A WordPress export: RSS with WordPress's namespace, declared on the root element.
    if not encoding and b"<rss" in body and b"wordpress.org/export/" in body:
        return "wxr"
    if encoding and encoding != "utf-8":
        text = body.decode(encoding, errors="ignore")
    else:
        refuse_binary(body)
        text = body.decode("utf-8", errors="ignore")
    stripped = text.lstrip()
    if stripped.startswith("{"):
        first = stripped.split("\n", 1)[0].strip()
        try:
            if isinstance(json_input.loads(first), dict):
                return "jsonl"
        except ImportFailure:
            # A first line that is cut off by the head limit or malformed: still JSON Lines
            # when it looks like an object; the parser reports the bad line itself.
            if first.endswith("}") or len(first) >= len(stripped) - 1 or "\n{" in stripped:
                return "jsonl"
    if _HTML_START.match(stripped.encode()) or re.search(r"<html[\s>]|<body[\s>]|<!doctype html", text[:4096], re.I):
        return "html"
    lowered = name.lower()
    if lowered.endswith((".jsonl", ".ndjson")) and not stripped:
        return "jsonl"
    return "page-text"


def _guess_legacy(data):
    """Windows-1256 (Arabic) or Windows-1252 (Western) for bytes that are not UTF-8."""
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    arabic = data.decode("cp1256", errors="replace")
    high = [ch for ch in arabic if ord(ch) > 127]
    arabic_letters = sum(1 for ch in high if "\u0600" <= ch <= "\u06ff")
    # Arabic text in 1256 is runs of Arabic letters; Western text read as 1256 gives
    # scattered letters and symbols. 1256 keeps é, è, à... where 1252 has them.
    if high and arabic_letters / len(high) > 0.5:
        return arabic, "windows-1256"
    if western is not None:
        return western, "windows-1252"
    raise ImportFailure("unknown text encoding: not UTF-8, UTF-16, Windows-1252 or Windows-1256")


def decode(data, *, html=False):
    """Decode a whole document strictly; return (text, encoding name). NFC-normalised.

    Without a byte-order mark or a declared charset, a file that is not UTF-8 is read
    as Windows-1256 or -1252 (the caller tells the operator); a file that is UTF-8 but
    for some bytes is refused (ImportFailure), never read as mojibake.
    """
    encoding, body = split_bom(data)
    if encoding:
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ImportFailure(f"invalid {encoding.upper()} text after its byte-order mark ({exc.reason})") from None
    else:
        refuse_binary(body[:HEAD_BYTES])
        try:
            text, encoding = body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            declared = None
            if _UTF8_SEQUENCE.search(body):
                raise ImportFailure(
                    f"invalid UTF-8 at byte {exc.start} ({body[exc.start : exc.start + 4]!r}) in a file that is "
                    "otherwise UTF-8: a damaged or cut file, not another encoding"
                ) from None
            if html:
                match = _META_CHARSET.search(body[:4096])
                declared = match.group(1).decode("ascii", "ignore").lower() if match else None
            if declared and declared not in {"utf-8", "utf8"}:
                try:
                    text, encoding = body.decode(declared), declared
                except (LookupError, UnicodeDecodeError):
                    text, encoding = _guess_legacy(body)
            else:
                text, encoding = _guess_legacy(body)
    return check_text(text, encoding), encoding


def check_text(text, encoding="utf-8"):
    """Refuse control characters and double-encoded text; return ``text`` in NFC."""
    if has_control_characters(text, document=True):
        raise ImportFailure("binary file (contains control characters), not text")
    if len(_MOJIBAKE.findall(text)) >= 2:
        sample = _MOJIBAKE.search(text).group(0)
        raise ImportFailure(
            f"text is already mojibake (UTF-8 decoded as Windows-1252 somewhere upstream, e.g. {sample!r}); "
            "fix the file's encoding first"
        )
    return unicodedata.normalize("NFC", text)
