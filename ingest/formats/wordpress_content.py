"""WordPress post content as HTML: what WordPress itself does to ``post_content`` before
a reader sees it, for the parts a newsroom body keeps.

WordPress stores content as typed in its editors: paragraphs as blank lines (the classic
editor), shortcodes (``[caption]``, ``[embed]``, ``[gallery]``), block-editor comments
(``<!-- wp:paragraph -->``) and bare video URLs on their own line (auto-embeds). Readers
get it through ``the_content`` filters: ``do_blocks``, ``wpautop``, ``do_shortcode``,
``WP_Embed::autoembed``. ``to_html`` applies our equivalents in that order; the text
policy (``articles.text_policy.clean_body``, run when the article is saved) then
decides what survives.

``wpautop`` is a port of WordPress's ``wpautop()`` (wp-includes/formatting.php, GPL):
no maintained Python package provides it (PyPI has only unmaintained gists' ports and a
Rust crate), so the rules are written here, shortened to the blocks our policy keeps.
"""

import html
import re
import secrets
from urllib.parse import urlsplit

# wpautop's block-level elements (its $allblocks): no <p> is opened inside or around them.
_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section"
    r"|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
# Paired tags and shortcodes are found by the scanners below (_spans, _shortcodes), not by
# "opening.*?closing" patterns: a regex search runs to the end of the text from each
# opening that has no closing, so thousands of unclosed ones took time in the square of
# the text's size (1.8 s for 45 KB of "<!-- wp:").
_BLOCK_COMMENT_OPEN = re.compile(r"<!--\s*/?wp:")
_BLOCK_COMMENT_CLOSE = re.compile(r"-->\n?")
_PRE_OPEN = re.compile(r"<pre\b", re.IGNORECASE)
_PRE_CLOSE = re.compile(r"</pre>", re.IGNORECASE)
_PARAGRAPH_OPEN = re.compile(r"<p>")
_PARAGRAPH_CLOSE = re.compile(r"</p>")
# (?<!\w) and \w++: a name is tried once per word, not from each of its letters (a 50 KB
# word in a shortcode took 36 s).
_SHORTCODE_ATTRS = re.compile(r"""(?<!\w)(\w++)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_CAPTION_MEDIA = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE)
_CAPTION_OPEN = re.compile(r"\[((?:wp_)?caption)\b", re.IGNORECASE)
_EMBED_OPEN = re.compile(r"\[(embed)\b", re.IGNORECASE)
_MEDIA_OPEN = re.compile(r"\[(audio|video)\b", re.IGNORECASE)
# Shortcodes whose output is built from the old site's database: nothing to keep.
_DROPPED_OPEN = re.compile(r"\[(gallery|playlist)\b", re.IGNORECASE)
# The closing tag of each shortcode (either caption name closes either).
_SHORTCODE_CLOSE = {
    name: re.compile(rf"\[/{closing}\]", re.IGNORECASE)
    for name, closing in {
        "caption": "(?:wp_)?caption",
        "wp_caption": "(?:wp_)?caption",
        "embed": "embed",
        "audio": "audio",
        "video": "video",
        "gallery": "gallery",
        "playlist": "playlist",
    }.items()
}
# WP_Embed::autoembed: a URL alone on its line (or in a paragraph of its own).
_BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.MULTILINE)
_BARE_URL_PARAGRAPH = re.compile(r"<p>\s*(https?://[^\s<>\"']+)\s*</p>", re.IGNORECASE)

# Hosts whose URLs WordPress turns into players or cards (its oEmbed providers that
# newsrooms use). Tweets become our embedded-tweet blockquote; the rest become links.
TWEET_HOSTS = {"twitter.com", "www.twitter.com", "mobile.twitter.com", "x.com", "www.x.com"}
VIDEO_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtu.be",
    "vimeo.com",
    "www.vimeo.com",
    "player.vimeo.com",
    "wordpress.tv",
    "videopress.com",
    "dailymotion.com",
    "www.dailymotion.com",
}
EMBED_HOSTS = TWEET_HOSTS | VIDEO_HOSTS | {"www.facebook.com", "www.instagram.com", "soundcloud.com", "www.tiktok.com"}


def shortcode_attributes(text):
    """``key="value" key2='v' key3=v`` -> {key: value}, as WordPress's shortcode_parse_atts."""
    found = _SHORTCODE_ATTRS.finditer(text)
    return {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) for m in found}


