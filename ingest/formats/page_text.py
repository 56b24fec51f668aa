"""Text renderings of article pages of the Al Mayadeen family (see demo/data/).

A page is navigation, a breaking ticker, then the article (headline, byline block,
standfirst, hero caption, body, tags), then more chrome (Most Read, Coverage, Read
Next, footer). The site renders the byline block in a few orders, so the header is
read as a set of recognisable lines rather than by position.
"""

import html
import re
import unicodedata
from datetime import datetime

from ingest.records import ArticleRecord, BreakingRecord, ImportFailure, LinkRecord
from ingest.times import instant

FALLBACK_SECTION = "news/politics"
BULLET = re.compile(r"^(\s*)[•·▪●◦]\s+(.*)$")
_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATE_DMY = re.compile(rf"^(\d{{1,2}})\s+({_MONTHS})\s+(\d{{4}})(?:,?\s+(\d{{1,2}}):(\d{{2}}))?$", re.I)
DATE_MDY = re.compile(rf"^({_MONTHS})\s+(\d{{1,2}}),?\s+(\d{{4}})(?:,?\s+(\d{{1,2}}):(\d{{2}}))?$", re.I)
UPDATED = re.compile(r"^(?:Updated|Last update[d]?)\s*:?\s*(.+)$", re.I)
BYLINE = re.compile(r"^By\s+(.+)$")
SOURCE = re.compile(r"^Source\s*:\s*(.+)$", re.I)
MIN_READ = re.compile(r"^\d+\s+Min(?:ute)?s?\s+Read$", re.I)
READ_MORE = re.compile(r"^Read (?:more|also)\s*:\s*(.+)$", re.I)
# Patterns run on every line of a page of up to 10 MB, so none may backtrack more than a
# bounded way: no two unbounded repeats that can match the same text next to each
# other (r"\s*:?\s*", r".+?X.*\d$"), which costs the square of a line's length.
# tests/ingest/test_import_hostile_input.py times each format on 10 MB lines.
# "— Vladimir Putin (@KremlinRussia_E) September 13, 2021": a handle, then a year at the end.
TWEET_DASH = re.compile(r"[—–]{1,2}\s*")
TWEET_HANDLE = re.compile(r"\(@\w{1,15}\)")
TWEET_YEAR = re.compile(r"\d{4}")
URL_LINE = re.compile(r"^(?:(?:URL|Link|Source URL|Canonical)\s*)?(?::\s*)?(https?://\S+)$", re.I)
CREDIT = re.compile(r"^(.*\S)\s*\(([^()]{2,80})\)$")
# Lines that are page furniture wherever they appear.
CHROME = {"listen", "slogan", "x", "share", "facebook", "telegram", "whatsapp", "copy link", "print", "live", "• live"}
# The share links the hero figure follows ("• x" on the seed page).
SHARE = {"x", "share", "facebook", "telegram", "whatsapp", "copy link", "print"}
# Characters that print nothing but are not whitespace to str.strip(): a caption cell the
# site leaves empty is rendered as one of them (a zero-width space on the 2024 layout).
BLANKS = {"\u115f", "\u1160", "\u2800", "\u3164", "\uffa0", "\u034f"}
# Words no personal name is made of: a line holding one is a sentence or a label.
NOT_NAME_WORDS = {
    "a", "an", "and", "are", "as", "at", "by", "for", "from", "has", "have", "how", "in", "into", "is", "it",
    "its", "new", "not", "of", "on", "or", "over", "read", "says", "the", "to", "was", "what", "when",
    "who", "why", "will", "with",
}  # fmt: skip
NAME_PARTICLES = {"al", "el", "bin", "ibn", "de", "van", "von", "da", "la", "le", "abu", "del", "bint", "ben"}
# Where the article ends and the rest of the page begins.
END_MARKERS = {"most read", "coverage", "read next", "all rights reserved", "in five", "more from"}
SECTION_NAMES = {
    name.lower(): name
    for name in [
        "Politics",
        "Economy",
        "Sports",
        "Arts&Culture",
        "Arts and Culture",
        "Health",
        "Miscellaneous",
        "Technology",
        "Environment",
        "Opinion",
        "Analysis",
        "Blog",
        "Features",
        "NewsFeed",
        "Video Features",
        "Explainers",
        "TV",
        "Digital Series",
        "Infographs",
        "In Pictures",
    ]
}
MENU = (
    {
        "al mayadeen english",
        "al mayadeen",
        "ar",
        "es",
        "news",
        "articles",
        "videos",
        "africa",
        "asia",
        "asia-pacific",
        "europe",
        "latin america",
        "mena",
        "palestine",
        "us & canada",
        "west asia",
    }
    | set(SECTION_NAMES)
    | CHROME
)


