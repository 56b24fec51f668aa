"""Embeds a body may carry: YouTube videos, X (Twitter) posts and Telegram posts.

One place knows which addresses are embeddable and what frame shows each one; the text
policy keeps an embed only when its address is one of these (``articles.text_policy``),
the admin form refuses any other with a message naming the host, the public page shows
it as a click-to-load frame (``public.body``) and the API as an ``embed`` block.

An address is read the way a browser reads it (``articles.addresses.url_host``): hosts are
compared exactly, so ``youtube.com.evil.example``, ``x.com@evil.example`` or
``evilyoutube.com`` are nobody's embed. Frames come from the providers' privacy-minded
addresses (youtube-nocookie, X's ``dnt``) and only once the reader asks for them.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from articles.addresses import url_host

# Exact hosts, as url_host() gives them (lower case, no trailing dot).
YOUTUBE_HOSTS = frozenset(
    {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com"}
)
YOUTU_BE = "youtu.be"
X_HOSTS = frozenset({"x.com", "www.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com", "mobile.x.com"})
TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "www.t.me", "www.telegram.me"})
PROVIDERS = {"youtube": "YouTube", "x": "X", "telegram": "Telegram"}
# Where the frames come from: the CSP's frame-src lists exactly these origins.
FRAME_ORIGINS = ("https://www.youtube-nocookie.com", "https://platform.twitter.com", "https://t.me")

# What no plain address holds and browsers read leniently (backslashes as slashes, tabs
# and newlines dropped): an embed's address must be plain, or it is refused.
_NOT_PLAIN = re.compile(r"[\\\s\x00-\x1f]")
_YOUTUBE_ID = re.compile(r"^[\w-]{6,20}$")
_X_STATUS = re.compile(r"^/(?:[A-Za-z0-9_]{1,15}|i/web)/status(?:es)?/(\d{1,20})/?$")
# Telegram public channel names: 5-32 letters, digits and underscores, starting with a letter.
_TELEGRAM_POST = re.compile(r"^/(?:s/)?([A-Za-z][A-Za-z0-9_]{4,31})/(\d{1,12})/?$")


@dataclass(frozen=True)
class Embed:
    """An embeddable post or video: ``provider`` (a key of PROVIDERS), the canonical
    ``url`` readers can open, and the ``frame`` address a page loads on request."""

    provider: str
    url: str
    frame: str

    @property
    def provider_name(self):
        return PROVIDERS[self.provider]


def youtube_id(url):
    """The video id of a YouTube address (watch, youtu.be, embed, shorts, live), or ""."""
    host = url_host(url)
    parts = urlsplit(url.strip())
    video_id = ""
    if host == YOUTU_BE:
        video_id = parts.path.strip("/")
    elif host in YOUTUBE_HOSTS:
        if parts.path == "/watch":
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif parts.path.startswith(("/embed/", "/shorts/", "/live/")):
            video_id = parts.path.split("/")[2]
    return video_id if _YOUTUBE_ID.match(video_id) else ""


def parse_embed(url):
    """The Embed for ``url`` (str), or None when it is not an https/http address of a
    YouTube video, an X post or a public Telegram post."""
    url = (url or "").strip()
    if _NOT_PLAIN.search(url) or urlsplit(url).scheme.lower() not in {"http", "https"}:
        return None
    host = url_host(url)
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return None
    if parts.username or parts.password or port not in (None, 443, 80):
        return None  # "https://x.com@evil.example/..." is evil.example's; odd ports are nobody's
    if video_id := youtube_id(url):
        return Embed(
            "youtube",
            f"https://www.youtube.com/watch?v={video_id}",
            f"https://www.youtube-nocookie.com/embed/{video_id}",
        )
    if host in X_HOSTS and (match := _X_STATUS.match(parts.path)):
        status = match.group(1)
        user = parts.path.split("/")[1]
        return Embed(
            "x",
            f"https://x.com/{user}/status/{status}",
            f"https://platform.twitter.com/embed/Tweet.html?id={status}&dnt=true",
        )
    if host in TELEGRAM_HOSTS and (match := _TELEGRAM_POST.match(parts.path)):
        channel, post = match.groups()
        return Embed("telegram", f"https://t.me/{channel}/{post}", f"https://t.me/{channel}/{post}?embed=1")
    return None


def refusal(url):
    """Why ``url`` cannot be embedded, for an editor: a sentence naming its host."""
    host = url_host(url or "") or "a relative address"
    return (
        f"“{url}” cannot be embedded: embeds come only from YouTube, X (Twitter) and Telegram "
        f"posts (this address is on {host}). Link to it instead."
    )