def is_video_url(url):
    """True for an address of a video host (YouTube, Vimeo, ...): the video format's ``video_url``."""
    return (urlsplit(url).hostname or "").lower() in VIDEO_HOSTS


def embed_html(url):
    """Our markup for an embedded address: a tweet as the embedded-tweet blockquote the
    article page styles, anything else as a link in a paragraph of its own."""
    url = html.unescape(url.strip())
    href = html.escape(url, quote=True)
    if (urlsplit(url).hostname or "").lower() in TWEET_HOSTS:
        return f'<blockquote class="twitter-tweet"><p><a href="{href}">{href}</a></p></blockquote>'
    return f'<p><a href="{href}">{href}</a></p>'


def _spans(text, opening, closing, replace):
    """``text`` with each span from ``opening`` to the first ``closing`` after it (compiled
    patterns) replaced by ``replace(span)``: ``re.sub`` of "opening.*?closing" (DOTALL), in
    time linear in ``text``. When no closing follows one opening, none follows a later one:
    the scan stops there instead of searching to the end again from each."""
    out, done = [], 0
    while (opened := opening.search(text, done)) and (closed := closing.search(text, opened.end())):
        out += [text[done : opened.start()], replace(text[opened.start() : closed.end()])]
        done = closed.end()
    return "".join(out) + text[done:]


def _shortcodes(text, opening, replace, *, closed_only):
    """``text`` with each shortcode that ``opening`` finds ("[name", the name its group 1)
    replaced by ``replace(attributes, content)``: the ``re.sub`` of
    "\\[name\\b([^\\]]*)\\](?:(.*?)\\[/name\\])?" (content None when unclosed), or with the
    closing tag required (``closed_only``), in time linear in ``text``: once a "]" or a
    closing tag is missing after one opening it is missing after every later one, so it
    is looked for once, not from each opening."""
    out, done, pos = [], 0, 0
    unclosed = set()  # names whose closing tag no longer occurs after the scan's position
    while opened := opening.search(text, pos):
        bracket = text.find("]", opened.end())
        if bracket == -1:
            break
        name = opened.group(1).lower()
        closed = None if name in unclosed else _SHORTCODE_CLOSE[name].search(text, bracket + 1)
        if closed is None:
            unclosed.add(name)
            if closed_only:
                pos = opened.end()
                continue
        end = closed.end() if closed else bracket + 1
        content = text[bracket + 1 : closed.start()] if closed else None
        out += [text[done : opened.start()], replace(text[opened.end() : bracket], content)]
        done = pos = end
    return "".join(out) + text[done:]


def _block_tag_then(text, after):
    """``re.sub(rf"(</?{_BLOCKS}[^>]*>)" + after, r"\\1", text)`` (``after`` a pattern's
    text), in time linear in ``text``. That pattern tried each "<div" of a long unclosed
    tag up to its ">", all in vain if the one ">" is not followed by ``after``; here every
    tag is taken, ``after`` or not, so the search goes on after its ">". Past the last
    ">" no tag ends (nor ``after``, which ends with one): that part is not searched."""
    cut = text.rfind(">") + 1
    return re.sub(rf"(</?{_BLOCKS}[^>]*>)(?:{after})?", lambda m: m.group(1), text[:cut]) + text[cut:]


class _Blocks:
    """Finished HTML blocks kept out of ``wpautop``'s way (WordPress runs its shortcodes
    after wpautop for the same reason): each stands in the text as an empty ``<div>``,
    which wpautop treats as a block of its own, and is put back afterwards. The stand-ins
    carry a random token: a post that writes one ("<div wp-held-9></div>") is only text."""

    def __init__(self):
        self.blocks = []
        self.token = secrets.token_hex(8)

    def hold(self, block_html):
        if not block_html:
            return ""
        self.blocks.append(block_html)
        return f"\n\n<div wp-held-{self.token}-{len(self.blocks) - 1}></div>\n\n"

    def restore(self, text):
        return re.sub(rf"<div wp-held-{self.token}-(\d+)></div>", lambda m: self.blocks[int(m.group(1))], text)