class Line:
    __slots__ = ("indent", "bullet", "text", "n", "_key", "_key_of")

    def __init__(self, raw, n):
        match = BULLET.match(raw)
        self.bullet = bool(match)
        self.indent = len(raw) - len(raw.lstrip())
        self.text = (match.group(2) if match else raw).strip()
        if not any(_prints(ch) for ch in self.text):
            self.text = ""  # a line that prints nothing is a blank line, whatever fills it
        self.n = n
        self._key = self._key_of = None

    @property
    def key(self):
        # Once per text: every line's key is looked up in several sets, and a line may be megabytes.
        if self._key_of is not self.text:
            self._key, self._key_of = self.text.lower().strip("• ").strip(), self.text
        return self._key

    def __repr__(self):
        return f"<{self.n}{'•' if self.bullet else ''} {self.text[:40]!r}>"


def _prints(ch):
    """Whether ``ch`` shows on the page: not whitespace, not a format character (Cf: zero-width
    spaces and joiners, direction marks, soft hyphen), not a blank letter (BLANKS)."""
    return not ch.isspace() and ch not in BLANKS and unicodedata.category(ch) != "Cf"


def parse_date(text, tz):
    """A page date ("14 Sep 2021 09:39", "Sep 14, 2021") in ``tz``; None if it is not a date line;
    ImportFailure if it looks like a date but is not a real one."""
    text = text.strip()
    match = DATE_DMY.match(text)
    if match:
        day, month, year, hour, minute = match.groups()
    else:
        match = DATE_MDY.match(text)
        if not match:
            return None
        month, day, year, hour, minute = match.groups()
    try:
        month_no = datetime.strptime(month[:3].title(), "%b").month
        value = datetime(int(year), month_no, int(day), int(hour or 0), int(minute or 0))
    except ValueError:
        raise ImportFailure(f"unparseable date {text!r}") from None
    return instant(value, tz, "date")


def _is_meta(text):
    return bool(BYLINE.match(text) or SOURCE.match(text) or MIN_READ.match(text) or DATE_DMY.match(text))


def _names_alone(text):
    """The writers of a byline printed without "By" (opinion pages: "Ali Hassan Rizk",
    "Leila Haddad and Omar Khalil"), or [] when ``text`` is not such a line.

    Each name is two to five capitalised words (or particles such as "al", "bin"); a line
    with a digit, sentence punctuation, a word no name is made of ("the", "of", "says"), or
    that is a section or menu label ("Digital Series", "Al Mayadeen English") is not a byline.
    """
    if len(text) > 80 or re.search(r"[\d:;!?\"“”«»()\[\]|/]", text) or text[-1] in ".,'’":
        return []
    names = _split_authors(text)
    for name in names:
        words = name.split()
        if not 2 <= len(words) <= 5 or name.lower() in MENU:
            return []
        for word in words:
            bare = word.lower().split("-")[0]
            if bare in NOT_NAME_WORDS or not (word[0].isupper() or bare in NAME_PARTICLES):
                return []
    return names if text.lower() not in MENU else []


def _headline_like(text):
    """A short one-sentence line without a closing full stop (a related headline, a sub-heading)."""
    return len(text) <= 220 and 0 < len(text.split()) <= 25 and not text.endswith(".") and ". " not in text


def _subheading_like(text):
    return (
        len(text) <= 100
        and 0 < len(text.split()) <= 12
        and text[-1] not in ".!?…:;,\"”’'»)"
        and (text[0].isupper() or text[0].isdigit())
    )


def _split_pieces(line):
    """The one-line header ("By X / Source: Y / 24 Mar 2025 23:48 / 3 Min Read / ...") as lines."""
    if " / " in line.text and BYLINE.match(line.text):
        return [Line(piece, line.n) for piece in line.text.split(" / ")]
    return [line]


def _split_authors(text):
    # Whitespace squashed first: the split pattern starts with a repeat of it.
    parts = re.split(r" ?, ?| and | & ", " ".join(text.split()))
    return [p.strip() for p in parts if p.strip()]


def _tweet_attribution(text):
    """The attribution line under a quoted tweet (dash, name, "(@handle)", date ending
    in a year), or None. In code, not one pattern: a lazy repeat before the handle and a
    greedy one after it cost the square of the line's length on a line of handles."""
    dash = TWEET_DASH.match(text)
    if not dash:
        return None
    rest = text[dash.end() :]
    handle = TWEET_HANDLE.search(rest, 1)
    if handle is None or len(rest) - 4 < handle.end() or not TWEET_YEAR.fullmatch(rest, len(rest) - 4):
        return None
    return rest


