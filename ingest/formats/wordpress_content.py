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
from urllib.parse import urlsplit

# wpautop's block-level elements (its $allblocks): no <p> is opened inside or around them.
_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section"
    r"|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->\n?", re.DOTALL)
_PRE = re.compile(r"<pre\b.*?</pre>", re.DOTALL | re.IGNORECASE)
_SHORTCODE_ATTRS = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_CAPTION = re.compile(r"\[(?:wp_)?caption\b([^\]]*)\](.*?)\[/(?:wp_)?caption\]", re.DOTALL | re.IGNORECASE)
_CAPTION_MEDIA = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE)
_EMBED = re.compile(r"\[embed\b[^\]]*\](.*?)\[/embed\]", re.DOTALL | re.IGNORECASE)
_MEDIA_SHORTCODE = re.compile(r"\[(audio|video)\b([^\]]*)\](?:(.*?)\[/\1\])?", re.DOTALL | re.IGNORECASE)
# Shortcodes whose output is built from the old site's database: nothing to keep.
_DROPPED_SHORTCODE = re.compile(r"\[(gallery|playlist)\b[^\]]*\](?:.*?\[/\1\])?", re.DOTALL | re.IGNORECASE)
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


class _Blocks:
    """Finished HTML blocks kept out of ``wpautop``'s way (WordPress runs its shortcodes
    after wpautop for the same reason): each stands in the text as an empty ``<div>``,
    which wpautop treats as a block of its own, and is put back afterwards."""

    def __init__(self):
        self.blocks = []

    def hold(self, block_html):
        if not block_html:
            return ""
        self.blocks.append(block_html)
        return f"\n\n<div wp-held-{len(self.blocks) - 1}></div>\n\n"

    def restore(self, text):
        return re.sub(r"<div wp-held-(\d+)></div>", lambda m: self.blocks[int(m.group(1))], text)


def _caption(match):
    attrs = shortcode_attributes(match.group(1))
    inner = match.group(2)
    found = _CAPTION_MEDIA.match(inner)
    media, text = (found.group(1), found.group(2)) if found else ("", inner)
    # WordPress before 3.4 kept the caption in the attribute; later in the content.
    text = text.strip() or html.escape(attrs.get("caption", ""), quote=False)
    caption = f"<figcaption>{text}</figcaption>" if text else ""
    return f"<figure>{media.strip()}{caption}</figure>"


def _media_shortcode(match):
    attrs = shortcode_attributes(match.group(2))
    url = attrs.get("src") or attrs.get("mp4") or attrs.get("mp3") or (match.group(3) or "").strip()
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
    text = _BLOCK_COMMENT.sub("", text)
    text = _CAPTION.sub(lambda m: held.hold(_caption(m)), text)
    text = _EMBED.sub(lambda m: held.hold(embed_html(m.group(1))), text)
    text = _MEDIA_SHORTCODE.sub(lambda m: held.hold(_media_shortcode(m)), text)
    text = _DROPPED_SHORTCODE.sub("", text)
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

    def keep_pre(match):
        pres.append(match.group(0))
        return f"<pre wp-pre-tag-{len(pres) - 1}></pre>"

    text = _PRE.sub(keep_pre, text + "\n")
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
    text = re.sub(rf"(</?{_BLOCKS}[^>]*>)\s*</p>", r"\1", text)
    if br:
        # A newline inside a paragraph is a line break, except right after a block tag.
        text = re.sub(
            r"<p>(.*?)</p>",
            lambda m: "<p>" + _line_breaks(m.group(1)) + "</p>",
            text,
            flags=re.DOTALL,
        )
        text = re.sub(rf"(</?{_BLOCKS}[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    for n, pre in enumerate(pres):
        text = text.replace(f"<pre wp-pre-tag-{n}></pre>", pre)
    return text