def _caption(attributes, inner):
    attrs = shortcode_attributes(attributes)
    found = _CAPTION_MEDIA.match(inner)
    media, text = (found.group(1), found.group(2)) if found else ("", inner)
    # WordPress before 3.4 kept the caption in the attribute; later in the content.
    text = text.strip() or html.escape(attrs.get("caption", ""), quote=False)
    caption = f"<figcaption>{text}</figcaption>" if text else ""
    return f"<figure>{media.strip()}{caption}</figure>"


def _media_shortcode(attributes, inner):
    attrs = shortcode_attributes(attributes)
    url = attrs.get("src") or attrs.get("mp4") or attrs.get("mp3") or (inner or "").strip()
    return embed_html(url) if url.startswith(("http://", "https://")) else ""


def _bare_url(match):
    url = match.group(1)
    if (urlsplit(html.unescape(url)).hostname or "").lower() in EMBED_HOSTS:
        return embed_html(url)
    return match.group(0)


def to_html(content):
    """``post_content`` of a WordPress post (str) -> body HTML, before the text policy.

    Block comments go; ``[caption]`` becomes a figure with its caption; ``[embed]`` and
    auto-embedded URLs become tweets or links (``embed_html``); ``[audio]``/``[video]``
    become links; ``[gallery]``/``[playlist]`` go; blank lines become paragraphs
    (``wpautop``). Unknown shortcodes are left as text, as WordPress leaves them.
    """
    if not content or not content.strip():
        return ""
    held = _Blocks()
    text = content.replace("\r\n", "\n").replace("\r", "\n")
    text = _spans(text, _BLOCK_COMMENT_OPEN, _BLOCK_COMMENT_CLOSE, lambda span: "")
    text = _shortcodes(text, _CAPTION_OPEN, lambda a, c: held.hold(_caption(a, c)), closed_only=True)
    text = _shortcodes(text, _EMBED_OPEN, lambda a, c: held.hold(embed_html(c)), closed_only=True)
    text = _shortcodes(text, _MEDIA_OPEN, lambda a, c: held.hold(_media_shortcode(a, c)), closed_only=False)
    text = _shortcodes(text, _DROPPED_OPEN, lambda a, c: "", closed_only=False)
    text = _BARE_URL_LINE.sub(lambda m: held.hold(_bare_url(m)) if _bare_url(m) != m.group(0) else m.group(0), text)
    text = wpautop(text)
    return held.restore(_BARE_URL_PARAGRAPH.sub(_bare_url, text)).strip()


def _line_breaks(text):
    # wpautop's "(?<!<br />)\s*\n" -> "<br />\n", without a regex that tries every position.
    lines = [line.rstrip() for line in text.split("\n")]
    out = [lines[0]]
    for line in lines[1:]:
        out.append("\n" if out[-1].endswith("<br />") else "<br />\n")
        out.append(line)
    return "".join(out)


def wpautop(text, br=True):
    """WordPress's ``wpautop``: double line breaks become paragraphs, single ones ``<br>``
    (``br``); block-level elements are never wrapped in ``<p>``; ``<pre>`` is left as is."""
    if not text.strip():
        return ""
    pres = []

    def keep_pre(span):
        pres.append(span)
        return f"<pre wp-pre-tag-{len(pres) - 1}></pre>"

    text = _spans(text + "\n", _PRE_OPEN, _PRE_CLOSE, keep_pre)
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    # Space block tags out so that each starts and ends a paragraph boundary.
    text = re.sub(rf"(<{_BLOCKS}[\s/>])", r"\n\n\1", text)
    text = re.sub(rf"(</{_BLOCKS}>)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    text = "".join(f"<p>{p.strip()}</p>\n" for p in paragraphs)
    # Undo the paragraphs opened around blocks, as wpautop's clean-up rules do.
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]++)</(div|address|form)>", r"<p>\1</p></\2>", text)  # possessive: no backtracking
    text = re.sub(rf"<p>\s*(</?{_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.IGNORECASE)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(rf"<p>\s*(</?{_BLOCKS}[^>]*>)", r"\1", text)
    text = _block_tag_then(text, r"\s*</p>")
    if br:
        # A newline inside a paragraph is a line break, except right after a block tag.
        text = _spans(text, _PARAGRAPH_OPEN, _PARAGRAPH_CLOSE, lambda p: "<p>" + _line_breaks(p[3:-4]) + "</p>")
        text = _block_tag_then(text, r"\s*<br />")
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    for n, pre in enumerate(pres):
        text = text.replace(f"<pre wp-pre-tag-{n}></pre>", pre)
    return text