def parse(text, origin, *, tz):
    """Parse one page; return a list of records: the article, then its breaking-ticker items.

    Raises ImportFailure when the page holds no article or misses what an article needs.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [Line(raw.rstrip(), n) for n, raw in enumerate(text.split("\n"), start=1)]
    url = ""
    for line in lines:
        match = URL_LINE.match(line.text)
        if match and not line.bullet:
            url = match.group(1)
            line.text = ""
    pos, ticker = _skip_navigation(lines)
    records = []
    for position, line in enumerate(ticker):
        item_text, attribution = line.text, ""
        match = re.match(r"^(.*\S):\s+((?:Al Mayadeen['’]s\s+)?correspondents?)$", item_text)
        if match:
            item_text, attribution = match.groups()
        records.append(
            BreakingRecord(
                origin=f"{origin}:{line.n}",
                text=item_text,
                attribution=attribution,
                position=position,
            )
        )
    article = _parse_article(lines, pos, origin, tz)
    article.url = url
    return [article, *records]


def _skip_navigation(lines):
    """Index of the first article line, and the breaking-ticker lines."""
    ticker = []
    start = 0
    # next_text[j]: the first line after j with text (None at the end), found in one
    # backward pass rather than by a scan per ticker line.
    next_text, following = [None] * len(lines), None
    for j in range(len(lines) - 1, -1, -1):
        next_text[j] = following
        if lines[j].text:
            following = lines[j]
    for i, line in enumerate(lines):
        if line.text == "BREAKING" and not line.bullet:
            j = i + 1
            while j < len(lines) and lines[j].text:
                nxt = next_text[j]
                if nxt is not None and _is_meta(nxt.text) and lines[j + 1].text != "":
                    break  # no blank line after the ticker: this line is the headline
                ticker.append(lines[j])
                j += 1
            return j, ticker
    # No ticker: skip the menus from the top.
    for i, line in enumerate(lines):
        if line.text and not line.bullet and line.key not in MENU:
            start = i
            break
    else:
        start = len(lines)
    return start, ticker


def _parse_article(lines, pos, origin, tz):
    content = [ln for ln in lines[pos:] if ln.text]
    # Anything before the first end marker is the article.
    for k, line in enumerate(content):
        if not line.bullet and line.key in END_MARKERS:
            content = content[:k]
            break
    while content and (content[-1].key in MENU and content[-1].bullet is False):
        content.pop()
    if not content or all(ln.bullet or ln.key in MENU for ln in content):
        raise ImportFailure("no article in this page (only navigation and the breaking ticker; truncated download?)")
    record = ArticleRecord(origin=origin, fallback_section=FALLBACK_SECTION)
    i = 0
    # A breadcrumb line ("Politics", "News › Politics") before the headline.
    first = content[0]
    crumbs = [c.strip() for c in re.split(r" ?[›>/] ?", " ".join(first.text.split()))]
    if not first.bullet and crumbs[-1].lower() in SECTION_NAMES and len(content) > 1 and not _is_meta(content[1].text):
        record.section = SECTION_NAMES[crumbs[-1].lower()]
        i = 1
    # Older pages: the date before the headline.
    if i < len(content) and parse_date(content[i].text, tz):
        record.published_at = parse_date(content[i].text, tz)
        i += 1
    if i >= len(content) or content[i].bullet or _is_meta(content[i].text) or content[i].key in MENU:
        raise ImportFailure("missing headline: the page has a byline block but no headline before it")
    record.headline = content[i].text
    i = _parse_header(content, i + 1, record, tz)
    if not record.published_at:
        raise ImportFailure("no publication date in the byline block (expected e.g. '14 Sep 2021 09:39')")
    _parse_body(content[i:], record)
    if not record.body_html:
        raise ImportFailure("no article body (the page stops after the header; truncated download?)")
    return record


def _parse_header(content, i, record, tz):
    """Read the byline block, standfirst and hero caption; return the index where the body starts.

    The layouts differ in order: the standfirst may come before or after the byline block,
    the writer's name may stand alone without "By" next to the block (opinion pages), the
    hero figure (after the share links) may have a caption, a blank one, or only its
    caption when the dump lost the image.
    """
    seen_meta = False
    headline_at = i - 1
    base_indent = content[headline_at].indent  # a caption is indented deeper than the headline
    while i < len(content):
        line = content[i]
        pieces = _split_pieces(line)
        if len(pieces) > 1:
            content[i : i + 1] = pieces
            line = pieces[0]
        text = line.text
        previous = content[i - 1]
        after_share = previous.bullet and previous.key in SHARE
        if (m := BYLINE.match(text)) and not record.authors:
            record.authors = _split_authors(m.group(1))
            seen_meta = True
        elif (m := SOURCE.match(text)) and not record.source:
            record.source = m.group(1).strip()
            seen_meta = True
        elif (m := UPDATED.match(text)) and parse_date(m.group(1), tz):
            record.revised_at = parse_date(m.group(1), tz)
        elif parse_date(text, tz):
            record.published_at = record.published_at or parse_date(text, tz)
            seen_meta = True
        elif MIN_READ.match(text) or line.key in CHROME:
            pass
        elif line.bullet and i + 1 < len(content) and content[i + 1].indent > line.indent and not content[i + 1].bullet:
            # The hero figure: "• alt text" then the indented caption.
            _set_caption(record, content[i + 1].text)
            i += 1
        elif line.bullet and after_share and seen_meta:
            pass  # the hero figure's alt text, its caption left blank or missing
        elif not line.bullet and line.indent > base_indent and seen_meta and not record.hero_caption:
            _set_caption(record, text)  # a caption whose figure the dump lost (no image)
        elif after_share and seen_meta and not record.hero_caption and CREDIT.match(text):
            _set_caption(record, text)  # the same, not indented: "… (Social media)"
        elif line.key in SECTION_NAMES and _writers_place(content, i, headline_at):
            # A section label where a byline without "By" could stand: never the writer.
            record.section = record.section or SECTION_NAMES[line.key]
        elif not record.authors and _writers_place(content, i, headline_at) and (names := _names_alone(text)):
            record.authors = names  # opinion pages: the writer's name alone, without "By"
            seen_meta = True
        elif not record.standfirst and seen_meta and not line.bullet:
            if (
                CREDIT.match(text)
                and not record.hero_caption
                and i + 1 < len(content)
                and _is_meta(content[i + 1].text)
            ):
                _set_caption(record, text)  # older pages: the caption before the byline
            else:
                record.standfirst = text
        elif not record.hero_caption and CREDIT.match(text) and not line.bullet and not record.standfirst:
            _set_caption(record, text)
        elif not record.standfirst and not seen_meta and not line.bullet and _byline_block_follows(content, i):
            record.standfirst = text  # the standfirst printed before the byline block
        else:
            break
        i += 1
    return i


def _is_meta_line(line):
    return _is_meta(line.text) or bool(UPDATED.match(line.text))


def _writers_place(content, i, headline_at):
    """Whether the line at ``i`` stands where a byline without "By" is printed: right under
    the headline, or touching the byline block (the line before or after is one of its
    lines). A name alone anywhere else is not a byline."""
    if i == headline_at + 1 or _is_meta_line(content[i - 1]):
        return True
    return i + 1 < len(content) and _is_meta_line(content[i + 1])


def _byline_block_follows(content, i):
    """Whether the byline block starts right after line ``i``, or after one line that is a
    writer's name alone or a section label."""
    after = content[i + 1 : i + 3]
    if after and _is_meta_line(after[0]):
        return True
    between = after[0] if after else None
    return (
        len(after) == 2
        and (between.key in SECTION_NAMES or bool(_names_alone(between.text)))
        and _is_meta_line(after[1])
    )


def _set_caption(record, text):
    match = CREDIT.match(text)
    if match:
        record.hero_caption, record.hero_credit = match.group(1), match.group(2)
    else:
        record.hero_caption = text


def _parse_body(content, record):
    # The run of bullets closing the article is its tags.
    end = len(content)
    while end > 0 and content[end - 1].bullet:
        end -= 1
    record.tags = [ln.text for ln in content[end:] if ln.key not in CHROME]
    blocks = []
    related_mode = 0
    i = 0
    body = content[:end]
    while i < len(body):
        line = body[i]
        text = line.text
        if line.key in CHROME:
            i += 1
            continue
        if line.bullet:
            if i + 1 < len(body) and body[i + 1].indent > line.indent and not body[i + 1].bullet:
                i += 2  # an inline figure; its image is not in the text, so it is left out
                continue
            items = []
            while i < len(body) and body[i].bullet:
                if body[i].key not in CHROME:
                    items.append(f"<li>{html.escape(body[i].text, quote=False)}</li>")
                i += 1
            if items:
                blocks.append("<ul>" + "".join(items) + "</ul>")
            related_mode = 0
            continue
        if line.key == "related news":
            related_mode = 6
            i += 1
            continue
        if related_mode and _headline_like(text):
            record.related.append(LinkRecord(headline=text))
            related_mode -= 1
            i += 1
            continue
        related_mode = 0
        if m := READ_MORE.match(text):
            record.related.append(LinkRecord(headline=m.group(1).strip()))
        elif blocks and blocks[-1].startswith("<p>") and _tweet_attribution(text):
            quoted = blocks.pop()
            attribution = html.escape(text, quote=False)
            blocks.append(f'<blockquote class="twitter-tweet">{quoted}<p>{attribution}</p></blockquote>')
        elif _subheading_like(text) and i + 1 < len(body) and not body[i + 1].bullet:
            blocks.append(f"<h3>{html.escape(text, quote=False)}</h3>")
        else:
            blocks.append(f"<p>{html.escape(text, quote=False)}</p>")
        i += 1
    record.body_html = "\n".join(blocks)
